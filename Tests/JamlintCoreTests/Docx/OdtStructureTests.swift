import Testing
@testable import JamlintCore

@Suite struct OdtStructureTests {
    typealias F = OfficeFixture

    static let stylesXML = """
        <?xml version="1.0" encoding="UTF-8"?>
        <office:document-styles \(F.odfNamespaces)><office:styles>\
        <style:style style:name="Heading_20_2" style:display-name="Heading 2" style:family="paragraph" \
        style:default-outline-level="2"/>\
        <style:style style:name="Rubrik_20_3" style:display-name="Rubrik 3" style:family="paragraph"/>\
        </office:styles><office:master-styles><style:master-page style:name="Standard"><style:header>\
        <text:p>Diarienummer: KS 2024/9</text:p><text:p>Kommunstyrelsen</text:p></style:header>\
        <style:footer><text:p>Sidfot</text:p></style:footer></style:master-page></office:master-styles>\
        </office:document-styles>
        """

    static let automaticStyles = """
        <style:style style:name="P1" style:family="paragraph"><style:text-properties fo:font-weight="bold"/></style:style>\
        <style:style style:name="P2" style:family="paragraph" style:parent-style-name="Heading_20_2"/>\
        <style:style style:name="T1" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>
        """

    static let body = """
        <text:tracked-changes><text:changed-region text:id="c2"><text:deletion><office:change-info/>\
        <text:p>avslår</text:p></text:deletion></text:changed-region></text:tracked-changes>\
        <text:h text:outline-level="1">Förskola i Västerås</text:h>\
        <text:p text:style-name="P1">Bakgrund</text:p>\
        <text:p>Nämnden  <text:change-start text:change-id="c1"/>beslutar<text:change-end text:change-id="c1"/>\
        <text:change text:change-id="c2"/> att<text:s text:c="2"/>öppna.<office:annotation><text:p>kommentar</text:p>\
        </office:annotation><text:note><text:note-body><text:p>fotnot</text:p></text:note-body></text:note></text:p>\
        <text:list><text:list-item><text:p>Punkt ett</text:p><text:list><text:list-item><text:p>Punkt två</text:p>\
        </text:list-item></text:list></text:list-item></text:list>\
        <text:p text:style-name="P2">Ekonomi</text:p>\
        <text:p text:style-name="Rubrik_20_3">Svensk rubrik</text:p>\
        <table:table><table:table-header-rows><table:table-row><table:table-cell><text:p>År</text:p></table:table-cell>\
        <table:covered-table-cell/><table:table-cell><text:p>Kostnad</text:p></table:table-cell></table:table-row>\
        </table:table-header-rows><table:table-row><table:table-cell table:number-columns-repeated="2"/>\
        <table:table-cell><text:p><text:span text:style-name="T1">5</text:span> mnkr</text:p></table:table-cell>\
        </table:table-row></table:table>\
        <text:p>Se <text:placeholder text:placeholder-type="text">«Diarienr»</text:placeholder>.</text:p>
        """

    static func document() throws -> Document {
        try F.load(F.odt(body: body, automaticStyles: automaticStyles, stylesXML: stylesXML), path: "memo.odt")
    }

    @Test func outlineOfTheMemo() throws {
        let doc = try Self.document()
        #expect(doc.format == .odt)
        #expect(doc.source.positionUnit == .paragraphs)
        #expect(F.outline(doc) == [
            "metadata[Diarienummer] 12:15 KS 2024/9",
            "heading1 1:1 Förskola i Västerås",
            "heading2* 2:1 Bakgrund",
            "paragraph 3:1 Nämnden beslutar att  öppna.",
            "listItem1 4:1 Punkt ett",
            "listItem2 5:1 Punkt två",
            "heading2 6:1 Ekonomi",
            "heading3 7:1 Svensk rubrik",
            "tableCell[0,0,0,h] 8:1 År",
            "tableCell[0,0,2,h] 9:1 Kostnad",
            "tableCell[0,1,2] 10:1 5 mnkr",
            "paragraph 11:1 Se «Diarienr».",
        ])
        let text = String(decoding: doc.source.bytes, as: UTF8.self)
        #expect(!text.contains("avslår"))
        #expect(!text.contains("kommentar"))
        #expect(!text.contains("fotnot"))
        #expect(!text.contains("Sidfot"))
    }

    @Test func boldSpanIsStrong() throws {
        let doc = try Self.document()
        let cell = try #require(doc.blocks.first { $0.text.string == "5 mnkr" })
        #expect(cell.strong == [0..<1])
    }

    @Test func wordFileNamedOdtIsRefused() {
        #expect {
            _ = try F.load(F.docx(body: F.paragraph("Text")), path: "memo.odt")
        } throws: { ($0 as? ParseError)?.message.contains("Word document") == true }
    }

    @Test func otherOpenDocumentTypesAreRefused() {
        let bytes = F.zip([("mimetype", Array("application/vnd.oasis.opendocument.spreadsheet".utf8)),
                           ("content.xml", Array("<x/>".utf8))])
        #expect {
            _ = try F.load(bytes, path: "budget.odt")
        } throws: { ($0 as? ParseError)?.message.contains("not an OpenDocument text") == true }
    }
}
