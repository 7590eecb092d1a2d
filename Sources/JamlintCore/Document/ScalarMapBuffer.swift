/// A growable list of scalars with their source byte ranges, in one allocation.
///
/// The parsers append every scalar of every block here before it becomes a `BlockText`. Three
/// `Array`s cost three uniqueness checks (runtime calls) and three capacity checks per scalar,
/// which profiles showed as the largest part of turning a memo into blocks; this buffer does one
/// of each. It is a value type (copy on write), reused from block to block. Its offsets are
/// `SpanOffset`s (32 bits): every parser that fills one reads at most `SourceSpanStore.maxSourceSize`
/// bytes.
struct ScalarMapBuffer {
    private var storage: Storage
    private(set) var count = 0
    /// Where the source offsets live: the storage writes them straight into a region of a shared
    /// store, and `text` hands that region's entries to the text without copying them (a copy
    /// and an allocation per block showed in profiles).
    private let spans: SpanArena

    init(capacity: Int = 256) {
        let capacity = max(capacity, 16)
        spans = SpanArena(firstCapacity: 4 * capacity)
        storage = Storage(capacity: capacity, spans: spans, live: 0, from: nil)
    }

    var isEmpty: Bool { count == 0 }

    /// The scalar of entry `i`, which must be below `count`.
    func scalar(_ i: Int) -> Unicode.Scalar {
        precondition(i >= 0 && i < count)
        return storage.scalars[i]
    }

    /// Offsets must lie in `0...SourceSpanStore.maxOffset` (the parsers read at most that many bytes).
    @inline(__always)
    mutating func append(_ scalar: Unicode.Scalar, _ start: Int, _ end: Int) {
        if count == storage.capacity || !isKnownUniquelyReferenced(&storage) { grow(1) }
        // Debug builds check what the loader's size limit guarantees (release builds cut to 32 bits).
        assert(SourceSpanStore.fits(start) && SourceSpanStore.fits(end))
        // In bounds: `grow` guarantees capacity > count.
        storage.scalars[count] = scalar
        storage.starts[count] = SpanOffset(truncatingIfNeeded: start)
        storage.ends[count] = SpanOffset(truncatingIfNeeded: end)
        count += 1
    }

    /// `append` for a caller that has reserved room for this entry since the buffer was last
    /// copied: the capacity is still checked, the uniqueness (a runtime call) is not.
    @inline(__always)
    mutating func appendReserved(_ scalar: Unicode.Scalar, _ start: Int, _ end: Int) {
        if count == storage.capacity { grow(1) }
        assert(SourceSpanStore.fits(start) && SourceSpanStore.fits(end))
        storage.scalars[count] = scalar
        storage.starts[count] = SpanOffset(truncatingIfNeeded: start)
        storage.ends[count] = SpanOffset(truncatingIfNeeded: end)
        count += 1
    }

    /// Pointers to the first free entry of each column, with room for `additional` entries, for a
    /// loop that writes entries itself: it may write at most `additional` of them, must not append
    /// otherwise meanwhile, and then calls `didWrite` with how many it wrote.
    mutating func freeSpace(_ additional: Int) -> FreeSpace {
        if count + additional > storage.capacity || !isKnownUniquelyReferenced(&storage) { grow(additional) }
        return FreeSpace(
            scalars: storage.scalars + count, starts: OffsetColumn(base: storage.starts + count),
            ends: OffsetColumn(base: storage.ends + count), room: storage.capacity - count)
    }

    /// `freeSpace` for a caller that has called `reserve` since the buffer was last copied (as
    /// for `appendReserved`): the capacity is still checked, the uniqueness (a runtime call, which
    /// profiles showed per run of text) is not.
    @inline(__always)
    mutating func freeSpaceReserved(_ additional: Int) -> FreeSpace {
        if count + additional > storage.capacity { grow(additional) }
        return FreeSpace(
            scalars: storage.scalars + count, starts: OffsetColumn(base: storage.starts + count),
            ends: OffsetColumn(base: storage.ends + count), room: storage.capacity - count)
    }

    /// Free entries of one offset column, written and read as `Int`s (which must lie in
    /// `0...SourceSpanStore.maxOffset`).
    struct OffsetColumn {
        let base: UnsafeMutablePointer<SpanOffset>

        subscript(i: Int) -> Int {
            @inline(__always) get { Int(base[i]) }
            @inline(__always) nonmutating set { base[i] = SpanOffset(truncatingIfNeeded: newValue) }
        }
    }

    struct FreeSpace {
        let scalars: UnsafeMutablePointer<Unicode.Scalar>
        let starts: OffsetColumn
        let ends: OffsetColumn
        /// How many entries fit (at least the `additional` asked for).
        let room: Int

