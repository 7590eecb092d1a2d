@testable import JamlintCore

/// Test input with numbered position markers (`⟨1⟩`, `⟨2⟩`, …) that are removed from the text;
/// each marker remembers the byte offset where it stood.
struct MarkedSource {
    let file: SourceFile
    private let offsets: [Int: Int]

    init(_ marked: String, path: String = "memo.xhtml", prefix: [UInt8] = []) {
        var bytes = prefix
        var offsets: [Int: Int] = [:]
        let scalars = Array(marked.unicodeScalars)
        var i = 0
        while i < scalars.count {
            if scalars[i] == "⟨", let close = scalars[i...].firstIndex(of: "⟩"),
                let number = Int(String(String.UnicodeScalarView(scalars[(i + 1)..<close])))
            {
                offsets[number] = bytes.count
                i = close + 1
                continue
            }
            bytes.append(contentsOf: String(scalars[i]).utf8)
            i += 1
        }
        self.file = SourceFile(path: path, bytes: bytes)
        self.offsets = offsets
    }

    func offset(_ marker: Int) -> Int { offsets[marker] ?? -1 }

    /// "line:column" of a marker.
    func at(_ marker: Int) -> String {
        let location = file.location(ofByte: offset(marker))
        return "\(location.line):\(location.column)"
    }

    func parse(_ mode: XMLDocumentParser.Mode) throws -> Document {
        try XMLDocumentParser(mode: mode).parse(file)
    }
}

extension Document {
    /// "line:column" of the first scalar of `needle` in `block`'s text, or "missing".
    func at(_ needle: String, in block: Int, occurrence: Int = 0) -> String {
        guard blocks.indices.contains(block), let index = blocks[block].text.index(of: needle, occurrence: occurrence) else {
            return "missing"
        }
        let location = self.location(block: block, scalar: index)
        return "\(location.line):\(location.column)"
    }

    /// The source bytes behind `needle` in `block`'s text.
    func sourceText(of needle: String, in block: Int) -> String {
        guard blocks.indices.contains(block), let index = blocks[block].text.index(of: needle) else { return "missing" }
        let count = needle.unicodeScalars.count
        let range = blocks[block].text.sourceRange(index..<(index + count))
        return String(decoding: source.bytes[range], as: UTF8.self)
    }

    var texts: [String] { blocks.map(\.text.string) }
}

extension BlockText {
    func index(of needle: String, occurrence: Int = 0) -> Int? {
        let target = Array(needle.unicodeScalars)
        guard !target.isEmpty, target.count <= scalars.count else { return nil }
        var seen = 0
        for i in 0...(scalars.count - target.count) where Array(scalars[i..<(i + target.count)]) == target {
            if seen == occurrence { return i }
            seen += 1
        }
        return nil
    }
}
