import Foundation
import Yams

/// The known section headings (by category) and header field names, read from
/// `Rules/sections.yml` and extendable by configuration.
public struct StructureLexicon: Sendable {
    /// Category → normalised names. A name ending in `*` is a prefix.
    public private(set) var sections: [String: [String]]
    public private(set) var metadataFields: [String]

    public init(sections: [String: [String]] = [:], metadataFields: [String] = []) {
        self.sections = [:]
        self.metadataFields = []
        for (category, names) in sections { add(names, to: category) }
        addMetadataFields(metadataFields)
    }

    /// The lexicon shipped in `Rules/sections.yml`, or an empty one when no rules folder is found.
    public static let builtin: StructureLexicon = {
        guard let dir = RulesLocation.defaultDirectory(),
              let lexicon = try? StructureLexicon.load(path: dir + "/sections.yml") else {
            return StructureLexicon()
        }
        return lexicon
    }()

    public static func load(path: String) throws -> StructureLexicon {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return try parse(yaml: text, path: path)
    }

    public static func parse(yaml: String, path: String) throws -> StructureLexicon {
        guard let root = try Yams.load(yaml: yaml) as? [String: Any] else {
            throw ParseError(path: path, message: "expected a mapping with `sections` and `metadata_fields`")
        }
        for key in root.keys where key != "sections" && key != "metadata_fields" {
            throw ParseError(path: path, message: "unknown key `\(key)`")
        }
        var sections: [String: [String]] = [:]
        if let raw = root["sections"] {
            guard let map = raw as? [String: Any] else {
                throw ParseError(path: path, message: "`sections` must map a category to a list of headings")
            }
            for (category, value) in map {
                guard let names = value as? [String] else {
                    throw ParseError(path: path, message: "`sections.\(category)` must be a list of headings")
                }
                sections[category] = names
            }
        }
        var fields: [String] = []
        if let raw = root["metadata_fields"] {
            guard let list = raw as? [String] else {
                throw ParseError(path: path, message: "`metadata_fields` must be a list of field names")
            }
            fields = list
        }
        return StructureLexicon(sections: sections, metadataFields: fields)
    }

    public mutating func add(_ names: [String], to category: String) {
        sections[category, default: []].append(contentsOf: names.map(Self.normalise))
    }

    public mutating func addMetadataFields(_ names: [String]) {
        metadataFields.append(contentsOf: names.map(Self.normalise))
    }

    /// The categories whose names match a heading's text ("3.2 Jämställdhet:" → ["gender"]).
    public func categories(ofHeading text: String) -> [String] {
        let key = Self.normalise(text)
        guard !key.isEmpty else { return [] }
        return sections.keys.sorted().filter { category in
            sections[category]!.contains { Self.matches(name: $0, key: key) }
        }
    }

    public func isKnownSection(_ text: String) -> Bool { !categories(ofHeading: text).isEmpty }

    public func isMetadataField(_ label: String) -> Bool {
        let key = Self.normalise(label)
        return metadataFields.contains(key)
    }

    static func matches(name: String, key: String) -> Bool {
        if name.hasSuffix("*") { return key.hasPrefix(name.dropLast()) }
        return key == name
    }

    /// Lower-cased NFC text without soft hyphens, leading numbering ("3.2", "3.", "A.") and
    /// trailing colons, with runs of white space folded to one space.
    public static func normalise(_ text: String) -> String {
        var s = text.precomposedStringWithCanonicalMapping.lowercased()
        s.unicodeScalars.removeAll { $0.value == 0xAD }
        var words = s.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\u{A0}" || $0 == "\r" })
        if let first = words.first, first.allSatisfy({ $0.isNumber || $0 == "." || $0 == ")" }),
           first.contains(where: { $0.isNumber }) {
            words.removeFirst()
        }
        var joined = words.joined(separator: " ")
        while let last = joined.last, last == ":" || last == "." || last == " " { joined.removeLast() }
        return joined
    }
}
