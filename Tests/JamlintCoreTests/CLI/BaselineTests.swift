import Foundation
import Testing
@testable import JamlintCore

@Suite struct BaselineTests {
    func finding(_ text: String, line: Int, rule: String = "JAM006", section: String? = "Konsekvenser",
                 path: String = "a.md") -> Finding {
        Finding(ruleID: rule, severity: .warning, path: path, start: SourceLocation(offset: line * 10, line: line, column: 1),
                end: SourceLocation(offset: line * 10 + 4, line: line, column: 5), message: "m", matchedText: text,
                section: section)
    }

    func roundTrip(_ results: [FileResult]) throws -> Baseline {
        var writer = BaselineWriter()
        for r in results { writer.add(r) }
        return try Baseline.parse(Data(writer.render().utf8))
    }

    @Test func editsAboveAFindingDoNotReviveIt() throws {
        let old = FileResult(path: "a.md", findings: [finding("berör alla", line: 5), finding("Berör  alla", line: 9)])
        let baseline = try roundTrip([old])
        // Ten lines inserted above, text reflowed and recased: still the same two findings.
        let moved = FileResult(path: "./a.md", findings: [finding("berör\nalla", line: 15), finding("berör alla", line: 19)])
        let (kept, hidden) = baseline.filter(moved)
        #expect(hidden == 2)
        #expect(kept.findings.isEmpty)
    }

    @Test func newFindingsStillShow() throws {
        let baseline = try roundTrip([FileResult(path: "a.md", findings: [finding("berör alla", line: 5)])])
        let now = FileResult(path: "a.md", findings: [
            finding("berör alla", line: 5),
            finding("berör alla", line: 8),                          // a second occurrence is new
            finding("berör alla", line: 9, section: "Ekonomi"),       // same text, other section
            finding("berör alla", line: 9, rule: "JAM007"),           // other rule
            finding("berör alla", line: 5, path: "b.md"),             // other file
        ])
        let (kept, hidden) = baseline.filter(now)
        #expect(hidden == 1)
        #expect(kept.findings.map(\.start.line) == [8, 9, 9, 5])
    }

    @Test func fixingOneOfTwoKeepsTheOtherHidden() throws {
        let baseline = try roundTrip([FileResult(path: "a.md", findings: [finding("x", line: 1), finding("x", line: 2)])])
        let (kept, hidden) = baseline.filter(FileResult(path: "a.md", findings: [finding("x", line: 2)]))
        #expect(hidden == 1 && kept.findings.isEmpty)
    }

    @Test func fileFormatIsDocumentedJSON() throws {
        var writer = BaselineWriter()
        writer.add(FileResult(path: "./mapp/a.md", findings: [finding("berör alla", line: 5, path: "./mapp/a.md")]))
        #expect(writer.render() == """
            {
              "schema": "jamlint-baseline",
              "version": 1,
              "findings": [
                {
                  "path": "mapp/a.md",
                  "ruleId": "JAM006",
                  "section": "Konsekvenser",
                  "text": "berör alla",
                  "occurrence": 0,
                  "line": 5,
                  "message": "m"
                }
              ]
            }

            """)
    }

    @Test func badBaselinesAreToolErrors() {
        #expect(throws: ToolError.self) { try Baseline.parse(Data("not json".utf8)) }
        #expect(throws: ToolError.self) { try Baseline.parse(Data(#"{"version":99,"findings":[]}"#.utf8)) }
        #expect(throws: ToolError.self) { try Baseline.load(path: "/nonexistent/baseline.json") }
    }

    @Test func fingerprintIsStableAndDistinct() {
        let a = FindingKey(path: "a.md", ruleID: "JAM006", text: "x", section: "s", occurrence: 0)
        let b = FindingKey(path: "a.md", ruleID: "JAM006", text: "x", section: "s", occurrence: 1)
        #expect(a.fingerprint.count == 32 && a.fingerprint.allSatisfy(\.isHexDigit))
        #expect(a.fingerprint == FindingKey(path: "./a.md", ruleID: "JAM006", text: " X ", section: "S", occurrence: 0).fingerprint)
        #expect(a.fingerprint != b.fingerprint)
    }
}
