/// One quoted source line and the caret under a span, in display columns: tabs expand to the
/// next multiple of 8 (as GNU asks), East Asian wide characters and emoji take two cells,
/// combining marks stay with their letter, and control characters are shown as U+FFFD so a
/// memo cannot send escape sequences to the terminal.
struct SourceSnippet: Equatable {
    var lineNumber: Int
    var text: String
    /// Display column (0-based) where the underline starts, and its width (at least 1).
    var caretStart: Int
    var caretWidth: Int

    static let tabWidth = 8

    /// A span over several lines is underlined to the end of its first line.
    init?(source: SourceFile, start: SourceLocation, end: SourceLocation) {
        guard start.line >= 1 && start.line <= source.lineCount else { return nil }
        let range = source.lineRange(start.line)
        let from = min(max(start.offset, range.lowerBound), range.upperBound)
        var to = end.line == start.line ? min(max(end.offset, from), range.upperBound) : range.upperBound
        if to < from { to = from }

        let (walked, cut) = Self.walkedRange(source.bytes, range, from: from, to: to)
        self = Self.simpleLine(source.bytes, walked, from: from, to: to, cut: cut)
            ?? Self.characterWalk(source.bytes, walked, from: from, to: to, cut: cut)
        self.lineNumber = start.line
    }

    /// Whether `b` is the first byte of a combining diacritical mark (U+0300–U+036F), which joins
    /// the character before it.
    private static func startsCombiningMark(_ b: UInt8) -> Bool { b == 0xCC || b == 0xCD }

    /// Which sides of a line were left out before the walk (`walkedRange`).
    struct Cut: Equatable {
        var before = false
        var after = false
    }

    /// The part of the line `range` to walk for the span `from..<to`: all of it, or for a long
    /// line only the bytes near the span, since only a window of `maxWidth` cells around it is
    /// shown (`window`). Walking the whole line for each finding took time quadratic in the
    /// findings of one long line (a memo with its whole text on one line: 32,000 findings, 9 s).
    /// The part starts and ends at an ASCII byte, where no character is split (a mark combines
    /// with the scalar before it); where the bytes near a cut have none, at the first byte of a
    /// scalar that is no combining mark.
    /// Tabs inside the part expand from its start, which is shown after "…".
    static func walkedRange(_ bytes: [UInt8], _ range: Range<Int>, from: Int, to: Int) -> (Range<Int>, Cut) {
        let margin = 4 * maxWidth
        guard range.count > 4 * margin else { return (range, Cut()) }
        var lo = from - margin
        var hi = min(to, from + margin) + margin
        var cut = Cut()
        // The cut moves by at most a quarter of the margin, which leaves context enough for the
        // window (30 cells: at most 4 bytes each).
        if lo > range.lowerBound {
            let limit = lo + margin / 4
            var i = lo
            while i < limit && bytes[i] >= 0x80 { i += 1 }
            // Else the first scalar that is no mark: never inside a scalar, nor on a mark (shown
            // after "…" it would join it); a run of marks is passed over, up to the span at most.
            if i == limit {
                i = lo
                while i < from && (bytes[i] & 0xC0 == 0x80 || Self.startsCombiningMark(bytes[i])) { i += 1 }
            }
            lo = i
            cut.before = true
        } else {
            lo = range.lowerBound
        }
        if hi < range.upperBound {
            let limit = hi - margin / 4
            var i = hi
            while i > limit && bytes[i] >= 0x80 { i -= 1 }
            // Else before the nearest scalar that is no mark, as above (a mark cut off would leave
            // its letter bare), down to the span at most.
            if bytes[i] >= 0x80 {
                i = hi
                while i > from && (bytes[i] & 0xC0 == 0x80 || Self.startsCombiningMark(bytes[i])) { i -= 1 }
            }
            hi = i
            cut.after = true
        } else {
            hi = range.upperBound
        }
        return (lo..<max(lo, hi), cut)
    }

    /// The snippet of the line `range` with the span `from..<to` (byte offsets), character by
    /// character; `lineNumber` is left 0.
    static func characterWalk(_ bytes: [UInt8], _ range: Range<Int>, from: Int, to: Int, cut: Cut = Cut())
        -> SourceSnippet {
        // Each character as it is shown, with its display width.
        var cells: [(shown: String, width: Int)] = []
        var column = 0
        var byte = range.lowerBound
        var caretStart: Int?
        var caretEnd: Int?
        for character in String(decoding: bytes[range], as: UTF8.self) {
            if caretStart == nil && byte >= from { caretStart = cells.count }
            if caretEnd == nil && byte >= to { caretEnd = cells.count }
            if character == "\t" {
                let width = Self.tabWidth - column % Self.tabWidth
                cells.append((String(repeating: " ", count: width), width))
                column += width
            } else if Self.isControl(character) {
                cells.append(("\u{FFFD}", 1))
                column += 1
            } else {
                let width = Self.displayWidth(character)
                cells.append((String(character), width))
                column += width
            }
            byte += character.utf8.count
        }
        let first = caretStart ?? cells.count
        let last = max(first, caretEnd ?? cells.count)
        let widths = cells.map { UInt8(truncatingIfNeeded: $0.width) }
        let (lo, hi) = Self.window(widths, first: first, last: last, column: column)
        var text = lo > 0 || cut.before ? "…" : ""
        for i in lo..<hi { text += cells[i].shown }
        if hi < cells.count || cut.after { text += "…" }
        return SourceSnippet(lineNumber: 0, text: text, widths: widths, lo: lo, hi: hi, first: first, last: last,
                             cutBefore: cut.before)
    }

