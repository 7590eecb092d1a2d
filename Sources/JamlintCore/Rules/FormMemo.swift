import Foundation

/// What one owner (a `PatternSet`, the people-count word lists of a lexicon) knows about token
/// forms, by form entry index (`Token.form`), for the tokens of one form-table generation
/// (`TokenizedText.formStamp`). One per owner and thread (`FormMemos`), so no lock.
///
/// Profile (callgrind, 880 memos): the rules' per-token tests walked each form's bytes again for
/// every sentence and rule (trie walks, bucket look-ups), while memo prose repeats its words; the
/// tokenizer already gave each form an index. A fact is computed from the token's `lower` form
/// the first time its index is seen and read by index afterwards. Within one stamp an index
/// always stands for the same form (the table only appends until it starts over, which changes
/// the stamp), so the fact read is the one the form would give.
final class FormMemo {
    /// The stamp the facts belong to; 0 before the first use.
    @exclusivity(unchecked) private(set) var stamp: UInt64 = 0
    /// Per form entry index below `factCapacity`: 0 for not known yet, else the owner's fact
    /// (never 0). Plain memory, as is `pool`: reading an array held by a class from the rules'
    /// token loops retained and released it per token in profiles.
    private var facts: UnsafeMutablePointer<UInt64>
    private var factCapacity: Int
    /// Per form entry index below `factCapacity`: the owner's one-byte summary of the fact (0 for
    /// not known yet, or for an owner that records none), for loops that test every token for a
    /// bit or two and seldom need the rest. cachegrind (1,000 memos): the gate test of
    /// `claim-without-cue` and the cue scans read a fact per word token, and the eight-byte facts
    /// of up to 65,536 forms are spread over 512 KB; their one-byte tags lie eight times closer.
    private var tags: UnsafeMutablePointer<UInt8>
    /// Owner data that facts point into: `pool[0 ..< poolCount]` (cleared with the facts).
    private var pool: UnsafeMutablePointer<Int32>
    private(set) var poolCount = 0
    private var poolCapacity: Int
    /// Scratch flags the owner keeps between calls with their capacity (not facts: any stamp).
    @exclusivity(unchecked) var flags: [Bool] = []

    /// Form indices from this one on are not recorded (their tokens take the general path): a
    /// form table starts over at 65,536 forms (a block may take it a little past), so this
    /// bounds a memo's memory (8 bytes a form).
    static let capacity = 1 << 17

    init() {
        factCapacity = 1024
        facts = .allocate(capacity: factCapacity)
        facts.initialize(repeating: 0, count: factCapacity)
        tags = .allocate(capacity: factCapacity)
        tags.initialize(repeating: 0, count: factCapacity)
        poolCapacity = 256
        pool = .allocate(capacity: poolCapacity)
    }

    deinit {
        facts.deallocate()
        tags.deallocate()
        pool.deallocate()
    }

    /// Readies the memo for tokens of `stamp`: false when they have no usable form indices
    /// (stamp 0: tokens made without the form table).
    @inline(__always) func use(_ stamp: UInt64) -> Bool {
        if stamp == self.stamp { return stamp != 0 }
        guard stamp != 0 else { return false }
        facts.update(repeating: 0, count: factCapacity)
        tags.update(repeating: 0, count: factCapacity)
        poolCount = 0
        self.stamp = stamp
        return true
    }

    /// The fact of form `f` (0 <= f), 0 when not known yet.
    @inline(__always) func fact(_ f: Int) -> UInt64 {
        f < factCapacity ? facts[f] : 0
    }

    /// The tag of form `f` (0 <= f), 0 when not known yet (see `tags`).
    @inline(__always) func tag(_ f: Int) -> UInt8 {
        f < factCapacity ? tags[f] : 0
    }

