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
    /// The patterns in the key alphabet, for `match(scalars:)`.
    private var keyIndex = KeyIndex()

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
            if !isKnownUniquelyReferenced(&keyIndex) { keyIndex = keyIndex.copy() }
            keyIndex.add(StructureLexicon.normalise(pattern))
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
    /// Latin-1 or the dashes and quotes of `StructureLexicon.keyPunctuation` (the relevance gate
    /// tests the leading lines of every memo this way).
    ///
    /// The key is made from the scalars in one pass and matched in the key alphabet itself
    /// (`KeyIndex`). Profile (callgrind, 880 memos): the scalars were encoded to UTF-8, that was
    /// normalised to the key, the key encoded to UTF-8 again and matched there, ~3,200
    /// instructions a leading line (12.6 M of the 15.9 M of `Relevance.assess`).
    func match(scalars: ArraySlice<Unicode.Scalar>) -> String? {
        guard !compiled.isEmpty else { return nil }
        let index = keyIndex
        var grams = GramBits()
        let fast: Int?? = grams.withWords { words in
            scalars.withUnsafeBufferPointer { s in
                Self.withLatin1Key(scalars: s, grams: words) { index.firstMatch($0, grams: words) }
            }
        }
        if let fast { return fast.map { patterns[$0] } }
        // Through the `String` path (scalars beyond Latin-1, CR, or a key that did not fit).
        return match(title: BlockText.string(scalars))
    }

    /// `StructureLexicon.withLatin1Key(utf8:)` of the UTF-8 the scalars spell, read from the
    /// scalars themselves (the same steps, scalar by scalar; `ProceduralListFastPathTests` checks
    /// the keys against it): a byte per Latin-1 scalar, lower-cased; U+2013, U+2014, U+2018,
    /// U+2019, U+201C, U+201D as their key bytes C0–C5; soft hyphens dropped; each run of white
    /// space (space, tab, LF, no-break space) one space between words; a leading number word and
    /// trailing colons, periods and spaces cut. nil where that gives nil: a scalar beyond Latin-1
    /// but those six, or CR.
    ///
    /// With `grams` (the words of a cleared `GramBits`), the `FoldedText.bigram` of every two
    /// adjacent bytes written is set there as they are written: a superset of the key's own
    /// pairs (the key is what is left after the cuts), which is all `KeyIndex.firstMatch` needs.
    static func withLatin1Key<R>(scalars s: UnsafeBufferPointer<Unicode.Scalar>,
                                 grams: UnsafeMutableBufferPointer<UInt64>? = nil,
                                 _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R? {
        // Every scalar gives at most one byte, the space before a word included (it stands for
        // white space that gave none), so one byte a scalar is room enough; `put` still checks.
        let n = s.count
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(n, 1)) { out -> R? in
            var count = 0
            var pendingSpace = false
            var firstWordEnd: Int?
            var previous: UInt32 = 0
            @inline(__always) func write(_ byte: UInt8) {
                out[count] = byte
                count += 1
                if let grams {
                    // In bounds: a bigram is below `GramBits.count`, 64 bits a word.
                    if count > 1 {
                        let b = FoldedText.bigram(previous, UInt32(byte))
                        grams[b >> 6] |= 1 << UInt64(b & 63)
                    }
                    previous = UInt32(byte)
                }
            }
            @inline(__always) func put(_ byte: UInt8) -> Bool {
                guard count < n else { return false }
                if pendingSpace {
                    if firstWordEnd == nil { firstWordEnd = count }
                    write(0x20)
                    pendingSpace = false
                    guard count < n else { return false }
                }
                write(byte)
                return true
            }
            for scalar in s {
                let v = scalar.value
                if v > 0x20 && v < 0x80 {
                    guard put(UInt8(truncatingIfNeeded: v &- 0x41 < 26 ? v | 0x20 : v)) else { return nil }
                    continue
                }
                if v >= 0x100 {
                    // U+2000–U+203F are E2 80 (80 | low six bits) in UTF-8.
                    guard v >= 0x2000 && v < 0x2040,
                          let code = StructureLexicon.keyByte(punctuation: 0x80 | UInt8(truncatingIfNeeded: v & 0x3F))
                    else { return nil }
                    guard put(code) else { return nil }
                    continue
                }
                switch StructureLexicon.keyStep(latin1: v) {
                case .refuse: return nil
                case .drop: continue
                case .space: pendingSpace = count > 0
                case .byte(let byte): guard put(byte) else { return nil }
                }
            }
            return body(UnsafeBufferPointer(rebasing: out[StructureLexicon.keyBounds(out, count: count, firstWordEnd: firstWordEnd)]))
        }
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

/// The patterns, normalised, in the alphabet of `StructureLexicon.withLatin1Key`'s keys: a byte
/// per Latin-1 scalar, C0–C5 for its six dashes and quotes. That mapping of scalars to bytes is
/// one to one on the scalars a key can hold (a key is lower-cased, so it has no À–Å, whose
/// bytes C0–C5 are), and a pattern piece occurs in a key's UTF-8 (as `TitlePattern` matches)
/// exactly where its bytes here occur in the key: UTF-8 matches of valid UTF-8 start and end at
/// scalar boundaries. A pattern with a piece holding any other scalar (beyond Latin-1 but those
/// six, or À–Å) matches no key, and is left out.
///
/// Flat arrays, read through buffers: the struct per pattern that `TitlePattern` is was a retain
/// and release of its arrays per pattern and line (profile). A class, filled before the list is
/// shared (`ProceduralList.add` makes a new one when it is not uniquely held): as a struct its six
/// arrays were retained and released per line.
private final class KeyIndex: @unchecked Sendable {
    // Unchecked exclusivity: written only while the index is built (`add`, `copy`), before it is
    // shared; the dynamic access checks of the six arrays `firstMatch` reads were ~380
    // instructions a leading line (callgrind, 1,000 memos: 1.1 M).
    /// The pieces' bytes.
    @exclusivity(unchecked) var pool: [UInt8] = []
    /// Per piece: its bytes in `pool`.
    @exclusivity(unchecked) var pieces: [Range<Int>] = []
    /// Per pattern: its pieces in `pieces` (empty: the pattern matches no key).
    @exclusivity(unchecked) var patternPieces: [Range<Int>] = []
    /// Per pattern: the first byte of a non-empty first piece, or -1.
    @exclusivity(unchecked) var firstByte: [Int] = []
    /// Per pattern: the `FoldedText.bigram`s of the first two bytes of each piece in `pairPool`.
    @exclusivity(unchecked) var patternPairs: [Range<Int>] = []
    @exclusivity(unchecked) var pairPool: [Int] = []

    /// A copy, for a list that adds patterns while another list shares this index.
    func copy() -> KeyIndex {
        let c = KeyIndex()
        c.pool = pool
        c.pieces = pieces
        c.patternPieces = patternPieces
        c.firstByte = firstByte
        c.patternPairs = patternPairs
        c.pairPool = pairPool
        return c
    }

    func add(_ normal: String) {
        var pieceStart = pieces.count
        var usable = true
        for piece in normal.split(separator: "*", omittingEmptySubsequences: false) {
            var bytes: [UInt8] = []
            for scalar in piece.unicodeScalars {
                let v = scalar.value
                if v < 0x100 && !(v >= 0xC0 && v <= 0xC5) {
                    bytes.append(UInt8(v))
                } else if v >= 0x2000 && v < 0x2040,
                          let code = StructureLexicon.keyByte(punctuation: 0x80 | UInt8(truncatingIfNeeded: v & 0x3F)) {
                    bytes.append(code)
                } else {
                    usable = false
                }
            }
            pieces.append(pool.count..<(pool.count + bytes.count))
            pool.append(contentsOf: bytes)
        }
        if !usable {
            pieces.removeLast(pieces.count - pieceStart)
            pieceStart = pieces.count
        }
        patternPieces.append(pieceStart..<pieces.count)
        let first = pieces[pieceStart..<pieces.count].first
        firstByte.append(first.flatMap { $0.isEmpty ? nil : Int(pool[$0.lowerBound]) } ?? -1)
        let pairStart = pairPool.count
        for r in pieces[pieceStart..<pieces.count] where r.count >= 2 {
            pairPool.append(FoldedText.bigram(UInt32(pool[r.lowerBound]), UInt32(pool[r.lowerBound + 1])))
        }
        patternPairs.append(pairStart..<pairPool.count)
    }

    /// The index of the first pattern that matches the key (as `TitlePattern.matches` on the
    /// key's UTF-8 would), or nil.
    /// `grams`: `GramBits` words holding (at least) the bigrams of the key's adjacent bytes.
    func firstMatch(_ key: UnsafeBufferPointer<UInt8>, grams words: UnsafeMutableBufferPointer<UInt64>) -> Int? {
        guard let first = key.first else { return nil }
        return pool.withUnsafeBufferPointer { pool in
            pieces.withUnsafeBufferPointer { pieces in
                patternPieces.withUnsafeBufferPointer { patternPieces in
                    firstByte.withUnsafeBufferPointer { firstByte in
                        patternPairs.withUnsafeBufferPointer { patternPairs in
                            pairPool.withUnsafeBufferPointer { pairPool -> Int? in
                                for p in 0..<patternPieces.count {
                                    let own = patternPieces[p]
                                    if own.isEmpty { continue }
                                    if firstByte[p] >= 0 && firstByte[p] != Int(first) { continue }
                                    var pairsHeld = true
                                    for k in patternPairs[p] where words[pairPool[k] >> 6] & (1 << UInt64(pairPool[k] & 63)) == 0 {
                                        pairsHeld = false
                                        break
                                    }
                                    if !pairsHeld { continue }
                                    if Self.matches(key, pool, pieces, own) { return p }
                                }
                                return nil
                            }
                        }
                    }
                }
            }
        }
    }

    /// `TitlePattern.matches` in the key alphabet: pieces `own` of `pieces` (at least one).
    @inline(__always)
    private static func matches(_ key: UnsafeBufferPointer<UInt8>, _ pool: UnsafeBufferPointer<UInt8>,
                                _ pieces: UnsafeBufferPointer<Range<Int>>, _ own: Range<Int>) -> Bool {
        @inline(__always) func piece(_ k: Int) -> UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(rebasing: pool[pieces[k]])
        }
        let first = piece(own.lowerBound)
        if own.count == 1 { return key.count == first.count && equalBytes(key, 0, first) }
        guard key.count >= first.count, equalBytes(key, 0, first) else { return false }
        let last = piece(own.upperBound - 1)
        let tailStart = key.count - last.count
        guard tailStart >= first.count, equalBytes(key, tailStart, last) else { return false }
        // Middle pieces must occur in order between the prefix and the suffix.
        var from = first.count
        for k in (own.lowerBound + 1)..<(own.upperBound - 1) where !pieces[k].isEmpty {
            guard let at = key.firstIndex(of: piece(k), from: from, before: tailStart) else { return false }
            from = at + pieces[k].count
        }
        return true
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
                if pieces.count == 1 { return key.count == first.count && equalBytes(key, 0, first) }
                guard key.count >= first.count, equalBytes(key, 0, first) else { return false }
                return pieces[pieces.count - 1].withUnsafeBufferPointer { last in
                    let tailStart = key.count - last.count
                    guard tailStart >= first.count, equalBytes(key, tailStart, last) else { return false }
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

}

/// Whether `haystack[at..<at + needle.count]` (in bounds) equals `needle`.
@inline(__always)
private func equalBytes(_ haystack: UnsafeBufferPointer<UInt8>, _ at: Int, _ needle: UnsafeBufferPointer<UInt8>) -> Bool {
    var k = 0
    while k < needle.count {
        if haystack[at + k] != needle[k] { return false }
        k += 1
    }
    return true
}
