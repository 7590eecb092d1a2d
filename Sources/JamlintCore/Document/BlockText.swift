import Foundation

/// The prose of one block, as the rules see it, with an exact map back to the source.
///
/// `scalars` is NFC-normalised, without soft hyphens (U+00AD) and with inline markup removed;
/// entities are decoded. For each scalar, `starts[i]` and `ends[i]` are the byte range in the
/// original file that produced it (an entity such as `&auml;` maps its one scalar to the whole
/// entity; an NFD `a` + U+030A maps the composed `å` to both source scalars).
public struct BlockText: Sendable {
    public let scalars: [Unicode.Scalar]
    /// The source offsets live in a store shared by many texts (every block a parser cuts from one
    /// buffer, and every slice of a text), entries `offset..<offset + count` of it: two exact
    /// arrays per block cost two allocations, two copies and two frees per block, which profiles
    /// showed as a large part of parsing and freeing a memo.
    private let store: SourceSpanStore
    private let offset: Int

    public init(scalars: [Unicode.Scalar], starts: [Int], ends: [Int]) {
        precondition(scalars.count == starts.count && starts.count == ends.count)
        let wide = starts.contains { !SourceSpanStore.fits($0) } || ends.contains { !SourceSpanStore.fits($0) }
        let store = SourceSpanStore(capacity: scalars.count, wide: wide)
        starts.withUnsafeBufferPointer { a in
            ends.withUnsafeBufferPointer { b in store.append(a, b) }
        }
        self.scalars = scalars
        self.store = store
        self.offset = 0
    }

    /// A text whose offsets are entries `offset..<offset + scalars.count` of `store`, which must
    /// have been written already (below `store.used`).
    init(scalars: [Unicode.Scalar], store: SourceSpanStore, offset: Int) {
        precondition(offset >= 0 && offset + scalars.count <= store.used)
        self.scalars = scalars
        self.store = store
        self.offset = offset
    }

    /// The source byte offset where scalar `i` starts.
    public var starts: SourceOffsets { SourceOffsets(store, column: 0, offset, scalars.count) }
    /// The source byte offset where scalar `i` ends.
    public var ends: SourceOffsets { SourceOffsets(store, column: 1, offset, scalars.count) }

    /// `starts[i]` without making the view.
    @inline(__always)
    public func start(_ i: Int) -> Int {
        precondition(i >= 0 && i < scalars.count)
        // In bounds: entries offset..<offset + count are written (see the initialisers).
        return store.start(offset + i)
    }

    /// `ends[i]` without making the view.
    @inline(__always)
    public func end(_ i: Int) -> Int {
        precondition(i >= 0 && i < scalars.count)
        return store.end(offset + i)
    }

    public static let empty = BlockText(scalars: [], starts: [], ends: [])

    public var count: Int { scalars.count }
    public var isEmpty: Bool { scalars.isEmpty }

    public var string: String { Self.string(scalars[...]) }

    public func string(_ range: Range<Int>) -> String { Self.string(scalars[range]) }

    /// Encodes straight into the String's storage: appending to a UnicodeScalarView went through
    /// the slow generic transcoder and showed up in profiles.
    static func string(_ slice: ArraySlice<Unicode.Scalar>) -> String {
        var length = 0
        for s in slice { length += UTF8.width(s) }
        return String(unsafeUninitializedCapacity: length) { buffer in
            var n = 0
            for s in slice {
                UTF8.encode(s) { byte in
                    buffer[n] = byte
                    n += 1
                }
            }
            return n
        }
    }

    /// Source byte range covered by the scalars in `range` (which must not be empty).
    public func sourceRange(_ range: Range<Int>) -> Range<Int> {
        guard !range.isEmpty, range.lowerBound < scalars.count else {
            let at = range.lowerBound < scalars.count ? start(range.lowerBound) : (scalars.isEmpty ? 0 : end(scalars.count - 1))
            return at..<at
        }
        return start(range.lowerBound)..<end(min(range.upperBound, scalars.count) - 1)
    }

    /// The scalars `range` (which must lie within the text); the offsets are shared, not copied.
    @inline(__always)
    public func slice(_ range: Range<Int>) -> BlockText {
        precondition(range.lowerBound >= 0 && range.upperBound <= scalars.count)
        // The whole text (an implicit heading that is its whole paragraph): the same scalars,
        // shared rather than copied into a new array.
        if range.count == scalars.count { return self }
        // A recurring short text (a metadata value, an implicit heading split off its paragraph)
        // shares the scalars the thread's tokenizer cache keeps, as `ScalarMapBuffer.text` does.
        let kept = scalars.withUnsafeBufferPointer { TextCache.keptScalars(equalTo: UnsafeBufferPointer(rebasing: $0[range])) }
        return BlockText(scalars: kept ?? Array(scalars[range]), store: store, offset: offset + range.lowerBound)
    }

