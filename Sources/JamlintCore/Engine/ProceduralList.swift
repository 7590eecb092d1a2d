import Foundation
import Yams

/// Title patterns of procedural items (val av …, firmatecknare, anmälan av delegationsbeslut …), for which
/// the gender rules do not apply (SKL "Checklista för jämställda beslut" step 1: the decision does not
/// concern women and men). Read from `Rules/procedural.yml`, extended by `procedural:` in the configuration.
///
/// Pattern syntax: matching ignores case, leading numbering ("12. "), a trailing colon or period and runs of
/// white space; `*` stands for any text (also none). Without `*` the whole title must be equal.
public struct ProceduralList: Sendable {
    /// The patterns as written, in order.
    public private(set) var patterns: [String] = []
    private var compiled: [TitlePattern] = []

    public init(_ patterns: [String] = []) {
        add(patterns)
    }

    /// The list shipped in `Rules/procedural.yml`, or an empty one when no rules folder is found.
    public static let builtin: ProceduralList = {
        guard let dir = RulesLocation.defaultDirectory(),
              let list = try? ProceduralList.load(path: dir + "/procedural.yml") else {
            return ProceduralList()
        }
        return list
    }()

    /// Reads a file with one top-level key, `procedural:`, a list of patterns.
    public static func load(path: String) throws(ConfigError) -> ProceduralList {
        let file = YAMLFile(path: path, text: try YAMLFile.read(path: path))
        guard let root = try file.compose(onlyNullTags: true) else { return ProceduralList() }
        guard case .mapping(let mapping) = root else {
            throw file.error(at: root, sv: "filen ska ha nyckeln `procedural` med en lista av rubrikmönster",
                             en: "the file must have the key `procedural` with a list of title patterns")
        }
        var list = ProceduralList()
        for (keyNode, value) in mapping {
            let key = try file.key(keyNode)
            guard key == "procedural" else {
                throw file.error(at: keyNode, sv: "okänd nyckel `\(key)`; känd nyckel: `procedural`",
                                 en: "unknown key `\(key)`; known key: `procedural`")
            }
            list.add(try file.stringList(value, key: key))
        }
        return list
    }

    public mutating func add(_ more: [String]) {
        for pattern in more where !patterns.contains(pattern) {
            patterns.append(pattern)
            compiled.append(TitlePattern(pattern))
        }
    }

    public var isEmpty: Bool { patterns.isEmpty }

    /// The first pattern (as written) that matches `title`, or nil.
    public func match(title: String) -> String? {
        guard !compiled.isEmpty else { return nil }
        // Latin-1 titles (almost all) are normalised into a temporary buffer and matched there:
        // making the normalised `String` and then an array of its bytes showed in profiles (this
        // runs for every leading line of every memo).
        var title = title
        title.makeContiguousUTF8()
        let fast: String?? = title.utf8.withContiguousStorageIfAvailable { utf8 in
            StructureLexicon.withLatin1Key(utf8: utf8) { match(latin1Key: $0) }
        } ?? nil
        if let fast { return fast }
        return matchGeneral(title: title)
    }

    /// `match(title:)` of the text the scalars spell, without making that `String` when they are
    /// Latin-1 (the relevance gate tests the leading lines of every memo this way).
    func match(scalars: ArraySlice<Unicode.Scalar>) -> String? {
        guard !compiled.isEmpty else { return nil }
        let fast: String?? = StructureLexicon.withLatin1UTF8(scalars) { utf8 in
            StructureLexicon.withLatin1Key(utf8: utf8) { match(latin1Key: $0) }
        }
        if let fast { return fast }
        // Through the `String` path, which also takes the dashes and quotes of `keyPunctuation`.
        return match(title: BlockText.string(scalars))
    }

    /// `match(title:)` by way of `StructureLexicon.normalise` and its `String`: the reference path,
    /// also taken for titles with scalars beyond Latin-1.
    func matchGeneral(title: String) -> String? {
        guard !compiled.isEmpty else { return nil }
        let key = Array(StructureLexicon.normalise(title).utf8)
        return key.withUnsafeBufferPointer { match(key: $0) }
    }

