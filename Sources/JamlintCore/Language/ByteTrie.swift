/// A small trie over UTF-8 bytes that finds every stored key that is a prefix of a word
/// (or, built over reversed keys, a suffix). Used for compound prefixes/heads and `*` wildcards.
struct ByteTrie: Sendable {
    private struct Node: Sendable {
        var children: [(byte: UInt8, node: Int32)] = []
        var values: [Int32] = []
    }

    private var nodes: [Node] = [Node()]
    private(set) var isEmpty = true

    mutating func insert<C: Collection>(_ bytes: C, value: Int32) where C.Element == UInt8 {
        var at = 0
        for b in bytes {
            if let next = nodes[at].children.first(where: { $0.byte == b }) {
                at = Int(next.node)
            } else {
                nodes.append(Node())
                let id = Int32(nodes.count - 1)
                nodes[at].children.append((b, id))
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
            guard let next = nodes[at].children.first(where: { $0.byte == b }) else { return }
            at = Int(next.node)
            depth += 1
            for v in nodes[at].values { body(v, depth) }
        }
    }
}
