/// A small trie over UTF-8 bytes that finds every stored key that is a prefix of a word
/// (or, built over reversed keys, a suffix). Used for compound prefixes/heads and `*` wildcards.
struct ByteTrie: Sendable {
    // Plain-value arrays (first child / next sibling links) rather than per-node arrays of
    // children: lookups run for every token and profiles showed the reference counting of the
    // per-node arrays as most of their cost.
    private var byte: [UInt8] = [0]
    private var firstChild: [Int32] = [-1]
    private var nextSibling: [Int32] = [-1]
    private var hasValues: [Bool] = [false]
    private var values: [[Int32]] = [[]]
    /// The root's children by first byte (-1: none): the root is wide, deeper nodes are narrow.
    private var root = [Int32](repeating: -1, count: 256)
    private(set) var isEmpty = true

    @inline(__always) private func child(_ at: Int, _ b: UInt8) -> Int {
        if at == 0 { return Int(root[Int(b)]) }
        var c = Int(firstChild[at])
        while c >= 0 {
            if byte[c] == b { return c }
            c = Int(nextSibling[c])
        }
        return -1
    }

    mutating func insert<C: Collection>(_ bytes: C, value: Int32) where C.Element == UInt8 {
        var at = 0
        for b in bytes {
            let next = child(at, b)
            if next >= 0 {
                at = next
            } else {
                let id = Int32(byte.count)
                byte.append(b)
                firstChild.append(-1)
                hasValues.append(false)
                values.append([])
                if at == 0 {
                    root[Int(b)] = id
                    nextSibling.append(-1)
                } else {
                    nextSibling.append(firstChild[at])
                    firstChild[at] = id
                }
                at = Int(id)
            }
        }
        if !values[at].contains(value) { values[at].append(value) }
        hasValues[at] = true
        isEmpty = false
    }

    /// Calls `body(value, keyLength)` for each key that is a prefix of `bytes` (shortest first).
    func forEachPrefix<C: Collection>(of bytes: C, _ body: (Int32, Int) -> Void) where C.Element == UInt8 {
        guard !isEmpty else { return }
        var at = 0
        var depth = 0
        for b in bytes {
            let next = child(at, b)
            guard next >= 0 else { return }
            at = next
            depth += 1
            if hasValues[at] {
                for v in values[at] { body(v, depth) }
            }
        }
    }

    /// The values stored for exactly `bytes` (empty when none).
    func exactValues<C: Collection>(of bytes: C) -> [Int32] where C.Element == UInt8 {
        guard !isEmpty else { return [] }
        var at = 0
        for b in bytes {
            let next = child(at, b)
            guard next >= 0 else { return [] }
            at = next
        }
        return at == 0 || !hasValues[at] ? [] : values[at]
    }
}

/// A set of token forms looked up by their UTF-8 bytes (no hashing, no normalisation checks).
struct WordSet: Sendable {
    private var trie = ByteTrie()

    init<S: Sequence>(_ words: S) where S.Element == String {
        for w in words { trie.insert(w.utf8, value: 0) }
    }

    @inline(__always) func contains(_ word: String) -> Bool {
        !trie.exactValues(of: word.utf8).isEmpty
    }
}
