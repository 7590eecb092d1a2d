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
        return v == 0xA0 || isUnicodeWhitespace(s)
    }

    /// Invisible format characters that must not split a word (soft hyphen, zero-width joiners).
    @inline(__always) static func isIgnorable(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        return v == 0xAD || v == 0x200B || v == 0x200C || v == 0x200D || v == 0x2060 || v == 0xFEFF
    }

    static func isSymbol(_ s: Unicode.Scalar) -> Bool {
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

    init(capacity: Int = 64) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    @inline(__always) mutating func append(_ byte: UInt8) {
        if count == capacity { grow() }
        base[count] = byte
        count += 1
    }

    private mutating func grow() {
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
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
