/// Block text with HTML white-space handling: runs of markup white space become one space that
/// maps to the run's first byte, white space at either end is dropped, and line breaks (`<br>`,
/// paragraph boundaries inside a list item or cell) become `\n` mapped to the tag that caused them.
struct CollapsingText {
    private(set) var builder = TextBuilder()
    private var pendingSpace: Range<Int>?
    private var pendingBreaks: [Range<Int>] = []
    /// Source offset of the first scalar, and the end of the last one (pending space excluded).
    private(set) var firstStart = 0
    private(set) var lastEnd = 0

    var isEmpty: Bool { builder.isEmpty }

    mutating func append(_ scalar: Unicode.Scalar, start: Int, end: Int) {
        if scalar.value < 0x80 && SourceAligner.isMarkupSpace(UInt8(scalar.value)) {
            if !builder.isEmpty && pendingSpace == nil && pendingBreaks.isEmpty { pendingSpace = start..<end }
            return
        }
        if builder.isEmpty {
            firstStart = start
        } else if !pendingBreaks.isEmpty {
            for range in pendingBreaks { builder.append("\n", start: range.lowerBound, end: range.upperBound) }
            pendingBreaks.removeAll(keepingCapacity: true)
        } else if let space = pendingSpace {
            builder.append(" ", start: space.lowerBound, end: space.upperBound)
        }
        pendingSpace = nil
        builder.append(scalar, start: start, end: end)
        lastEnd = end
    }

    /// A `<br>`: every one counts.
    mutating func lineBreak(_ tag: Range<Int>) {
        guard !builder.isEmpty else { return }
        pendingSpace = nil
        pendingBreaks.append(tag)
    }

    /// A paragraph boundary inside a block: at most one line break between two runs of text.
    mutating func softBreak(_ tag: Range<Int>) {
        guard !builder.isEmpty, pendingBreaks.isEmpty else { return }
        pendingSpace = nil
        pendingBreaks.append(tag)
    }

    func build() -> BlockText { builder.build() }
}
