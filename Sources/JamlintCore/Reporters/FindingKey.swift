/// Identifies a finding across edits of its file: path, rule, normalised matched text, section
/// heading and the occurrence index among findings that share all of those. Line numbers are left
/// out on purpose, so adding a paragraph above a finding neither revives a baselined finding nor
/// changes its CI fingerprint.
public struct FindingKey: Sendable, Hashable, Codable {
    public var path: String
    public var ruleID: String
    public var text: String
    public var section: String
    public var occurrence: Int

    public init(path: String, ruleID: String, text: String, section: String, occurrence: Int) {
        self.init(normalizedPath: Self.normalizedPath(path), ruleID: ruleID, text: text, section: section,
                  occurrence: occurrence)
    }

    /// `init(path:…)` with the path already through `normalizedPath`.
    init(normalizedPath: String, ruleID: String, text: String, section: String, occurrence: Int) {
        self.path = normalizedPath
        self.ruleID = ruleID
        self.text = Self.normalizedText(text)
        self.section = section.isEmpty ? "" : Self.normalizedText(section)
        self.occurrence = occurrence
    }

    /// Keys for one file's findings, in the order given (report order keeps occurrences stable).
    public static func keys(for findings: [Finding]) -> [FindingKey] {
        var keys: [FindingKey] = []
        keys.reserveCapacity(findings.count)
        // A file has a few findings: each key's occurrence is counted among the keys before it,
        // unless there are many (a dictionary per file and hashing each key were most of this
        // function in profiles).
        let many = findings.count > 32
        var seen: [FindingKey: Int] = [:]
        if many { seen.reserveCapacity(findings.count) }
        // A file's findings share their path, and neighbours often their section: each is
        // normalised once.
        var rawPath: String?
        var path = ""
        var rawSection: String?
        var section = ""
        for finding in findings {
            if finding.path != rawPath {
                rawPath = finding.path
                path = normalizedPath(finding.path)
            }
            // Compared by bytes: canonically equivalent sections in other forms normalise to other bytes.
            let sectionText = finding.section ?? ""
            if rawSection.map({ !$0.hasSameBytes(as: sectionText) }) ?? true {
                rawSection = sectionText
                section = sectionText.isEmpty ? "" : normalizedText(sectionText)
            }
            var key = FindingKey(path: path, ruleID: finding.ruleID, normalizedText: normalizedText(finding.matchedText),
                                 normalizedSection: section)
            if many {
                let n = seen[key, default: 0]
                seen[key] = n + 1
                key.occurrence = n
            } else {
                for k in keys where k.ruleID == key.ruleID && k.text == key.text && k.section == key.section
                    && k.path == key.path { key.occurrence += 1 }
            }
            keys.append(key)
        }
        return keys
    }

    /// A key of occurrence 0 from parts already normalised.
    private init(path: String, ruleID: String, normalizedText: String, normalizedSection: String) {
        self.path = path
        self.ruleID = ruleID
        self.text = normalizedText
        self.section = normalizedSection
        self.occurrence = 0
    }

    /// `keys(for: findings).map(\.fingerprint)`, without making the keys' strings: the normalised
    /// texts are written into one byte buffer, compared there for the occurrence counts and
    /// hashed from there (the keys and their fingerprints cost ~12,000 instructions a finding of
    /// the JSON report in profiles).
    static func fingerprints(for findings: [Finding]) -> [String] {
        fingerprintHashes(for: findings).map { FNV.hex($0.0, $0.1) }
    }

    /// The two hashes of each of `fingerprints(for:)`, which are their hex digits (`FNV.hex`).
    static func fingerprintHashes(for findings: [Finding]) -> [(UInt64, UInt64)] {
        guard !findings.isEmpty else { return [] }
        // Occurrences are counted among the findings before each: quadratic, for a file's few.
        guard findings.count <= 32 else { return keys(for: findings).map(\.hashes) }
        // The normalised text, then the normalised section, of each finding.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(findings.count * 96)
        var parts: [Parts] = []
        parts.reserveCapacity(findings.count)
        var rawSection: String?
        var section = 0..<0
        var sectionPlain = true
        var rawPath: String?
        var path = ""
        var pathHash = (a: FNV.basisA, b: FNV.basisB)
        var out: [(UInt64, UInt64)] = []
        out.reserveCapacity(findings.count)
        // By index: iterating (or enumerating) copied each finding.
        for i in findings.indices {
            if findings[i].path != rawPath {
                rawPath = findings[i].path
                path = normalizedPath(findings[i].path)
                pathHash = (FNV.basisA, FNV.basisB)
                FNV.add(path, &pathHash.a, &pathHash.b)
            }
            let textStart = bytes.count
            appendNormalized(findings[i].matchedText, to: &bytes)
            let text = textStart..<bytes.count
            let textPlain = Self.isPlain(bytes[text])
            let sectionText = findings[i].section ?? ""
            if rawSection.map({ !$0.hasSameBytes(as: sectionText) }) ?? true {
                rawSection = sectionText
                let start = bytes.count
                appendNormalized(sectionText, to: &bytes)
                section = start..<bytes.count
                sectionPlain = Self.isPlain(bytes[section])
            }
            let mine = Parts(path: path, ruleID: findings[i].ruleID, text: text, section: section,
                             plain: textPlain && sectionPlain)
            var occurrence = 0
            for j in 0..<i where Self.equal(parts[j], mine, bytes) { occurrence += 1 }
            parts.append(mine)
            var (a, b) = pathHash
            FNV.add(findings[i].ruleID, &a, &b)
            bytes.withUnsafeBufferPointer { all in
                FNV.add(UnsafeBufferPointer(rebasing: all[text]), &a, &b)
                FNV.add(UnsafeBufferPointer(rebasing: all[section]), &a, &b)
            }
            FNV.addDecimal(occurrence, &a, &b)
            out.append((a, b))
        }
        return out
    }

