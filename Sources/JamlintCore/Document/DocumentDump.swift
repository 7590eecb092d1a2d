import Foundation

/// Human- and machine-readable renderings of a `Document`, for `jamlint inspect` and for tests:
/// what each block is, where it sits (line:column, end exclusive) and the exact text rules see.
public enum DocumentDump {
    /// One line per block and comment:
    /// `[3] tableCell table=0 row=1 col=2 quote 7:2-7:14 "B | c"`.
    public static func text(_ document: Document) -> String {
        var out = "\(document.source.path) (\(document.format.rawValue)): "
        out += "\(document.blocks.count) blocks, \(document.comments.count) comments\n"
        for (index, block) in document.blocks.enumerated() {
            var line = "[\(index)] \(block.kind.rawValue)"
            if block.level > 0 { line += " level=\(block.level)" }
            if block.isImplicitHeading { line += " implicit" }
            if let key = block.metadataKey { line += " key=\(quoted(key))" }
            if let cell = block.table {
                line += " table=\(cell.table) row=\(cell.row) col=\(cell.column)"
                if cell.isHeader { line += " header" }
            }
            if block.inQuote { line += " quote" }
            if !block.strong.isEmpty {
                line += " strong=" + block.strong.map { "\($0.lowerBound)-\($0.upperBound)" }.joined(separator: ",")
            }
            line += " " + span(block.sourceRange, in: document.source)
            line += " " + quoted(block.text.string)
            out += line + "\n"
        }
        for comment in document.comments {
            out += "comment \(span(comment.sourceRange, in: document.source)) \(quoted(comment.text))\n"
        }
        return out
    }

    /// A JSON object with `path`, `format`, `blocks` and `comments`; positions carry line, column
    /// (characters) and byte offset; `end` is exclusive.
    public static func json(_ document: Document) -> String {
        let source = document.source
        let dump = DumpDocument(
            path: source.path,
            format: document.format.rawValue,
            blocks: document.blocks.enumerated().map { index, block in
                DumpBlock(
                    index: index, kind: block.kind.rawValue, level: block.level,
                    implicit: block.isImplicitHeading, inQuote: block.inQuote, table: block.table,
                    metadataKey: block.metadataKey,
                    strong: block.strong.map { [$0.lowerBound, $0.upperBound] },
                    start: source.location(ofByte: block.sourceRange.lowerBound),
                    end: source.location(ofByte: block.sourceRange.upperBound),
                    textStart: block.text.starts.first.map { source.location(ofByte: $0) },
                    text: block.text.string
                )
            },
            comments: document.comments.map { comment in
                DumpComment(
                    start: source.location(ofByte: comment.sourceRange.lowerBound),
                    end: source.location(ofByte: comment.sourceRange.upperBound),
                    text: comment.text
                )
            }
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(dump) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    static func span(_ range: Range<Int>, in source: SourceFile) -> String {
        let a = source.location(ofByte: range.lowerBound)
        let b = source.location(ofByte: range.upperBound)
        return "\(a.line):\(a.column)-\(b.line):\(b.column)"
    }

    /// A double-quoted string with line breaks, tabs, quotes and other control characters escaped.
    static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\u{A0}": out += "\\u{A0}"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    private struct DumpDocument: Encodable {
        var path: String
        var format: String
        var blocks: [DumpBlock]
        var comments: [DumpComment]
    }

    private struct DumpBlock: Encodable {
        var index: Int
        var kind: String
        var level: Int
        var implicit: Bool
        var inQuote: Bool
        var table: TableCellPosition?
        var metadataKey: String?
        var strong: [[Int]]
        var start: SourceLocation
        var end: SourceLocation
        var textStart: SourceLocation?
        var text: String
    }

    private struct DumpComment: Encodable {
        var start: SourceLocation
        var end: SourceLocation
        var text: String
    }
}

extension DocumentDump {
    /// The lexicon mentions of each block, `[block] line:col category "form"`, for rule authors.
    public static func mentions(_ document: Document, lexicon: Lexicon) -> String {
        var out = "mentions:\n"
        for (i, block) in document.blocks.enumerated() where block.kind != .metadata {
            let tokens = Tokenizer.tokenize(block.text)
            for m in lexicon.mentions(in: tokens) {
                let loc = document.location(block: i, scalar: m.scalars.lowerBound)
                out += "[\(i)] \(loc.line):\(loc.column) \(m.category) \"\(block.text.string(m.scalars))\"\n"
            }
        }
        return out
    }
}
