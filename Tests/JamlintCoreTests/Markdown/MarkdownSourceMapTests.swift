import Testing
@testable import JamlintCore

/// Every scalar of a block's text maps to the bytes that produced it.
@Suite struct MarkdownSourceMapTests {
    @Test func crlfLineEndings() throws {
        let m = Marked("# Rubrik\r\n\r\nRad ett⟨1⟩\r\nrad ⟨2⟩två\r\n\r\n⟨3⟩Nästa\r\n")
        let doc = try markdown(m)
        #expect(doc.texts == ["Rubrik", "Rad ett\nrad två", "Nästa"])
        let t = doc.blocks[1].text
        let nl = t.index(of: "\n")
        #expect(t.starts[nl] == m[1] && t.ends[nl] == m[1] + 2)
        #expect(t.start(of: "två") == m[2])
        #expect(doc.position(1, "två") == "4:5")
        #expect(doc.blocks[2].sourceRange.lowerBound == m[3])
        #expect(doc.position(2, "Nästa") == "6:1")
    }

    @Test func byteOrderMarkDoesNotShiftLineOne() throws {
        // cmark counts a BOM in line 1's byte columns; the parser feeds it the bytes after the BOM.
        let m = Marked("# ⟨1⟩Hej *på* ⟨2⟩dig\n⟨3⟩Text\n", prefix: [0xEF, 0xBB, 0xBF])
        let doc = try markdown(m)
        #expect(doc.texts == ["Hej på dig", "Text"])
        #expect(m[1] == 5)
        #expect(doc.blocks[0].text.starts[0] == m[1])
        #expect(doc.blocks[0].text.start(of: "dig") == m[2])
        #expect(doc.blocks[0].sourceRange.lowerBound == 3)
        #expect(doc.position(0, "Hej") == "1:3")
        #expect(doc.position(0, "dig") == "1:12")
        #expect(doc.blocks[1].text.starts[0] == m[3])
    }

    @Test func tabsCountAsOneColumnAndContinuationLinesMapExactly() throws {
        let m = Marked("Text\t⟨1⟩med tab\n\n1.\t⟨2⟩Punkt\n\t⟨3⟩fortsätter `⟨4⟩kod\nrad`\n")
        let doc = try markdown(m)
        #expect(doc.texts == ["Text\tmed tab", "Punkt\nfortsätter kod rad"])
        #expect(doc.blocks[0].text.start(of: "med") == m[1])
        #expect(doc.position(0, "med") == "1:6")
        let item = doc.blocks[1].text
        #expect(item.start(of: "Punkt") == m[2])
        #expect(item.start(of: "fortsätter") == m[3])  // cmark says column 4 here
        #expect(item.start(of: "kod") == m[4])
        // The code span's line break became a space mapped to the line ending.
        let space = item.index(of: "kod") + 3
        #expect(item.scalars[space] == " " && item.ends[space] - item.starts[space] == 1)
    }

    @Test func entityReferencesMapToTheWholeReference() throws {
        let m = Marked("⟨1⟩&auml;r ⟨2⟩&#228;r ⟨3⟩&#xE4;r ⟨4⟩&nbsp;x ⟨5⟩&amp;amp; ⟨6⟩&NotEqualTilde; ⟨7⟩&okänd; s")
        let doc = try markdown(m)
        let t = doc.blocks[0].text
        #expect(t.string == "är är är \u{A0}x &amp; \u{2242}\u{338} &okänd; s")
        #expect(t.starts[0] == m[1] && t.ends[0] == m[1] + 6)
        #expect(t.starts[3] == m[2] && t.ends[3] == m[2] + 6)
        #expect(t.starts[6] == m[3] && t.ends[6] == m[3] + 6)
        #expect(t.starts[9] == m[4] && t.ends[9] == m[4] + 6)
        #expect(t.starts[10] == m[4] + 6)
        let amp = t.index(of: "&amp;")
        #expect(t.starts[amp] == m[5] && t.ends[amp] == m[5] + 5)
        #expect(t.starts[amp + 1] == m[5] + 5)
        let tilde = t.index(of: "\u{2242}")
        #expect(t.starts[tilde] == m[6] && t.ends[tilde + 1] == m[6] + 15)
        #expect(t.start(of: "&okänd;") == m[7])
        #expect(t.start(of: " s") == m[7] + "&okänd;".utf8.count)
    }

    @Test func backslashEscapesMapToBothBytes() throws {
        let m = Marked("⟨1⟩\\*inte fet⟨2⟩\\* och \\\\ ⟨3⟩\\_x")
        let doc = try markdown(m)
        let t = doc.blocks[0].text
        #expect(t.string == "*inte fet* och \\ _x")
        #expect(t.starts[0] == m[1] && t.ends[0] == m[1] + 2)
        #expect(t.starts[1] == m[1] + 2)
        let close = t.index(of: "* och")
        #expect(t.starts[close] == m[2] && t.ends[close] == m[2] + 2)
        #expect(t.start(of: "_x") == m[3])
        #expect(t.start(of: "x") == m[3] + 2)
    }

