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

        var text = ""
        var column = 0
        var byte = range.lowerBound
        var caretStart: Int?
        var caretEnd: Int?
        for character in String(decoding: source.bytes[range], as: UTF8.self) {
            if caretStart == nil && byte >= from { caretStart = column }
            if caretEnd == nil && byte >= to { caretEnd = column }
            if character == "\t" {
                let width = Self.tabWidth - column % Self.tabWidth
                text += String(repeating: " ", count: width)
                column += width
            } else if Self.isControl(character) {
                text += "\u{FFFD}"
                column += 1
            } else {
                text.append(character)
                column += Self.displayWidth(character)
            }
            byte += character.utf8.count
        }
        let startColumn = caretStart ?? column
        let endColumn = caretEnd ?? column
        self.lineNumber = start.line
        self.text = text
        self.caretStart = startColumn
        self.caretWidth = max(1, endColumn - startColumn)
    }

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
