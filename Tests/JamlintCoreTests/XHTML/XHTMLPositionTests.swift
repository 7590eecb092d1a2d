import Testing
@testable import JamlintCore

/// Exact line:column positions of block text, in both the XHTML and the HTML reader.
@Suite struct XHTMLPositionTests {
    static let modes: [XMLDocumentParser.Mode] = [.xhtml, .html]

    /// Wraps a body fragment in a minimal XHTML document (line 1 is the html/body line).
    static func page(_ body: String) -> String {
        "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body>\n" + body + "\n</body></html>\n"
    }

    @Test(arguments: modes) func multiLineStartTag(mode: XMLDocumentParser.Mode) throws {
        let m = MarkedSource(Self.page("""
            <p class="inledning"
               title="x">⟨1⟩Förslaget ⟨2⟩gäller</p>
            """))
        let doc = try m.parse(mode)
        #expect(doc.texts == ["Förslaget gäller"])
        #expect(doc.at("Förslaget", in: 0) == m.at(1))
        #expect(m.at(1) == "3:14")
        #expect(doc.at("gäller", in: 0) == "3:24")
        #expect(doc.at("gäller", in: 0) == m.at(2))
        #expect(doc.blocks[0].sourceRange.lowerBound == m.file.lineStarts[1])
        #expect(doc.mapProblems() == [])
    }

    @Test(arguments: modes) func inlineMarkup(mode: XMLDocumentParser.Mode) throws {
        let m = MarkedSource(Self.page("""
            <p>Vi <em>ser</em> att <a href="#k">⟨1⟩kvinnor</a> och <span class="x">⟨2⟩män</span> \
            <strong>⟨3⟩påverkas</strong> <b>⟨4⟩olika</b>.</p>
            """))
        let doc = try m.parse(mode)
        #expect(doc.texts == ["Vi ser att kvinnor och män påverkas olika."])
        #expect(doc.at("kvinnor", in: 0) == m.at(1))
        #expect(doc.at("män", in: 0) == m.at(2))
        #expect(doc.at("påverkas", in: 0) == m.at(3))
        #expect(doc.at("olika", in: 0) == m.at(4))
        #expect(m.at(1) == "2:37")
        let text = doc.blocks[0].text
        #expect(doc.blocks[0].strong.map { text.string($0) } == ["påverkas", "olika"])
        #expect(doc.mapProblems() == [])
    }

    @Test(arguments: modes) func entitiesAndCharacterReferences(mode: XMLDocumentParser.Mode) throws {
        let m = MarkedSource(Self.page("""
            <p>Gr⟨1⟩&auml;nsen ⟨2⟩&#228;r ⟨3⟩&#xE4;r&nbsp;⟨4⟩h&ouml;g ⟨5⟩&mdash; ⟨6⟩ja &amp; ⟨7⟩nej</p>
            """))
        let doc = try m.parse(mode)
        #expect(doc.texts == ["Gränsen är är\u{A0}hög — ja & nej"])
        #expect(doc.at("änsen", in: 0) == m.at(1))
        #expect(doc.sourceText(of: "ä", in: 0) == "&auml;")
        #expect(doc.at("är", in: 0) == m.at(2))
        #expect(doc.sourceText(of: "är ", in: 0) == "&#228;r ")
        #expect(doc.at("är\u{A0}", in: 0) == m.at(3))
        #expect(doc.sourceText(of: "\u{A0}", in: 0) == "&nbsp;")
        #expect(doc.at("hög", in: 0) == m.at(4))
        #expect(doc.at("—", in: 0) == m.at(5))
        #expect(doc.at("ja", in: 0) == m.at(6))
        #expect(doc.at("nej", in: 0) == m.at(7))
        #expect(m.at(7) == "2:64")
        #expect(doc.mapProblems() == [])
    }

