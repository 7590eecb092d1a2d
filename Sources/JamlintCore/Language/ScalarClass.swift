/// Fast character classes over unicode scalars, with ASCII and Latin-1 fast paths so the
/// tokenizer rarely has to consult the Unicode property tables.
enum ScalarClass {
    @inline(__always) static func isDigit(_ s: Unicode.Scalar) -> Bool {
        s.value >= 0x30 && s.value <= 0x39
    }

    @inline(__always) static func isLetter(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v < 0x80 { return (v | 0x20) >= 0x61 && (v | 0x20) <= 0x7A }
        if v < 0x100 { return v >= 0xC0 && v != 0xD7 && v != 0xF7 || v == 0xAA || v == 0xB5 || v == 0xBA }
        return isAlphabetic(s)
    }

    // The Unicode property lookups live out of line: inlined, their setup (a metadata call and
    // a stack buffer) ran on every call, also for ASCII.
    @inline(never) static func isAlphabetic(_ s: Unicode.Scalar) -> Bool { s.properties.isAlphabetic }
    @inline(never) static func isUnicodeWhitespace(_ s: Unicode.Scalar) -> Bool { s.properties.isWhitespace }
    @inline(never) static func isUppercase(_ s: Unicode.Scalar) -> Bool { s.properties.isUppercase }

    @inline(__always) static func isMark(_ s: Unicode.Scalar) -> Bool {
        guard s.value >= 0x300 else { return false }
        return isCombiningMark(s)
    }

    @inline(never) static func isCombiningMark(_ s: Unicode.Scalar) -> Bool {
        switch s.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    @inline(__always) static func isUpper(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v < 0x80 { return v >= 0x41 && v <= 0x5A }
        if v < 0x100 { return v >= 0xC0 && v <= 0xDE && v != 0xD7 }
        return isUppercase(s)
    }

    /// Hyphen-minus, hyphen, non-breaking hyphen (not the dashes, which separate).
    @inline(__always) static func isHyphen(_ s: Unicode.Scalar) -> Bool {
        s.value == 0x2D || s.value == 0x2010 || s.value == 0x2011
    }

    @inline(__always) static func isApostrophe(_ s: Unicode.Scalar) -> Bool {
        s.value == 0x27 || s.value == 0x2019
    }

    /// Separators allowed between thousands groups: space, NBSP, thin and narrow no-break space.
    @inline(__always) static func isThousandsSeparator(_ s: Unicode.Scalar) -> Bool {
        s.value == 0x20 || s.value == 0xA0 || s.value == 0x202F || s.value == 0x2009
    }

    @inline(__always) static func isNewline(_ s: Unicode.Scalar) -> Bool {
        s.value == 0x0A || s.value == 0x0D || s.value == 0x2028 || s.value == 0x2029
    }

    @inline(__always) static func isWhitespace(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v < 0x80 { return v == 0x20 || (v >= 0x09 && v <= 0x0D) }
        // Below U+1680 only these two are White_Space: letters such as "Ä" at a word start
        // went to the property look-up (~360 instructions) before.
        if v < 0x1680 { return v == 0x85 || v == 0xA0 }
        return isUnicodeWhitespace(s)
    }

    /// Invisible format characters that must not split a word (soft hyphen, zero-width joiners).
    @inline(__always) static func isIgnorable(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        return v == 0xAD || v == 0x200B || v == 0x200C || v == 0x200D || v == 0x2060 || v == 0xFEFF
    }

    /// Profile: the general-category lookup cost ~200 instructions for every "," and ".";
    /// below U+0100 a bit table answers (`latin1Symbols`, checked against the lookup in tests).
    @inline(__always) static func isSymbol(_ s: Unicode.Scalar) -> Bool {
        if s.value < 0x100 { return latin1Symbols.contains(Int(s.value)) }
        return isSymbolSlow(s)
    }

    /// The symbols below U+0100 (`# $ % & + < = > @ ^ ` | ~ ¢ £ ¤ ¥ ¦ § ¨ © ¬ ® ¯ ° ± ´ ¸ × ÷`) as
    /// literal bits: a `static let` cost a `swift_once` check per call. A test compares them with
    /// `isSymbolSlow` for every value.
    static var latin1Symbols: Latin1Bits {
        Latin1Bits(words: (0x7000_0878_0000_0000, 0x5000_0001_4000_0001, 0x0113_D3FC_0000_0000, 0x0080_0000_0080_0000))
    }

    @inline(never) static func isSymbolSlow(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x25, 0x2030, 0xA7, 0x26, 0x23, 0x40, 0x2B, 0x3D, 0x3C, 0x3E: return true
        default: break
        }
        switch s.properties.generalCategory {
        case .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol: return true
        default: return false
        }
    }

