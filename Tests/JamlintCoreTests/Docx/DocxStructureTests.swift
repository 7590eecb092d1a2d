import Testing
@testable import JamlintCore

@Suite struct DocxStructureTests {
    typealias F = OfficeFixture

    static let body = [
        F.paragraph("TJÄNSTESKRIVELSE", bold: true),
        F.paragraph("Förskola i Västerås", style: "Rubrik1"),
        F.paragraph("Bakgrund", style: "Heading2"),
        "<w:p><w:r><w:t xml:space=\"preserve\">Nämnden </w:t></w:r>"
            + "<w:ins w:id=\"1\" w:author=\"A\"><w:r><w:t>beslutar</w:t></w:r></w:ins>"
            + "<w:del w:id=\"2\" w:author=\"A\"><w:r><w:delText>avslår</w:delText></w:r></w:del>"
            + "<w:r><w:t xml:space=\"preserve\"> att öppna.</w:t></w:r></w:p>",
        "<w:p/>",
        F.paragraph("Ärendet", style: "KommunRubrik"),
        F.paragraph("Detaljer", style: "Underrubrik"),
        "<w:p><w:pPr><w:outlineLvl w:val=\"0\"/></w:pPr><w:r><w:t>Direkt nivå</w:t></w:r></w:p>",
        "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"1\"/><w:numId w:val=\"3\"/></w:numPr></w:pPr><w:r><w:t>Punkt två</w:t></w:r></w:p>",
        "<w:tbl><w:tr><w:tc>\(F.paragraph("Kön"))</w:tc><w:tc>\(F.paragraph("Antal"))</w:tc></w:tr>"
            + "<w:tr><w:tc>\(F.paragraph("Kvinnor"))\(F.paragraph("och flickor"))</w:tc><w:tc>\(F.paragraph("12"))</w:tc></w:tr></w:tbl>",
        F.paragraph("Bedömning", style: "Fet"),
        "<w:p><w:commentRangeStart w:id=\"0\"/><w:r><w:t xml:space=\"preserve\">Se </w:t></w:r>"
            + "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText> MERGEFIELD Diarienr </w:instrText></w:r>"
            + "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>«Diarienr»</w:t></w:r>"
            + "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r><w:commentRangeEnd w:id=\"0\"/>"
            + "<w:r><w:commentReference w:id=\"0\"/></w:r><w:r><w:footnoteReference w:id=\"1\"/></w:r>"
            + "<w:r><w:rPr><w:vanish/></w:rPr><w:t>dold</w:t></w:r><w:r><w:t>.</w:t></w:r></w:p>",
        "<w:p><w:r><w:t>Första raden</w:t><w:br/><w:t>andra raden</w:t></w:r></w:p>",
        F.paragraph("Slinga", style: "Loop1"),
    ].joined()

    static let header = F.headerXML(
        "<w:tbl><w:tr><w:tc>\(F.paragraph("Diarienummer"))</w:tc><w:tc>\(F.paragraph("KS 2024/117"))</w:tc></w:tr></w:tbl>"
            + F.paragraph("Datum: 2024-03-01") + F.paragraph("Sida 1 av 2"))

    static let footer = "<w:ftr \(F.wordNamespaces)>\(F.paragraph("Hemlig sidfot"))</w:ftr>"
    static let comments = "<w:comments \(F.wordNamespaces)><w:comment w:id=\"0\">\(F.paragraph("En kommentar"))</w:comment></w:comments>"

    static func document() throws -> Document {
        try F.load(F.docx(body: body, extra: [
            ("word/header1.xml", header), ("word/footer1.xml", footer), ("word/comments.xml", comments),
        ]))
    }

