import Testing
@testable import JamlintCore

/// Paragraphs of plain text (words, non-ASCII letters, tabs, single and double spaces, no markup)
/// go through the walker's whole-block copy loop: each must come out as its source line, every
/// scalar mapped to exactly its own bytes, wherever the eight-byte blocks start and end (tabs
/// stop a block, a two-byte letter may straddle a block's end or the literal's).
@Suite struct MarkdownPlainRunTests {
    static let pieces = [
        "a", "kvinnor", "Förslaget", "män", "\t", " ", "  ", "x1-2,", "å", "ÅÄÖ", "—", "😀", "abcdefghijklmnop",
        "abcdefg", "ab cd ef gh", "é", "1234567", "\t\t",
    ]

    @Test func plainParagraphsMapEveryScalarToItsBytes() throws {
        var random = SeededGenerator(seed: 0x706C_6169_6E72_756E)
        for _ in 0..<400 {
            var lines: [String] = []
            for _ in 0..<(1 + random.below(4)) {
                var line = random.pick(["a", "Ö", "b1"])
                for _ in 0..<random.below(30) { line += random.pick(Self.pieces) }
                line += random.pick(["z", "ä", "."])
                lines.append(line)
            }
            let source = lines.joined(separator: "\n\n") + (random.below(2) == 0 ? "\n" : "")
            let bytes = Array(source.utf8)
            let document = try MarkdownParser().parse(SourceFile(path: "p.md", bytes: bytes))
            #expect(document.blocks.count == lines.count, "\(source.debugDescription)")
            var offset = 0
            for (block, line) in zip(document.blocks, lines) {
                let text = block.text
                #expect(text.scalars == Array(line.unicodeScalars), "\(line.debugDescription)")
                var at = offset
                for (i, scalar) in line.unicodeScalars.enumerated() where i < text.count {
                    let length = String(scalar).utf8.count
                    #expect(text.start(i) == at && text.end(i) == at + length, "\(i) in \(line.debugDescription)")
                    at += length
                }
                offset += line.utf8.count + 2
            }
        }
    }
}
