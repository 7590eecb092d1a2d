/// Resolves the name of an HTML named character reference (`auml` → ä); nil when unknown.
typealias EntityLookup = (ArraySlice<UInt8>) -> Unicode.Scalar?

/// Character and entity references (`&#228;`, `&#xE4;`, `&auml;`, `&amp;`) in raw markup bytes.
///
/// libxml2 hands out decoded text; these helpers find the raw bytes that produced each decoded
/// scalar, and decode attribute values that libxml2 does not hand out faithfully.
enum CharacterReference {
    /// Parses the reference starting at `start` (a `&`). `lenient` accepts a numeric reference
    /// without its `;`, as the HTML parser does. Returns nil for text that is not a reference
    /// jamlint can resolve (an unknown name stays literal text, as in HTML).
    static func parse(
        _ raw: [UInt8], at start: Int, lenient: Bool, lookup: EntityLookup
    ) -> (scalar: Unicode.Scalar, length: Int)? {
        // Scanned through a buffer pointer: the array's bounds checks on every byte of every
        // reference showed in profiles (XHTML memos write many of their å, ä and ö as references).
        switch raw.withUnsafeBufferPointer({ scan($0, at: start, lenient: lenient) }) {
        case .none:
            return nil
        case .resolved(let scalar, let length):
            return (scalar, length)
        case .name(let end):
            guard let scalar = lookup(raw[(start + 1)..<end]) else { return nil }
            return (scalar, end + 1 - start)
        }
    }

    private enum Scanned {
        case none
        case resolved(Unicode.Scalar, Int)
        /// A well-formed name in `start + 1..<end` (followed by `;`) for the caller's table.
        case name(end: Int)
    }

    /// What `parse` finds at `start` without the caller's table. Every read is at an index checked
    /// against `raw.count` first.
    @inline(__always)
    private static func scan(_ raw: UnsafeBufferPointer<UInt8>, at start: Int, lenient: Bool) -> Scanned {
        let n = raw.count
        guard start >= 0, start + 2 < n, raw[start] == UInt8(ascii: "&") else { return .none }
        if raw[start + 1] == UInt8(ascii: "#") {
            guard let (scalar, length) = parseNumeric(raw, at: start, lenient: lenient) else { return .none }
            return .resolved(scalar, length)
        }
        var end = start + 1
        var key: UInt64 = 0
        var shift: UInt64 = 0
        while end < n, end - start <= 32, isNameByte(raw[end]) {
            // The name's bytes as one integer (byte `k` in bits `8k..<8k+8`), used only for names
            // of at most eight bytes: compared with the constants below instead of comparing
            // strings (profiles showed that per reference). Name bytes are never 0, so different
            // names give different keys.
            if shift < 64 { key |= UInt64(raw[end]) &<< shift }
            shift &+= 8
            end += 1
        }
        guard end > start + 1, end < n, raw[end] == UInt8(ascii: ";") else { return .none }
        if end - start - 1 <= 8, let scalar = predefined(key) ?? common(key) {
            return .resolved(scalar, end + 1 - start)
        }
        return .name(end: end)
    }

    @inline(__always)
    private static func parseNumeric(
        _ raw: UnsafeBufferPointer<UInt8>, at start: Int, lenient: Bool
    ) -> (Unicode.Scalar, Int)? {
        let n = raw.count
        var i = start + 2
        var hex = false
        if i < n, raw[i] == UInt8(ascii: "x") || raw[i] == UInt8(ascii: "X") {
            hex = true
            i += 1
        }
        let digitsStart = i
        var value: UInt32 = 0
        while i < n, i - digitsStart < 8 {
            let b = raw[i]
            let digit: UInt32
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(b - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f") where hex: digit = UInt32(b - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F") where hex: digit = UInt32(b - UInt8(ascii: "A") + 10)
            default: digit = 16
            }
            if digit == 16 { break }
            // At most eight digits: below 2^32 even in hexadecimal, so wrapping never wraps.
            value = value &* (hex ? 16 : 10) &+ digit
            i += 1
        }
        guard i > digitsStart, let scalar = Unicode.Scalar(value), value != 0 else { return nil }
        if i < n, raw[i] == UInt8(ascii: ";") { return (scalar, i + 1 - start) }
        return lenient ? (scalar, i - start) : nil
    }

    /// The five entities XML defines without a DTD.
    @inline(__always)
    private static func predefined(_ key: UInt64) -> Unicode.Scalar? {
        switch key {
        case 0x746C: return "<"  // lt
        case 0x7467: return ">"  // gt
        case 0x70_6D61: return "&"  // amp
        case 0x746F_7571: return "\""  // quot
        case 0x736F_7061: return "'"  // apos
        default: return nil
        }
    }

    /// Names Swedish memos use all the time, spared a search of the full HTML table.
    @inline(__always)
    private static func common(_ key: UInt64) -> Unicode.Scalar? {
        switch key {
        case 0x79_6873: return "\u{AD}"  // shy
        case 0x7073_626E: return "\u{A0}"  // nbsp
        case 0x6C6D_7561: return "ä"  // auml
        case 0x6C6D_756F: return "ö"  // ouml
        case 0x6C6D_7541: return "Ä"  // Auml
        case 0x6C6D_754F: return "Ö"  // Ouml
        case 0x67_6E69_7261: return "å"  // aring
        case 0x67_6E69_7241: return "Å"  // Aring
        case 0x68_7361_646D: return "—"  // mdash
        case 0x68_7361_646E: return "–"  // ndash
        default: return nil
        }
    }

    private static func isNameByte(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
            || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9"))
    }
}
