@testable import JamlintCore

/// Test sources mark positions with `⟨n⟩`; `Marked` strips the markers and remembers the byte
/// offset (in the stripped UTF-8) where each one stood.
struct Marked {
    let text: String
    let bytes: [UInt8]
    private let offsets: [Int: Int]

    init(_ marked: String, prefix: [UInt8] = []) {
        var out = String.UnicodeScalarView()
        var offsets: [Int: Int] = [:]
        var utf8 = prefix.count
        var scalars = marked.unicodeScalars.makeIterator()
        while let s = scalars.next() {
            if s == "⟨" {
                var number = 0
                while let d = scalars.next(), d != "⟩" { number = number * 10 + Int(d.value - 0x30) }
                offsets[number] = utf8
                continue
            }
            out.append(s)
            utf8 += String(s).utf8.count
        }
        self.text = String(out)
        self.bytes = prefix + Array(String(out).utf8)
        self.offsets = offsets
    }

    /// Byte offset of marker `n` (a missing marker is a bug in the test).
    subscript(_ n: Int) -> Int { offsets[n] ?? -1 }

    var source: SourceFile { SourceFile(path: "t.md", bytes: bytes) }
}

extension BlockText {
    /// Scalar index where `needle` first occurs, or -1.
    func index(of needle: String) -> Int {
        let n = Array(needle.unicodeScalars)
        guard !n.isEmpty, n.count <= scalars.count else { return -1 }
        for i in 0...(scalars.count - n.count) where Array(scalars[i..<(i + n.count)]) == n { return i }
        return -1
    }

    /// Source byte where `needle` starts, or -1.
    func start(of needle: String) -> Int {
        let i = index(of: needle)
        return i >= 0 ? starts[i] : -1
    }
}

extension Document {
    var texts: [String] { blocks.map(\.text.string) }

    /// "line:col" of the first scalar of `needle` in block `block`.
    func position(_ block: Int, _ needle: String) -> String {
        guard block < blocks.count else { return "no block \(block)" }
        let i = blocks[block].text.index(of: needle)
        guard i >= 0 else { return "no \(needle) in block \(block)" }
        let loc = location(block: block, scalar: i)
        return "\(loc.line):\(loc.column)"
    }
}

func markdown(_ m: Marked) throws(ParseError) -> Document { try MarkdownParser().parse(m.source) }

func markdown(_ text: String) throws(ParseError) -> Document {
    try MarkdownParser().parse(SourceFile(path: "t.md", text: text))
}
