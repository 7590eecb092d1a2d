import Foundation
import Yams

/// The known section headings (by category) and header field names, read from
/// `Rules/sections.yml` and extendable by configuration.
public struct StructureLexicon: Sendable {
    /// Category → normalised names. A name ending in `*` is a prefix.
    public private(set) var sections: [String: [String]]
    public private(set) var metadataFields: [String]
    /// Exact names → categories, and prefix names, kept beside `sections` so that looking up a
    /// heading does not sort the categories and compare every name (it runs for every heading
    /// and implicit-heading candidate).
    private var exactIndex: [String: [String]] = [:]
    private var prefixIndex: [(prefix: String, utf8: [UInt8], category: String)] = []
    /// `exactIndex` and `prefixIndex` by Latin-1 bytes (one per scalar), for headings whose
    /// normalised text is Latin-1: looked up without making the normalised `String` or hashing it
    /// (String hashing normalises non-ASCII text; profiles showed both on every heading).
    private var latin1Index = Latin1NameIndex()
    /// `metadataFields` by Latin-1 bytes, for the same reason.
    private var latin1Fields = Latin1NameIndex()
    /// Replaced on every change, so that caches of what was derived from a lexicon can tell in
    /// one comparison that it is still the same (comparing the dictionaries showed in profiles).
    private(set) var revision = Revision()