    /// One finding's key parts for `fingerprints(for:)`: its normalised text and section are
    /// ranges of the byte buffer; `plain` when both have only scalars below U+0300 (see `equal`).
    private struct Parts {
        var path: String
        var ruleID: String
        var text: Range<Int>
        var section: Range<Int>
        var plain: Bool
    }

    /// Whether UTF-8 bytes have only scalars below U+0300 (no lead byte from CC on).
    private static func isPlain(_ bytes: ArraySlice<UInt8>) -> Bool { !bytes.contains { $0 >= 0xCC } }

    /// Whether two findings' keys are equal as `FindingKey`s of the same occurrence. Strings are
    /// equal when canonically equivalent; text with only scalars below U+0300 is in NFC (none
    /// of them has a decomposition or combines; checked by a test), where that is byte equality.
    private static func equal(_ x: Parts, _ y: Parts, _ bytes: [UInt8]) -> Bool {
        guard x.ruleID == y.ruleID, x.path == y.path else { return false }
        if x.plain && y.plain { return bytes[x.text].elementsEqual(bytes[y.text]) && bytes[x.section].elementsEqual(bytes[y.section]) }
        func string(_ r: Range<Int>) -> String { String(decoding: bytes[r], as: UTF8.self) }
        return string(x.text) == string(y.text) && string(x.section) == string(y.section)
    }

    /// A 32-hex-digit fingerprint (two independent 64-bit FNV-1a hashes), stable across runs and machines.
    public var fingerprint: String {
        // Both hashes in one pass over each part's bytes, and the digits written into one buffer:
        // collecting the bytes in an array and formatting with `String(_:radix:)` and padding
        // cost ~8,000 instructions a finding in profiles. Same bytes, same digits.
        let (a, b) = hashes
        return FNV.hex(a, b)
    }

    /// The two 64-bit hashes whose hex digits `fingerprint` is.
    var hashes: (UInt64, UInt64) {
        var a = FNV.basisA, b = FNV.basisB
        FNV.add(path, &a, &b)
        FNV.add(ruleID, &a, &b)
        FNV.add(text, &a, &b)
        FNV.add(section, &a, &b)
        FNV.addDecimal(occurrence, &a, &b)
        return (a, b)
    }

    /// The hash and the digits as first written, kept as the reference `fingerprint` is tested against.
    static func fnv1a(_ bytes: [UInt8], basis: UInt64) -> UInt64 {
        var h = basis
        for b in bytes {
            h ^= UInt64(b)
            h = h &* 0x0000_0100_0000_01B3
        }
        return h
    }

