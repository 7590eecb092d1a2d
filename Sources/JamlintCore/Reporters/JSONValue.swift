/// A JSON value with ordered object keys, so machine output is byte-for-byte deterministic
/// (Foundation's encoders either reorder keys or escape `/` and non-ASCII differently per platform).
public indirect enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool { a.rendered() == b.rendered() }
    public func hash(into hasher: inout Hasher) { hasher.combine(rendered()) }

    /// `string` or `null` for an optional.
    public static func optional(_ text: String?) -> JSONValue { text.map { .string($0) } ?? .null }

    /// Compact (one line) or pretty (two-space indent) text; never a trailing newline.
    public func rendered(pretty: Bool = false) -> String {
        // Written as UTF-8 bytes: appending scalar by scalar to a String dominated report time.
        var out: [UInt8] = []
        out.reserveCapacity(512)
        write(into: &out, pretty: pretty, depth: 0)
        return String(decoding: out, as: UTF8.self)
    }

    func write(into out: inout [UInt8], pretty: Bool, depth: Int) {
        switch self {
        case .null: Self.append("null", to: &out)
        case .bool(let b): Self.append(b ? "true" : "false", to: &out)
        case .int(let i): Self.append(String(i), to: &out)
        case .string(let s): Self.writeString(s, into: &out)
        case .array(let items):
            if items.isEmpty { Self.append("[]", to: &out); return }
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                if pretty { Self.newline(&out, depth + 1) }
                item.write(into: &out, pretty: pretty, depth: depth + 1)
            }
            if pretty { Self.newline(&out, depth) }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            if members.isEmpty { Self.append("{}", to: &out); return }
            out.append(UInt8(ascii: "{"))
            for (i, (key, value)) in members.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                if pretty { Self.newline(&out, depth + 1) }
                Self.writeString(key, into: &out)
                out.append(UInt8(ascii: ":"))
                if pretty { out.append(UInt8(ascii: " ")) }
                value.write(into: &out, pretty: pretty, depth: depth + 1)
            }
            if pretty { Self.newline(&out, depth) }
            out.append(UInt8(ascii: "}"))
        }
    }

    @inline(__always) private static func append(_ text: String, to out: inout [UInt8]) {
        out.append(contentsOf: text.utf8)
    }

    private static func newline(_ out: inout [UInt8], _ depth: Int) {
        out.append(UInt8(ascii: "\n"))
        for _ in 0..<(2 * depth) { out.append(UInt8(ascii: " ")) }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Whether any of eight bytes may be one `writeString` escapes or inspects: below 0x20, `"`,
    /// `\\`, DEL or 0xE2 (the lead byte of U+2028/U+2029). Never false for such a byte.
    @inline(__always)
    static func mayNeedEscape(_ x: UInt64) -> Bool {
        // Bytes below 0x20: (b - 0x20) borrows into bit 7 where b itself has bit 7 clear.
        let low = (x &- EightBytes.ones &* 0x20) & ~x & EightBytes.highBits
        return low | EightBytes.equalBytes(x, 0x22) | EightBytes.equalBytes(x, 0x5C)
            | EightBytes.equalBytes(x, 0x7F) | EightBytes.equalBytes(x, 0xE2) != 0
    }

    /// RFC 8259 string: quotes, backslash and control characters escaped (and U+2028/U+2029, which
    /// JavaScript treats as line ends); other text kept as UTF-8.
    static func writeString(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var text = s
        text.withUTF8 { bytes in
            var i = 0
            let n = bytes.count
            out.reserveCapacity(out.count + n + 2)
            while i < n {
                // Runs that need no escape are copied in one piece: byte-by-byte appends were most
                // of report writing.
                var j = i
                // Eight bytes at a time while none can need an escape (the test may flag a byte
                // that needs none, which the byte step below then takes).
                if let base = bytes.baseAddress {
                    while j + 8 <= n && !mayNeedEscape(EightBytes.load(base + j)) { j += 8 }
                }
                while j < n {
                    let c = bytes[j]
                    if c < 0x20 || c == 0x22 || c == 0x5C || c == 0x7F || c == 0xE2 { break }
                    j += 1
                }
                if j > i {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<j]))
                    i = j
                    if i == n { break }
                }
                let b = bytes[i]
                switch b {
                case 0x22: out.append(0x5C); out.append(0x22)
                case 0x5C: out.append(0x5C); out.append(0x5C)
                case 0x0A: out.append(0x5C); out.append(UInt8(ascii: "n"))
                case 0x0D: out.append(0x5C); out.append(UInt8(ascii: "r"))
                case 0x09: out.append(0x5C); out.append(UInt8(ascii: "t"))
                case 0x00..<0x20, 0x7F:
                    append("\\u00", to: &out)
                    out.append(hexDigits[Int(b >> 4)])
                    out.append(hexDigits[Int(b & 0x0F)])
                case 0xE2 where i + 2 < n && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9):
                    append(bytes[i + 2] == 0xA8 ? "\\u2028" : "\\u2029", to: &out)
                    i += 2
                default: out.append(b)
                }
                i += 1
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

