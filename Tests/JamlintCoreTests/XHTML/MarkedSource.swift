@testable import JamlintCore

/// Test input with numbered position markers (`⟨1⟩`, `⟨2⟩`, …) that are removed from the text;
/// each marker remembers the byte offset where it stood.
struct MarkedSource {
    let file: SourceFile
    private let offsets: [Int: Int]

    init(_ marked: String, path: String = "memo.xhtml", prefix: [UInt8] = []) {
        var bytes = prefix
        var offsets: [Int: Int] = [:]
        let scalars = Array(marked.unicodeScalars)
        var i = 0
        while i < scalars.count {
            if scalars[i] == "⟨", let close = scalars[i...].firstIndex(of: "⟩"),
                let number = Int(String(String.UnicodeScalarView(scalars[(i + 1)..<close])))
            {
                offsets[number] = bytes.count
                i = close + 1
                continue
            }
            bytes.append(contentsOf: String(scalars[i]).utf8)
            i += 1
        }
        self.file = SourceFile(path: path, bytes: bytes)
        self.offsets = offsets
    }

    func offset(_ marker: Int) -> Int { offsets[marker] ?? -1 }

    /// "line:column" of a marker.
    func at(_ marker: Int) -> String {
        let location = file.location(ofByte: offset(marker))
        return "\(location.line):\(location.column)"
    }

    func parse(_ mode: XMLDocumentParser.Mode) throws -> Document {
        try XMLDocumentParser(mode: mode).parse(file)
    }
}

extension Document {
    /// "line:column" of the first scalar of `needle` in `block`'s text, or "missing".
    func at(_ needle: String, in block: Int, occurrence: Int = 0) -> String {
        guard blocks.indices.contains(block), let index = blocks[block].text.index(of: needle, occurrence: occurrence) else {
            return "missing"
        }
        let location = self.location(block: block, scalar: index)
        return "\(location.line):\(location.column)"
    }

    /// The source bytes behind `needle` in `block`'s text.
    func sourceText(of needle: String, in block: Int) -> String {
        guard blocks.indices.contains(block), let index = blocks[block].text.index(of: needle) else { return "missing" }
        let count = needle.unicodeScalars.count
        let range = blocks[block].text.sourceRange(index..<(index + count))
        return String(decoding: source.bytes[range], as: UTF8.self)
    }
}

extension BlockText {
    func index(of needle: String, occurrence: Int = 0) -> Int? {
        let target = Array(needle.unicodeScalars)
        guard !target.isEmpty, target.count <= scalars.count else { return nil }
        var seen = 0
        for i in 0...(scalars.count - target.count) where Array(scalars[i..<(i + target.count)]) == target {
            if seen == occurrence { return i }
            seen += 1
        }
        return nil
    }
}

extension Document {
    /// Describes every scalar whose source bytes do not produce it: a literal (canonically equal),
    /// a character or entity reference for it, markup white space for a collapsed space, or a tag
    /// for a line break. Empty when the whole map is exact.
    func mapProblems() -> [String] {
        var problems: [String] = []
        for (b, block) in blocks.enumerated() {
            let text = block.text
            for i in 0..<text.count {
                let scalar = text.scalars[i]
                let range = text.starts[i]..<text.ends[i]
                guard range.lowerBound >= 0, range.upperBound <= source.bytes.count, !range.isEmpty else {
                    problems.append("block \(b) scalar \(i) '\(scalar)' has range \(range)")
                    continue
                }
                let bytes = Array(source.bytes[range])
                let literal = String(decoding: bytes, as: UTF8.self)
                let ok: Bool
                switch scalar {
                case " ": ok = bytes.count <= 2 && bytes.allSatisfy { [0x20, 0x09, 0x0A, 0x0D, 0x0C].contains($0) }
                    || literal == " " || literal == "&#32;"
                case "\n": ok = bytes.first == UInt8(ascii: "<") && bytes.last == UInt8(ascii: ">")
                default:
                    if bytes.first == UInt8(ascii: "&") {
                        let ref = CharacterReference.parse(
                            Array(source.bytes), at: range.lowerBound, lenient: format == .html,
                            lookup: { XMLDocumentParserTestsSupport.entity($0) })
                        ok = ref?.scalar == scalar && ref?.length == bytes.count || literal == "&"
                    } else {
                        ok = literal == String(Character(scalar))
                    }
                }
                if !ok { problems.append("block \(b) scalar \(i) '\(scalar)' maps to '\(literal)'") }
            }
        }
        return problems
    }
}

/// The few HTML entities the tests use, so the map checker does not depend on libxml2.
enum XMLDocumentParserTestsSupport {
    static func entity(_ name: ArraySlice<UInt8>) -> Unicode.Scalar? {
        let table: [String: Unicode.Scalar] = [
            "auml": "ä", "ouml": "ö", "aring": "å", "Auml": "Ä", "Ouml": "Ö", "Aring": "Å", "nbsp": "\u{A0}",
            "mdash": "—", "ndash": "–", "hellip": "…", "shy": "\u{AD}", "eacute": "é",
        ]
        return table[String(decoding: name, as: UTF8.self)]
    }
}
