/// Block text with HTML white-space handling: runs of markup white space become one space that
/// maps to the run's first byte, white space at either end is dropped, and line breaks (`<br>`,
/// paragraph boundaries inside a list item or cell) become `\n` mapped to the tag that caused them.
///
/// `build()` gives the same result as `TextBuilder.build()` (soft hyphens dropped, NFC) and uses
/// it whenever composition is needed; plain text skips the extra copy, and the buffers keep their
/// capacity from block to block.
struct CollapsingText {
    private var entries = ScalarMapBuffer(capacity: 512)
    private var needsComposition = false
    private var hasSoftHyphen = false
    private var pendingSpace: Range<Int>?
    private var pendingBreaks: [Range<Int>] = []
    /// Source offset of the first scalar, and the end of the last one (pending space excluded).
    private(set) var firstStart = 0
    private(set) var lastEnd = 0

    var isEmpty: Bool { entries.isEmpty }

    @inline(__always)
    mutating func append(_ scalar: Unicode.Scalar, start: Int, end: Int) {
        if scalar.value < 0x80 && SourceAligner.isMarkupSpace(UInt8(scalar.value)) {
            if !entries.isEmpty && pendingSpace == nil && pendingBreaks.isEmpty { pendingSpace = start..<end }
            return
        }
        if entries.isEmpty {
            firstStart = start
        } else if pendingSpace != nil || !pendingBreaks.isEmpty {
            flushPending()
        }
        push(scalar, start, end)
        lastEnd = end
    }

    /// Appends UTF-8 bytes straight from the source: each scalar (U+FFFD for a malformed byte, as
    /// `SourceAligner.decodeScalar` reads it) maps to its own bytes, as `append` for each would,
    /// in one loop (profiles showed the per-scalar calls).
    mutating func appendUTF8(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, at offset: Int) {
        precondition(range.lowerBound >= 0 && range.upperBound <= bytes.count)
        // Every byte gives at most one scalar (a space only later, as the pending one), plus what
        // is pending now: room for all of them, so that the loop appends without further checks.
        entries.reserve(range.count + pendingBreaks.count + 1)
        var k = range.lowerBound
        let upper = range.upperBound
        while k < upper {
            let b = bytes[k]
            let at = offset &+ (k &- range.lowerBound)
            if b < 0x80 && SourceAligner.isMarkupSpace(b) {
                if !entries.isEmpty && pendingSpace == nil && pendingBreaks.isEmpty {
                    // One space between two runs of text collapses to itself: append it now.
                    if b == 0x20 && k + 1 < upper && !SourceAligner.isMarkupSpace(bytes[k + 1]) {
                        entries.appendReserved(" ", at, at + 1)
                    } else {
                        pendingSpace = at..<(at + 1)
                    }
                }
                k += 1
                continue
            }
            if entries.isEmpty {
                firstStart = at
            } else if pendingSpace != nil || !pendingBreaks.isEmpty {
                flushPending()
            }
            if b < 0x80 {
                // Nothing pending now: text up to the next white space other than one space
                // between words is copied as it is, by a loop that keeps its state in registers.
                // Reserved at the top of this call, and not copied since.
                let space = entries.freeSpaceReserved(upper - k)
                var w = 0
                var j = k
                var end = lastEnd
                guard let base = bytes.baseAddress else { return }
                while j < upper && w < space.room {
                    // Eight bytes at once while they are plain ASCII without white space other than
                    // single spaces before more text: exactly what the byte step below accepts.
                    // (The space test may over-report, which only sends a block to the byte step.)
                    // Wrapping arithmetic in this loop: every value is an offset into a buffer, far
                    // from overflowing, and the overflow checks were a fair part of each block.
                    if j &+ 8 < upper && w &+ 8 <= space.room {
                        let x = EightBytes.load(base + j)
                        let spaces = EightBytes.equalBytes(x, 0x20)
                        let bad = x & EightBytes.highBits | spaces & (spaces >> 8)
                            | EightBytes.equalBytes(x, 0x09) | EightBytes.equalBytes(x, 0x0A)
                            | EightBytes.equalBytes(x, 0x0C) | EightBytes.equalBytes(x, 0x0D)
                        if bad == 0 && !(x >> 56 == 0x20 && SourceAligner.isMarkupSpace(bytes[j + 8])) {
                            let o = offset &+ (j &- range.lowerBound)
                            EightBytes.store(base + j, at: o, into: space, w)
                            // The last non-space byte: the eighth, or else the seventh (no two
                            // spaces follow each other here).
                            end = x >> 56 == 0x20 ? o &+ 7 : o &+ 8
                            w &+= 8
                            j &+= 8
                            continue
                        }
                        // The bytes before the first the test flags are accepted by the byte step
                        // too (its lowest set bit is exact or early), except a space before other
                        // white space: take them at once, then step over the flagged byte. Swedish
                        // text has a non-ASCII letter every few words, and stepping to it byte by
                        // byte showed in profiles.
                        var good = bad.trailingZeroBitCount / 8
                        if good > 0 && bytes[j + good - 1] == 0x20 && SourceAligner.isMarkupSpace(bytes[j + good]) {
                            good -= 1
                        }
                        if good > 0 {
                            let o = offset &+ (j &- range.lowerBound)
                            EightBytes.store(base + j, at: o, into: space, w)
                            // A space never follows a space here, so the last non-space byte is the
                            // last or the one before it (none: `end` stays).
                            if bytes[j + good - 1] != 0x20 {
                                end = o &+ good
                            } else if good >= 2 {
                                end = o &+ (good - 1)
                            }
                            w &+= good
                            j &+= good
                        }
                    }
                    let c = bytes[j]
                    let o = offset &+ (j &- range.lowerBound)
                    if c >= 0x80 {
                        // A two-byte scalar (å, ä, ö, é), decoded as `SourceAligner.decodeScalar`
                        // does, without leaving this loop (leaving it per letter showed in profiles).
                        // Others, and one cut off by the range's end, take the general path.
                        guard j + 1 < upper, let scalar = SourceAligner.twoByteScalar(c, bytes[j + 1]) else { break }
                        if isCombiningScalar(scalar) {
                            needsComposition = true
                        } else if scalar.value == 0xAD {
                            hasSoftHyphen = true
                        }
                        space.scalars[w] = scalar
                        space.starts[w] = o
                        space.ends[w] = o &+ 2
                        end = o &+ 2
                        w &+= 1
                        j &+= 2
                        continue
                    }
                    if SourceAligner.isMarkupSpace(c) {
                        // One space before more text stands for itself (see above); others pend.
                        guard c == 0x20 && j + 1 < upper && !SourceAligner.isMarkupSpace(bytes[j + 1]) else { break }
                    } else {
                        end = o &+ 1
                    }
                    space.scalars[w] = Unicode.Scalar(c)
                    space.starts[w] = o
                    space.ends[w] = o &+ 1
                    w &+= 1
                    j &+= 1
                }
                entries.didWrite(w)
                lastEnd = end
                k = j
            } else {
                let (scalar, length) = SourceAligner.decodeScalar(bytes, at: k)
                if isCombiningScalar(scalar) {
                    needsComposition = true
                } else if scalar.value == 0xAD {
                    hasSoftHyphen = true
                }
                entries.appendReserved(scalar, at, at + length)
                lastEnd = at + length
                k += length
            }
        }
    }