    @Test func outlineOfTheMemo() throws {
        let doc = try Self.document()
        #expect(doc.format == .docx)
        #expect(doc.source.positionUnit == .paragraphs)
        #expect(doc.source.path == "memo.docx")
        #expect(F.outline(doc) == [
            "metadata[Diarienummer] 20:1 KS 2024/117",
            "metadata[Datum] 21:8 2024-03-01",
            "heading2* 1:1 TJÄNSTESKRIVELSE",
            "heading1 2:1 Förskola i Västerås",
            "heading2 3:1 Bakgrund",
            "paragraph 4:1 Nämnden beslutar att öppna.",
            "heading3 6:1 Ärendet",
            "heading3 7:1 Detaljer",
            "heading1 8:1 Direkt nivå",
            "listItem2 9:1 Punkt två",
            "tableCell[0,0,0,h] 10:1 Kön",
            "tableCell[0,0,1,h] 11:1 Antal",
            "tableCell[0,1,0] 12:1 Kvinnor\noch flickor",
            "tableCell[0,1,1] 14:1 12",
            "heading2* 15:1 Bedömning",
            "paragraph 16:1 Se «Diarienr».",
            "paragraph 17:1 Första raden\nandra raden",
            "paragraph 18:1 Slinga",
        ])
    }

    /// Paragraph N of the document is line N of the synthetic source, empty paragraphs included.
    @Test func syntheticSourceHasOneLinePerParagraph() throws {
        let doc = try Self.document()
        #expect(doc.source.lineText(4) == "Nämnden beslutar att öppna.")
        #expect(doc.source.lineText(5) == "")
        #expect(doc.source.lineText(12) == "Kvinnor")
        #expect(doc.source.lineText(13) == "och flickor")
        #expect(doc.source.lineText(17) == "Första raden andra raden")
        // The header follows the body; footers and comments are not read at all.
        #expect(doc.source.lineText(19) == "Diarienummer")
        #expect(doc.source.lineText(21) == "Datum: 2024-03-01")
        let text = String(decoding: doc.source.bytes, as: UTF8.self)
        #expect(!text.contains("avslår"))
        #expect(!text.contains("Hemlig sidfot"))
        #expect(!text.contains("En kommentar"))
        #expect(!text.contains("dold"))
        #expect(!text.contains("MERGEFIELD"))
    }

    @Test func headerFieldWithoutColon() throws {
        let header = F.headerXML(F.paragraph("Kommunstyrelsen") + F.paragraph("Dnr KS 2024/5"))
        let doc = try F.load(F.docx(body: F.paragraph("Text."), extra: [("word/header2.xml", header)]))
        #expect(F.outline(doc) == ["metadata[Dnr] 3:5 KS 2024/5", "paragraph 1:1 Text."])
    }

    @Test func headingStyleNames() {
        #expect(WordStyles.headingLevel(name: "Rubrik 1") == 1)
        #expect(WordStyles.headingLevel(name: "heading 2") == 2)
        #expect(WordStyles.headingLevel(name: "Heading3") == 3)
        #expect(WordStyles.headingLevel(name: "Rubrik") == 1)
        #expect(WordStyles.headingLevel(name: "Title") == 1)
        #expect(WordStyles.headingLevel(name: "Heading") == nil)
        #expect(WordStyles.headingLevel(name: "Table Heading") == nil)
        #expect(WordStyles.headingLevel(name: "Rubrik 12") == nil)
    }

    /// A style id that styles.xml does not define still reads as a heading by its name.
    @Test func headingWithoutStylesPart() throws {
        let doc = try F.load(F.docx(body: F.paragraph("Syfte", style: "Heading1") + F.paragraph("Text."), styles: nil))
        #expect(F.outline(doc) == ["heading1 1:1 Syfte", "paragraph 2:1 Text."])
    }

    @Test func columnsCountCharactersWithinTheParagraph() throws {
        let doc = try Self.document()
        let block = try #require(doc.blocks.firstIndex { $0.text.string.hasPrefix("Nämnden") })
        let location = doc.location(block: block, scalar: 8)  // "beslutar"
        #expect(location.line == 4)
        #expect(location.column == 9)
    }

    @Test func boldRunsMergeIntoOneStretch() throws {
        let body = "<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>Jäm</w:t></w:r><w:r><w:rPr><w:b w:val=\"1\"/></w:rPr>"
            + "<w:t>ställdhet</w:t></w:r></w:p><w:p><w:r><w:rPr><w:b w:val=\"0\"/></w:rPr><w:t>Inte fet</w:t></w:r></w:p>"
        let doc = try F.load(F.docx(body: body))
        #expect(F.outline(doc) == ["heading2* 1:1 Jämställdhet", "paragraph 2:1 Inte fet"])
    }

    @Test func strictNamespaceAndContentControls() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <w:document xmlns:w="http://purl.oclc.org/ooxml/wordprocessingml/main"><w:body>\
            <w:sdt><w:sdtContent><w:p><w:r><w:t>I en kontroll</w:t></w:r></w:p></w:sdtContent></w:sdt>\
            </w:body></w:document>
            """
        let bytes = F.zip([("word/document.xml", Array(xml.utf8))])
        let doc = try F.load(bytes)
        #expect(F.outline(doc) == ["paragraph 1:1 I en kontroll"])
    }
}