    /// `match(key:)` of a normalised key as `StructureLexicon.withLatin1Key` gives it, encoded as
    /// the UTF-8 that `normalise` would have given.
    private func match(latin1Key key: UnsafeBufferPointer<UInt8>) -> String? {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(3 * key.count, 1)) { out -> String? in
            var n = 0
            // In bounds: each byte writes at most three, and there is room for three each.
            for b in key { n += StructureLexicon.encodeUTF8(keyByte: b, into: out, at: n) }
            return match(key: UnsafeBufferPointer(rebasing: out[0..<n]))
        }
    }

    /// The first pattern matching a normalised key (NFC UTF-8 bytes).
    private func match(key: UnsafeBufferPointer<UInt8>) -> String? {
        guard !key.isEmpty else { return nil }
        // By index, first bytes and byte pairs first: most patterns start with a literal that the
        // title does not, or have a piece whose first two bytes are not adjacent in it (profile:
        // every pattern was tried on every title line of every memo, "*…*" ones at every byte).
        let first = key[0]
        var pairs = GramBits()
        pairs.withWords { words in
            for i in 1..<key.count {
                let b = FoldedText.bigram(UInt32(key[i - 1]), UInt32(key[i]))
                words[b >> 6] |= 1 << UInt64(b & 63)
            }
        }
        return pairs.withWords { words -> String? in
            for index in compiled.indices {
                if let byte = compiled[index].firstByte, byte != first { continue }
                if !compiled[index].pairs.allSatisfy({ words[$0 >> 6] & (1 << UInt64($0 & 63)) != 0 }) { continue }
                if compiled[index].matches(key) { return patterns[index] }
            }
            return nil
        }
    }
}

/// A normalised pattern split at its `*`s, matched on NFC UTF-8 bytes.
private struct TitlePattern: Sendable {
    let pieces: [[UInt8]]
    /// The first byte of a non-empty first piece: a matching (non-empty) key starts with it.
    let firstByte: UInt8?

    init(_ written: String) {
        let normal = StructureLexicon.normalise(written)
        pieces = normal.split(separator: "*", omittingEmptySubsequences: false).map { Array($0.utf8) }
        firstByte = pieces.first?.first
        pairs = pieces.filter { $0.count >= 2 }.map { FoldedText.bigram(UInt32($0[0]), UInt32($0[1])) }
    }

    /// The `FoldedText.bigram` of the first two bytes of each piece: a key holding the piece has it.
    let pairs: [Int]

    func matches(_ key: UnsafeBufferPointer<UInt8>) -> Bool {
        // On raw buffers: the generic `starts(with:)`, `elementsEqual` and slice comparisons were
        // ~450 instructions a pattern and title line in profiles.
        do {
            guard let first = pieces.first else { return false }
            return first.withUnsafeBufferPointer { first in
                if pieces.count == 1 { return key.count == first.count && Self.equal(key, 0, first) }
                guard key.count >= first.count, Self.equal(key, 0, first) else { return false }
                return pieces[pieces.count - 1].withUnsafeBufferPointer { last in
                    let tailStart = key.count - last.count
                    guard tailStart >= first.count, Self.equal(key, tailStart, last) else { return false }
                    // Middle pieces must occur in order between the prefix and the suffix.
                    var from = first.count
                    for k in pieces.indices.dropFirst().dropLast() where !pieces[k].isEmpty {
                        let at = pieces[k].withUnsafeBufferPointer { key.firstIndex(of: $0, from: from, before: tailStart) }
                        guard let at else { return false }
                        from = at + pieces[k].count
                    }
                    return true
                }
            }
        }
    }

    /// Whether `haystack[at..<at + needle.count]` (in bounds) equals `needle`.
    private static func equal(_ haystack: UnsafeBufferPointer<UInt8>, _ at: Int, _ needle: UnsafeBufferPointer<UInt8>) -> Bool {
        var k = 0
        while k < needle.count {
            if haystack[at + k] != needle[k] { return false }
            k += 1
        }
        return true
    }
}
