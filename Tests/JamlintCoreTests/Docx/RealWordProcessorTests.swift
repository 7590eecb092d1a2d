import Testing
@testable import JamlintCore

/// Files written by a real word processor: LibreOffice 7.4 (headless, Debian 12) converted
/// Fixtures/libreoffice-memo.html with `soffice --headless --convert-to docx` and `--convert-to odt`.
@Suite struct RealWordProcessorTests {
    typealias F = OfficeFixture

    static let expectedOutline = [
        "metadata[Diarienummer] 1:15 «Diarienr»",
        "heading1 2:1 Ny fritidsgård i Åby",
        "heading2 3:1 Sammanfattning",
        "paragraph 4:1 Förvaltningen föreslår att en ny fritidsgård öppnas i Åby under hösten.",
        "heading3* 5:1 Bakgrund",
        "paragraph 6:1 Antalet besökare har ökat till 340 personer per vecka.",
        "listItem1 7:1 Öppettider på kvällar ",
        "listItem1 8:1 Läxhjälp för elever ",
        "heading2 9:1 Ekonomi",
        "tableCell[0,0,0,h] 10:1 År",
        "tableCell[0,0,1,h] 11:1 Kostnad",
        "tableCell[0,1,0] 12:1 2025",
        "tableCell[0,1,1] 13:1 1,2 mnkr",
        "paragraph 14:1 Kostnaden ryms inom ramen.",
    ]

    @Test(arguments: ["libreoffice-memo.docx", "libreoffice-memo.odt"])
    func readsTheConvertedMemo(_ name: String) throws {
        let doc = try DocumentLoader().load(path: F.fixturesDirectory + "/" + name)
        #expect(F.outline(doc) == Self.expectedOutline)
    }

    @Test(arguments: ["libreoffice-memo.docx", "libreoffice-memo.odt"])
    func findingsMatchTheHTMLOriginal(_ name: String) throws {
        let linter = try Linter(useConfiguration: false)
        let office = linter.lintFile(path: F.fixturesDirectory + "/" + name)
        let html = linter.lintFile(path: F.fixturesDirectory + "/libreoffice-memo.html")
        #expect(office.error == nil)
        #expect(office.findings.map(\.ruleID) == html.findings.map(\.ruleID))
        #expect(office.findings.map(\.matchedText) == html.findings.map(\.matchedText))
        let positions = office.findings.map { "\($0.ruleID) \($0.start.line):\($0.start.column)" }
        #expect(positions == ["MEMO002 1:15", "JAM001 2:1", "MEMO001 2:1", "JAM006 6:32"])
    }
}