    @Test(arguments: modes) func referencesBeyondLatin1(mode: XMLDocumentParser.Mode) throws {
        let m = MarkedSource(Self.page("<p>A ⟨1⟩&#8212; B ⟨2⟩&#x2013; C ⟨3⟩&#x1F600; ⟨4⟩D</p>"))
        let doc = try m.parse(mode)
        #expect(doc.texts == ["A — B – C 😀 D"])
        #expect(doc.at("—", in: 0) == m.at(1))
        #expect(doc.at("–", in: 0) == m.at(2))
        #expect(doc.at("😀", in: 0) == m.at(3))
        #expect(doc.at("D", in: 0) == m.at(4))
        #expect(doc.mapProblems() == [])
    }

    @Test(arguments: modes) func softHyphensLiteralAndEntity(mode: XMLDocumentParser.Mode) throws {
        let m = MarkedSource(Self.page("<p>för&shy;⟨1⟩valt\u{AD}⟨2⟩ning av ⟨3⟩kön</p>"))
        let doc = try m.parse(mode)
        #expect(doc.texts == ["förvaltning av kön"])
        #expect(doc.at("valt", in: 0) == m.at(1))
        #expect(doc.at("ning", in: 0) == m.at(2))
        #expect(doc.at("kön", in: 0) == m.at(3))
        #expect(m.at(3) == "2:25")
        #expect(doc.mapProblems() == [])
    }

    @Test(arguments: modes) func crlfLineEnds(mode: XMLDocumentParser.Mode) throws {
        let marked = Self.page("""
            <p>Rad ett
            ⟨1⟩rad två
               ⟨2⟩tre</p>
            <p>⟨3⟩Nästa</p>
            """).replacingNewlines(with: "\r\n")
        let m = MarkedSource(marked)
        let doc = try m.parse(mode)
        #expect(doc.texts == ["Rad ett rad två tre", "Nästa"])
        #expect(doc.at("rad", in: 0) == m.at(1))
        #expect(m.at(1) == "3:1")
        #expect(doc.at("tre", in: 0) == "4:4")
        #expect(doc.at("tre", in: 0) == m.at(2))
        #expect(doc.at("Nästa", in: 1) == m.at(3))
        #expect(doc.sourceText(of: " rad", in: 0) == "\r\nrad")
        #expect(doc.mapProblems() == [])
    }

    @Test(arguments: modes) func byteOrderMark(mode: XMLDocumentParser.Mode) throws {
        let m = MarkedSource("<html><body><p>⟨1⟩Hej</p>\n<p>⟨2⟩Då</p></body></html>", prefix: [0xEF, 0xBB, 0xBF])
        let doc = try m.parse(mode)
        #expect(doc.texts == ["Hej", "Då"])
        #expect(doc.at("Hej", in: 0) == "1:16")
        #expect(doc.at("Hej", in: 0) == m.at(1))
        #expect(doc.at("Då", in: 1) == "2:4")
        #expect(doc.mapProblems() == [])
    }

    @Test(arguments: modes) func xmlDeclarationAndBOM(mode: XMLDocumentParser.Mode) throws {
        let m = MarkedSource(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<html><body><p>⟨1⟩Hej</p></body></html>",
            prefix: [0xEF, 0xBB, 0xBF])
        let doc = try m.parse(mode)
        #expect(doc.at("Hej", in: 0) == "2:16")
    }

    /// The loader has already checked that the bytes are UTF-8; a stale declaration must not
    /// turn them into mojibake or shift offsets.
    @Test(arguments: modes) func declaredEncodingIsIgnored(mode: XMLDocumentParser.Mode) throws {
        let m = MarkedSource("""
            <?xml version="1.0" encoding="ISO-8859-1"?>
            <html><head><meta charset="iso-8859-1"/></head><body><p>Gr\u{E4}ns ⟨1⟩för</p></body></html>
            """)
        let doc = try m.parse(mode)
        #expect(doc.texts == ["Gräns för"])
        #expect(doc.at("för", in: 0) == m.at(1))
        #expect(m.at(1) == "2:63")
    }