    @Test func boldLinkAndCodeMapToTheirContent() throws {
        let m = Marked("Det är ⟨1⟩**⟨2⟩viktigt**⟨3⟩ att [⟨4⟩läsa **⟨5⟩mer**](https://x.se) om `⟨6⟩kön`.")
        let doc = try markdown(m)
        let b = doc.blocks[0]
        #expect(b.text.string == "Det är viktigt att läsa mer om kön.")
        #expect(b.text.start(of: "viktigt") == m[2])
        #expect(b.text.start(of: " att") == m[3])
        #expect(b.text.start(of: "läsa") == m[4])
        #expect(b.text.start(of: "mer") == m[5])
        #expect(b.text.start(of: "kön") == m[6])
        #expect(b.strong.map { b.text.string($0) } == ["viktigt", "mer"])
        #expect(b.sourceRange.lowerBound == 0)
        _ = m[1]
    }

    @Test func linkAcrossQuotedLines() throws {
        let m = Marked("> Se [länk\n> ⟨1⟩text](u \"t)\") ⟨2⟩sen\n")
        let doc = try markdown(m)
        #expect(doc.texts == ["Se länk\ntext sen"])
        #expect(doc.blocks[0].text.start(of: "text") == m[1])
        #expect(doc.blocks[0].text.start(of: "sen") == m[2])
    }

    @Test func textAfterMultiLineInlineHTML() throws {
        // cmark's inline line numbers drift after raw HTML that spans lines.
        let m = Marked("a <span\nclass=\"x\">⟨1⟩b</span>\n⟨2⟩c **⟨3⟩d**\n")
        let doc = try markdown(m)
        #expect(doc.texts == ["a b\nc d"])
        #expect(doc.blocks[0].text.start(of: "b") == m[1])
        #expect(doc.blocks[0].text.start(of: "c") == m[2])
        #expect(doc.blocks[0].text.start(of: "d") == m[3])
        #expect(doc.position(0, "c") == "3:1")
    }

    @Test func inlineLineBreakTagsSeparateWords() throws {
        // As the XHTML parser reads `<br/>`: a line break mapped to the tag, not words run together.
        let m = Marked("45 procent av eleverna⟨1⟩<br>⟨2⟩plats, 320 brukare<BR />i hemtjänst<br class=\"x\">\n<br>⟨3⟩slut <bra>x\n")
        let doc = try markdown(m)
        // A tag, the line end after it and a tag: three breaks.
        #expect(doc.texts == ["45 procent av eleverna\nplats, 320 brukare\ni hemtjänst\n\n\nslut x"])
        let t = doc.blocks[0].text
        let br = t.scalars.firstIndex(of: "\n")!
        #expect(t.starts[br] == m[1] && t.ends[br] == m[2])
        #expect(t.start(of: "plats") == m[2])
        #expect(t.start(of: "slut") == m[3])
        // At a block's start a break separates nothing.
        #expect(try markdown("<br>Text\n").texts == ["Text"])
    }

    @Test func nfdLettersBecomeNFCWithOriginalPositions() throws {
        let m = Marked("⟨1⟩ka\u{30A}r o\u{308}⟨2⟩l a\u{308}⟨3⟩r")
        let doc = try markdown(m)
        let t = doc.blocks[0].text
        #expect(t.string == "kår öl är")
        #expect(t.string.unicodeScalars.count == 9)
        #expect(t.starts[1] == m[1] + 1 && t.ends[1] == m[1] + 4)  // å = a + U+030A
        #expect(t.starts[4] == m[2] - 3 && t.ends[4] == m[2])      // ö = o + U+0308
        #expect(t.ends[7] == m[3])
        #expect(doc.position(0, "r ö") == "1:3")
    }

    @Test func softHyphenIsDroppedAndNBSPIsKept() throws {
        let m = Marked("jäm\u{AD}⟨1⟩ställdhet för 100\u{A0}⟨2⟩kvinnor")
        let doc = try markdown(m)
        let t = doc.blocks[0].text
        #expect(t.string == "jämställdhet för 100\u{A0}kvinnor")
        #expect(t.start(of: "ställdhet") == m[1])
        let nbsp = t.index(of: "\u{A0}")
        #expect(t.starts[nbsp] == m[2] - 2 && t.ends[nbsp] == m[2])
        #expect(t.start(of: "kvinnor") == m[2])
    }

    @Test func positionsBeyondLine65535() throws {
        var text = ""
        for line in 1...69_998 { text += line % 2 == 1 ? "Stycke \(line)\n" : "\n" }
        text += "\n## Sista ⟨1⟩rubriken\n"
        let m = Marked(text)
        let doc = try markdown(m)
        #expect(doc.blocks.count == 35_000)
        let last = doc.blocks.count - 1
        #expect(doc.blocks[last].kind == .heading)
        #expect(doc.blocks[last].text.start(of: "rubriken") == m[1])
        #expect(doc.position(last, "rubriken") == "70000:10")
        #expect(doc.position(last - 1, "Stycke") == "69997:1")
    }

    @Test func unalignableTextFallsBackWithoutCrashing() throws {
        // A NUL byte becomes U+FFFD in cmark's literal; it still maps to its byte.
        let doc = try MarkdownParser().parse(SourceFile(path: "t.md", bytes: Array("a\u{0}b".utf8)))
        #expect(doc.texts == ["a\u{FFFD}b"])
        #expect(doc.blocks[0].text.starts == [0, 1, 2])
    }
}
