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
        var seen: [FindingKey: Int] = [:]
        // Sized once, and one hash look-up per finding (profile: growing the table and hashing
        // each key twice were most of this function).
        seen.reserveCapacity(findings.count)
        var keys: [FindingKey] = []
        keys.reserveCapacity(findings.count)
        func next(_ count: inout Int) -> Int {
            defer { count += 1 }
            return count
        }
        // A file's findings share their path: it is normalised once.
        var rawPath: String?
        var path = ""
        for finding in findings {
            if finding.path != rawPath {
                rawPath = finding.path
                path = normalizedPath(finding.path)
            }
            var key = FindingKey(normalizedPath: path, ruleID: finding.ruleID, text: finding.matchedText,
                                 section: finding.section ?? "", occurrence: 0)
            key.occurrence = next(&seen[key, default: 0])
            keys.append(key)
        }
        return keys
    }

    /// A 32-hex-digit fingerprint (two independent 64-bit FNV-1a hashes), stable across runs and machines.
    public var fingerprint: String {
        // Both hashes in one pass over each part's bytes, and the digits written into one buffer:
        // collecting the bytes in an array and formatting with `String(_:radix:)` and padding
        // cost ~8,000 instructions a finding in profiles. Same bytes, same digits.
        var a: UInt64 = 0xcbf2_9ce4_8422_2325, b: UInt64 = 0x6c62_272e_07bb_0142
        for part in [path, ruleID, text, section, String(occurrence)] {
            var copy = part
            copy.withUTF8 { bytes in
                for byte in bytes {
                    a = (a ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
                    b = (b ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
                }
            }
            a = a &* 0x0000_0100_0000_01B3   // the 0 after each part: h ^ 0 == h
            b = b &* 0x0000_0100_0000_01B3
        }
        return String(unsafeUninitializedCapacity: 32) { out in
            let digits: StaticString = "0123456789abcdef"
            digits.withUTF8Buffer { digits in
                for (k, v) in [a, b].enumerated() {
                    for d in 0..<16 { out[16 * k + d] = digits[Int((v >> UInt64(60 - 4 * d)) & 0xF)] }
                }
            }
            return 32
        }
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
        var p = Substring(path)
        while p.hasPrefix("./") { p = p.dropFirst(2) }
        return String(p)
    }

    /// Lowercased, whitespace runs collapsed to one space, trimmed: reflowing a paragraph or
    /// changing case at a sentence start does not make a finding new.
    static func normalizedText(_ text: String) -> String {
        // One pass over the UTF-8 bytes into bytes, lower-casing each scalar as `String.lowercased()`
        // does (its per-scalar lower-case mapping): building a lowered copy first and appending
        // scalar by scalar dominated report writing. ASCII bytes are handled inline, and the
        // Latin-1 white space test without the property lookup (profile: it ran for every å, ä, ö).
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        var copy = text
        copy.withUTF8 { bytes in
            var i = 0
            let n = bytes.count
            while i < n {
                let b = bytes[i]
                if b < 0x80 {
                    i += 1
                    if b == 0x20 || (b >= 0x09 && b <= 0x0D) {
                        pendingSpace = !out.isEmpty
                    } else {
                        if pendingSpace { out.append(0x20); pendingSpace = false }
                        out.append(b >= 0x41 && b <= 0x5A ? b + 0x20 : b)
                    }
                    continue
                }
                // A String's UTF-8 is valid: a lead byte and its continuation bytes.
                let length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2
                guard i + length <= n else { break }
                var v = UInt32(b) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
                for k in 1..<length { v = v << 6 | UInt32(bytes[i + k] & 0x3F) }
                i += length
                guard let scalar = Unicode.Scalar(v) else { continue }
                if v < 0x100 ? (v == 0x85 || v == 0xA0) : ScalarClass.isWhitespace(scalar) {
                    pendingSpace = !out.isEmpty
                } else {
                    if pendingSpace { out.append(0x20); pendingSpace = false }
                    ScalarClass.appendLower(scalar, to: &out)
                }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