    static func hex(_ v: UInt64) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }

    static func normalizedPath(_ path: String) -> String {
        guard path.utf8.starts(with: [0x2E, 0x2F]) else { return path }   // "./"
        var p = Substring(path)
        while p.hasPrefix("./") { p = p.dropFirst(2) }
        return String(p)
    }

    /// Lowercased, whitespace runs collapsed to one space, trimmed: reflowing a paragraph or
    /// changing case at a sentence start does not make a finding new.
    static func normalizedText(_ text: String) -> String {
        var out: [UInt8] = []
        appendNormalized(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `normalizedText(text)`'s UTF-8 appended to `out`.
    static func appendNormalized(_ text: String, to out: inout [UInt8]) {
        // Written through a pointer into room made up front: appending byte by byte checked the
        // array's uniqueness and capacity for each (profile: most of the keys' cost). Lower-casing
        // grows a scalar by at most half (İ: two bytes to three) and a space is written only in
        // place of at least one white-space byte, so twice the length is room enough; should it
        // not be, the bytes are appended the checked way.
        var copy = text
        copy.withUTF8 { bytes in
            let room = 2 * bytes.count + 8
            let fitted = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: room) { buffer -> Bool in
                guard let start = buffer.baseAddress else { return false }
                var sink = PointerSink(base: start, at: 0, end: buffer.count)
                lowerAndCollapse(bytes, into: &sink)
                guard !sink.overflowed else { return false }
                out.append(contentsOf: UnsafeBufferPointer(start: start, count: sink.at))
                return true
            }
            if !fitted { lowerAndCollapse(bytes, into: &out) }
        }
    }

    /// The normalised form of UTF-8 `bytes` (valid, as a String's are) appended to `sink`.
    @inline(__always)
    private static func lowerAndCollapse<S: ByteSink>(_ bytes: UnsafeBufferPointer<UInt8>, into sink: inout S) {
        // One pass over the UTF-8 bytes, lower-casing each scalar as `String.lowercased()` does (its
        // per-scalar lower-case mapping): building a lowered copy first and appending scalar by
        // scalar dominated report writing. ASCII bytes are handled inline, and the Latin-1 white
        // space test without the property lookup (profile: it ran for every å, ä, ö).
        var pendingSpace = false
        var wrote = false
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 {
                i += 1
                if b == 0x20 || (b >= 0x09 && b <= 0x0D) {
                    pendingSpace = wrote
                } else {
                    if pendingSpace { sink.append(0x20); pendingSpace = false }
                    sink.append(b >= 0x41 && b <= 0x5A ? b + 0x20 : b)
                    wrote = true
                }
                continue
            }
            // A lead byte and its continuation bytes.
            let length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2
            guard i + length <= n else { break }
            var v = UInt32(b) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
            for k in 1..<length { v = v << 6 | UInt32(bytes[i + k] & 0x3F) }
            i += length
            guard let scalar = Unicode.Scalar(v) else { continue }
            if v < 0x100 ? (v == 0x85 || v == 0xA0) : ScalarClass.isWhitespace(scalar) {
                pendingSpace = wrote
            } else {
                if pendingSpace { sink.append(0x20); pendingSpace = false }
                ScalarClass.appendLower(scalar, to: &sink)
                wrote = true
            }
        }
    }
}

/// Bytes written at `base[at]` up to `end`, for `FindingKey.appendNormalized`; past `end` nothing
/// is written and `overflowed` is set.
private struct PointerSink: ByteSink {
    let base: UnsafeMutablePointer<UInt8>
    var at: Int
    let end: Int
    var overflowed = false

    @inline(__always) mutating func append(_ byte: UInt8) {
        guard at < end else {
            overflowed = true
            return
        }
        base[at] = byte
        at += 1
    }
}

/// The two 64-bit FNV-1a hashes of a finding's fingerprint, fed part by part, each part followed
/// by a 0 byte.
enum FNV {
    static let basisA: UInt64 = 0xcbf2_9ce4_8422_2325
    static let basisB: UInt64 = 0x6c62_272e_07bb_0142
    static let prime: UInt64 = 0x0000_0100_0000_01B3

    @inline(__always) static func add(_ bytes: UnsafeBufferPointer<UInt8>, _ a: inout UInt64, _ b: inout UInt64) {
        for byte in bytes {
            a = (a ^ UInt64(byte)) &* prime
            b = (b ^ UInt64(byte)) &* prime
        }
        a = a &* prime   // the 0 after each part: h ^ 0 == h
        b = b &* prime
    }

    static func add(_ part: String, _ a: inout UInt64, _ b: inout UInt64) {
        var copy = part
        copy.withUTF8 { add($0, &a, &b) }
    }

    /// The part `String(value)`, without making the String.
    static func addDecimal(_ value: Int, _ a: inout UInt64, _ b: inout UInt64) {
        guard value >= 0 && value < 10 else {
            add(String(value), &a, &b)
            return
        }
        withUnsafeBytes(of: UInt8(value) + 0x30) { add($0.bindMemory(to: UInt8.self), &a, &b) }
    }

    /// The 32 hex digits of both hashes.
    static func hex(_ a: UInt64, _ b: UInt64) -> String {
        String(unsafeUninitializedCapacity: 32) { out in
            guard let base = out.baseAddress else { return 0 }
            writeHex(a, b, into: base)
            return 32
        }
    }

    /// `hex(a, b)`'s 32 bytes into `out[0..<32]` (the caller's room), lower-case digits.
    @inline(__always)
    static func writeHex(_ a: UInt64, _ b: UInt64, into out: UnsafeMutablePointer<UInt8>) {
        @inline(__always) func digit(_ d: UInt64) -> UInt8 { UInt8(truncatingIfNeeded: d < 10 ? 0x30 + d : 0x57 + d) }
        for d in 0..<16 {
            out[d] = digit((a >> UInt64(60 - 4 * d)) & 0xF)
            out[16 + d] = digit((b >> UInt64(60 - 4 * d)) & 0xF)
        }
    }
}
