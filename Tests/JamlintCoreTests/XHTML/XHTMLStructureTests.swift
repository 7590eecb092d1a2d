import Testing
@testable import JamlintCore

/// How (X)HTML elements map onto headings, paragraphs, list items, table cells and metadata.
@Suite struct XHTMLStructureTests {
    static let modes: [XMLDocumentParser.Mode] = [.xhtml, .html]

    static func parse(_ body: String, _ mode: XMLDocumentParser.Mode) throws -> Document {
        let source = "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body>\n" + body + "\n</body></html>\n"
        return try XMLDocumentParser(mode: mode).parse(SourceFile(path: "memo.xhtml", text: source))
    }

    @Test(arguments: modes) func headingsAndParagraphs(mode: XMLDocumentParser.Mode) throws {
        let doc = try Self.parse("""
            <h1>Tjänsteskrivelse</h1>
            <h2>  Ärendet </h2>
            <p>Förslaget gäller <em>alla</em>.</p>
            <h6>Liten</h6>
            """, mode)
        #expect(doc.format == (mode == .xhtml ? .xhtml : .html))
        #expect(doc.blocks.map(\.kind) == [.heading, .heading, .paragraph, .heading])
        #expect(doc.blocks.map(\.level) == [1, 2, 0, 6])
        #expect(doc.texts == ["Tjänsteskrivelse", "Ärendet", "Förslaget gäller alla.", "Liten"])
        #expect(doc.blocks.allSatisfy { !$0.isImplicitHeading && !$0.inQuote && $0.table == nil })
    }

    @Test(arguments: modes) func blockSourceRangesCoverTheElement(mode: XMLDocumentParser.Mode) throws {
        let body = "<p class=\"x\">Ett <b>två</b></p>"
        let doc = try Self.parse(body, mode)
        let range = doc.blocks[0].sourceRange
        #expect(String(decoding: doc.source.bytes[range], as: UTF8.self) == body)
    }

    @Test(arguments: modes) func directTextInContainersFormsParagraphs(mode: XMLDocumentParser.Mode) throws {
        let doc = try Self.parse("""
            <div>Inledning <span>med</span> text
              <section><h2>Bakgrund</h2>Text direkt i avsnittet.</section>
              Efter avsnittet.
            </div>
            <article><p>Stycke</p></article>
            """, mode)
        #expect(doc.texts == ["Inledning med text", "Bakgrund", "Text direkt i avsnittet.", "Efter avsnittet.", "Stycke"])
        #expect(doc.blocks.map(\.kind) == [.paragraph, .heading, .paragraph, .paragraph, .paragraph])
    }

    @Test(arguments: modes) func textDirectlyInBody(mode: XMLDocumentParser.Mode) throws {
        let doc = try Self.parse("Bara text i body.", mode)
        #expect(doc.texts == ["Bara text i body."])
        #expect(doc.blocks.map(\.kind) == [.paragraph])
    }

    @Test(arguments: modes) func nestedListsHaveLevels(mode: XMLDocumentParser.Mode) throws {
        let doc = try Self.parse("""
            <ul>
              <li>Kvinnor
                <ol>
                  <li>Unga <strong>kvinnor</strong></li>
                  <li><p>Äldre</p><p>kvinnor</p></li>
                </ol>
                fortsättning</li>
              <li>Män</li>
            </ul>
            """, mode)
        #expect(doc.texts == ["Kvinnor", "Unga kvinnor", "Äldre\nkvinnor", "fortsättning", "Män"])
        #expect(doc.blocks.map(\.kind) == [.listItem, .listItem, .listItem, .listItem, .listItem])
        #expect(doc.blocks.map(\.level) == [1, 2, 2, 1, 1])
        #expect(doc.blocks[1].strong == [5..<12])
    }

