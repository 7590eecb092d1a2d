import Testing
@testable import JamlintCore

/// Generated documents built from tricky fragments: whatever cmark does, every scalar must map
/// inside the file, in order, and a letter mapped to one byte must be that byte.
@Suite struct MarkdownInvariantTests {
    static let fragments = [
        "text ", "**bold** ", "__b__ ", "*em* ", "`code` ", "``a ` b`` ", "[link](http://x.se \"t\") ",
        "[ref][r] ", "![img](i.png) ", "<https://a.se> ", "&auml; ", "&#228; ", "&#xE4; ", "&nbsp;", "&NotEqualTilde; ",
        "&bogus; ", "\\* ", "\\\\ ", "\\| ", "<b>x</b> ", "<!-- c --> ", "<span\nclass=\"a\"> ", "a\u{30A} ", "o\u{308}",
        "jäm\u{AD}ställd ", "\t", "\n", "\n\n", "\r\n", "\n> ", "\n- ", "\n  - ", "\n1. ", "\n# ", "\n## ",
        "\n| a | b |\n|---|---|\n| c \\| d | `e \\| f` |\n", "\n```\ncode\n```\n", "\n    indented\n", "\n<!--\nblock\n-->\n",
        "\n---\n", "\nSetext\n===\n", "ä", "x", "é ", "  \n", "\\\n", "[a\nb](c) ", "\n> > ", "\n>\tq ",
    ]

    @Test(arguments: 0..<300) func generatedDocumentsMapConsistently(seed: Int) throws {
        var state = UInt64(seed) &* 6364136223846793005 &+ 1442695040888963407
        func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        var text = ""
        for _ in 0..<(5 + next(60)) { text += Self.fragments[next(Self.fragments.count)] }
        let bytes = (seed % 7 == 0 ? [0xEF, 0xBB, 0xBF] : []) + Array(text.utf8)
        let doc = try MarkdownParser().parse(SourceFile(path: "g.md", bytes: bytes))
        for block in doc.blocks {
            let t = block.text
            var previous = 0
            for i in 0..<t.count {
                #expect(t.starts[i] >= previous, "order in \(text.debugDescription)")
                #expect(t.starts[i] <= t.ends[i] && t.ends[i] <= bytes.count)
                previous = t.starts[i]
                let s = t.scalars[i]
                if s.isASCII, s.properties.isAlphabetic, t.ends[i] - t.starts[i] == 1 {
                    #expect(bytes[t.starts[i]] == UInt8(s.value), "\(s) at \(t.starts[i]) in \(text.debugDescription)")
                }
            }
            #expect(block.sourceRange.upperBound <= bytes.count)
            for r in block.strong { #expect(r.lowerBound >= 0 && r.upperBound <= t.count) }
        }
        for comment in doc.comments {
            #expect(comment.sourceRange.upperBound <= bytes.count)
            #expect(bytes[comment.sourceRange.lowerBound] == 0x3C)
        }
        var structured = doc
        ImplicitHeadings(lexicon: .builtin).apply(to: &structured)
        for block in structured.blocks {
            #expect(block.text.starts.allSatisfy { $0 <= bytes.count })
        }
    }
}
