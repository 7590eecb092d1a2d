import Foundation
@testable import JamlintCore

/// Builds a `Document` from source text by hand, without the Markdown/XHTML parsers: blocks are placed on
/// snippets of the text, and every `<!-- … -->` becomes a `SourceComment` with its exact range.
struct DocumentBuilder {
    let source: SourceFile
    private(set) var blocks: [Block] = []
    private var searchFrom = 0

    init(_ text: String) {
        source = SourceFile(path: "memo.md", text: text)
    }

    /// Adds a block whose text is the next occurrence of `snippet` (after the previous block).
    mutating func add(_ kind: BlockKind, _ snippet: String, key: String? = nil, level: Int = 0) {
        let needle = Array(snippet.utf8)
        let bytes = source.bytes
        var at = searchFrom
        while at + needle.count <= bytes.count && !bytes[at..<at + needle.count].elementsEqual(needle) { at += 1 }
        precondition(at + needle.count <= bytes.count, "snippet not found: \(snippet)")
        var builder = TextBuilder()
        builder.appendLiteral(bytes[at..<at + needle.count], at: at)
        blocks.append(Block(kind: kind, level: level, text: builder.build(), metadataKey: key,
                            sourceRange: at..<at + needle.count))
        searchFrom = at + needle.count
    }

    func document(format: DocumentFormat = .markdown) -> Document {
        Document(source: source, format: format, blocks: blocks, comments: Self.comments(in: source))
    }

    static func comments(in source: SourceFile) -> [SourceComment] {
        let bytes = source.bytes
        let open = Array("<!--".utf8), close = Array("-->".utf8)
        var out: [SourceComment] = []
        var i = 0
        while i + open.count <= bytes.count {
            guard bytes[i..<i + open.count].elementsEqual(open) else { i += 1; continue }
            var j = i + open.count
            while j + close.count <= bytes.count && !bytes[j..<j + close.count].elementsEqual(close) { j += 1 }
            let end = min(j + close.count, bytes.count)
            out.append(SourceComment(text: String(decoding: bytes[(i + open.count)..<min(j, bytes.count)], as: UTF8.self),
                                     sourceRange: i..<end))
            i = end
        }
        return out
    }

    /// A plain-text document (PlainTextParser blocks) with the comments of its text.
    static func plain(_ text: String) throws -> Document {
        let source = SourceFile(path: "memo.txt", text: text)
        var document = try PlainTextParser().parse(source)
        document.comments = comments(in: source)
        return document
    }
}

/// A fresh folder under the system's temporary folder, removed by `remove()`.
struct TemporaryTree {
    let root: String

    init() throws {
        let base = FileManager.default.temporaryDirectory.path
        root = ConfigurationResolver.absolutePath("\(base)/jamlint-conf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    func write(_ relative: String, _ text: String) throws {
        let path = root + "/" + relative
        try FileManager.default.createDirectory(atPath: ConfigurationResolver.parentDirectory(path),
                                                withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    func path(_ relative: String) -> String { root + "/" + relative }

    func remove() { try? FileManager.default.removeItem(atPath: root) }
}