    /// The same text with leading and trailing white space (including NBSP and line breaks) removed.
    public func trimmed() -> BlockText {
        let range = trimmedRange
        return range.count == scalars.count ? self : slice(range)
    }

    /// The scalars `trimmed()` keeps.
    public var trimmedRange: Range<Int> {
        var lo = 0, hi = scalars.count
        while lo < hi && isUnicodeWhiteSpace(scalars[lo]) { lo += 1 }
        while hi > lo && isUnicodeWhiteSpace(scalars[hi - 1]) { hi -= 1 }
        return lo..<hi
    }
}

/// Accumulates decoded text with source offsets, then normalises it into a `BlockText`.
public struct TextBuilder: Sendable {
    private var scalars: [Unicode.Scalar] = []
    private var starts: [Int] = []
    private var ends: [Int] = []
    private var needsNormalisation = false
    /// An offset outside what a narrow store holds was appended (only callers other than the
    /// parsers pass such offsets).
    private var needsWide = false

    public init() {}

    public var isEmpty: Bool { scalars.isEmpty }
    public var count: Int { scalars.count }
    public var lastScalar: Unicode.Scalar? { scalars.last }

    public mutating func append(_ scalar: Unicode.Scalar, start: Int, end: Int) {
        if isCombiningScalar(scalar) { needsNormalisation = true }
        if !SourceSpanStore.fits(start) || !SourceSpanStore.fits(end) { needsWide = true }
        scalars.append(scalar)
        starts.append(start)
        ends.append(end)
    }

    /// Appends source bytes that stand for themselves (valid UTF-8), one scalar per encoded scalar.
    public mutating func appendLiteral(_ bytes: ArraySlice<UInt8>, at offset: Int) {
        var i = bytes.startIndex
        var pos = offset
        while i < bytes.endIndex {
            let b0 = bytes[i]
            let len: Int
            var v: UInt32
            if b0 < 0x80 { len = 1; v = UInt32(b0) }
            else if b0 < 0xE0 { len = 2; v = UInt32(b0 & 0x1F) }
            else if b0 < 0xF0 { len = 3; v = UInt32(b0 & 0x0F) }
            else { len = 4; v = UInt32(b0 & 0x07) }
            var k = 1
            while k < len && i + k < bytes.endIndex {
                v = (v << 6) | UInt32(bytes[i + k] & 0x3F)
                k += 1
            }
            let scalar = Unicode.Scalar(v) ?? "\u{FFFD}"
            append(scalar, start: pos, end: pos + len)
            i += len
            pos += len
        }
    }

    /// Appends decoded text (an entity, an escape) that all comes from one source range.
    public mutating func appendDecoded(_ text: String, start: Int, end: Int) {
        for s in text.unicodeScalars { append(s, start: start, end: end) }
    }

    /// Finishes the text: removes soft hyphens and composes to NFC, keeping the source map.
    public func build() -> BlockText {
        if !needsNormalisation {
            // Only soft hyphens can go: at most `count` entries, written straight into the store.
            let store = SourceSpanStore(capacity: scalars.count, wide: needsWide)
            var outS: [Unicode.Scalar] = []
            outS.reserveCapacity(scalars.count)
            for i in scalars.indices where scalars[i].value != 0xAD {
                outS.append(scalars[i])
                store.append(start: starts[i], end: ends[i])
            }
            return BlockText(scalars: outS, store: store, offset: 0)
        }
        var outS: [Unicode.Scalar] = []
        var outA: [Int] = []
        var outB: [Int] = []
        outS.reserveCapacity(scalars.count)
        outA.reserveCapacity(scalars.count)
        outB.reserveCapacity(scalars.count)
        var i = 0
        let n = scalars.count
        while i < n {
            let s = scalars[i]
            if s.value == 0xAD { i += 1; continue }
            // A base scalar followed by combining marks: compose that cluster alone.
            var j = i + 1
            if needsNormalisation {
                while j < n, isCombiningScalar(scalars[j]) {
                    j += 1
                }
            }
            if j == i + 1 {
                outS.append(s); outA.append(starts[i]); outB.append(ends[i])
            } else {
                var cluster = String.UnicodeScalarView()
                cluster.append(contentsOf: scalars[i..<j])
                let composed = String(cluster).precomposedStringWithCanonicalMapping.unicodeScalars
                for c in composed {
                    outS.append(c); outA.append(starts[i]); outB.append(ends[j - 1])
                }
            }
            i = j
        }
        return BlockText(scalars: outS, starts: outA, ends: outB)
    }
}

