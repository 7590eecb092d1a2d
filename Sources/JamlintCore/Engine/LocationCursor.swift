/// The last location a memo's findings were given, so that the next one on the same line is
/// counted on from it rather than from the line's start.
///
/// A column is the number of Characters from the line's start, and counting them for every
/// finding is quadratic on a long line: one paragraph of 2 MB on a single line, with a finding in
/// every third sentence, took 12.6 s in `Linter.locate` (8 MB: over three minutes). A memo's
/// findings are located one after another, so one cursor per memo suffices.
struct LocationCursor {
    /// `offset` on `line` has `column`; `latin` says whether its column was counted on the bytes
    /// (`Linter.latinCharacterCount` of the line up to it). `line` 0: no location yet.
    private(set) var line = 0
    private(set) var offset = 0
    private(set) var column = 0
    private(set) var latin = false

    init() {}

    mutating func remember(_ location: SourceLocation, latin: Bool) {
        line = location.line
        offset = location.offset
        column = location.column
        self.latin = latin
    }

    /// The column of `offset` on `line` (which starts at `lineStart`) counted on from the cursor,
    /// and whether it was counted on the bytes, as `Linter.locate` counts it from the line's start;
    /// nil when the cursor cannot tell (another line, a later offset, or no clean boundary).
    ///
    /// On the bytes: `latinCharacterCount` counts one Character per scalar, so when the line up
    /// to the cursor and the bytes from it to `offset` both pass, the counts add up, and the line up
    /// to `offset` passes too. Otherwise the line's Characters are counted (`SourceFile`'s
    /// `characterCount`), which adds up at a grapheme-cluster boundary: the byte before the cursor
    /// is printable ASCII (no rule of UAX #29 joins it to what follows: it is not Prepend, CR, ZWJ,
    /// a regional indicator nor part of an emoji sequence) and the byte at it is printable ASCII or
    /// starts a scalar below U+0300 (none is Extend, ZWJ or SpacingMark, so nothing joins it to the
    /// byte before). Both being whole scalars, a repair of invalid UTF-8 does not cross the cursor.
    func column(of offset: Int, line: Int, lineStart: Int, in bytes: [UInt8]) -> (column: Int, latin: Bool)? {
        guard self.line == line, self.offset > lineStart, self.offset <= offset, offset <= bytes.count else {
            return nil
        }
        let from = self.offset
        if latin, let n = Linter.latinCharacterCount(bytes, from..<offset) { return (column + n, true) }
        let before = bytes[from - 1]
        guard before >= 0x20 && before <= 0x7E else { return nil }
        if from < bytes.count {
            let at = bytes[from]
            guard (at >= 0x20 && at <= 0x7E) || (at >= 0xC2 && at <= 0xCB) else { return nil }
        }
        return (column + SourceFile.characterCount(bytes[from..<offset]), false)
    }
}