    /// Appends the lower-case UTF-8 encoding of `s` to `buffer`.
    @inline(__always) static func appendLower<B: ByteSink>(_ s: Unicode.Scalar, to buffer: inout B) {
        let v = s.value
        if v < 0x80 {
            buffer.append(UInt8(v >= 0x41 && v <= 0x5A ? v + 0x20 : v))
            return
        }
        if v < 0x100 {
            // Latin-1 upper case À–Þ (not ×) lowers by 0x20; the rest is unchanged.
            let l = v >= 0xC0 && v <= 0xDE && v != 0xD7 ? v + 0x20 : v
            buffer.append(UInt8(0xC0 | (l >> 6)))
            buffer.append(UInt8(0x80 | (l & 0x3F)))
            return
        }
        appendLowerBeyondLatin1(s, to: &buffer)
    }

    @inline(never) static func appendLowerBeyondLatin1<B: ByteSink>(_ s: Unicode.Scalar, to buffer: inout B) {
        if !s.properties.changesWhenLowercased {
            appendUTF8(s, to: &buffer)
            return
        }
        for b in s.properties.lowercaseMapping.utf8 { buffer.append(b) }
    }

    @inline(__always) static func appendUTF8<B: ByteSink>(_ s: Unicode.Scalar, to buffer: inout B) {
        let v = s.value
        if v < 0x80 {
            buffer.append(UInt8(v))
        } else if v < 0x800 {
            buffer.append(UInt8(0xC0 | (v >> 6)))
            buffer.append(UInt8(0x80 | (v & 0x3F)))
        } else if v < 0x10000 {
            buffer.append(UInt8(0xE0 | (v >> 12)))
            buffer.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            buffer.append(UInt8(0x80 | (v & 0x3F)))
        } else {
            buffer.append(UInt8(0xF0 | (v >> 18)))
            buffer.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
            buffer.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            buffer.append(UInt8(0x80 | (v & 0x3F)))
        }
    }
}

/// Where UTF-8 bytes are appended: an array, or the tokenizer's scratch buffer.
protocol ByteSink {
    mutating func append(_ byte: UInt8)
}

extension Array: ByteSink where Element == UInt8 {}

/// A growable byte buffer the tokenizer reuses for every token: appending to an `[UInt8]`
/// stored in the scanner checked uniqueness and capacity per byte, and resetting it went
/// through `replaceSubrange`. The owner calls `deallocate()`.
struct ScratchBytes: ByteSink {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    var count = 0