/// Read-only view of one column (starts or ends) of a text's source offsets.
public struct SourceOffsets: RandomAccessCollection, @unchecked Sendable {
    public typealias Index = Int
    public typealias Indices = Range<Int>
    /// Keeps the entries alive; entries below `owner.used` never change, so sharing them is safe.
    private let owner: SourceSpanStore
    /// 0: the starts, 1: the ends.
    private let column: Int
    /// The store's index of element 0.
    private let base: Int
    public let count: Int

    /// Entries `base..<base + count` (written ones) of column `column` of `owner`.
    init(_ owner: SourceSpanStore, column: Int, _ base: Int, _ count: Int) {
        precondition(base >= 0 && count >= 0 && base + count <= owner.used)
        self.owner = owner
        self.column = column
        self.base = base
        self.count = count
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    public subscript(i: Int) -> Int {
        precondition(i >= 0 && i < count)
        // In bounds: the view covers `count` written entries from `base`.
        return column == 0 ? owner.start(base + i) : owner.end(base + i)
    }
}

/// Compared by their offsets; a literal makes its own store (tests compare a column with one).
extension SourceOffsets: Equatable, ExpressibleByArrayLiteral {
    public static func == (lhs: SourceOffsets, rhs: SourceOffsets) -> Bool { lhs.elementsEqual(rhs) }

    public init(arrayLiteral elements: Int...) {
        let store = SourceSpanStore(capacity: elements.count, wide: !elements.allSatisfy(SourceSpanStore.fits))
        for e in elements { store.append(start: e, end: e) }
        self.init(store, column: 0, 0, elements.count)
    }
}

/// A source offset as the parsers' stores keep it: 32 bits (half of an `Int`) cut the bytes written
/// per scalar of text from 16 to 8, and the code that writes them, which profiles showed for every
/// scalar of every memo. The loader refuses files larger than `SourceSpanStore.maxSourceSize`.
typealias SpanOffset = UInt32

/// Append-only columns of source offsets (starts and ends) that many `BlockText`s share by
/// reference, each owning the range it was given. Only the party that made the store appends
/// (a parser's buffer, from one thread); entries, once written, never change, so texts on other
/// threads may read theirs meanwhile.
///
/// Narrow stores (the parsers') keep `SpanOffset`s; a wide store, made only by the public
/// initialisers for offsets a narrow one cannot hold, keeps `Int`s.
final class SourceSpanStore: @unchecked Sendable {
    /// The largest offset a narrow store holds.
    static let maxOffset = Int(SpanOffset.max)
    /// The largest source the parsers that fill narrow stores read (2 GiB): every offset into one,
    /// even some way past its end, is at most `maxOffset`.
    static let maxSourceSize = Int(Int32.max)

    @inline(__always)
    static func fits(_ offset: Int) -> Bool { offset >= 0 && offset <= maxOffset }

    /// Refuses a source larger than `maxSourceSize`, for the parsers that fill narrow stores.
    static func checkSize(_ source: SourceFile) throws(ParseError) {
        if source.bytes.count > maxSourceSize { throw tooLarge(path: source.path, size: source.bytes.count) }
    }

    static func tooLarge(path: String, size: Int) -> ParseError {
        ParseError(path: path, message: "input is \(size) bytes, larger than the \(maxSourceSize) bytes jamlint can read")
    }

    /// The narrow columns (one entry each when the store is wide).
    let starts: UnsafeMutablePointer<SpanOffset>
    let ends: UnsafeMutablePointer<SpanOffset>
    /// The wide columns, or nil for a narrow store.
    private let wideStarts: UnsafeMutablePointer<Int>?
    private let wideEnds: UnsafeMutablePointer<Int>?
    let capacity: Int
    /// Entries written or claimed (`claim`); each belongs to one writer, and those a text covers are final.
    private(set) var used = 0