    @Test(arguments: modes) func decomposedLettersCompose(mode: XMLDocumentParser.Mode) throws {
        let m = MarkedSource(Self.page("<p>Ka\u{30A}r ⟨1⟩a\u{308}r ⟨2⟩flickor</p>"))
        let doc = try m.parse(mode)
        #expect(doc.texts == ["Kår är flickor"])
        #expect(doc.at("är", in: 0) == m.at(1))
        #expect(doc.at("är", in: 0) == "2:8")
        #expect(doc.sourceText(of: "ä", in: 0) == "a\u{308}")
        #expect(doc.at("flickor", in: 0) == "2:11")
        #expect(doc.at("flickor", in: 0) == m.at(2))
        #expect(doc.mapProblems() == [])
    }

    @Test(arguments: modes) func literalNoBreakSpace(mode: XMLDocumentParser.Mode) throws {
        let m = MarkedSource(Self.page("<p>52\u{A0}⟨1⟩procent är kvinnor</p>"))
        let doc = try m.parse(mode)
        #expect(doc.texts == ["52\u{A0}procent är kvinnor"])
        #expect(doc.at("procent", in: 0) == m.at(1))
        #expect(doc.at("procent", in: 0) == "2:7")
    }

    @Test(arguments: modes) func tableCells(mode: XMLDocumentParser.Mode) throws {
        let m = MarkedSource(Self.page("""
            <table>
              <tr><th>⟨1⟩Kön</th><th>  ⟨2⟩Antal </th></tr>
              <tr><td>⟨3⟩Kvinnor</td><td>⟨4⟩1&#160;204</td></tr>
            </table>
            """))
        let doc = try m.parse(mode)
        #expect(doc.texts == ["Kön", "Antal", "Kvinnor", "1\u{A0}204"])
        #expect(doc.at("Kön", in: 0) == m.at(1))
        #expect(doc.at("Antal", in: 1) == m.at(2))
        #expect(doc.at("Kvinnor", in: 2) == m.at(3))
        #expect(doc.at("1", in: 3) == m.at(4))
        #expect(m.at(4) == "4:27")
        #expect(doc.mapProblems() == [])
    }

    @Test(arguments: modes) func beyondSixtyFiveThousandLines(mode: XMLDocumentParser.Mode) throws {
        let filler = String(repeating: "<p>x</p>\n", count: 70_000)
        let m = MarkedSource(Self.page(filler + "<p>  ⟨1⟩Sista <b>⟨2⟩raden</b></p>"))
        let doc = try m.parse(mode)
        #expect(doc.blocks.count == 70_001)
        let last = doc.blocks.count - 1
        #expect(doc.texts[last] == "Sista raden")
        #expect(doc.at("Sista", in: last) == "70002:6")
        #expect(doc.at("Sista", in: last) == m.at(1))
        #expect(doc.at("raden", in: last) == m.at(2))
        #expect(doc.blocks[last].strong == [6..<11])
    }

    /// Long text crosses libxml2's internal text buffers (300 bytes in XML, 1000 in HTML).
    @Test(arguments: modes) func longTextAcrossParserBuffers(mode: XMLDocumentParser.Mode) throws {
        var body = "<p>"
        for i in 0..<400 { body += i % 7 == 0 ? "Rå\r\nkön &auml; &#246; " : "flickor och pojkar åäö " }
        let m = MarkedSource(Self.page(body + "⟨1⟩slut</p>"))
        let doc = try m.parse(mode)
        #expect(doc.blocks.count == 1)
        #expect(doc.texts[0].hasSuffix("kön ä ö slut"))
        #expect(doc.at("slut", in: 0) == m.at(1))
        #expect(doc.mapProblems() == [])
    }

    @Test func cdataSection() throws {
        let m = MarkedSource(Self.page("<p>Om <![CDATA[⟨1⟩a < b & c]]> ⟨2⟩gäller</p>"))
        let doc = try m.parse(.xhtml)
        #expect(doc.texts == ["Om a < b & c gäller"])
        #expect(doc.at("a <", in: 0) == m.at(1))
        #expect(doc.at("gäller", in: 0) == m.at(2))
        #expect(doc.mapProblems() == [])
    }