        /// Writes entry `w` (below `room`); the offsets must lie in `0...SourceSpanStore.maxOffset`.
        @inline(__always)
        func write(_ w: Int, _ scalar: Unicode.Scalar, _ start: Int, _ end: Int) {
            scalars[w] = scalar
            starts[w] = start
            ends[w] = end
        }
    }

    /// Counts the entries a caller of `freeSpace` wrote.
    mutating func didWrite(_ written: Int) {
        precondition(written >= 0 && count + written <= storage.capacity)
        count += written
    }

    /// Makes room for `additional` more entries and makes the storage unique.
    @inline(__always)
    mutating func reserve(_ additional: Int) {
        // The usual case (room, unique) in line: the call per literal and per text chunk showed
        // in profiles.
        if count + additional <= storage.capacity && isKnownUniquelyReferenced(&storage) { return }
        grow(additional)
    }

    @inline(never)
    private mutating func grow(_ additional: Int) {
        let needed = count + additional
        if needed <= storage.capacity && isKnownUniquelyReferenced(&storage) { return }
        var capacity = storage.scalarCapacity
        while capacity < needed { capacity *= 2 }
        if capacity == storage.scalarCapacity && isKnownUniquelyReferenced(&storage) {
            // Only the offsets' region is used up (by texts): a new region, the scalars stay.
            storage.moveSpans(live: count, spans: spans)
            return
        }
        storage = Storage(capacity: capacity, spans: spans, live: count, from: storage)
    }

    /// Drops the entries from `newCount` on (no effect when there are not that many).
    mutating func truncate(to newCount: Int) {
        if newCount >= 0 && newCount < count {
            count = newCount
            if newCount < storage.frozen { releaseFrozen() }
        }
    }

    /// Empties the buffer, keeping its storage.
    mutating func removeAll() {
        count = 0
        if storage.frozen > 0 { releaseFrozen() }
    }

    /// After `count` fell below entries a text owns: the next entries must go after those.
    private mutating func releaseFrozen() {
        // The usual case (the buffer emptied after its block's text was taken), inline: the call
        // per block showed in profiles.
        if count == 0 && isKnownUniquelyReferenced(&storage) && storage.skipFrozenInPlace() { return }
        if isKnownUniquelyReferenced(&storage) {
            storage.skipFrozen(live: count, spans: spans)
        } else {
            storage = Storage(capacity: storage.scalarCapacity, spans: spans, live: count, from: storage)
        }
    }

    /// Entries `range` as a `BlockText`: the scalars copied into an array of exactly that size,
    /// the offsets shared (those entries are never written again).
    func text(_ range: Range<Int>) -> BlockText {
        precondition(range.lowerBound >= 0 && range.upperBound <= count)
        let n = range.count
        let lo = range.lowerBound
        storage.freeze(below: range.upperBound)
        // In bounds: entries lo..<lo + n are below `count`, initialised.
        let scalars = UnsafeBufferPointer(start: storage.scalars + lo, count: n)
        // A recurring short text shares the array the thread's tokenizer cache keeps for the same
        // scalars (no allocation, no copy, nothing more to free; the analysis finds its tokens by
        // that array). Else, `Array(UnsafeBufferPointer)` is specialised to a memcpy;
        // `Array(unsafeUninitializedCapacity:)` went through unspecialised generic code (metadata
        // look-ups per call) in profiles.
        return BlockText(
            scalars: TextCache.keptScalars(equalTo: scalars) ?? Array(scalars),
            store: storage.spanStore, offset: storage.spanBase + lo)
    }

    /// The entries as a `TextBuilder`, for text that needs its normalisation.
    func builder() -> TextBuilder {
        var builder = TextBuilder()
        for i in 0..<count {
            builder.append(storage.scalars[i], start: Int(storage.starts[i]), end: Int(storage.ends[i]))
        }
        return builder
    }

    /// Entries `range` without soft hyphens (U+00AD).
    func textWithoutSoftHyphens(_ range: Range<Int>) -> BlockText {
        precondition(range.lowerBound >= 0 && range.upperBound <= count)
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(range.count)
        let (store, at) = spans.claim(range.count)
        var w = at
        for i in range where storage.scalars[i].value != 0xAD {
            scalars.append(storage.scalars[i])
            // In bounds: at most range.count entries from `at`, all claimed (a narrow store).
            store.starts[w] = storage.starts[i]
            store.ends[w] = storage.ends[i]
            w += 1
        }
        return BlockText(scalars: scalars, store: store, offset: at)
    }

