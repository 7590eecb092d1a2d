import Foundation

/// The answers of the expressions for texts met before on one thread, by expression and text.
///
/// Profile (callgrind, 880 memos): `attachment-reference` ran ICU on 908 blocks (~23,000
/// instructions each: bridging the text to UTF-16, the match, the result objects), nearly every
/// one a decision item or boilerplate sentence ("… enligt bilaga 1,", "se bilaga 3") that other
/// memos have word for word: 951 such lines in the subset are 309 distinct texts, and 800 of the
/// 968 calls that reach ICU are answered here (35.0 M -> 18.4 M instructions for the rule). An answer is a
/// function of the expression and the text's scalars alone, so a text equal scalar for scalar to
/// one answered before gets that answer. Direct-mapped: a slot holds the last text whose hash maps
/// to it; a text is compared in full (after its hash) before its answer is taken. Memory stays
/// bounded: `slotCount` texts of at most `maxScalars` scalars per thread (their arrays are the
/// documents' own, held).
final class RegexMatchCache {
    /// What a slot answers: `matches(in:group:)` (with the group's name) or `firstMatch`.
    enum Query: UInt8 {
        case matches = 1
        case firstMatch = 2
    }

    private struct Slot {
        /// The expression's `CompiledRegex.cacheID`; 0 for a free slot.
        var owner: UInt64 = 0
        var hash: UInt64 = 0
        var query: UInt8 = 0
        var group: String? = nil
        var scalars: [Unicode.Scalar] = []
        var matches: [(whole: Range<Int>, group: Range<Int>?)] = []
        var found = false
    }

    static let slotCount = 1024
    /// Longer texts are not kept (they seldom recur, and would hold more memory).
    static let maxScalars = 1024
    private let slots: UnsafeMutablePointer<Slot>

    init() {
        slots = .allocate(capacity: Self.slotCount)
        slots.initialize(repeating: Slot(), count: Self.slotCount)
    }

    deinit {
        slots.deinitialize(count: Self.slotCount)
        slots.deallocate()
    }

    private static let threads = ThreadSlot { RegexMatchCache() }

    /// The calling thread's cache, unretained: the thread's key holds it until the thread ends.
    @inline(__always) static func current() -> Unmanaged<RegexMatchCache> { threads.current() }

    private static let owners = UniqueCounter()

    /// A new expression's id. Not `ProcessUniqueID`: the form memos are direct-mapped by those
    /// ids' low bits, expecting a rule set's owners to be consecutive.
    static func nextOwner() -> UInt64 { owners.next() }

    /// A hash of all the scalars (eight bytes a step), mixed so that every one reaches the bits
    /// the slot is taken from.
    static func hash(_ s: UnsafeBufferPointer<Unicode.Scalar>) -> UInt64 {
        var h = UInt64(truncatingIfNeeded: s.count) &* 0x9E37_79B9_7F4A_7C15
        let raw = UnsafeRawBufferPointer(s)
        var i = 0
        // In bounds: each load reads bytes i ..< i + 8 (or i + 4) of the buffer.
        while i + 8 <= raw.count {
            h = (h ^ UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 31
            i += 8
        }
        if i + 4 <= raw.count {
            h = (h ^ UInt64(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt32.self)))) &* 0x94D0_49BB_1331_11EB
        }
        h = (h ^ (h >> 32)) &* 0x9E37_79B9_7F4A_7C15
        return h ^ (h >> 29)
    }

    @inline(__always) private func slot(_ owner: UInt64, _ hash: UInt64, _ query: Query) -> UnsafeMutablePointer<Slot> {
        let mixed = (hash ^ (owner &* 0xD6E8_FEB8_6659_FD93) ^ UInt64(query.rawValue)) &* 0x9E37_79B9_7F4A_7C15
        // In bounds: below `slotCount` (a power of two).
        return slots + Int(truncatingIfNeeded: mixed >> 40) & (Self.slotCount - 1)
    }

    /// Whether the slot holds this expression's answer to `query` for these scalars.
    @inline(__always) private func holds(_ e: UnsafeMutablePointer<Slot>, _ owner: UInt64, _ hash: UInt64, _ query: Query,
                                         _ group: String?, _ scalars: [Unicode.Scalar]) -> Bool {
        guard e.pointee.owner == owner, e.pointee.hash == hash, e.pointee.query == query.rawValue,
              e.pointee.group == group else { return false }
        return e.pointee.scalars.withUnsafeBufferPointer { a in
            scalars.withUnsafeBufferPointer { b in
                guard a.count == b.count else { return false }
                guard let pa = a.baseAddress, let pb = b.baseAddress, pa != pb else { return true }
                return memcmp(pa, pb, a.count * MemoryLayout<Unicode.Scalar>.stride) == 0
            }
        }
    }

    /// `compute()`'s matches for the scalars, or the ones it gave for an equal text before.
    func matches(owner: UInt64, group: String?, scalars: [Unicode.Scalar],
                 _ compute: () -> [(whole: Range<Int>, group: Range<Int>?)]) -> [(whole: Range<Int>, group: Range<Int>?)] {
        let hash = scalars.withUnsafeBufferPointer { Self.hash($0) }
        let e = slot(owner, hash, .matches)
        if holds(e, owner, hash, .matches, group, scalars) { return e.pointee.matches }
        let m = compute()
        e.pointee = Slot(owner: owner, hash: hash, query: Query.matches.rawValue, group: group, scalars: scalars, matches: m)
        return m
    }

    /// `compute()`'s answer for the scalars, or the one it gave for an equal text before.
    func firstMatch(owner: UInt64, scalars: [Unicode.Scalar], _ compute: () -> Bool) -> Bool {
        let hash = scalars.withUnsafeBufferPointer { Self.hash($0) }
        let e = slot(owner, hash, .firstMatch)
        if holds(e, owner, hash, .firstMatch, nil, scalars) { return e.pointee.found }
        let found = compute()
        e.pointee = Slot(owner: owner, hash: hash, query: Query.firstMatch.rawValue, scalars: scalars, found: found)
        return found
    }
}
