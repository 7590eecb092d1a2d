import Testing
@testable import JamlintCore

/// Findings in Word files: paragraph number as line, character offset + 1 as column, the section
/// heading named in the text output, the unit stated in JSON and SARIF.
@Suite struct DocxFindingTests {
    typealias F = OfficeFixture

    static let linter = Result { try Linter(useConfiguration: false) }

    static let memo = F.docx(
        body: F.paragraph("Ny fritidsgård i Åby", style: "Rubrik1") + F.paragraph("Bakgrund", style: "Heading2")
            + "<w:p/>" + F.paragraph("Under året besökte 340 personer gården."),
        extra: [("word/header1.xml", F.headerXML(
            "<w:tbl><w:tr><w:tc>\(F.paragraph("Diarienummer"))</w:tc><w:tc>\(F.paragraph("«Diarienr»"))</w:tc></w:tr></w:tbl>"))])

    static func result() throws -> FileResult {
        try linter.get().lintBytes(memo, path: "ks/memo.docx")
    }

    @Test func findingsCarryParagraphAndColumn() throws {
        let result = try Self.result()
        #expect(result.error == nil)
        let people = try #require(result.findings.first { $0.ruleID == "JAM006" })
        #expect(people.start.line == 4)
        #expect(people.start.column == 20)
        #expect(people.end.column == 32)
        #expect(people.matchedText == "340 personer")
        #expect(people.section == "Bakgrund")
        // The unfilled field in the page header (paragraphs 5 and 6 follow the body's four).
        let placeholder = try #require(result.findings.first { $0.ruleID == "MEMO002" })
        #expect(placeholder.start.line == 6)
        #expect(placeholder.start.column == 1)
        #expect(placeholder.matchedText == "«Diarienr»")
    }

    @Test func textOutputQuotesTheParagraphAndNamesTheSection() throws {
        let result = try Self.result()
        let people = try #require(result.findings.first { $0.ruleID == "JAM006" })
        let reporter = TextReporter(context: ReportContext(language: .sv))
        let text = reporter.render(people, source: result.source)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0].hasPrefix("ks/memo.docx:4:20: warning: "))
        #expect(lines[1] == " 4 | Under året besökte 340 personer gården.")
        #expect(lines[2] == "   |                    ^^^^^^^^^^^^")
        #expect(lines.contains("   = obs: stycke 4 under rubriken «Bakgrund»"))
        let english = TextReporter(context: ReportContext(language: .en)).render(people, source: result.source)
        #expect(english.contains("= note: paragraph 4 under the heading «Bakgrund»"))
    }

    @Test func machineFormatsStateTheUnit() throws {
        let result = try Self.result()
        let json = JSONReporter(context: ReportContext())
        let line = json.add(result)
        #expect(line.contains("\"path\":\"ks/memo.docx\",\"positionUnit\":\"paragraphs\""))
        let sarif = SARIFReporter(context: ReportContext())
        _ = sarif.add(result)
        let log = sarif.finish(Summary())
        #expect(log.contains("\"positionUnit\": \"paragraphs\""))
    }

    @Test func textFilesKeepTheirOutput() throws {
        let result = try Self.linter.get().lintBytes(Array("# Rubrik\n\nUnder året besökte 340 personer gården.\n".utf8), path: "m.md")
        let json = JSONReporter(context: ReportContext()).add(result)
        #expect(!json.contains("positionUnit"))
        let finding = try #require(result.findings.first { $0.ruleID == "JAM006" })
        #expect(!TextReporter(context: ReportContext()).render(finding, source: result.source).contains("stycke"))
    }
}