    /// Records the fact (non-zero) of form `f` (0 <= f < capacity), and its tag (non-zero for an
    /// owner that reads tags).
    func record(_ f: Int, _ fact: UInt64, tag: UInt8 = 0) {
        precondition(f >= 0 && f < Self.capacity)
        if f >= factCapacity {
            let grown = min(max(factCapacity * 2, f + 1), Self.capacity)
            facts = Self.grown(facts, from: factCapacity, to: grown)
            tags = Self.grown(tags, from: factCapacity, to: grown)
            factCapacity = grown
        }
        facts[f] = fact
        tags[f] = tag
    }

    /// `old`'s `count` values moved into new memory of `capacity`, the rest zero; `old` is freed.
    private static func grown<T: FixedWidthInteger>(_ old: UnsafeMutablePointer<T>, from count: Int,
                                                    to capacity: Int) -> UnsafeMutablePointer<T> {
        let new = UnsafeMutablePointer<T>.allocate(capacity: capacity)
        new.moveInitialize(from: old, count: count)
        (new + count).initialize(repeating: 0, count: capacity - count)
        old.deallocate()
        return new
    }

    /// Appends a value to the pool.
    func append(_ v: Int32) {
        if poolCount == poolCapacity {
            let new = UnsafeMutablePointer<Int32>.allocate(capacity: poolCapacity * 2)
            new.moveInitialize(from: pool, count: poolCount)
            pool.deallocate()
            pool = new
            poolCapacity *= 2
        }
        pool[poolCount] = v
        poolCount += 1
    }

    /// Pool value `k` (below `poolCount`, which callers take from facts recorded in this stamp).
    @inline(__always) func value(_ k: Int) -> Int32 {
        precondition(k >= 0 && k < poolCount)
        return pool[k]
    }

    /// The pool's values `start ..< start + count` (a run a fact of this stamp recorded, so within
    /// `poolCount`), valid until the next `append`. A buffer, not `value(_:)` calls: calls between
    /// the reads made callers retain and release the memo per token (profile).
    @inline(__always) func run(_ start: Int, _ count: Int) -> UnsafeBufferPointer<Int32> {
        precondition(start >= 0 && count >= 0 && start + count <= poolCount)
        return UnsafeBufferPointer(start: pool + start, count: count)
    }

    /// Whether form `f` may be recorded (see `capacity`).
    @inline(__always) static func fits(_ f: Int32) -> Bool { f >= 0 && Int(f) < capacity }
}

/// The calling thread's memos, by owner id (`ProcessUniqueID`), direct-mapped by the id's low
/// bits: the owners of one rule set get consecutive ids, so they fall in distinct slots. An owner
/// whose slot another took finds a new, empty memo (its facts are learnt again: slower, the same
/// answers). Profile: a search of the owners cost ~300 instructions a call, and the cue lists ask
/// per block.
enum FormMemos {
    private final class Registry {
        // Unchecked exclusivity: one thread's, touched only in `memo(owner:)` (the dynamic checks
        // were two thirds of a call in profiles).
        @exclusivity(unchecked) var owners = [UInt64](repeating: 0, count: FormMemos.slots)
        @exclusivity(unchecked) var memos = [FormMemo?](repeating: nil, count: FormMemos.slots)
    }

    /// Memos kept per thread (a power of two).
    private static let slots = 64

    private static let registries = ThreadSlot { Registry() }

    /// The calling thread's registry, unretained: the thread's key holds it until the thread ends.
    private static func registry() -> Registry {
        registries.current().takeUnretainedValue()
    }

    /// The calling thread's memo for `owner`, made on first use (one `pthread_getspecific` and a
    /// slot read).
    static func memo(owner: UInt64) -> FormMemo {
        let r = registry()
        let slot = Int(truncatingIfNeeded: owner) & (slots - 1)
        if r.owners[slot] == owner, let memo = r.memos[slot] { return memo }
        let memo = FormMemo()
        r.owners[slot] = owner
        r.memos[slot] = memo
        return memo
    }
}