    final class Revision: Sendable {}

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
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ParseError(path: path, message: "cannot read the file (missing, unreadable or not UTF-8)")
        }
        return try parse(yaml: text, path: path)
    }

    public static func parse(yaml: String, path: String) throws -> StructureLexicon {
        // Every value is read as text: skip the default resolver's regexes and the environment
        // look-up of the default encoding.
        let loaded: Any?
        do {
            loaded = try Yams.load(yaml: yaml, .basic, .default, .utf8)
        } catch {
            // Yams's own error named neither the file nor, readably, the place.
            let (line, column, message) = YAMLLocation.position(of: error)
            throw ParseError(path: path, line: line, column: column, message: message)
        }
        guard let root = loaded as? [String: Any] else {
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
        let normalised = names.map(Self.normalise)
        revision = Revision()
        sections[category, default: []].append(contentsOf: normalised)
        for name in normalised {
            if name.hasSuffix("*") {
                let prefix = String(name.dropLast())
                prefixIndex.append((prefix, Array(prefix.utf8), category))
            } else if !(exactIndex[name]?.contains(category) ?? false) {
                exactIndex[name, default: []].append(category)
            }
        }
        latin1Index = Latin1NameIndex(exact: exactIndex, prefixes: prefixIndex.map { ($0.prefix, $0.category) })
    }

    public mutating func addMetadataFields(_ names: [String]) {
        revision = Revision()
        metadataFields.append(contentsOf: names.map(Self.normalise))
        latin1Fields = Latin1NameIndex(exact: Dictionary(metadataFields.map { ($0, [String]()) }, uniquingKeysWith: { a, _ in a }),
                                       prefixes: [])
    }

    /// The categories whose names match a heading's text ("3.2 Jämställdhet:" → ["gender"]).
    public func categories(ofHeading text: String) -> [String] {
        // The index is a class: a closure that captured `self` copied the whole lexicon.
        let index = latin1Index
        if index.isUsable {
            var text = text
            text.makeContiguousUTF8()
            let fast: [String]?? = text.utf8.withContiguousStorageIfAvailable { utf8 in
                Self.withLatin1Key(utf8: utf8) { index.categories(ofKey: $0) }
            }
            if let fast, let fast { return fast }
        }
        let key = Self.normalise(text)
        guard !key.isEmpty else { return [] }
        var found = exactIndex[key] ?? []
        // Same test as `matches(name:key:)`: a Character-wise prefix. For a key of Latin-1 scalars
        // without CR (UTF-8 bytes below 0xC4), every scalar is a Character of its own and both
        // sides are NFC, so comparing bytes gives the same answer without grapheme breaking.
        // Entries are read in place and the cheap prefix test comes first: copying each entry
        // (three retains) and comparing categories first showed in profiles (this runs for every
        // heading the rules look at).
        if !prefixIndex.isEmpty {
            var key = key
            key.makeContiguousUTF8()
            let prefixes = prefixIndex
            let keyString = key
            let searched: Void? = key.utf8.withContiguousStorageIfAvailable { keyBytes in
                let bytewise = !keyBytes.contains { $0 >= 0xC4 || $0 == 0x0D }
                for i in prefixes.indices {
                    let hit = bytewise
                        ? keyBytes.starts(with: prefixes[i].utf8) : keyString.starts(with: prefixes[i].prefix)
                    if hit && !found.contains(prefixes[i].category) { found.append(prefixes[i].category) }
                }
            }
            if searched == nil {  // not expected after `makeContiguousUTF8`
                for i in prefixes.indices where keyString.starts(with: prefixes[i].prefix) {
                    if !found.contains(prefixes[i].category) { found.append(prefixes[i].category) }
                }
            }
        }
        return found.count > 1 ? found.sorted() : found
    }

    public func isKnownSection(_ text: String) -> Bool { !categories(ofHeading: text).isEmpty }

    /// `isKnownSection` of the text the scalars spell, without making that `String` when they are
    /// Latin-1 (implicit headings test candidate lines this way; the strings showed in profiles).
    func isKnownSection(scalars: ArraySlice<Unicode.Scalar>) -> Bool {
        let index = latin1Index
        if index.isUsable, let fast = Self.withLatin1UTF8(scalars, { utf8 in
            Self.withLatin1Key(utf8: utf8) { !index.categories(ofKey: $0).isEmpty }
        }) {
            return fast
        }
        return isKnownSection(BlockText.string(scalars))
    }

    /// `isMetadataField` of the text the scalars spell, the same way.
    func isMetadataField(scalars: ArraySlice<Unicode.Scalar>) -> Bool {
        let index = latin1Fields
        if index.isUsable, let fast = Self.withLatin1UTF8(scalars, { utf8 in
            Self.withLatin1Key(utf8: utf8) { index.contains($0) }
        }) {
            return fast
        }
        return isMetadataField(BlockText.string(scalars))
    }

    /// Calls `body` with the UTF-8 of Latin-1 scalars (the bytes `String` would hold), in a
    /// temporary buffer; nil when a scalar is beyond U+00FF or `body` gives nil.
    static func withLatin1UTF8<R>(
        _ scalars: ArraySlice<Unicode.Scalar>, _ body: (UnsafeBufferPointer<UInt8>) -> R?
    ) -> R? {
        scalars.withUnsafeBufferPointer { s -> R? in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(2 * s.count, 1)) { out -> R? in
                var n = 0
                for c in s {
                    // In bounds: each scalar writes at most two bytes, and there is room for two each.
                    let v = c.value
                    if v < 0x80 {
                        out[n] = UInt8(v)
                        n += 1
                    } else if v < 0x100 {
                        out[n] = 0xC0 | UInt8(v >> 6)
                        out[n + 1] = 0x80 | UInt8(v & 0x3F)
                        n += 2
                    } else {
                        return nil
                    }
                }
                return body(UnsafeBufferPointer(rebasing: out[0..<n]))
            }
        }
    }

    public func isMetadataField(_ label: String) -> Bool {
        if let fast = latin1Fields.containsKey(ofLabel: label) { return fast }
        return metadataFields.contains(Self.normalise(label))
    }

    static func matches(name: String, key: String) -> Bool {
        if name.hasSuffix("*") { return key.hasPrefix(name.dropLast()) }
        return key == name
    }

    /// Lower-cased NFC text without soft hyphens, leading numbering ("3.2", "3.", "A.") and
    /// trailing colons, with runs of white space folded to one space.
    public static func normalise(_ text: String) -> String {
        if let fast = normaliseLatin1(text) { return fast }
        return normaliseGeneral(text)
    }

    static func normaliseGeneral(_ text: String) -> String {
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

    /// `normalise` for text made only of Latin-1 scalars (almost every heading), without
    /// Foundation's normalisation and String splitting, which profiles showed on every heading
    /// and every implicit-heading candidate. Latin-1 text is already NFC and its lower case
    /// stays in Latin-1. nil: the text needs the general path (other scalars, or CR, which
    /// forms one character with a following LF there).
    static func normaliseLatin1(_ text: String) -> String? {
        var text = text
        text.makeContiguousUTF8()
        // Bytes rather than `unicodeScalars`, into a temporary buffer: this runs for every heading
        // the rules look at, and the scalar iteration and array showed in profiles.
        guard let result = text.utf8.withContiguousStorageIfAvailable({ normaliseLatin1(utf8: $0) }) else {
            return nil
        }
        return result
    }

    /// `normaliseLatin1` of valid UTF-8.
    private static func normaliseLatin1(utf8 bytes: UnsafeBufferPointer<UInt8>) -> String? {
        withLatin1Key(utf8: bytes) { key in
            var length = 0
            for b in key { length += Self.utf8Width(keyByte: b) }
            return String(unsafeUninitializedCapacity: length) { buffer in
                // In bounds: `length` is the sum of the widths written.
                var w = 0
                for b in key { w += Self.encodeUTF8(keyByte: b, into: buffer, at: w) }
                return w
            }
        }
    }

    /// Key bytes for the punctuation `withLatin1Key` passes besides Latin-1 (U+2013, U+2014,
    /// U+2018, U+2019, U+201C, U+201D: dashes and quotes, which headings and titles carry, e.g.
    /// "Konsekvenser – barn"). Each is UTF-8 E2 80 xx; its key byte is 0xC0 + its place here. Those
    /// bytes are upper-case Latin-1 letters, which a key never holds (it is lower-cased). These
    /// scalars have no case mapping, no decomposition, combine with nothing under NFC, are
    /// graphemes of their own, neither numbers nor white space: the general path treats them as
    /// one plain Character each, which is what the fast path does.
    static let keyPunctuation: [UInt8] = [0x93, 0x94, 0x98, 0x99, 0x9C, 0x9D]

    /// The key among the `count` key bytes written to `out`: without a leading numbering word
    /// ("2.", "3.1", "4)") when the key has more than that word, and without trailing colons,
    /// periods and spaces. `firstWordEnd`: where the first space was written, if any. Shared by the
    /// headings' keys and `ProceduralList`'s title keys, which must cut them alike.
    @inline(__always)
    static func keyBounds(_ out: UnsafeMutableBufferPointer<UInt8>, count: Int, firstWordEnd: Int?) -> Range<Int> {
        let firstEnd = firstWordEnd ?? count
        func isNumber(_ b: UInt8) -> Bool {
            (b >= 0x30 && b <= 0x39) || b == 0xB2 || b == 0xB3 || b == 0xB9 || b == 0xBC || b == 0xBD || b == 0xBE
        }
        var start = 0
        if firstEnd > 0 {
            let first = out[0..<firstEnd]
            if first.allSatisfy({ isNumber($0) || $0 == 0x2E || $0 == 0x29 }), first.contains(where: isNumber) {
                start = min(count, firstEnd + 1)
            }
        }
        var end = count
        while end > start, out[end - 1] == 0x3A || out[end - 1] == 0x2E || out[end - 1] == 0x20 { end -= 1 }
        return start..<end
    }

    /// What a key makes of a scalar below U+0100 (`v`) outside the printable-ASCII fast path:
    /// CR refuses the key, a soft hyphen is dropped, white space (space, tab, LF, no-break space)
    /// stands between words, and any other scalar is its byte, lower-cased. Both key builders
    /// (`withLatin1Key(utf8:)` and `ProceduralList.withLatin1Key(scalars:)`) take this step.
    enum Latin1KeyStep { case refuse, drop, space, byte(UInt8) }

    @inline(__always)
    static func keyStep(latin1 v: UInt32) -> Latin1KeyStep {
        if v == 0x0D { return .refuse }
        if v == 0xAD { return .drop }
        if v == 0x20 || v == 0x09 || v == 0x0A || v == 0xA0 { return .space }
        let lower = (v >= 0x41 && v <= 0x5A) || (v >= 0xC0 && v <= 0xDE && v != 0xD7) ? v + 0x20 : v
        return .byte(UInt8(truncatingIfNeeded: lower))
    }

    /// The key byte of E2 80 `third`, or nil.
    @inline(__always)
    static func keyByte(punctuation third: UInt8) -> UInt8? {
        switch third {
        case 0x93: return 0xC0
        case 0x94: return 0xC1
        case 0x98: return 0xC2
        case 0x99: return 0xC3
        case 0x9C: return 0xC4
        case 0x9D: return 0xC5
        default: return nil
        }
    }

    /// UTF-8 bytes of the scalar a key byte stands for.
    @inline(__always)
    static func utf8Width(keyByte b: UInt8) -> Int {
        b < 0x80 ? 1 : (b >= 0xC0 && b <= 0xC5 ? 3 : 2)
    }

    /// Writes the UTF-8 of the scalar a key byte stands for at `at` (room for `utf8Width` bytes is
    /// the caller's to give); returns the bytes written.
    @inline(__always)
    static func encodeUTF8(keyByte b: UInt8, into buffer: UnsafeMutableBufferPointer<UInt8>, at w: Int) -> Int {
        if b < 0x80 {
            buffer[w] = b
            return 1
        }
        if b >= 0xC0 && b <= 0xC5 {
            buffer[w] = 0xE2
            buffer[w + 1] = 0x80
            buffer[w + 2] = keyPunctuation[Int(b - 0xC0)]
            return 3
        }
        buffer[w] = 0xC0 | (b >> 6)
        buffer[w + 1] = 0x80 | (b & 0x3F)
        return 2
    }

    /// Calls `body` with `normaliseLatin1` of valid UTF-8 as Latin-1 bytes (one per scalar; the
    /// punctuation of `keyPunctuation` as its key byte), in a temporary buffer; nil when the text
    /// needs the general path. Every scalar gives at most one
    /// byte of output, the space before a word included (it stands for white space that gave
    /// none), so `utf8.count` bytes of room suffice.
    static func withLatin1Key<R>(
        utf8 bytes: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> R
    ) -> R? {
        let n = bytes.count
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(n, 1)) { out -> R? in
            var count = 0
            var pendingSpace = false
            var firstWordEnd: Int?
            var k = 0
            // Writes one key byte, after the space a pending white-space run stands for; false only
            // when the buffer is full, which cannot happen (see above) but keeps the writes in bounds.
            @inline(__always) func put(_ byte: UInt8) -> Bool {
                guard count < n else { return false }
                if pendingSpace {
                    if firstWordEnd == nil { firstWordEnd = count }
                    out[count] = 0x20
                    count += 1
                    pendingSpace = false
                    guard count < n else { return false }
                }
                out[count] = byte
                count += 1
                return true
            }
            while k < n {
                let b = bytes[k]
                if b > 0x20 && b < 0x80 {
                    // Printable ASCII (most bytes of a heading): no white space, CR or soft hyphen,
                    // one byte out. The general steps below cost about twice as many instructions
                    // a byte (profile: headings, title lines and implicit-heading candidates).
                    guard put(b &- 0x41 < 26 ? b | 0x20 : b) else { return nil }
                    k += 1
                    continue
                }
                if b == 0xE2 && k + 2 < n && bytes[k + 1] == 0x80, let code = keyByte(punctuation: bytes[k + 2]) {
                    // A dash or quote (see `keyPunctuation`): one plain key byte for three.
                    guard put(code) else { return nil }
                    k += 3
                    continue
                }
                let v: UInt32
                if b < 0x80 {
                    v = UInt32(b)
                    k += 1
                } else if (b == 0xC2 || b == 0xC3) && k + 1 < n {
                    v = (UInt32(b & 0x1F) << 6) | UInt32(bytes[k + 1] & 0x3F)
                    k += 2
                } else {
                    return nil  // a scalar from U+0100 on
                }
                switch keyStep(latin1: v) {
                case .refuse: return nil
                case .drop: continue
                case .space: pendingSpace = count > 0
                case .byte(let byte): guard put(byte) else { return nil }
                }
            }
            return body(UnsafeBufferPointer(rebasing: out[keyBounds(out, count: count, firstWordEnd: firstWordEnd)]))
        }
    }
}