    @Test(arguments: modes) func tableHeaderRowAndThead(mode: XMLDocumentParser.Mode) throws {
        let doc = try Self.parse("""
            <table>
              <tr><th>Kön</th><th>Antal</th></tr>
              <tr><td>Kvinnor</td><td>12</td></tr>
              <tr><td colspan="2">Summa 20</td></tr>
            </table>
            <table>
              <thead><tr><td>År</td><td>Flickor</td><td>Pojkar</td></tr></thead>
              <tbody><tr><td>2023</td><td></td><td>7</td></tr></tbody>
            </table>
            """, mode)
        #expect(doc.texts == ["Kön", "Antal", "Kvinnor", "12", "Summa 20", "År", "Flickor", "Pojkar", "2023", "7"])
        #expect(doc.blocks.allSatisfy { $0.kind == .tableCell })
        let positions = doc.blocks.compactMap(\.table)
        #expect(positions == [
            TableCellPosition(table: 0, row: 0, column: 0, isHeader: true),
            TableCellPosition(table: 0, row: 0, column: 1, isHeader: true),
            TableCellPosition(table: 0, row: 1, column: 0, isHeader: false),
            TableCellPosition(table: 0, row: 1, column: 1, isHeader: false),
            TableCellPosition(table: 0, row: 2, column: 0, isHeader: false),
            TableCellPosition(table: 1, row: 0, column: 0, isHeader: true),
            TableCellPosition(table: 1, row: 0, column: 1, isHeader: true),
            TableCellPosition(table: 1, row: 0, column: 2, isHeader: true),
            TableCellPosition(table: 1, row: 1, column: 0, isHeader: false),
            TableCellPosition(table: 1, row: 1, column: 2, isHeader: false),
        ])
    }

    @Test(arguments: modes) func cellWithParagraphsIsOneBlock(mode: XMLDocumentParser.Mode) throws {
        let doc = try Self.parse(
            "<table><tr><td><p>Andel kvinnor</p><p>52 %</p></td><th><h3>Rubrik</h3></th></tr></table>", mode)
        #expect(doc.texts == ["Andel kvinnor\n52 %", "Rubrik"])
        #expect(doc.blocks.map(\.kind) == [.tableCell, .heading])
    }

    @Test(arguments: modes) func blockquoteMarksQuotedBlocks(mode: XMLDocumentParser.Mode) throws {
        let doc = try Self.parse("""
            <p>Före</p>
            <blockquote><p>Citerat stycke</p>Direkt citat<ul><li>Punkt</li></ul></blockquote>
            <p>Efter</p>
            """, mode)
        #expect(doc.texts == ["Före", "Citerat stycke", "Direkt citat", "Punkt", "Efter"])
        #expect(doc.blocks.map(\.inQuote) == [false, true, true, true, false])
        #expect(doc.blocks.map(\.kind) == [.paragraph, .paragraph, .paragraph, .listItem, .paragraph])
    }

    @Test(arguments: modes) func codeScriptStyleAndHeadAreNotProse(mode: XMLDocumentParser.Mode) throws {
        let source = """
            <html><head><title>Titel om kvinnor</title><style>p { color: red }</style></head><body>
            <p>Prosa med <code>inline</code> kod.</p>
            <pre><code>if (a &lt; b) { kvinnor++ }</code></pre>
            <script>var text = "<p>kvinnor</p>";</script>
            <noscript>Aktivera skript</noscript>
            <p>Slut</p>
            </body></html>
            """
        let doc = try XMLDocumentParser(mode: mode).parse(SourceFile(path: "m.xhtml", text: source))
        #expect(doc.texts == ["Prosa med inline kod.", "Slut"])
    }

    @Test(arguments: modes) func commentsAreKeptWithExactRanges(mode: XMLDocumentParser.Mode) throws {
        let doc = try Self.parse("""
            <!-- jamlint-disable JAM006 -->
            <p>Text <!-- inne i
            stycket --> fortsätter</p>
            """, mode)
        #expect(doc.texts == ["Text fortsätter"])
        #expect(doc.comments.map(\.text) == [" jamlint-disable JAM006 ", " inne i\nstycket "])
        let slices = doc.comments.map { String(decoding: doc.source.bytes[$0.sourceRange], as: UTF8.self) }
        #expect(slices == ["<!-- jamlint-disable JAM006 -->", "<!-- inne i\nstycket -->"])
        #expect(doc.source.location(ofByte: doc.comments[1].sourceRange.lowerBound).column == 9)
    }

    @Test(arguments: modes) func strongRangesCoverBoldText(mode: XMLDocumentParser.Mode) throws {
        let doc = try Self.parse("<p><strong>Beslut</strong> fattas <b>av <i>nämnden</i></b> idag</p>", mode)
        let text = doc.blocks[0].text
        #expect(text.string == "Beslut fattas av nämnden idag")
        #expect(doc.blocks[0].strong.map { text.string($0) } == ["Beslut", "av nämnden"])
    }

    @Test(arguments: modes) func boldLineBeforeBreak(mode: XMLDocumentParser.Mode) throws {
        let doc = try Self.parse("<p><b>Konsekvenser för jämställdhet</b><br/>Beslutet påverkar.</p>", mode)
        #expect(doc.texts == ["Konsekvenser för jämställdhet\nBeslutet påverkar."])
        #expect(doc.blocks[0].strong == [0..<29])
    }

    @Test(arguments: modes) func definitionListsBecomeMetadata(mode: XMLDocumentParser.Mode) throws {
        let doc = try Self.parse("""
            <dl>
              <dt>Datum</dt><dd>2023-05-04</dd>
              <dt>Ensam term</dt>
              <dt>Mottagare</dt><dd>Kommunstyrelsen</dd><dd>Barn- och utbildningsnämnden</dd>
            </dl>
            <dl><dd>Definition utan term</dd><dt>Term utan definition</dt></dl>
            """, mode)
        #expect(doc.texts == [
            "2023-05-04", "Ensam term", "Kommunstyrelsen", "Barn- och utbildningsnämnden", "Definition utan term",
            "Term utan definition",
        ])
        #expect(doc.blocks.map(\.kind) == [.metadata, .paragraph, .metadata, .metadata, .paragraph, .paragraph])
        #expect(doc.blocks.map(\.metadataKey) == ["Datum", nil, "Mottagare", "Mottagare", nil, nil])
        let first = doc.blocks[0].sourceRange
        #expect(String(decoding: doc.source.bytes[first], as: UTF8.self) == "<dt>Datum</dt><dd>2023-05-04</dd>")
    }

    @Test(arguments: modes) func metaWithoutNameOrContentIsIgnored(mode: XMLDocumentParser.Mode) throws {
        let source = """
            <html><head><meta charset="utf-8"/><meta http-equiv="x" content="y"/><meta name="a"/>
            <meta name="Dnr" content=""/></head><body></body></html>
            """
        let doc = try XMLDocumentParser(mode: mode).parse(SourceFile(path: "m.xhtml", text: source))
        #expect(doc.blocks.map(\.metadataKey) == ["Dnr"])
        #expect(doc.texts == [""])
    }

    @Test(arguments: modes) func horizontalRuleSplitsText(mode: XMLDocumentParser.Mode) throws {
        let doc = try Self.parse("<div>Ett<hr/>Två</div>", mode)
        #expect(doc.texts == ["Ett", "Två"])
    }

    @Test(arguments: modes) func emptyElementsMakeNoBlocks(mode: XMLDocumentParser.Mode) throws {
        let doc = try Self.parse("<p></p><p>   </p><h2>\n</h2><ul><li></li></ul><p>&shy;</p><p>&nbsp;</p>", mode)
        #expect(doc.blocks.isEmpty)
    }

    @Test func htmlOmittedEndTags() throws {
        let source = "<!DOCTYPE html>\n<title>x</title>\n<p>Ett\n<p>Två<ul><li>A<li>B</ul>\n<P CLASS=x>Tre"
        let doc = try XMLDocumentParser(mode: .html).parse(SourceFile(path: "m.html", text: source))
        #expect(doc.texts == ["Ett", "Två", "A", "B", "Tre"])
        #expect(doc.blocks.map(\.kind) == [.paragraph, .paragraph, .listItem, .listItem, .paragraph])
        let first = String(decoding: doc.source.bytes[doc.blocks[0].sourceRange], as: UTF8.self)
        #expect(first == "<p>Ett")
        #expect(doc.at("Tre", in: 4) == "5:12")
        #expect(doc.mapProblems() == [])
    }

    @Test func htmlTextBeforeAnyElement() throws {
        let doc = try XMLDocumentParser(mode: .html).parse(SourceFile(path: "m.html", text: "Hej där <p>Nästa<br>rad"))
        #expect(doc.texts == ["Hej där", "Nästa\nrad"])
        #expect(doc.at("där", in: 0) == "1:5")
        #expect(doc.at("rad", in: 1) == "1:21")
        #expect(doc.sourceText(of: "\n", in: 1) == "<br>")
        #expect(doc.mapProblems() == [])
    }

    @Test func htmlLiteralLessThan() throws {
        let source = "<p>Om a < b och 3<4 gäller <3 x</p>"
        let doc = try XMLDocumentParser(mode: .html).parse(SourceFile(path: "m.html", text: source))
        #expect(doc.texts == ["Om a < b och 3<4 gäller <3 x"])
        #expect(doc.at("x", in: 0) == "1:31")
        #expect(doc.mapProblems() == [])
    }

    @Test func htmlStrayTagsAndLegacyReferences() throws {
        let source = "<p>A</span> &auml &#228 &foo; <b>B</p></b>&amp;c"
        let doc = try XMLDocumentParser(mode: .html).parse(SourceFile(path: "m.html", text: source))
        #expect(doc.texts == ["A &auml ä &foo; B", "&c"])
        #expect(doc.at("&auml", in: 0) == "1:13")
        #expect(doc.at("ä", in: 0) == "1:19")
        #expect(doc.at("&foo", in: 0) == "1:25")
        #expect(doc.at("B", in: 0) == "1:34")
        #expect(doc.mapProblems() == [])
    }
}