    init(capacity: Int, wide: Bool = false) {
        let wanted = max(capacity, 0)
        // One allocation for both columns; for a narrow store, the thread's spare one when it is
        // large enough (the store then has its room).
        if !wide, wanted > 0, let (spare, room) = SpanBufferPool.take(atLeast: wanted) {
            self.capacity = room
            starts = spare
        } else {
            self.capacity = wanted
            starts = .allocate(capacity: max(2 * (wide ? 1 : wanted), 1))
        }
        ends = starts + (wide ? 1 : self.capacity)
        if wide {
            let both = UnsafeMutablePointer<Int>.allocate(capacity: max(2 * self.capacity, 1))
            wideStarts = both
            wideEnds = both + self.capacity
        } else {
            wideStarts = nil
            wideEnds = nil
        }
    }

    deinit {
        if let wideStarts {
            wideStarts.deallocate()
            starts.deallocate()
        } else {
            SpanBufferPool.give(starts, capacity: capacity)
        }
    }

    var room: Int { capacity - used }

    /// Entry `k`'s start (`k` below `used`, written).
    @inline(__always)
    func start(_ k: Int) -> Int {
        if let wideStarts { return wideStarts[k] }
        return Int(starts[k])
    }

    /// Entry `k`'s end (`k` below `used`, written).
    @inline(__always)
    func end(_ k: Int) -> Int {
        if let wideEnds { return wideEnds[k] }
        return Int(ends[k])
    }

    /// Appends the offsets of `a` and `b` (of equal length, at most `room`; each one `fits`
    /// unless the store is wide).
    func append(_ a: UnsafeBufferPointer<Int>, _ b: UnsafeBufferPointer<Int>) {
        precondition(a.count == b.count && a.count <= room)
        for k in 0..<a.count { append(start: a[k], end: b[k]) }
    }

    /// Reserves the next `n` entries (at most `room`) of a narrow store for the caller, who writes
    /// them before any text that covers them is read; returns the first one's index.
    func claim(_ n: Int) -> Int {
        precondition(n >= 0 && n <= room && wideStarts == nil)
        let base = used
        used += n
        return base
    }

    /// Appends one entry (there must be room; the offsets must `fit` unless the store is wide).
    func append(start: Int, end: Int) {
        precondition(used < capacity)
        // In bounds: used < capacity.
        if let wideStarts, let wideEnds {
            wideStarts[used] = start
            wideEnds[used] = end
        } else {
            precondition(Self.fits(start) && Self.fits(end))
            starts[used] = SpanOffset(truncatingIfNeeded: start)
            ends[used] = SpanOffset(truncatingIfNeeded: end)
        }
        used += 1
    }
}

/// One spare buffer of a narrow `SourceSpanStore`'s columns per thread: the last one freed, kept
/// for the next document's store. Every memo's offsets (8 bytes a scalar) went to memory newly
/// handed out by the allocator (mimalloc hands out a page's other free blocks before the ones just
/// freed), and the columns' writes were a quarter of the cache misses on writes of a folder run
/// (cachegrind, 2 MiB last-level cache, 1,000 memos; 9 % fewer misses in all with the pool). A
/// buffer reused is one the thread wrote a document ago.
final class SpanBufferPool {
    private var buffer: UnsafeMutablePointer<SpanOffset>?
    private var capacity = 0
    /// Larger buffers (a long memo's) are freed, not kept: 2 MiB of columns.
    static let keptCapacity = 1 << 18

    private static let threads = ThreadSlot { SpanBufferPool() }

    deinit { buffer?.deallocate() }

    /// The thread's spare buffer and its capacity in entries (two columns of it), if it has one of
    /// at least `wanted` entries; the caller owns it then.
    static func take(atLeast wanted: Int) -> (UnsafeMutablePointer<SpanOffset>, Int)? {
        threads.current()._withUnsafeGuaranteedRef { pool in
            guard let b = pool.buffer, pool.capacity >= wanted else { return nil }
            pool.buffer = nil
            return (b, pool.capacity)
        }
    }

    /// Takes back a store's buffer of `capacity` entries: kept as the thread's spare when it is at
    /// least as large as the one kept (and not too large), freed otherwise. While the thread ends
    /// (its pool gone), freed.
    static func give(_ b: UnsafeMutablePointer<SpanOffset>, capacity: Int) {
        guard capacity > 0, capacity <= keptCapacity, let slot = threads.existing() else {
            b.deallocate()
            return
        }
        slot._withUnsafeGuaranteedRef { pool in
            if let kept = pool.buffer {
                guard capacity >= pool.capacity else {
                    b.deallocate()
                    return
                }
                kept.deallocate()
            }
            pool.buffer = b
            pool.capacity = capacity
        }
    }
}