    /// Emits the pending line breaks, or else the pending space, before the next scalar.
    private mutating func flushPending() {
        if !pendingBreaks.isEmpty {
            for range in pendingBreaks { push("\n", range.lowerBound, range.upperBound) }
            pendingBreaks.removeAll(keepingCapacity: true)
        } else if let space = pendingSpace {
            push(" ", space.lowerBound, space.upperBound)
        }
        pendingSpace = nil
    }

    /// A `<br>`: every one counts.
    mutating func lineBreak(_ tag: Range<Int>) {
        guard !entries.isEmpty else { return }
        pendingSpace = nil
        pendingBreaks.append(tag)
    }

    /// A paragraph boundary inside a block: at most one line break between two runs of text.
    mutating func softBreak(_ tag: Range<Int>) {
        guard !entries.isEmpty, pendingBreaks.isEmpty else { return }
        pendingSpace = nil
        pendingBreaks.append(tag)
    }

    @inline(__always)
    private mutating func push(_ scalar: Unicode.Scalar, _ start: Int, _ end: Int) {
        if scalar.value >= 0x80 {
            if isCombiningScalar(scalar) {
                needsComposition = true
            } else if scalar.value == 0xAD {
                hasSoftHyphen = true
            }
        }
        entries.append(scalar, start, end)
    }

    func build() -> BlockText {
        if needsComposition { return entries.builder().build() }
        if !hasSoftHyphen { return entries.text(0..<entries.count) }
        return entries.textWithoutSoftHyphens(0..<entries.count)
    }

    /// Empties the text for the next block, keeping the buffers.
    mutating func reset() {
        entries.removeAll()
        pendingBreaks.removeAll(keepingCapacity: true)
        needsComposition = false
        hasSoftHyphen = false
        pendingSpace = nil
        firstStart = 0
        lastEnd = 0
    }
}
