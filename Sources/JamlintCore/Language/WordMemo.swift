import Foundation

/// Values keyed by UTF-8 bytes: a token form's String, one table per thread (`ThreadForms`).
///
/// Memo prose repeats its words ("och", "att", "kommunen", "insatser"), within a memo and across
/// a folder, so each distinct form is made into a String once and then found here with one hash
/// and one comparison. Hashing bytes, not `String`: a String hash normalises non-ASCII text
/// first, and Swedish words are mostly non-ASCII.
///
/// The tokenizer records each token's entry index (`Token.form`), so the lexicon finds what it
/// knows about a form by that index (`LexiconFacts`), with no second look-up. A callgrind
/// profile had `Lexicon.mentions` at a tenth of all instructions when it walked its byte tries
/// for every word.
///
/// Not thread-safe: a table is used by its own thread only.
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
    /// Open addressing: entry index + 1, 0 for an empty slot.
    @exclusivity(unchecked) private var slots: [Int32]
    private var mask: Int

    /// The tokenizer's scratch bytes for the text it works on with this table (one per thread).
    @exclusivity(unchecked) var scratchBytes = ScratchBytes()
    /// The tokens of the block being tokenized that a sentence may end at, in order (see
    /// `SentenceSplitter.split`): punctuation ". ! ? …" and words whose last scalar is "."
    /// ("kr.", "m.m."). Kept between blocks with its capacity (an array per block cost an
    /// allocation).
    @exclusivity(unchecked) var scratchEnds: [Int32] = []

    deinit {
        scratchBytes.deallocate()
        shortSlots.deinitialize(count: Self.shortSlotCount)
        shortSlots.deallocate()
        singleForms.deallocate()
    }

    /// What lexicons know about this table's entries, by entry index: one record per lexicon
    /// used on this thread, most recently used first.
    @exclusivity(unchecked) var lexiconFacts: [LexiconFacts] = []

    /// Beyond this many forms the table starts over (`makeRoom`), so memory stays bounded on huge
    /// folders.
    var capacity: Int { 1 << 16 }

    /// Unique among all tables made by the process.
    let id: UInt32
    /// Counts the times the table started over: entry indices are valid within one generation.
    // Unchecked for the same reason as the arrays above: read per block for `stamp`.
    @exclusivity(unchecked) private(set) var generation: UInt32 = 1

    /// Table and generation in one number (never 0), recorded with the entry indices handed out.
    var stamp: UInt64 { UInt64(id) << 32 | UInt64(generation) }

    /// Entries of forms of one to sixteen bytes without NUL by their first and second eight bytes
    /// (`ScratchBytes.head` and `second`, zero-padded: they tell such forms apart), direct-mapped
    /// and overwritten on collision: the tokenizer's words look here before hashing
    /// (profile: the hash and the probe were ~50 instructions a word, this ~12). A slot with head
    /// 0 is empty; `clear` empties them all. A slot holds the entry's String too: reading it from
    /// `entries` was a second load that waited for the slot's (perf: that load was ~10 % of
    /// `Scanner.run`'s own samples, a cache miss as often as not).
    private struct ShortSlot {
        var head: UInt64
        var second: UInt64
        var lower: String
        var entry: Int
    }

    // 4,096: a simulation on the benchmark memos found 88 % of the words in 2,048 slots, 93 % in
    // 4,096 (the others hash and probe the table, ~60 instructions and up to four dependent loads).
    private static var shortSlotCount: Int { 4096 }
    private let shortSlots: UnsafeMutablePointer<ShortSlot>

    /// The slot of a key: the top 12 bits of a multiplicative hash, below `shortSlotCount`.
    @inline(__always) private static func shortSlot(_ head: UInt64, _ second: UInt64) -> Int {
        Int(truncatingIfNeeded: ((head ^ (second &* 0xBF58_476D_1CE4_E5B9)) &* 0x9E37_79B9_7F4A_7C15) >> 52)
    }

    /// The entry of the form whose bytes (one to sixteen, no NUL) pack to `head` and `second`, and
    /// its String, if it was remembered (`rememberShort`) and not pushed out since.
    @inline(__always) func findShort(head: UInt64, second: UInt64) -> (lower: String, entry: Int)? {
        // In bounds: `shortSlot` is below `shortSlotCount`.
        let slot = shortSlots + Self.shortSlot(head, second)
        guard slot.pointee.head == head && slot.pointee.second == second else { return nil }
        return (slot.pointee.lower, slot.pointee.entry)
    }

    /// Remembers that entry `e`, whose String is `lower`, holds the form whose bytes (one to
    /// sixteen, no NUL) pack to `head` and `second`.
    @inline(__always) func rememberShort(head: UInt64, second: UInt64, entry e: Int, lower: String) {
        shortSlots[Self.shortSlot(head, second)] = ShortSlot(head: head, second: second, lower: lower, entry: e)
    }

    /// The entry of each scalar below U+0100 as a one-scalar token's form (`rememberSingle`),
    /// -1 if not known yet; `clear` forgets them.
    private let singleForms: UnsafeMutablePointer<Int32>

    @inline(__always) func singleForm(_ v: UInt32) -> Int? {
        guard v < 0x100 else { return nil }
        let e = singleForms[Int(v)]
        return e >= 0 ? Int(e) : nil
    }

    @inline(__always) func rememberSingle(_ v: UInt32, entry e: Int) {
        guard v < 0x100 else { return }
        singleForms[Int(v)] = Int32(truncatingIfNeeded: e)
    }

    init() {
        singleForms = .allocate(capacity: 0x100)
        singleForms.initialize(repeating: -1, count: 0x100)
        slots = Array(repeating: 0, count: 1024)
        mask = 1023
        id = UInt32(truncatingIfNeeded: ProcessUniqueID.next())
        shortSlots = .allocate(capacity: Self.shortSlotCount)
        shortSlots.initialize(repeating: ShortSlot(head: 0, second: 0, lower: "", entry: 0), count: Self.shortSlotCount)
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

    /// Empties the table when it is full. The only place it starts over: entry indices stay valid
    /// between two calls, so the tokenizer calls it before a block, and a block's tokens and the
    /// lexicon's look-ups for them see one generation (a block may take the table past
    /// `capacity` by its own forms).
    func makeRoom() {
        if entries.count >= capacity { clear() }
    }

    /// Stores `entry` for `bytes` (not already present) and returns its index.
    @discardableResult
    func insert(_ bytes: UnsafeBufferPointer<UInt8>, hash h: UInt32, _ entry: Value) -> Int {
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
        for i in slots.indices { slots[i] = 0 }
        shortSlots.update(repeating: ShortSlot(head: 0, second: 0, lower: "", entry: 0), count: Self.shortSlotCount)
        singleForms.update(repeating: -1, count: 0x100)
        generation = generation == UInt32.max ? 1 : generation + 1
        // Everything known by entry index is void now.
        for facts in lexiconFacts { facts.clear() }
    }
}