    /// The memory is kept initialised (zeros at first) so that `head` may load eight bytes at
    /// `base` whatever `count` is: the capacity is never below 16.
    init(capacity: Int = 64) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
        base.initialize(repeating: 0, count: self.capacity)
    }

    @inline(__always) mutating func append(_ byte: UInt8) {
        if count == capacity { grow() }
        base[count] = byte
        count += 1
    }

    /// Makes room for two bytes per scalar for up to `scalars` scalars (at least one) and
    /// returns for how many scalars there is room.
    @inline(__always) mutating func reserveRoom(scalars: Int) -> Int {
        if capacity - count < 2 { grow() }
        return min(scalars, (capacity - count) / 2)
    }

    /// `reserveRoom(scalars:)` for an empty buffer (`count` 0), which needs no growing: the
    /// capacity, never below 16, holds two bytes a scalar for half as many scalars.
    @inline(__always) func roomWhenEmpty(scalars: Int) -> Int {
        precondition(count == 0)
        return Swift.min(scalars, capacity &>> 1)
    }

    /// The bytes (1 to 8 of them) packed little-endian into one word, or nil if there are more
    /// or none. Byte strings without NUL (all the tokenizer builds: NUL ends a word) pack to
    /// distinct words, also when their lengths differ.
    var packed: UInt64? {
        guard count > 0, count <= 8 else { return nil }
        var w: UInt64 = 0
        for k in 0..<count { w |= UInt64(base[k]) << (8 * UInt64(k)) }
        return w
    }

    /// `DecimalForm.value` of the bytes (a number token's form).
    var decimalValue: Double? { DecimalForm.value(UnsafeBufferPointer(start: base, count: count)) }

    /// `ByteTable.head(bytes)` from one load: eight initialised bytes at `base` (capacity >= 16),
    /// the ones past `count` masked off.
    @inline(__always) var head: UInt64 {
        let w = UInt64(littleEndian: UnsafeRawPointer(base).loadUnaligned(as: UInt64.self))
        return count >= 8 ? w : w & ((UInt64(1) << (8 * UInt64(count))) &- 1)
    }

    /// Bytes 8..<16 packed as `head` packs the first eight (0 for at most eight bytes): the
    /// capacity is never below 16 and the memory is initialised, so the load stays in the buffer.
    @inline(__always) var second: UInt64 {
        guard count > 8 else { return 0 }
        let w = UInt64(littleEndian: UnsafeRawPointer(base).loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        return count >= 16 ? w : w & ((UInt64(1) << (8 * UInt64(count - 8))) &- 1)
    }

    /// A hash of the bytes a word at a time (the FNV hash went byte by byte); loads stay within
    /// `0..<count` past the head.
    @inline(__always) func hash(head: UInt64) -> UInt32 {
        var h = (head ^ 0x9E37_79B9_7F4A_7C15) &* 0xBF58_476D_1CE4_E5B9
        if count > 8 {
            let raw = UnsafeRawPointer(base)
            var k = 8
            while k + 8 <= count {
                h = (h ^ (h >> 31) ^ UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: k, as: UInt64.self)))
                    &* 0xBF58_476D_1CE4_E5B9
                k += 8
            }
            if k < count {
                h = (h ^ (h >> 31) ^ UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)))
                    &* 0xBF58_476D_1CE4_E5B9
            }
        }
        h ^= UInt64(count)
        h = (h ^ (h >> 31)) &* 0x94D0_49BB_1331_11EB
        return UInt32(truncatingIfNeeded: h ^ (h >> 32))
    }

    private mutating func grow() {
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
        bigger.initialize(repeating: 0, count: capacity * 2)
        bigger.update(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity *= 2
    }

    @inline(__always) mutating func appendLower(_ s: Unicode.Scalar) { ScalarClass.appendLower(s, to: &self) }

    var last: UInt8? { count > 0 ? base[count - 1] : nil }
    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }
    var string: String { String(decoding: bytes, as: UTF8.self) }

    func deallocate() { base.deallocate() }
}

