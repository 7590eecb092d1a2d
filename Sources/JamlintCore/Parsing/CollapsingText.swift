/// Block text with HTML white-space handling: runs of markup white space become one space that
/// maps to the run's first byte, white space at either end is dropped, and line breaks (`<br>`,
/// paragraph boundaries inside a list item or cell) become `\n` mapped to the tag that caused them.
///
/// `build()` gives the same result as `TextBuilder.build()` (soft hyphens dropped, NFC) and uses
/// it whenever composition is needed; plain text skips the extra copy, and the buffers keep their
/// capacity from block to block.
struct CollapsingText {
    private var scalars: [Unicode.Scalar] = []
    private var starts: [Int] = []
    private var ends: [Int] = []
    private var needsComposition = false
    private var hasSoftHyphen = false
    private var pendingSpace: Range<Int>?
    private var pendingBreaks: [Range<Int>] = []
    /// Source offset of the first scalar, and the end of the last one (pending space excluded).
    private(set) var firstStart = 0
    private(set) var lastEnd = 0

    var isEmpty: Bool { scalars.isEmpty }

    mutating func append(_ scalar: Unicode.Scalar, start: Int, end: Int) {
        if scalar.value < 0x80 && SourceAligner.isMarkupSpace(UInt8(scalar.value)) {
            if !scalars.isEmpty && pendingSpace == nil && pendingBreaks.isEmpty { pendingSpace = start..<end }
            return
        }
        if scalars.isEmpty {
            firstStart = start
        } else if !pendingBreaks.isEmpty {
            for range in pendingBreaks { push("\n", range.lowerBound, range.upperBound) }
            pendingBreaks.removeAll(keepingCapacity: true)
        } else if let space = pendingSpace {
            push(" ", space.lowerBound, space.upperBound)
        }
        pendingSpace = nil
        push(scalar, start, end)
        lastEnd = end
    }

    /// A `<br>`: every one counts.
    mutating func lineBreak(_ tag: Range<Int>) {
        guard !scalars.isEmpty else { return }
        pendingSpace = nil
        pendingBreaks.append(tag)
    }

    /// A paragraph boundary inside a block: at most one line break between two runs of text.
    mutating func softBreak(_ tag: Range<Int>) {
        guard !scalars.isEmpty, pendingBreaks.isEmpty else { return }
        pendingSpace = nil
        pendingBreaks.append(tag)
    }

    private mutating func push(_ scalar: Unicode.Scalar, _ start: Int, _ end: Int) {
        if scalar.value >= 0x300 && scalar.properties.canonicalCombiningClass != .notReordered {
            needsComposition = true
        } else if scalar.value == 0xAD {
            hasSoftHyphen = true
        }
        scalars.append(scalar)
        starts.append(start)
        ends.append(end)
    }

    func build() -> BlockText {
        if needsComposition {
            var builder = TextBuilder()
            for i in scalars.indices { builder.append(scalars[i], start: starts[i], end: ends[i]) }
            return builder.build()
        }
        if !hasSoftHyphen {
            return BlockText(scalars: Array(scalars[...]), starts: Array(starts[...]), ends: Array(ends[...]))
        }
        var outScalars: [Unicode.Scalar] = [], outStarts: [Int] = [], outEnds: [Int] = []
        outScalars.reserveCapacity(scalars.count)
        outStarts.reserveCapacity(scalars.count)
        outEnds.reserveCapacity(scalars.count)
        for i in scalars.indices where scalars[i].value != 0xAD {
            outScalars.append(scalars[i])
            outStarts.append(starts[i])
            outEnds.append(ends[i])
        }
        return BlockText(scalars: outScalars, starts: outStarts, ends: outEnds)
    }

    /// Empties the text for the next block, keeping the buffers.
    mutating func reset() {
        scalars.removeAll(keepingCapacity: true)
        starts.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        pendingBreaks.removeAll(keepingCapacity: true)
        needsComposition = false
        hasSoftHyphen = false
        pendingSpace = nil
        firstStart = 0
        lastEnd = 0
    }
}