    /// The scalars (own memory, reused) and the offsets (a region of a shared store that belongs to
    /// this storage alone) of the buffer's entries; `ScalarMapBuffer` replaces it to grow. Only
    /// the first `count` entries (tracked by the buffer) are initialised; all types are trivial.
    private final class Storage {
        let scalars: UnsafeMutablePointer<Unicode.Scalar>
        let scalarCapacity: Int
        private(set) var spanStore: SourceSpanStore
        /// Entry 0's index in `spanStore`; the region this storage owns ends at `regionEnd`.
        private(set) var spanBase: Int
        private var regionEnd: Int
        private(set) var starts: UnsafeMutablePointer<SpanOffset>
        private(set) var ends: UnsafeMutablePointer<SpanOffset>
        /// Entries that fit: the scalars' room and the region's.
        private(set) var capacity: Int
        /// Entries below this belong to texts made by `text`: never written again.
        private(set) var frozen = 0

        /// Storage for `capacity` entries holding the first `live` entries of `old`.
        init(capacity: Int, spans: SpanArena, live: Int, from old: Storage?) {
            scalarCapacity = capacity
            scalars = .allocate(capacity: capacity)
            // A region for a few blocks' worth of entries: after a block's text is taken, the next
            // block's entries follow in the same region.
            let (store, base) = spans.claim(2 * capacity)
            spanStore = store
            spanBase = base
            regionEnd = base + 2 * capacity
            starts = store.starts + base
            ends = store.ends + base
            self.capacity = capacity
            if let old {
                precondition(live >= 0 && live <= old.capacity && live <= capacity)
                scalars.update(from: old.scalars, count: live)
                starts.update(from: old.starts, count: live)
                ends.update(from: old.ends, count: live)
            }
        }

        /// Gives the offsets a new region, keeping the first `live` entries.
        func moveSpans(live: Int, spans: SpanArena) {
            precondition(live >= 0 && live <= capacity)
            let size = 2 * scalarCapacity
            let (store, base) = spans.claim(size)
            // In bounds: `live` entries are initialised here and claimed there (live <= capacity <= size).
            (store.starts + base).update(from: starts, count: live)
            (store.ends + base).update(from: ends, count: live)
            spanStore = store
            spanBase = base
            regionEnd = base + size
            starts = store.starts + base
            ends = store.ends + base
            capacity = scalarCapacity
            frozen = 0
        }

        /// Moves entry 0 past the frozen entries, in the same region when room is left there,
        /// keeping the first `live` entries (fewer than `frozen`).
        func skipFrozen(live: Int, spans: SpanArena) {
            precondition(live >= 0 && live < frozen && frozen <= capacity)
            let base = spanBase + frozen
            let room = min(scalarCapacity, regionEnd - base)
            // Less than a small block's worth left: a new region rather than many moves.
            guard room >= max(live + 1, scalarCapacity / 8) else { return moveSpans(live: live, spans: spans) }
            // In bounds: entries base..<base + room lie in this storage's region; the `live`
            // entries copied end below `frozen`, so source and destination do not overlap.
            // (Usually none: the buffer was emptied after its text was taken.)
            if live > 0 {
                (spanStore.starts + base).update(from: starts, count: live)
                (spanStore.ends + base).update(from: ends, count: live)
            }
            spanBase = base
            starts = spanStore.starts + base
            ends = spanStore.ends + base
            capacity = room
            frozen = 0
        }

        /// `skipFrozen(live: 0, …)` when the region has room for it (false, changing nothing, otherwise).
        @inline(__always)
        func skipFrozenInPlace() -> Bool {
            let base = spanBase &+ frozen
            let room = min(scalarCapacity, regionEnd &- base)
            guard frozen > 0, room >= max(1, scalarCapacity / 8) else { return false }
            // In bounds: base..<base + room lies in this storage's region (frozen <= capacity).
            spanBase = base
            starts = spanStore.starts + base
            ends = spanStore.ends + base
            capacity = room
            frozen = 0
            return true
        }

        func freeze(below n: Int) {
            if n > frozen { frozen = n }
        }

        deinit { scalars.deallocate() }
    }
}

/// Hands out regions of shared offset stores, replacing the current store by a larger one
/// when it is full (texts keep the old one alive).
final class SpanArena {
    private var current: SourceSpanStore?
    private var nextCapacity: Int

    init(firstCapacity: Int) { nextCapacity = max(firstCapacity, 64) }

    /// Entries `base..<base + n` of `store`, for the caller alone.
    func claim(_ n: Int) -> (store: SourceSpanStore, base: Int) {
        if let current, current.room >= n { return (current, current.claim(n)) }
        let capacity = max(n, nextCapacity)
        // Doubling up to 256 Ki entries (2 MiB): a long memo needs few stores, a short one wastes little.
        nextCapacity = min(max(capacity, nextCapacity) * 2, 1 << 18)
        let store = SourceSpanStore(capacity: capacity)
        current = store
        return (store, store.claim(n))
    }
}