/// The value of a number token's form (`Token.number`).
enum DecimalForm {
    /// `Double(String(decoding: bytes, as: UTF8.self))`, for bytes that hold ASCII digits with at
    /// most one "." (a number token's form). Profile: `Double(String)` cost ~600 instructions a
    /// number. Up to 15 significant digits and 22 decimals, digits / 10^decimals is exact in both
    /// operands, so the one correctly rounded division gives the correctly rounded value, as the
    /// parser does.
    static func value(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        var mantissa: UInt64 = 0
        var digits = 0
        var decimals = -1
        for b in bytes {
            if b == 0x2E, decimals < 0 {
                decimals = 0
            } else if b &- 0x30 < 10 {
                mantissa = mantissa &* 10 &+ UInt64(b &- 0x30)
                if mantissa != 0 { digits += 1 }
                if decimals >= 0 { decimals += 1 }
            } else {
                return Double(String(decoding: bytes, as: UTF8.self))
            }
        }
        guard digits <= 15, decimals <= 22, let first = bytes.first, decimals != 0, first != 0x2E else {
            return Double(String(decoding: bytes, as: UTF8.self))
        }
        let value = Double(mantissa)
        return decimals > 0 ? value / powersOfTen[decimals] : value
    }

    /// `value` of a String's UTF-8 bytes (a token's `lower`).
    static func value(of form: String) -> Double? {
        var form = form
        return form.withUTF8 { value($0) }
    }

    private static let powersOfTen: [Double] = (0...22).map { k in
        var p = 1.0
        for _ in 0..<k { p *= 10 }
        return p
    }
}

/// A sorted set of words of at most eight UTF-8 bytes without NUL, packed as `ScratchBytes.packed`.
struct PackedWords: Sendable {
    let sorted: [UInt64]

    init<S: Sequence>(_ words: S) where S.Element == String {
        var packed: [UInt64] = []
        for word in words {
            let bytes = Array(word.utf8)
            precondition(!bytes.isEmpty && bytes.count <= 8 && !bytes.contains(0), "not packable: \(word)")
            var w: UInt64 = 0
            for (k, b) in bytes.enumerated() { w |= UInt64(b) << (8 * UInt64(k)) }
            packed.append(w)
        }
        sorted = packed.sorted()
    }

    func contains(_ w: UInt64) -> Bool {
        var lo = 0, hi = sorted.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if sorted[mid] < w { lo = mid + 1 } else { hi = mid }
        }
        return lo < sorted.count && sorted[lo] == w
    }
}

/// A set of values below 256 (Latin-1 scalars, or bytes) as four 64-bit words.
struct Latin1Bits: Sendable {
    private var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    init(words: (UInt64, UInt64, UInt64, UInt64)) { self.words = words }

    init() {}

    init<S: Sequence>(_ values: S) where S.Element == Int {
        for v in values { insert(v) }
    }

    /// Adds `v` (values outside 0..<256 are ignored).
    mutating func insert(_ v: Int) {
        guard v >= 0 && v < 0x100 else { return }
        let bit = UInt64(1) << UInt64(v & 63)
        switch v >> 6 {
        case 0: words.0 |= bit
        case 1: words.1 |= bit
        case 2: words.2 |= bit
        default: words.3 |= bit
        }
    }

    @inline(__always) func contains(_ v: Int) -> Bool {
        let word: UInt64
        switch v >> 6 {
        case 0: word = words.0
        case 1: word = words.1
        case 2: word = words.2
        case 3: word = words.3
        default: return false
        }
        return word & (UInt64(1) << UInt64(v & 63)) != 0
    }
}

extension UnsafeBufferPointer where Element == UInt8 {
    /// The start of the first occurrence of `needle` in `self[from..<limit]`; nil for an empty
    /// needle or one longer than the range. (libc's `memmem` is not in Swift's Glibc module.)
    func firstIndex(of needle: UnsafeBufferPointer<UInt8>, from: Int = 0, before limit: Int? = nil) -> Int? {
        let end = Swift.min(limit ?? count, count)
        guard let first = needle.first, from >= 0, needle.count <= end - from else { return nil }
        var i = from
        while i + needle.count <= end {
            if self[i] == first {
                var k = 1
                while k < needle.count && self[i + k] == needle[k] { k += 1 }
                if k == needle.count { return i }
            }
            i += 1
        }
        return nil
    }
}
