/// The locations a memo's findings were given on the line of the last one, so that the next one on
/// that line is counted on from the nearest of them rather than from the line's start.
///
/// A column is the number of Characters from the line's start, and counting them for every
/// finding is quadratic on a long line: one paragraph of 2 MB on a single line, with a finding in
/// every third sentence, took 12.6 s in `Linter.locate` (8 MB: over three minutes), and an XHTML
/// file written as one line (as exporters often do) is all one line. Every rule's findings start
/// again from the memo's top, so one remembered location is not enough: each is kept, for the line.
/// A memo's findings are located one after another, so one cursor per memo suffices.
struct LocationCursor {
    private struct Mark {
        let offset: Int
        let column: Int
        /// The column was counted on the bytes (`Linter.latinCharacterCount` of the line up to it).
        let latin: Bool
        /// A grapheme-cluster boundary that Characters can be counted on from (see `isClean`).
        let clean: Bool
    }

    /// The line the marks are on (0: none yet).
    private(set) var line = 0
    /// Ascending offsets, each once.
    private var marks: [Mark] = []

    init() {}

    /// The offset of the last location remembered (-1: none yet).
    private(set) var offset = -1

    mutating func remember(_ location: SourceLocation, latin: Bool, lineStart: Int, in bytes: [UInt8]) {
        offset = location.offset
        if location.line != line {
            line = location.line
            marks.removeAll(keepingCapacity: true)
        }
        let mark = Mark(offset: location.offset, column: location.column, latin: latin,
                        clean: Self.isClean(location.offset, lineStart: lineStart, in: bytes))
        // Mostly after the last one (a rule's findings follow the text).
        if let last = marks.last, last.offset >= mark.offset {
            let k = insertionIndex(mark.offset)
            if k < marks.count && marks[k].offset == mark.offset { return }
            marks.insert(mark, at: k)
        } else {
            marks.append(mark)
        }
    }

    /// The column of `offset` on `line` counted on from the nearest usable mark before it, and
    /// whether it was counted on the bytes, as `Linter.locate` counts it from the line's start; nil
    /// when no mark can tell (another line, none before `offset`, none usable among the nearest).
    ///
    /// On the bytes: `latinCharacterCount` counts one Character per scalar, so when the line up
    /// to a mark and the bytes from it to `offset` both pass, the counts add up, and the line up to
    /// `offset` passes too. Otherwise the line's Characters are counted (`SourceFile`'s
    /// `characterCount`), which adds up at a clean mark (`isClean`).
    func column(of offset: Int, line: Int, in bytes: [UInt8]) -> (column: Int, latin: Bool)? {
        guard self.line == line, offset <= bytes.count else { return nil }
        var k = insertionIndex(offset + 1) - 1
        // A few marks back at most: each try counts the bytes from its mark.
        var tries = 0
        while k >= 0 && tries < 4 {
            let mark = marks[k]
            if mark.latin, let n = Linter.latinCharacterCount(bytes, mark.offset..<offset) {
                return (mark.column + n, true)
            }
            if mark.clean {
                return (mark.column + SourceFile.characterCount(bytes[mark.offset..<offset]), false)
            }
            k -= 1
            tries += 1
        }
        return nil
    }

    /// The first mark at or after `offset` (`marks.count` when none).
    private func insertionIndex(_ offset: Int) -> Int {
        var lo = 0, hi = marks.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if marks[mid].offset < offset { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Whether Characters counted from `offset` add to those counted up to it: the byte before it
    /// (on its line) is printable ASCII, which no rule of UAX #29 joins to what follows (it is not
    /// Prepend, CR, ZWJ, a regional indicator nor part of an emoji sequence), and the byte at it is
    /// printable ASCII or starts a scalar below U+0300 (none is Extend, ZWJ or SpacingMark, so
    /// nothing joins it to the byte before). Both being whole scalars, a repair of invalid UTF-8
    /// does not cross it. The line's start is not a mark anyone needs.
    static func isClean(_ offset: Int, lineStart: Int, in bytes: [UInt8]) -> Bool {
        guard offset > lineStart, offset <= bytes.count else { return false }
        let before = bytes[offset - 1]
        guard before >= 0x20 && before <= 0x7E else { return false }
        guard offset < bytes.count else { return true }
        let at = bytes[offset]
        return (at >= 0x20 && at <= 0x7E) || (at >= 0xC2 && at <= 0xCB)
    }
}