/// True for scalars with a non-zero canonical combining class, the ones that can make text
/// non-NFC. Below U+0300 there are none, so the property look-up (out of line: inlined, it put
/// metadata accessor calls on every scalar's path) runs only for rarer scalars.
@inline(__always)
func isCombiningScalar(_ s: Unicode.Scalar) -> Bool {
    s.value >= 0x300 && hasCombiningClass(s)
}

@inline(never)
private func hasCombiningClass(_ s: Unicode.Scalar) -> Bool {
    s.properties.canonicalCombiningClass != .notReordered
}

/// Unicode White_Space (the same set as `properties.isWhitespace`), without a property look-up.
@inline(__always)
func isUnicodeWhiteSpace(_ s: Unicode.Scalar) -> Bool {
    let v = s.value
    if v < 0x80 { return v == 0x20 || (v >= 0x09 && v <= 0x0D) }
    return v == 0x85 || v == 0xA0 || v == 0x1680 || (v >= 0x2000 && v <= 0x200A) || v == 0x2028 || v == 0x2029
        || v == 0x202F || v == 0x205F || v == 0x3000
}

/// Tests on eight bytes at once, for the loops that copy plain text (profiles showed them per byte).
enum EightBytes {
    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// The eight bytes at `p` (which must have eight readable bytes), byte `k` in bits `8k..<8k+8`.
    @inline(__always)
    static func load(_ p: UnsafePointer<UInt8>) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(p).loadUnaligned(as: UInt64.self))
    }

    /// Bit 7 of each byte of `x` that is zero. The bit can also be set in a byte above a zero
    /// byte, so a set bit only says "maybe": callers use it to reject, never to accept.
    @inline(__always)
    static func zeroBytes(_ x: UInt64) -> UInt64 { (x &- ones) & ~x & highBits }

    /// Writes the eight ASCII bytes at `bytes` as entries `w..<w + 8` of `space` (which must have
    /// room for them), mapped to source offsets `offset..<offset + 8` (in `0...SourceSpanStore.maxOffset`),
    /// with vector stores.
    @inline(__always)
    static func store(
        _ bytes: UnsafePointer<UInt8>, at offset: Int, into space: ScalarMapBuffer.FreeSpace, _ w: Int
    ) {
        store(value: load(bytes), at: offset, into: space, w)
    }

    /// `store` for eight bytes already loaded (byte `k` in bits `8k..<8k+8`, as `load` gives them).
    @inline(__always)
    static func store(value: UInt64, at offset: Int, into space: ScalarMapBuffer.FreeSpace, _ w: Int) {
        precondition(w >= 0 && w + 8 <= space.room)
        storeUnchecked(value: value, at: offset, into: space, w)
    }

    /// `store(value:…)` for a caller whose loop condition already guarantees `0 <= w` and
    /// `w + 8 <= space.room` (the check per block showed in the copy loops' profiles).
    @inline(__always)
    static func storeUnchecked(value: UInt64, at offset: Int, into space: ScalarMapBuffer.FreeSpace, _ w: Int) {
        let raw = unsafeBitCast(value.littleEndian, to: SIMD8<UInt8>.self)
        let scalars = SIMD8<UInt32>(truncatingIfNeeded: raw)
        let starts = SIMD8<SpanOffset>(repeating: SpanOffset(truncatingIfNeeded: offset))
            &+ SIMD8<SpanOffset>(0, 1, 2, 3, 4, 5, 6, 7)
        // Unicode.Scalar is a UInt32 underneath; every value here is below 0x80.
        UnsafeMutableRawPointer(space.scalars + w).storeBytes(of: scalars, as: SIMD8<UInt32>.self)
        UnsafeMutableRawPointer(space.starts.base + w).storeBytes(of: starts, as: SIMD8<SpanOffset>.self)
        UnsafeMutableRawPointer(space.ends.base + w).storeBytes(of: starts &+ 1, as: SIMD8<SpanOffset>.self)
    }

    /// Bit 7 of each byte of `x` below `b` (at most 0x80) among the bytes below 0x80, with the
    /// caveat of `zeroBytes`; bytes from 0x80 on may be flagged or not.
    @inline(__always)
    static func belowBytes(_ x: UInt64, _ b: UInt8) -> UInt64 { (x &- ones &* UInt64(b)) & ~x & highBits }

    /// Bit 7 of each byte of `x` that is `b`, with the caveat of `zeroBytes`: the lowest set bit
    /// is exact, higher ones may be false.
    @inline(__always)
    static func equalBytes(_ x: UInt64, _ b: UInt8) -> UInt64 { zeroBytes(x ^ (ones &* UInt64(b))) }
}
