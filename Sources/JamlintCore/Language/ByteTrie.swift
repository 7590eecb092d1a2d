/// A small trie over UTF-8 bytes that finds every stored key that is a prefix of a word
/// (or, built over reversed keys, a suffix). Used for compound prefixes/heads and `*` wildcards.
struct ByteTrie: Sendable {
    private struct Node: Sendable {
        var children: [(byte: UInt8, node: Int32)] = []
        var values: [Int32] = []
    }

    private var nodes: [Node] = [Node()]
    /// The root's children by first byte (-1: none): the root is wide, deeper nodes are narrow.
    private var root = [Int32](repeating: -1, count: 256)
    private(set) var isEmpty = true

    mutating func insert<C: Collection>(_ bytes: C, value: Int32) where C.Element == UInt8 {
        var at = 0
        for b in bytes {
            if at == 0, root[Int(b)] >= 0 {
                at = Int(root[Int(b)])
            } else if at != 0, let next = nodes[at].children.first(where: { $0.byte == b }) {
                at = Int(next.node)
            } else {
                nodes.append(Node())
                let id = Int32(nodes.count - 1)
                if at == 0 { root[Int(b)] = id } else { nodes[at].children.append((b, id)) }
                at = Int(id)
            }
        }
        if !nodes[at].values.contains(value) { nodes[at].values.append(value) }
        isEmpty = false
    }

    /// Calls `body(value, keyLength)` for each key that is a prefix of `bytes` (shortest first).
    func forEachPrefix<C: Collection>(of bytes: C, _ body: (Int32, Int) -> Void) where C.Element == UInt8 {
        guard !isEmpty else { return }
        var at = 0
        var depth = 0
        for b in bytes {
            if at == 0 {
                let next = root[Int(b)]
                guard next >= 0 else { return }
                at = Int(next)
            } else {
                guard let next = nodes[at].children.first(where: { $0.byte == b }) else { return }
                at = Int(next.node)
            }
            depth += 1
            for v in nodes[at].values { body(v, depth) }
        }
    }

    /// The values stored for exactly `bytes` (empty when none).
    func exactValues<C: Collection>(of bytes: C) -> [Int32] where C.Element == UInt8 {
        guard !isEmpty else { return [] }
        var at = 0
        for b in bytes {
            if at == 0 {
                let next = root[Int(b)]
                guard next >= 0 else { return [] }
                at = Int(next)
            } else {
                guard let next = nodes[at].children.first(where: { $0.byte == b }) else { return [] }
                at = Int(next.node)
            }
        }
        return at == 0 ? [] : nodes[at].values
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
