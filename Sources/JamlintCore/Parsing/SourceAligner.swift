/// Maps text that libxml2 decoded back onto the raw source bytes that produced it.
///
/// libxml2 reports element positions as lines only, and its text callbacks receive decoded text
/// (entities and character references resolved, CRLF folded to LF in XML, CDATA delimiters
/// removed). The aligner walks the decoded text and the raw bytes side by side from the last
/// known raw position: a literal scalar matches its own bytes, a reference matches when its value
/// is the decoded scalar, any markup white space matches any other (line-end and attribute
/// normalisation), and raw input that produced nothing (a skipped stray tag, a dropped reference)
/// is stepped over. Element events move `position` to the exact end of each tag, so an alignment
/// never has to search far.
struct SourceAligner {
    let raw: [UInt8]
    let lookup: EntityLookup
    /// Numeric references without `;` count as references (the HTML parser's reading).
    let lenientReferences: Bool
    /// The first raw byte not yet accounted for.
    var position: Int

    /// How far past unmatched raw input to look for a decoded scalar before giving up on it.
    static let searchLimit = 4096

    init(raw: [UInt8], start: Int, lenientReferences: Bool, lookup: @escaping EntityLookup) {
        self.raw = raw
        self.position = start
        self.lenientReferences = lenientReferences
        self.lookup = lookup
    }

    /// Aligns one chunk of decoded UTF-8, calling `emit` with each scalar and its raw byte range.
    /// `references` is false inside CDATA and script text, where `&` is literal. `end` bounds the
    /// raw bytes the chunk can have come from, so that a scalar that cannot be matched never
    /// drags the position past markup that later events need to find.
    mutating func align(
        _ decoded: UnsafeBufferPointer<UInt8>, references: Bool, end: Int, emit: (Unicode.Scalar, Int, Int) -> Void
    ) {
        let limit = min(raw.count, end)
        var i = 0
        while i < decoded.count {
            let (scalar, length) = Self.decodeScalar(decoded, at: i)
            let range = match(scalar, decoded, i, length, references: references, limit: limit)
            emit(scalar, range.lowerBound, range.upperBound)
            i += length
        }
    }

    private mutating func match(
        _ scalar: Unicode.Scalar, _ decoded: UnsafeBufferPointer<UInt8>, _ at: Int, _ length: Int, references: Bool,
        limit end: Int
    ) -> Range<Int> {
        let n = raw.count
        var p = position
        // Most scalars stand for themselves right at the position.
        if p + length <= end, raw[p] == decoded[at], raw[p] != UInt8(ascii: "&") || !references,
            length == 1 || bytesEqual(p, decoded, at, length)
        {
            return take(p, length)
        }
        let limit = min(end, position + Self.searchLimit)
        while p < limit {
            let b = raw[p]
            if references && b == UInt8(ascii: "&"),
                let ref = CharacterReference.parse(raw, at: p, lenient: lenientReferences, lookup: lookup)
            {
                if ref.scalar == scalar { return take(p, ref.length) }
                if scalar != "&" {
                    // The parser dropped or rejected this reference; its value is not in the text.
                    p += ref.length
                    continue
                }
            }
            if Self.isMarkupSpace(b) && scalar.value < 0x80 && Self.isMarkupSpace(UInt8(scalar.value)) {
                let crlf = b == 0x0D && p + 1 < n && raw[p + 1] == 0x0A && scalar != "\r"
                return take(p, crlf ? 2 : 1)
            }
            if p + length <= n && bytesEqual(p, decoded, at, length) { return take(p, length) }
            p = b == UInt8(ascii: "<") ? skipMarkup(from: p, limit: limit) : p + Self.sequenceLength(b)
        }
        return position..<position
    }

    private mutating func take(_ start: Int, _ length: Int) -> Range<Int> {
        position = start + length
        return start..<position
    }

    private func bytesEqual(_ p: Int, _ decoded: UnsafeBufferPointer<UInt8>, _ at: Int, _ length: Int) -> Bool {
        for k in 0..<length where raw[p + k] != decoded[at + k] { return false }
        return true
    }

    /// The end of a comment, the inside of a CDATA opener, or the end of a tag starting at `p`.
    private func skipMarkup(from p: Int, limit: Int) -> Int {
        if Self.hasPrefix(raw, "<![CDATA[", at: p) { return p + 9 }
        if Self.hasPrefix(raw, "<!--", at: p) {
            var q = p + 4
            while q + 2 < limit {
                if raw[q] == UInt8(ascii: "-") && raw[q + 1] == UInt8(ascii: "-") && raw[q + 2] == UInt8(ascii: ">") {
                    return q + 3
                }
                q += 1
            }
            return limit
        }
        var q = p + 1
        while q < limit && raw[q] != UInt8(ascii: ">") { q += 1 }
        return min(q + 1, limit)
    }

    static func hasPrefix(_ raw: [UInt8], _ prefix: StaticString, at p: Int) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard p >= 0, p + count <= raw.count else { return false }
        return prefix.withUTF8Buffer { bytes in
            for k in 0..<count where raw[p + k] != bytes[k] { return false }
            return true
        }
    }

    /// Space, tab, LF, FF and CR: the white space HTML collapses and XML normalises.
    static func isMarkupSpace(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0C
    }

    static func sequenceLength(_ b: UInt8) -> Int {
        b < 0xC0 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4
    }

    /// The scalar of a well-formed two-byte UTF-8 sequence (å, ä, ö, é), as `decodeScalar`
    /// decodes it, or nil for anything else: the parsers' block loops keep these letters in the
    /// loop instead of leaving it for `decodeScalar` per letter.
    @inline(__always) static func twoByteScalar(_ c0: UInt8, _ c1: UInt8) -> Unicode.Scalar? {
        guard c0 >= 0xC2 && c0 <= 0xDF && c1 & 0xC0 == 0x80 else { return nil }
        return Unicode.Scalar(UInt16(c0 & 0x1F) << 6 | UInt16(c1 & 0x3F))
    }

    /// Decodes one UTF-8 scalar; malformed input becomes U+FFFD for one byte.
    static func decodeScalar(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> (Unicode.Scalar, Int) {
        let b0 = bytes[i]
        if b0 < 0x80 { return (Unicode.Scalar(b0), 1) }
        let length = sequenceLength(b0)
        guard length > 1, i + length <= bytes.count else { return ("\u{FFFD}", 1) }
        var value = UInt32(b0) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
        for k in 1..<length {
            let b = bytes[i + k]
            guard b & 0xC0 == 0x80 else { return ("\u{FFFD}", 1) }
            value = value << 6 | UInt32(b & 0x3F)
        }
        guard let scalar = Unicode.Scalar(value) else { return ("\u{FFFD}", 1) }
        return (scalar, length)
    }
}