/// The exact and prefix names of a `StructureLexicon` as Latin-1 bytes, for keys that
/// `normaliseLatin1` gives. Exact names are in an open-addressing hash table.
///
/// The answers are those of the String comparisons in `categories(ofHeading:)`: a Latin-1 key
/// is NFC and every scalar is a Character of its own, so equality and the bytewise prefix test
/// are scalar comparisons. An exact name with a scalar from U+0100 on could still equal a
/// Latin-1 key canonically (a decomposed letter), so such a name makes the index unusable.
/// A prefix name with such a scalar never matches a Latin-1 key bytewise, as before.
final class Latin1NameIndex: Sendable {
    let isUsable: Bool
    /// Entry index + 1 per slot, 0 for an empty slot; the count is a power of two.
    private let slots: [Int32]
    private let names: [[UInt8]]
    private let categories: [[String]]
    /// Latin-1 bytes of each prefix name (nil: it has a scalar from U+0100 on), with its category.
    private let prefixes: [(bytes: [UInt8]?, category: String)]

    convenience init() { self.init(exact: [:], prefixes: []) }

    init(exact: [String: [String]], prefixes prefixNames: [(String, String)]) {
        var names: [[UInt8]] = []
        var categories: [[String]] = []
        var usable = true
        for (name, cats) in exact {
            guard let bytes = Self.latin1(name) else {
                usable = false
                break
            }
            names.append(bytes)
            categories.append(cats)
        }
        var size = 8
        while size < names.count * 2 { size *= 2 }
        var slots = [Int32](repeating: 0, count: size)
        for i in names.indices {
            var slot = names[i].withUnsafeBufferPointer { Self.hash($0) } & (size - 1)
            while slots[slot] != 0 { slot = (slot + 1) & (size - 1) }
            slots[slot] = Int32(i + 1)
        }
        self.isUsable = usable
        self.slots = slots
        self.names = names
        self.categories = categories
        self.prefixes = prefixNames.map { (Self.latin1($0.0), $0.1) }
    }

