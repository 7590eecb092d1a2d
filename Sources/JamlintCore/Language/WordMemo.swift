import Foundation

/// Values keyed by UTF-8 bytes: what the lexicon says about a word form, or a token's String.
///
/// A callgrind profile had `Lexicon.mentions` at a tenth of all instructions: for every word it
/// walked five or six byte tries (full forms, phrase starts, compound prefixes, reversed heads,
/// exclusions). Memo prose repeats its words ("och", "att", "kommunen", "insatser"), within a
/// memo and across a folder, so each distinct form is looked up once and then found here with
/// one hash and one comparison. Hashing bytes, not `String`: a String hash normalises non-ASCII
/// text first, and Swedish words are mostly non-ASCII.
///
/// Not thread-safe: a table is used by one thread at a time (see `MemoPool`).
final class ByteTable<Value> {

    private struct Key {
        var hash: UInt32
        var length: Int32
        var start: Int
        /// The first eight bytes, packed as `ByteTable.head`: a form of up to eight bytes (most
        /// words) is compared by this word alone.
        var head: UInt64
    }

    // Unchecked exclusivity: these are touched only through this class's own methods, and the
    // dynamic access checks on class properties cost more than the lookup itself.
    @exclusivity(unchecked) private var pool: [UInt8] = []
    @exclusivity(unchecked) private var keys: [Key] = []
    @exclusivity(unchecked) private(set) var entries: [Value] = []
    /// Scratch space for the caller that holds the table (one per table, so one per thread).
    @exclusivity(unchecked) var scratch: [Int32] = []
    /// Numbers that entries point into (emptied with them, see `makeRoom`).
    @exclusivity(unchecked) var values: [Int32] = []
    /// Open addressing: entry index + 1, 0 for an empty slot.
    @exclusivity(unchecked) private var slots: [Int32]
    private var mask: Int

    /// The tokenizer's scratch bytes for the text it works on with this table (one per thread).
    @exclusivity(unchecked) var scratchBytes = ScratchBytes()

    deinit { scratchBytes.deallocate() }

    /// The next table in a `MemoPool`'s free list.
    @exclusivity(unchecked) fileprivate var nextFree: ByteTable<Value>?

    /// Beyond this many forms the table starts over, so memory stays bounded on huge folders.
    var capacity: Int { 1 << 16 }

    init() {
        slots = Array(repeating: 0, count: 1024)
        mask = 1023
    }

    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var h: UInt32 = 0x811C_9DC5
        for b in bytes { h = (h ^ UInt32(b)) &* 0x0100_0193 }
        return h
    }

    /// The first eight bytes (fewer padded with zeros), little-endian, as one word.
    static func head(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var w: UInt64 = 0
        for k in 0..<min(bytes.count, 8) { w |= UInt64(bytes[k]) << (8 * UInt64(k)) }
        return w
    }

    /// `find(_:hash:)` with the bytes' `head` given: the tokenizer gets it from one load
    /// (`ScratchBytes.head`), and comparing it replaces the byte loop for short forms.
    func find(_ bytes: UnsafeBufferPointer<UInt8>, head: UInt64, hash h: UInt32) -> Int? {
        slots.withUnsafeBufferPointer { slots in
            keys.withUnsafeBufferPointer { keys in
                pool.withUnsafeBufferPointer { pool in
                    var s = Int(h) & mask
                    while true {
                        let e = Int(slots[s]) - 1
                        if e < 0 { return nil }
                        let key = keys[e]
                        if key.hash == h && key.head == head && Int(key.length) == bytes.count {
                            var k = 8
                            while k < bytes.count && pool[key.start + k] == bytes[k] { k += 1 }
                            if k >= bytes.count { return e }
                        }
                        s = (s + 1) & mask
                    }
                }
            }
        }
    }

    /// The entry index for `bytes`, or nil.
    func find(_ bytes: UnsafeBufferPointer<UInt8>, hash h: UInt32) -> Int? {
        find(bytes, head: Self.head(bytes), hash: h)
    }

    /// Empties the table when it is full. Call before putting a new entry's data in `values`, so the
    /// `insert` that follows does not empty it.
    func makeRoom() {
        if entries.count >= capacity { clear() }
    }

    /// Stores `entry` for `bytes` (not already present) and returns its index.
    @discardableResult
    func insert(_ bytes: UnsafeBufferPointer<UInt8>, hash h: UInt32, _ entry: Value) -> Int {
        if entries.count >= capacity { clear() }
        if (entries.count + 1) * 2 > slots.count { grow() }
        keys.append(Key(hash: h, length: Int32(bytes.count), start: pool.count, head: Self.head(bytes)))
        pool.append(contentsOf: bytes)
        entries.append(entry)
        place(entries.count - 1)
        return entries.count - 1
    }

    private func place(_ e: Int) {
        var s = Int(keys[e].hash) & mask
        while slots[s] != 0 { s = (s + 1) & mask }
        slots[s] = Int32(e + 1)
    }

    private func grow() {
        slots = Array(repeating: 0, count: slots.count * 2)
        mask = slots.count - 1
        for e in entries.indices { place(e) }
    }

    private func clear() {
        pool.removeAll(keepingCapacity: true)
        keys.removeAll(keepingCapacity: true)
        entries.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
        for i in slots.indices { slots[i] = 0 }
    }
}

/// What the lexicon says about a word form out of context.
struct WordFacts {
    /// The word's hits are `values[hitStart..<hitStart + hitCount]` of its table, each
    /// `category << 1 | isAdjective` (plain numbers: an array per word was retained per look-up).
    var hitStart: Int32
    var hitCount: Int32
    /// Index into the lexicon's phrase lists, or -1.
    var phrases: Int32
}

typealias WordMemo = ByteTable<WordFacts>

/// Tables handed to one caller at a time: the owner (a lexicon, the tokenizer) is shared by all
/// worker threads; each takes a table for the text it works on and gives it back (two
/// uncontended lock operations per block instead of a lock per word).
final class MemoPool<Value>: @unchecked Sendable {
    private let lock = NSLock()
    /// The free tables as a list through `nextFree`: an array of them was appended to through
    /// unspecialised generic code, with an exclusivity check (~300 instructions a block).
    /// Touched only under `lock`.
    @exclusivity(unchecked) private var free: ByteTable<Value>?

    func with<R>(_ body: (ByteTable<Value>) -> R) -> R {
        lock.lock()
        let memo: ByteTable<Value>
        if let first = free {
            free = first.nextFree
            first.nextFree = nil
            memo = first
        } else {
            memo = ByteTable<Value>()
        }
        lock.unlock()
        defer {
            lock.lock()
            memo.nextFree = free
            free = memo
            lock.unlock()
        }
        return body(memo)
    }
}
