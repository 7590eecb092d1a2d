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

        // Each character as it is shown, with its display width.
        var cells: [(shown: String, width: Int)] = []
        var column = 0
        var byte = range.lowerBound
        var caretStart: Int?
        var caretEnd: Int?
        for character in String(decoding: source.bytes[range], as: UTF8.self) {
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
        // A long line (a whole paragraph converted from Word) is shown as a window around the
        // span, with "…" where it was cut, so the caret stays on screen.
        var lo = 0, hi = cells.count
        if column > Self.maxWidth {
            func width(_ r: Range<Int>) -> Int { cells[r].reduce(0) { $0 + $1.width } }
            lo = first
            var budget = Self.maxWidth - 2
            var spanEnd = first
            while spanEnd < last && budget - cells[spanEnd].width >= Self.context {
                budget -= cells[spanEnd].width
                spanEnd += 1
            }
            var before = 0
            while lo > 0 && before + cells[lo - 1].width <= Self.context {
                lo -= 1
                before += cells[lo].width
            }
            budget -= before
            hi = spanEnd
            while hi < cells.count && budget - cells[hi].width >= 0 {
                budget -= cells[hi].width
                hi += 1
            }
            if width(0..<lo) == 0 { lo = 0 }
        }
        var text = lo > 0 ? "…" : ""
        var caretColumn = lo > 0 ? 1 : 0
        var startColumn = caretColumn
        var endColumn = caretColumn
        for i in lo..<hi {
            if i == first { startColumn = caretColumn }
            if i == min(last, hi) { endColumn = caretColumn }
            text += cells[i].shown
            caretColumn += cells[i].width
        }
        if first >= hi { startColumn = caretColumn }
        if last >= hi { endColumn = caretColumn }
        if hi < cells.count { text += "…" }
        self.lineNumber = start.line
        self.text = text
        self.caretStart = startColumn
        self.caretWidth = max(1, endColumn - startColumn)
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
