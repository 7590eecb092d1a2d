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

    /// Appends UTF-8 bytes `range` of `bytes` straight from the source (`bytes` may go on past the
    /// range; those bytes are read, eight at a time, but never appended): each scalar (U+FFFD for a
    /// malformed byte, as `SourceAligner.decodeScalar` reads it) maps to its own bytes, as `append`
    /// for each would, in one loop (profiles showed the per-scalar calls).
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
                // Eight-byte loads may read past the range up to the end of `bytes` (callers pass the
                // whole rest of the source), so that the last bytes of a chunk need no byte steps.
                let readable = bytes.count
                let room = space.room
                while j < upper && w < room {
                    // Whole blocks of the range while there is room for eight entries: the block
                    // step below without the masking of bytes past the range, in a loop of its own
                    // (its checks for the range's end were a fair part of each block). It takes
                    // exactly what that step would; `partial`: it stopped inside a block, so the
                    // byte step comes next.
                    var partial = false
                    while j &+ 8 <= upper && w &+ 8 <= room {
                        // In bounds: bytes j..<j + 8 with j + 8 <= upper <= bytes.count.
                        let x = EightBytes.load(base + j)
                        let bad = Self.plainStops(x)
                        // In bounds: j + good - 1 < upper; j + good < upper unless good == upper - j.
                        let good = Self.taken(bad == 0 ? 8 : bad.trailingZeroBitCount &>> 3, base, j, remaining: upper &- j)
                        if good > 0 {
                            let o = offset &+ (j &- range.lowerBound)
                            // Room for eight entries: w + 8 <= room.
                            EightBytes.storeUnchecked(value: x, at: o, into: space, w)
                            end = Self.end(afterTaking: good, base, j, at: o, else: end)
                            w &+= good
                            j &+= good
                            if good == 8 { continue }
                        }
                        partial = true
                        break
                    }
                    // As the loop's condition: the whole blocks may have used up the range or the room.
                    if j >= upper || w >= room { break }
                    // Eight bytes at once while they are plain ASCII without white space other than
                    // single spaces before more text: exactly what the byte step below accepts.
                    // Wrapping arithmetic in this loop: every value is an offset into a buffer, far
                    // from overflowing, and the overflow checks were a fair part of each block.
                    if !partial && j &+ 8 <= readable && w &+ 8 <= room {
                        // In bounds: bytes j..<j + 8 with j + 8 <= bytes.count.
                        let x = EightBytes.load(base + j)
                        let remaining = upper &- j
                        // Flags: non-ASCII bytes, bytes below 0x20 (tab, LF, FF and CR among them;
                        // the other control bytes only go to the byte step), a space before a space,
                        // and every byte past the range. The lowest flag is exact or early (see
                        // `EightBytes.zeroBytes`), so every byte before it is one the byte step takes.
                        var bad = Self.plainStops(x)
                        if remaining < 8 { bad |= EightBytes.highBits &<< UInt64(8 &* remaining) }
                        let good = Self.taken(bad == 0 ? 8 : bad.trailingZeroBitCount / 8, base, j, remaining: remaining)
                        if good > 0 {
                            let o = offset &+ (j &- range.lowerBound)
                            // Writes eight entries (room checked above), of which `good` count.
                            EightBytes.store(value: x, at: o, into: space, w)
                            end = Self.end(afterTaking: good, base, j, at: o, else: end)
                            w &+= good
                            j &+= good
                            if good == 8 { continue }
                            if j >= upper { break }
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
                        space.write(w, scalar, o, o &+ 2)
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
                    space.write(w, Unicode.Scalar(c), o, o &+ 1)
                    w &+= 1
                    j &+= 1
                }
                entries.didWrite(w)
                lastEnd = end
                k = j
            } else {
                // Decoded within the range: a scalar cut off by its end is U+FFFD, as before.
                let (scalar, length) = SourceAligner.decodeScalar(UnsafeBufferPointer(rebasing: bytes[..<upper]), at: k)
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
    // The steps both eight-byte loops of `appendUTF8` share (one for whole blocks inside the range,
    // one that masks the bytes past it).

    /// Flags (high bits) of the bytes the byte step would not take as they come: non-ASCII bytes,
    /// bytes below 0x20 (tab, LF, FF and CR among them; the other control bytes only go to the
    /// byte step), and a space before a space. The lowest flag is exact or early (see
    /// `EightBytes.zeroBytes`), so every byte before it is one the byte step takes.
    @inline(__always)
    private static func plainStops(_ x: UInt64) -> UInt64 {
        let spaces = EightBytes.equalBytes(x, 0x20)
        let below = (x &- EightBytes.ones &* 0x20) & ~x
        return (x | below) & EightBytes.highBits | spaces & (spaces >> 8)
    }

    /// How many of the `good` plain bytes at `j` are taken: a space stands for itself only before
    /// more text (else it pends), which the byte after them decides, or the end of the range
    /// (`remaining` bytes from `j`). In bounds: `good <= remaining`, and `base[j + good]` is read
    /// only when `good < remaining`.
    @inline(__always)
    private static func taken(_ good: Int, _ base: UnsafePointer<UInt8>, _ j: Int, remaining: Int) -> Int {
        if good > 0 && base[j &+ good &- 1] == 0x20
            && (good == remaining || SourceAligner.isMarkupSpace(base[j &+ good])) {
            return good - 1
        }
        return good
    }

    /// The text's end after taking `good` (> 0) bytes at `j`, copied to source offset `o`: a space
    /// never follows a space there, so the last non-space byte is the last or the one before it
    /// (none: `end` stays).
    @inline(__always)
    private static func end(afterTaking good: Int, _ base: UnsafePointer<UInt8>, _ j: Int, at o: Int, else end: Int) -> Int {
        if base[j &+ good &- 1] != 0x20 { return o &+ good }
        return good >= 2 ? o &+ (good - 1) : end
    }

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
        // Only when there is something to remove: on the shared empty array, `removeAll` allocated
        // an array and released it, for every block (profiles).
        if !pendingBreaks.isEmpty { pendingBreaks.removeAll(keepingCapacity: true) }
        needsComposition = false
        hasSoftHyphen = false
        pendingSpace = nil
        firstStart = 0
        lastEnd = 0
    }
}