/// The pieces a reporter writes compact JSON with: `JSONWriter` (checked appends to an array) and
/// `PointerJSONWriter` (into memory of a bound size) write the same bytes for the same calls, so
/// one generic function can serve both (`JSONReporter.write`).
protocol JSONPieceWriter {
    /// Text that is already JSON (punctuation, keys): copied as it is.
    mutating func raw(_ text: StaticString)
    mutating func byte(_ b: UInt8)
    /// A JSON string, escaped as `JSONValue.writeString` escapes it.
    mutating func string(_ s: String)
    /// `string(s)`, or `null`.
    mutating func optional(_ s: String?)
    /// Decimal digits as `String(value)` gives them.
    mutating func int(_ value: Int)
    /// `string(FNV.hex(hashes.0, hashes.1))`, without the String (`writeQuotedFingerprint`).
    mutating func fingerprint(_ hashes: (UInt64, UInt64))
}

/// `string(FNV.hex(a, b))`'s 34 bytes (32 hex digits need no escaping) into `out[0..<34]`.
/// Profile (callgrind, 880 memos): a String per finding for its fingerprint, escaped again into
/// the report, was ~1 M instructions and an allocation and a free per finding.
@inline(__always)
func writeQuotedFingerprint(_ hashes: (UInt64, UInt64), into out: UnsafeMutablePointer<UInt8>) {
    out[0] = UInt8(ascii: "\"")
    FNV.writeHex(hashes.0, hashes.1, into: out + 1)
    out[33] = UInt8(ascii: "\"")
}

/// Compact JSON written piece by piece into UTF-8 bytes, with `JSONValue`'s escaping and number
/// format, for reporters that stream many small objects.
struct JSONWriter: JSONPieceWriter {
    var bytes: [UInt8] = []

    /// Text that is already JSON (punctuation, keys): copied as it is.
    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func byte(_ b: UInt8) { bytes.append(b) }

    mutating func string(_ s: String) { JSONValue.writeString(s, into: &bytes) }

    mutating func fingerprint(_ hashes: (UInt64, UInt64)) {
        var quoted: (UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &quoted) { raw in
            // In bounds: 40 bytes of room for 34.
            let p = raw.bindMemory(to: UInt8.self)
            if let base = p.baseAddress { writeQuotedFingerprint(hashes, into: base) }
            bytes.append(contentsOf: p[0..<34])
        }
    }

    mutating func optional(_ s: String?) {
        if let s { string(s) } else { raw("null") }
    }

    /// Decimal digits as `String(i)` gives them, without making the String.
    mutating func int(_ value: Int) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        // The magnitude as UInt: `-Int.min` does not fit an Int.
        var v = value.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[23 - count] = UInt8(truncatingIfNeeded: v % 10) + UInt8(ascii: "0")
                v /= 10
                count += 1
            } while v > 0
            bytes.append(contentsOf: buffer[(24 - count)...])
        }
    }
}

/// Compact JSON written through a pointer into memory of a fixed size, with `JSONValue`'s escaping
/// and number format. Every write is checked against the end: one that does not fit writes
/// nothing and sets `overflowed` (the caller then writes the checked way).
struct PointerJSONWriter: JSONPieceWriter {
    private let base: UnsafeMutablePointer<UInt8>?
    private let end: Int
    private(set) var at = 0
    private(set) var overflowed = false

    init(_ buffer: UnsafeMutableBufferPointer<UInt8>) {
        base = buffer.baseAddress
        end = buffer.count
    }