    /// The snippet from the cells' widths and the window `lo..<hi` of them that is shown (after
    /// "…" when `lo > 0` or the walk left out the line's start).
    private init(lineNumber: Int, text: String, widths: [UInt8], lo: Int, hi: Int, first: Int, last: Int,
                 cutBefore: Bool) {
        var caretColumn = lo > 0 || cutBefore ? 1 : 0
        var startColumn = caretColumn
        var endColumn = caretColumn
        for i in lo..<hi {
            if i == first { startColumn = caretColumn }
            if i == min(last, hi) { endColumn = caretColumn }
            caretColumn += Int(widths[i])
        }
        if first >= hi { startColumn = caretColumn }
        if last >= hi { endColumn = caretColumn }
        self.lineNumber = lineNumber
        self.text = text
        self.caretStart = startColumn
        self.caretWidth = max(1, endColumn - startColumn)
    }

    /// The cells `lo..<hi` shown of a line `column` cells wide: all of it, or for a long line (a
    /// whole paragraph converted from Word) a window around the span `first..<last`, with "…"
    /// where it was cut, so the caret stays on screen.
    private static func window(_ widths: [UInt8], first: Int, last: Int, column: Int) -> (lo: Int, hi: Int) {
        var lo = 0, hi = widths.count
        guard column > Self.maxWidth else { return (lo, hi) }
        lo = first
        var budget = Self.maxWidth - 2
        var spanEnd = first
        while spanEnd < last && budget - Int(widths[spanEnd]) >= Self.context {
            budget -= Int(widths[spanEnd])
            spanEnd += 1
        }
        var before = 0
        while lo > 0 && before + Int(widths[lo - 1]) <= Self.context {
            lo -= 1
            before += Int(widths[lo])
        }
        budget -= before
        hi = spanEnd
        while hi < widths.count && budget - Int(widths[hi]) >= 0 {
            budget -= Int(widths[hi])
            hi += 1
        }
        if !widths[0..<lo].contains(where: { $0 != 0 }) { lo = 0 }
        return (lo, hi)
    }

