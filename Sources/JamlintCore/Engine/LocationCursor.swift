/// Locations a memo's findings were given on the line of the last one, so that the next one on
/// that line is counted on from the nearest of them rather than from the line's start.
///
/// A column is the number of Characters from the line's start, and counting them for every
/// finding is quadratic on a long line: one paragraph of 2 MB on a single line, with a finding in
/// every third sentence, took 12.6 s in `Linter.locate` (8 MB: over three minutes), and an XHTML
/// file written as one line (as exporters often do) is all one line. Every rule's findings start
/// again from the memo's top, so one remembered location is not enough. Two ascending runs of
/// locations are kept: the one being made and the longest one made before on the line (inserting
/// every location in order instead shifted the kept ones, quadratic again with several rules).
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
    /// Ascending offsets: the run being made, and the longest run made before it on this line.
    private var current: [Mark] = []
    private var earlier: [Mark] = []

    init() {}

    mutating func remember(_ location: SourceLocation, latin: Bool, lineStart: Int, in bytes: [UInt8]) {
        if location.line != line {
            line = location.line
            current.removeAll(keepingCapacity: true)
            earlier.removeAll(keepingCapacity: true)
        }
        if let last = current.last, location.offset <= last.offset {
            if location.offset == last.offset { return }
            // A new run (the next rule's findings, or another expression's).
            if current.count > earlier.count { swap(&current, &earlier) }
            current.removeAll(keepingCapacity: true)
        }
        current.append(Mark(offset: location.offset, column: location.column, latin: latin,
                            clean: Self.isClean(location.offset, lineStart: lineStart, in: bytes)))
    }

    /// The column of `offset` on `line` counted on from a usable mark before it, and whether it was
    /// counted on the bytes, as `Linter.locate` counts it from the line's start; nil when no mark
    /// can tell (another line, none before `offset`, none usable among the nearest).
    ///
    /// On the bytes: `latinCharacterCount` counts one Character per scalar, so when the line up
    /// to a mark and the bytes from it to `offset` both pass, the counts add up, and the line up to
    /// `offset` passes too. Otherwise the line's Characters are counted (`SourceFile`'s
    /// `characterCount`), which adds up at a clean mark (`isClean`).
    func column(of offset: Int, line: Int, in bytes: [UInt8]) -> (column: Int, latin: Bool)? {
        guard self.line == line, offset <= bytes.count else { return nil }
        let a = Self.lastIndex(in: current, atMost: offset)
        let b = Self.lastIndex(in: earlier, atMost: offset)
        // The nearer run's marks first.
        let currentFirst = a >= 0 && (b < 0 || current[a].offset >= earlier[b].offset)
        if currentFirst {
            if let found = Self.column(of: offset, from: current, a, in: bytes) { return found }
            return Self.column(of: offset, from: earlier, b, in: bytes)
        }
        if let found = Self.column(of: offset, from: earlier, b, in: bytes) { return found }
        return Self.column(of: offset, from: current, a, in: bytes)
    }

    /// Counted on from `marks[k]` or, when it is not usable, from one of the few before it.
    private static func column(of offset: Int, from marks: [Mark], _ last: Int, in bytes: [UInt8])
        -> (column: Int, latin: Bool)? {
        var k = last
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

    /// The index of the last mark at or before `offset` (-1 when none).
    private static func lastIndex(in marks: [Mark], atMost offset: Int) -> Int {
        var lo = 0, hi = marks.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if marks[mid].offset <= offset { lo = mid + 1 } else { hi = mid }
        }
        return lo - 1
    }

    /// Whether Characters counted from `offset` add to those counted up to it: a grapheme-cluster
    /// boundary that no rule of UAX #29 can move. The scalar before it is printable ASCII, a tab
    /// or one of the dashes and quotes U+2013, U+2014, U+2018, U+2019, U+201C, U+201D (none is
    /// Prepend, ZWJ, a regional indicator or Extended_Pictographic, and CR, the one control that
    /// joins what follows, is excluded); the scalar at it is printable ASCII, a tab, one below
    /// U+0300 or one of those dashes and quotes (none is Extend, ZWJ or SpacingMark, so nothing
    /// joins it to the one before; a digit, `#` or `*` may start a keycap sequence, which then lies
    /// after the boundary). Both being whole scalars, a repair of invalid UTF-8 does not cross it.
    /// The line's start is not a mark anyone needs.
    static func isClean(_ offset: Int, lineStart: Int, in bytes: [UInt8]) -> Bool {
        guard offset > lineStart, offset <= bytes.count else { return false }
        let before = bytes[offset - 1]
        let plainBefore = (before >= 0x20 && before <= 0x7E) || before == 0x09
            || (offset - 3 >= lineStart && isDashOrQuote(bytes, offset - 3))
        guard plainBefore else { return false }
        guard offset < bytes.count else { return true }
        let at = bytes[offset]
        return (at >= 0x20 && at <= 0x7E) || at == 0x09 || (at >= 0xC2 && at <= 0xCB) || isDashOrQuote(bytes, offset)
    }

    /// Whether the three bytes at `i` encode U+2013, U+2014, U+2018, U+2019, U+201C or U+201D.
    private static func isDashOrQuote(_ bytes: [UInt8], _ i: Int) -> Bool {
        guard i >= 0, i + 3 <= bytes.count, bytes[i] == 0xE2, bytes[i + 1] == 0x80 else { return false }
        switch bytes[i + 2] {
        case 0x93, 0x94, 0x98, 0x99, 0x9C, 0x9D: return true
        default: return false
        }
    }
}
