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
        let n = raw.count
        guard start + 2 < n, raw[start] == UInt8(ascii: "&") else { return nil }
        if raw[start + 1] == UInt8(ascii: "#") {
            return parseNumeric(raw, at: start, lenient: lenient)
        }
        var end = start + 1
        while end < n, end - start <= 32, isNameByte(raw[end]) { end += 1 }
        guard end > start + 1, end < n, raw[end] == UInt8(ascii: ";") else { return nil }
        let name = raw[(start + 1)..<end]
        guard let scalar = predefined(name) ?? common(name) ?? lookup(name) else { return nil }
        return (scalar, end + 1 - start)
    }

    private static func parseNumeric(_ raw: [UInt8], at start: Int, lenient: Bool) -> (Unicode.Scalar, Int)? {
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
            value = value * (hex ? 16 : 10) + digit
            i += 1
        }
        guard i > digitsStart, let scalar = Unicode.Scalar(value), value != 0 else { return nil }
        if i < n, raw[i] == UInt8(ascii: ";") { return (scalar, i + 1 - start) }
        return lenient ? (scalar, i - start) : nil
    }

    /// The five entities XML defines without a DTD.
    private static func predefined(_ name: ArraySlice<UInt8>) -> Unicode.Scalar? {
        switch name.count {
        case 2:
            if name.elementsEqual("lt".utf8) { return "<" }
            if name.elementsEqual("gt".utf8) { return ">" }
        case 3:
            if name.elementsEqual("amp".utf8) { return "&" }
        case 4:
            if name.elementsEqual("quot".utf8) { return "\"" }
            if name.elementsEqual("apos".utf8) { return "'" }
        default:
            break
        }
        return nil
    }

    /// Names Swedish memos use all the time, spared a search of the full HTML table.
    private static func common(_ name: ArraySlice<UInt8>) -> Unicode.Scalar? {
        switch name.count {
        case 3:
            if name.elementsEqual("shy".utf8) { return "\u{AD}" }
        case 4:
            if name.elementsEqual("nbsp".utf8) { return "\u{A0}" }
            if name.elementsEqual("auml".utf8) { return "ä" }
            if name.elementsEqual("ouml".utf8) { return "ö" }
            if name.elementsEqual("Auml".utf8) { return "Ä" }
            if name.elementsEqual("Ouml".utf8) { return "Ö" }
        case 5:
            if name.elementsEqual("aring".utf8) { return "å" }
            if name.elementsEqual("Aring".utf8) { return "Å" }
            if name.elementsEqual("mdash".utf8) { return "—" }
            if name.elementsEqual("ndash".utf8) { return "–" }
        default:
            break
        }
        return nil
    }

    private static func isNameByte(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
            || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9"))
    }
}