    /// The snippet of a line whose every scalar is a character of its own with a known width
    /// (`simpleWidth`), from the bytes: the Character-wise walk with a `String` and two property
    /// look-ups per character cost ~220,000 instructions a finding of the text report in profiles
    /// (memo lines are whole paragraphs). nil for any other line (and for invalid UTF-8, which
    /// the general walk shows as U+FFFD), which takes that walk. `lineNumber` is left 0.
    static func simpleLine(_ bytes: [UInt8], _ range: Range<Int>, from: Int, to: Int, cut: Cut = Cut())
        -> SourceSnippet? {
        guard range.upperBound <= bytes.count else { return nil }
        // Each cell's width and its byte length in the source; shown as those bytes, except a tab
        // (spaces) and a control character (U+FFFD). Written through pointers: appending per byte
        // was most of this function's cost (lines are paragraphs of several hundred bytes).
        // Made with the width and length of a printable ASCII byte, which most cells are.
        var widths = [UInt8](repeating: 1, count: range.count)
        var lengths = [UInt8](repeating: 1, count: range.count)
        var cells = 0
        var column = 0
        var first = 0
        var caretEnd = 0
        let simple = bytes.withUnsafeBufferPointer { bytes in
            widths.withUnsafeMutableBufferPointer { widths in
                lengths.withUnsafeMutableBufferPointer { lengths in
                    var i = range.lowerBound
                    let end = range.upperBound
                    guard let base = bytes.baseAddress else { return i == end }
                    // The caret starts at the first cell that starts at or after `from` and ends
                    // before the first that starts at or after `to` (the line's end without one):
                    // the cells are walked up to `from`, then `to`, then the end.
                    // At most one cell per byte: `cells` < `range.count` whenever `i` < `end`.
                    var phase = 0
                    var limit = min(from, end)
                    while true {
                        while i < limit {
                            // Eight printable ASCII bytes at a time (their cells are made already).
                            while i + 8 <= limit {
                                let w = EightBytes.load(base + i)
                                let low = (w &- EightBytes.ones &* 0x20) & ~w & EightBytes.highBits
                                guard (w & EightBytes.highBits) | low | EightBytes.equalBytes(w, 0x7F) == 0 else { break }
                                i += 8
                                cells += 8
                                column += 8
                            }
                            guard i < limit else { break }
                            let b = bytes[i]
                            if b &- 0x20 < 0x5F {
                                i += 1
                                cells += 1
                                column += 1
                                continue
                            }
                            var length = 1
                            var width = 1
                            if b < 0x80 {
                                // CR and LF are not inside a line's range; if one were, CR LF would be one character.
                                if b == 0x0A || b == 0x0D { return false }
                                if b == 0x09 { width = Self.tabWidth - column % Self.tabWidth }
                            } else {
                                guard let (v, n) = decode(bytes, at: i, end: end), let w = simpleWidth(v) else {
                                    return false
                                }
                                length = n
                                width = w
                            }
                            widths[cells] = UInt8(truncatingIfNeeded: width)
                            lengths[cells] = UInt8(truncatingIfNeeded: length)
                            cells += 1
                            column += width
                            i += length
                        }
                        switch phase {
                        case 0: first = cells; limit = min(max(to, i), end)
                        case 1: caretEnd = cells; limit = end
                        default: return true
                        }
                        phase += 1
                    }
                }
            }
        }
        guard simple else { return nil }
        widths.removeLast(widths.count - cells)
        let last = max(first, caretEnd)
        let (lo, hi) = window(widths, first: first, last: last, column: column)
        // The shown text: the source bytes of the cells lo..<hi, with tabs and controls replaced,
        // runs of plain cells copied in one piece.
        var at = range.lowerBound
        for k in 0..<lo { at += Int(lengths[k]) }
        var out: [UInt8] = []
        out.reserveCapacity(range.upperBound - at + 16)
        if lo > 0 || cut.before { out.append(contentsOf: [0xE2, 0x80, 0xA6]) }
        var run = at
        for k in lo..<hi {
            let n = Int(lengths[k])
            let b = bytes[at]
            let tab = b == 0x09
            if tab || b < 0x20 || b == 0x7F || (b == 0xC2 && bytes[at + 1] < 0xA0) {
                out.append(contentsOf: bytes[run..<at])
                if tab {
                    out.append(contentsOf: repeatElement(0x20, count: Int(widths[k])))
                } else {
                    out.append(contentsOf: [0xEF, 0xBF, 0xBD])
                }
                run = at + n
            }
            at += n
        }
        out.append(contentsOf: bytes[run..<at])
        if hi < cells || cut.after { out.append(contentsOf: [0xE2, 0x80, 0xA6]) }
        return SourceSnippet(lineNumber: 0, text: String(decoding: out, as: UTF8.self), widths: widths, lo: lo, hi: hi,
                             first: first, last: last, cutBefore: cut.before)
    }

    /// The scalar of a well-formed two- or three-byte UTF-8 sequence at `i` (before `end`) and its
    /// length; nil for anything else.
    @inline(__always)
    private static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int, end: Int) -> (UInt32, Int)? {
        let b = bytes[i]
        if b >= 0xC2 && b <= 0xDF {
            guard i + 1 < end, bytes[i + 1] & 0xC0 == 0x80 else { return nil }
            return (UInt32(b & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F), 2)
        }
        if b >= 0xE0 && b <= 0xEF {
            guard i + 2 < end, bytes[i + 1] & 0xC0 == 0x80, bytes[i + 2] & 0xC0 == 0x80 else { return nil }
            let v = UInt32(b & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F)
            // Overlong forms and surrogates are not well-formed.
            guard v >= 0x800 && !(v >= 0xD800 && v <= 0xDFFF) else { return nil }
            return (v, 3)
        }
        return nil
    }

    /// The display width of a scalar from U+0080 on that is a character of its own next to any
    /// other such scalar or ASCII (no mark, joiner, Hangul jamo, emoji or prepended sign among
    /// them), as `isControl` and `displayWidth` give it; nil for the others. The Latin letters,
    /// signs and the general punctuation (dashes, quotes, ellipsis) of Swedish memos; checked
    /// against the general walk by a test.
    @inline(__always)
    static func simpleWidth(_ v: UInt32) -> Int? {
        if v < 0x300 { return v == 0xAD ? 0 : 1 }   // U+0080–U+009F are controls, shown as one U+FFFD
        if (v >= 0x2010 && v <= 0x2027) || (v >= 0x2030 && v <= 0x205E) || v == 0x20AC { return 1 }
        return nil
    }

    /// Lines wider than this are shown as a window around the span.
    static let maxWidth = 120
    /// Characters of context kept on each side of the span in such a window.
    static let context = 30

    var caretLine: String {
        String(repeating: " ", count: caretStart) + String(repeating: "^", count: caretWidth)
    }

    static func isControl(_ c: Character) -> Bool {
        guard let v = c.unicodeScalars.first?.value else { return false }
        return v < 0x20 || (v >= 0x7F && v < 0xA0)
    }

    static func displayWidth(_ c: Character) -> Int {
        let scalars = c.unicodeScalars
        guard let first = scalars.first else { return 0 }
        let v = first.value
        switch first.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return scalars.count > 1 ? 1 : 0
        default: break
        }
        if first.properties.isEmojiPresentation || scalars.contains(where: { $0.value == 0xFE0F }) { return 2 }
        switch v {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }
}
