/// A growable list of scalars with their source byte ranges, in one allocation.
///
/// The parsers append every scalar of every block here before it becomes a `BlockText`. Three
/// `Array`s cost three uniqueness checks (runtime calls) and three capacity checks per scalar,
/// which profiles showed as the largest part of turning a memo into blocks; this buffer does one
/// of each. It is a value type (copy on write), reused from block to block.
struct ScalarMapBuffer {
    private var storage: Storage
    private(set) var count = 0
    /// Where `text` puts the source offsets of the texts it makes: shared stores, so that a block
    /// costs no allocation of its own for them (copies of the buffer share it too; appending only
    /// ever writes entries no text owns yet).
    private let spans: SpanArena

    init(capacity: Int = 256) {
        storage = Storage(capacity: max(capacity, 16))
        spans = SpanArena(firstCapacity: 4 * max(capacity, 16))
    }

    var isEmpty: Bool { count == 0 }

    /// The scalar of entry `i`, which must be below `count`.
    func scalar(_ i: Int) -> Unicode.Scalar {
        precondition(i >= 0 && i < count)
        return storage.scalars[i]
    }

    @inline(__always)
    mutating func append(_ scalar: Unicode.Scalar, _ start: Int, _ end: Int) {
        if count == storage.capacity || !isKnownUniquelyReferenced(&storage) { reserve(1) }
        // In bounds: `reserve` guarantees capacity > count.
        storage.scalars[count] = scalar
        storage.starts[count] = start
        storage.ends[count] = end
        count += 1
    }

    /// `append` for a caller that has reserved room for this entry since the buffer was last
    /// copied: the capacity is still checked, the uniqueness (a runtime call) is not.
    @inline(__always)
    mutating func appendReserved(_ scalar: Unicode.Scalar, _ start: Int, _ end: Int) {
        if count == storage.capacity { reserve(1) }
        storage.scalars[count] = scalar
        storage.starts[count] = start
        storage.ends[count] = end
        count += 1
    }

    /// Pointers to the first free entry of each column, with room for `additional` entries, for a
    /// loop that writes entries itself: it may write at most `additional` of them, must not append
    /// otherwise meanwhile, and then calls `didWrite` with how many it wrote.
    mutating func freeSpace(_ additional: Int) -> FreeSpace {
        if count + additional > storage.capacity || !isKnownUniquelyReferenced(&storage) { reserve(additional) }
        return FreeSpace(
            scalars: storage.scalars + count, starts: storage.starts + count, ends: storage.ends + count,
            room: storage.capacity - count)
    }

    /// `freeSpace` for a caller that has called `reserve` since the buffer was last copied (as
    /// for `appendReserved`): the capacity is still checked, the uniqueness (a runtime call, which
    /// profiles showed per run of text) is not.
    mutating func freeSpaceReserved(_ additional: Int) -> FreeSpace {
        if count + additional > storage.capacity { reserve(additional) }
        return FreeSpace(
            scalars: storage.scalars + count, starts: storage.starts + count, ends: storage.ends + count,
            room: storage.capacity - count)
    }

    struct FreeSpace {
        let scalars: UnsafeMutablePointer<Unicode.Scalar>
        let starts: UnsafeMutablePointer<Int>
        let ends: UnsafeMutablePointer<Int>
        /// How many entries fit (at least the `additional` asked for).
        let room: Int
    }

    /// Counts the entries a caller of `freeSpace` wrote.
    mutating func didWrite(_ written: Int) {
        precondition(written >= 0 && count + written <= storage.capacity)
        count += written
    }

    /// Makes room for `additional` more entries and makes the storage unique.
    mutating func reserve(_ additional: Int) {
        let needed = count + additional
        if needed <= storage.capacity && isKnownUniquelyReferenced(&storage) { return }
        var capacity = storage.capacity
        while capacity < needed { capacity *= 2 }
        let grown = Storage(capacity: capacity)
        grown.scalars.update(from: storage.scalars, count: count)
        grown.starts.update(from: storage.starts, count: count)
        grown.ends.update(from: storage.ends, count: count)
        storage = grown
    }

    /// Drops the entries from `newCount` on (no effect when there are not that many).
    mutating func truncate(to newCount: Int) {
        if newCount >= 0 && newCount < count { count = newCount }
    }

    /// Empties the buffer, keeping its storage.
    mutating func removeAll() { count = 0 }