    /// Room for `n` more bytes (at `base + at`), or nil after marking the overflow.
    @inline(__always) private mutating func room(_ n: Int) -> UnsafeMutablePointer<UInt8>? {
        guard let base, !overflowed, n <= end - at else {
            overflowed = true
            return nil
        }
        return base + at
    }

    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes in
            guard let src = bytes.baseAddress, let p = room(bytes.count) else { return }
            p.update(from: src, count: bytes.count)
            at += bytes.count
        }
    }

    @inline(__always) mutating func byte(_ b: UInt8) {
        guard let p = room(1) else { return }
        p.pointee = b
        at += 1
    }

    mutating func fingerprint(_ hashes: (UInt64, UInt64)) {
        guard let p = room(34) else { return }
        writeQuotedFingerprint(hashes, into: p)
        at += 34
    }

    mutating func optional(_ s: String?) {
        if let s { string(s) } else { raw("null") }
    }

    /// `String(value)`'s digits.
    mutating func int(_ value: Int) {
        guard let p = room(20) else { return }
        var k = 0
        if value < 0 { p[0] = UInt8(ascii: "-"); k = 1 }
        var digits = 1
        var v = value.magnitude
        while v >= 10 { v /= 10; digits += 1 }
        v = value.magnitude
        // The digits from the last (at most 19, with the sign 20).
        var d = k + digits - 1
        repeat {
            p[d] = UInt8(truncatingIfNeeded: v % 10) + UInt8(ascii: "0")
            v /= 10
            d -= 1
        } while v > 0
        at += k + digits
    }

    /// `JSONValue.writeString`'s bytes.
    mutating func string(_ s: String) {
        var text = s
        text.withUTF8 { bytes in
            let n = bytes.count
            // Worst case: each byte six (`\u00XX`), plus the quotes.
            guard let out = room(6 * n + 2) else { return }
            guard let src = bytes.baseAddress, n > 0 else {
                out[0] = UInt8(ascii: "\""); out[1] = UInt8(ascii: "\"")
                at += 2
                return
            }
            var o = 0
            out[o] = UInt8(ascii: "\""); o += 1
            var i = 0
            while i < n {
                var j = i
                while j + 8 <= n && !JSONValue.mayNeedEscape(EightBytes.load(src + j)) { j += 8 }
                while j < n {
                    let c = src[j]
                    if c < 0x20 || c == 0x22 || c == 0x5C || c == 0x7F || c == 0xE2 { break }
                    j += 1
                }
                if j > i {
                    (out + o).update(from: src + i, count: j - i)
                    o += j - i
                    i = j
                    if i == n { break }
                }
                let b = src[i]
                switch b {
                case 0x22: out[o] = 0x5C; out[o + 1] = 0x22; o += 2
                case 0x5C: out[o] = 0x5C; out[o + 1] = 0x5C; o += 2
                case 0x0A: out[o] = 0x5C; out[o + 1] = UInt8(ascii: "n"); o += 2
                case 0x0D: out[o] = 0x5C; out[o + 1] = UInt8(ascii: "r"); o += 2
                case 0x09: out[o] = 0x5C; out[o + 1] = UInt8(ascii: "t"); o += 2
                case 0x00..<0x20, 0x7F:
                    @inline(__always) func hex(_ d: UInt8) -> UInt8 { d < 10 ? 0x30 + d : 0x57 + d }
                    out[o] = 0x5C; out[o + 1] = UInt8(ascii: "u"); out[o + 2] = 0x30; out[o + 3] = 0x30
                    out[o + 4] = hex(b >> 4)
                    out[o + 5] = hex(b & 0x0F)
                    o += 6
                case 0xE2 where i + 2 < n && src[i + 1] == 0x80 && (src[i + 2] == 0xA8 || src[i + 2] == 0xA9):
                    // "\u2028" or "\u2029": six bytes for three.
                    out[o] = 0x5C; out[o + 1] = UInt8(ascii: "u"); out[o + 2] = 0x32; out[o + 3] = 0x30
                    out[o + 4] = 0x32; out[o + 5] = src[i + 2] == 0xA8 ? 0x38 : 0x39
                    o += 6
                    i += 2
                default: out[o] = b; o += 1
                }
                i += 1
            }
            out[o] = UInt8(ascii: "\""); o += 1
            at += o
        }
    }
}
