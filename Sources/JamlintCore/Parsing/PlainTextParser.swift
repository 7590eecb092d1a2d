/// Plain text: paragraphs are separated by blank lines; line breaks inside a paragraph are kept
/// as `\n` so that implicit headings on a paragraph's first line can be found.
public struct PlainTextParser: Sendable {
    public init() {}

    public func parse(_ source: SourceFile) throws(ParseError) -> Document {
        var blocks: [Block] = []
        var builder = TextBuilder()
        var blockStart = -1
        var blockEnd = 0
        func flush() {
            if blockStart >= 0 {
                let text = builder.build()
                blocks.append(Block(kind: .paragraph, text: text, sourceRange: blockStart..<blockEnd))
            }
            builder = TextBuilder()
            blockStart = -1
        }
        for line in 1...source.lineCount {
            let range = source.lineRange(line)
            let content = source.bytes[range]
            if content.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                flush()
                continue
            }
            if blockStart < 0 { blockStart = range.lowerBound } else {
                // The line break maps to the previous line's terminator, as in the other parsers.
                builder.append("\n", start: blockEnd, end: range.lowerBound)
            }
            builder.appendLiteral(content, at: range.lowerBound)
            blockEnd = range.upperBound
        }
        flush()
        return Document(source: source, format: .text, blocks: blocks)
    }
}