    /// Whether the key is one of the exact names.
    func contains(_ key: UnsafeBufferPointer<UInt8>) -> Bool { entry(key) != nil }

    /// Whether `StructureLexicon.normalise(label)` is one of the exact names, answered from the
    /// label's Latin-1 key bytes; nil when the index is unusable or the label is beyond what a key
    /// of bytes holds (the caller then compares the `String`s).
    func containsKey(ofLabel label: String) -> Bool? {
        guard isUsable else { return nil }
        var label = label
        label.makeContiguousUTF8()
        let fast: Bool?? = label.utf8.withContiguousStorageIfAvailable { utf8 in
            StructureLexicon.withLatin1Key(utf8: utf8) { contains($0) }
        }
        return fast ?? nil
    }

    private func entry(_ key: UnsafeBufferPointer<UInt8>) -> Int? {
        let mask = slots.count - 1
        var slot = Self.hash(key) & mask
        while true {
            let entry = Int(slots[slot])
            if entry == 0 { return nil }
            if Self.equal(names[entry - 1], key) { return entry - 1 }
            slot = (slot + 1) & mask
        }
    }

    /// Byte-wise equality by length and `memcmp`: the generic `elementsEqual` stepped through both
    /// sequences one element at a time, which profiles showed on every heading looked up.
    @inline(__always)
    private static func equal(_ name: [UInt8], _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        guard name.count == key.count else { return false }
        return name.withUnsafeBufferPointer { bytes in
            guard let a = bytes.baseAddress, let b = key.baseAddress else { return true }  // both empty
            return memcmp(a, b, key.count) == 0
        }
    }