/// Numbers unique in the process, for `ByteTable.id` and `CompiledLexicon.id`: a stamp must not
/// match one of an object that was freed (a thread's table dies with the thread, and a new one may
/// get its address).
enum ProcessUniqueID {
    private static let counter = UniqueCounter()

    static func next() -> UInt64 { counter.next() }
}

/// 1, 2, 3, …, from any thread.
final class UniqueCounter: @unchecked Sendable {
    private let lock = NSLock()
    /// Guarded by `lock`.
    private var last: UInt64 = 0

    func next() -> UInt64 {
        lock.lock()
        defer { lock.unlock() }
        last &+= 1
        return last
    }
}

/// What the lexicon says about a word form out of context.
struct WordFacts {
    /// The word's hits are `values[hitStart..<hitStart + hitCount]` of its `LexiconFacts`, each
    /// `category << 1 | isAdjective` (plain numbers: an array per word was retained per look-up).
    var hitStart: Int32
    var hitCount: Int32
    /// Index into the lexicon's phrase lists, or -1.
    var phrases: Int32
}

/// What one lexicon knows about the forms of one thread's form table, by entry index.
final class LexiconFacts {
    /// `CompiledLexicon.id` of the lexicon.
    let lexicon: UInt64
    /// By form entry index; `hitStart == -1` for a form not looked up yet.
    @exclusivity(unchecked) var byForm: [WordFacts] = []
    /// By form entry index, as `byForm`: 1 for a form known to be plain (no hits, no phrases),
    /// else 0. `skipPlainWords` reads this for every word: one byte a form instead of `byForm`'s
    /// twelve (cachegrind, 1,000 memos: `byForm` was most of `Lexicon.mentions`' cache misses).
    @exclusivity(unchecked) var plain: [UInt8] = []
    /// Numbers that `byForm` points into.
    @exclusivity(unchecked) var values: [Int32] = []
    /// Per token of the block being read: its form entry index (kept between blocks to save an
    /// allocation per block).
    @exclusivity(unchecked) var scratch: [Int32] = []

    /// Working arrays of `Lexicon.mentions(in:)`, kept between blocks.
    @exclusivity(unchecked) var raw: [(cat: Int32, tokens: Range<Int>, isAdjective: Bool)] = []
    @exclusivity(unchecked) var expanded: [(cat: Int32, tokens: Range<Int>, isAdjective: Bool)] = []
    @exclusivity(unchecked) var coveredUntil: [Int] = []

    init(lexicon: UInt64) { self.lexicon = lexicon }

    func clear() {
        byForm.removeAll(keepingCapacity: true)
        plain.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
    }

    static let unknown = WordFacts(hitStart: -1, hitCount: 0, phrases: -1)

    /// Room for entry `form` in `byForm`.
    @inline(__always) func cover(_ form: Int) {
        if form >= byForm.count {
            byForm.append(contentsOf: repeatElement(Self.unknown, count: form + 1 - byForm.count))
            plain.append(contentsOf: repeatElement(0, count: form + 1 - plain.count))
        }
    }
}

extension ByteTable where Value == String {
    /// The facts record of lexicon `id` on this table, made on first use; the list keeps the 16
    /// most recently used (each configuration that extends the lexicon has its own, and a folder
    /// may alternate between them).
    func facts(forLexicon id: UInt64) -> LexiconFacts {
        if let first = lexiconFacts.first, first.lexicon == id { return first }
        if let k = lexiconFacts.firstIndex(where: { $0.lexicon == id }) {
            let found = lexiconFacts.remove(at: k)
            lexiconFacts.insert(found, at: 0)
            return found
        }
        let made = LexiconFacts(lexicon: id)
        lexiconFacts.insert(made, at: 0)
        if lexiconFacts.count > 16 { lexiconFacts.removeLast() }
        return made
    }

    /// The entry index of `form`, added when new; hashed as the tokenizer hashes, in its buffer
    /// (the tokenizer is not running on this thread while the lexicon reads).
    func intern(_ form: String) -> Int {
        var b = scratchBytes
        b.count = 0
        for byte in form.utf8 { b.append(byte) }
        let head = b.head
        let h = b.hash(head: head)
        let e = find(b.bytes, head: head, hash: h) ?? insert(b.bytes, hash: h, form)
        // `append` may have moved the buffer.
        scratchBytes = b
        return e
    }
}