    /// A reference right after a section's `]]>`: its scalar was mapped to the `>` of `]]>`.
    @Test func referenceRightAfterCDATASection() throws {
        let m = MarkedSource(Self.page("<p>Antal <![CDATA[elever]]>⟨1⟩&gt;12 och <![CDATA[a]]>⟨2⟩&amp;⟨3⟩b</p>"))
        let doc = try m.parse(.xhtml)
        #expect(doc.texts == ["Antal elever>12 och a&b"])
        #expect(doc.at(">12", in: 0) == m.at(1))
        #expect(doc.at("&b", in: 0) == m.at(2))
        #expect(doc.at("b", in: 0) == m.at(3))
        #expect(doc.sourceText(of: ">", in: 0) == "&gt;")
        #expect(doc.sourceText(of: "&", in: 0) == "&amp;")
        #expect(doc.mapProblems() == [])
    }

    @Test(arguments: modes) func metaContentValue(mode: XMLDocumentParser.Mode) throws {
        let m = MarkedSource("""
            <html><head>
            <meta charset="utf-8"/>
            <meta name="Diarienummer"
                  content="⟨1⟩KS 2023-00738"/>
            <meta name="jamlint.relevans" content='⟨2⟩Ej rel&auml;vant ⟨3⟩&#246;verhuvud'/>
            </head><body><p>Text</p></body></html>
            """)
        let doc = try m.parse(mode)
        #expect(doc.blocks.map(\.kind) == [.metadata, .metadata, .paragraph])
        #expect(doc.blocks[0].metadataKey == "Diarienummer")
        #expect(doc.texts[0] == "KS 2023-00738")
        #expect(doc.at("KS", in: 0) == m.at(1))
        #expect(m.at(1) == "4:16")
        #expect(doc.blocks[1].metadataKey == "jamlint.relevans")
        #expect(doc.texts[1] == "Ej relävant överhuvud")
        #expect(doc.at("Ej", in: 1) == m.at(2))
        #expect(doc.at("överhuvud", in: 1) == m.at(3))
        #expect(doc.sourceText(of: "ä", in: 1) == "&auml;")
        #expect(doc.mapProblems() == [])
    }

    @Test(arguments: modes) func definitionListField(mode: XMLDocumentParser.Mode) throws {
        let m = MarkedSource(Self.page("""
            <dl>
              <dt>Diarienummer</dt><dd>⟨1⟩KS 2023-00738</dd>
              <dt>Handl&auml;ggare</dt>
              <dd>
                ⟨2⟩Anna Berg</dd>
            </dl>
            """))
        let doc = try m.parse(mode)
        #expect(doc.blocks.map(\.kind) == [.metadata, .metadata])
        #expect(doc.blocks.map(\.metadataKey) == ["Diarienummer", "Handläggare"])
        #expect(doc.texts == ["KS 2023-00738", "Anna Berg"])
        #expect(doc.at("KS", in: 0) == m.at(1))
        #expect(doc.at("Anna", in: 1) == m.at(2))
        #expect(m.at(2) == "6:5")
        #expect(doc.mapProblems() == [])
    }

    @Test(arguments: modes) func lineBreaks(mode: XMLDocumentParser.Mode) throws {
        let m = MarkedSource(Self.page("<p>Rad ett ⟨1⟩<br/>  ⟨2⟩rad två<br /><br/>⟨3⟩tre<br/></p>"))
        let doc = try m.parse(mode)
        #expect(doc.texts == ["Rad ett\nrad två\n\ntre"])
        #expect(doc.sourceText(of: "\n", in: 0) == "<br/>")
        #expect(doc.at("\n", in: 0) == m.at(1))
        #expect(doc.at("rad", in: 0) == m.at(2))
        #expect(doc.at("tre", in: 0) == m.at(3))
        #expect(doc.mapProblems() == [])
    }
}

extension String {
    func replacingNewlines(with terminator: String) -> String {
        split(separator: "\n", omittingEmptySubsequences: false).joined(separator: terminator)
    }
}