    /// `key.starts(with: prefix)`, by `memcmp`.
    @inline(__always)
    private static func hasPrefix(_ key: UnsafeBufferPointer<UInt8>, _ prefix: [UInt8]) -> Bool {
        guard prefix.count <= key.count else { return false }
        return prefix.withUnsafeBufferPointer { bytes in
            guard let a = bytes.baseAddress, let b = key.baseAddress else { return true }  // empty prefix
            return memcmp(a, b, bytes.count) == 0
        }
    }

    /// Latin-1 bytes of a normalised name, its `keyPunctuation` scalars as their key bytes (as keys
    /// hold them), or nil.
    private static func latin1(_ s: String) -> [UInt8]? {
        var out: [UInt8] = []
        for scalar in s.unicodeScalars {
            if scalar.value < 0x100 {
                out.append(UInt8(scalar.value))
            } else if scalar.value >= 0x2000 && scalar.value < 0x2040,
                      let code = StructureLexicon.keyByte(punctuation: UInt8(0x80 | (scalar.value & 0x3F))) {
                // U+2000 to U+203F are E2 80 (0x80 | low six bits) in UTF-8.
                out.append(code)
            } else {
                return nil
            }
        }
        return out
    }

    @inline(__always)
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }

    /// `categories(ofHeading:)` for a non-empty or empty normalised key in Latin-1 bytes.
    func categories(ofKey key: UnsafeBufferPointer<UInt8>) -> [String] {
        guard !key.isEmpty else { return [] }
        var found: [String] = []
        if let entry = entry(key) { found = categories[entry] }
        for i in prefixes.indices {
            guard let bytes = prefixes[i].bytes, Self.hasPrefix(key, bytes) else { continue }
            if !found.contains(prefixes[i].category) { found.append(prefixes[i].category) }
        }
        return found.count > 1 ? found.sorted() : found
    }
}