    /// Entries `range` as a `BlockText`, copied into arrays of exactly that size.
    func text(_ range: Range<Int>) -> BlockText {
        precondition(range.lowerBound >= 0 && range.upperBound <= count)
        let n = range.count
        let lo = range.lowerBound
        // `Array(UnsafeBufferPointer)` is specialised to a memcpy; `Array(unsafeUninitializedCapacity:)`
        // went through unspecialised generic code (metadata look-ups per call) in profiles.
        let store = spans.store(room: n)
        let at = store.used
        // In bounds: lo + n <= count <= capacity; the store has room for n.
        store.append(storage.starts + lo, storage.ends + lo, n)
        return BlockText(
            scalars: Array(UnsafeBufferPointer(start: storage.scalars + lo, count: n)), store: store, offset: at)
    }

    /// The entries as a `TextBuilder`, for text that needs its normalisation.
    func builder() -> TextBuilder {
        var builder = TextBuilder()
        for i in 0..<count { builder.append(storage.scalars[i], start: storage.starts[i], end: storage.ends[i]) }
        return builder
    }

    /// Entries `range` without soft hyphens (U+00AD).
    func textWithoutSoftHyphens(_ range: Range<Int>) -> BlockText {
        precondition(range.lowerBound >= 0 && range.upperBound <= count)
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(range.count)
        let store = spans.store(room: range.count)
        let at = store.used
        for i in range where storage.scalars[i].value != 0xAD {
            scalars.append(storage.scalars[i])
            store.append(start: storage.starts[i], end: storage.ends[i])
        }
        return BlockText(scalars: scalars, store: store, offset: at)
    }

    /// Fixed-capacity storage; `ScalarMapBuffer` replaces it to grow. Only the first `count`
    /// entries (tracked by the buffer) are initialised; all element types are trivial.
    private final class Storage {
        let scalars: UnsafeMutablePointer<Unicode.Scalar>
        let starts: UnsafeMutablePointer<Int>
        let ends: UnsafeMutablePointer<Int>
        let capacity: Int

        init(capacity: Int) {
            self.capacity = capacity
            scalars = .allocate(capacity: capacity)
            starts = .allocate(capacity: capacity)
            ends = .allocate(capacity: capacity)
        }

        deinit {
            scalars.deallocate()
            starts.deallocate()
            ends.deallocate()
        }
    }
}

/// The current shared offset store of a `ScalarMapBuffer`, replaced by a larger one when full
/// (texts keep the old one alive).
private final class SpanArena {
    private var current: SourceSpanStore?
    private var nextCapacity: Int

    init(firstCapacity: Int) { nextCapacity = max(firstCapacity, 64) }

    /// A store with room for `n` more entries.
    func store(room n: Int) -> SourceSpanStore {
        if let current, current.room >= n { return current }
        let capacity = max(n, nextCapacity)
        // Doubling up to 64 Ki entries (1 MiB): a long memo needs few stores, a short one wastes little.
        nextCapacity = min(max(capacity, nextCapacity) * 2, 1 << 16)
        let store = SourceSpanStore(capacity: capacity)
        current = store
        return store
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
    /// room for them), mapped to source offsets `offset..<offset + 8`, with vector stores.
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
        let raw = unsafeBitCast(value.littleEndian, to: SIMD8<UInt8>.self)
        let scalars = SIMD8<UInt32>(truncatingIfNeeded: raw)
        let starts = SIMD8<Int>(repeating: offset) &+ SIMD8<Int>(0, 1, 2, 3, 4, 5, 6, 7)
        // Unicode.Scalar is a UInt32 underneath; every value here is below 0x80.
        UnsafeMutableRawPointer(space.scalars + w).storeBytes(of: scalars, as: SIMD8<UInt32>.self)
        UnsafeMutableRawPointer(space.starts + w).storeBytes(of: starts, as: SIMD8<Int>.self)
        UnsafeMutableRawPointer(space.ends + w).storeBytes(of: starts &+ 1, as: SIMD8<Int>.self)
    }

    /// Bit 7 of each byte of `x` that is `b`, with the caveat of `zeroBytes`: the lowest set bit
    /// is exact, higher ones may be false.
    @inline(__always)
    static func equalBytes(_ x: UInt64, _ b: UInt8) -> UInt64 { zeroBytes(x ^ (ones &* UInt64(b))) }
}
