import Foundation
import Testing
@testable import JamlintCore

@Suite struct ReporterGoldenTests {
    @Test func textSwedish() { #expect(ReportFixture.render(.text) == Golden.text) }
    @Test func textEnglish() { #expect(ReportFixture.render(.text, language: .en) == Golden.textEnglish) }
    @Test func json() { #expect(ReportFixture.render(.json) == Golden.json) }
    @Test func sarif() { #expect(ReportFixture.render(.sarif) == Golden.sarif) }
    @Test func github() { #expect(ReportFixture.render(.github) == Golden.github) }
    @Test func gitlab() { #expect(ReportFixture.render(.gitlab) == Golden.gitlab) }
    @Test func junit() { #expect(ReportFixture.render(.junit) == Golden.junit) }
    @Test func checkstyle() { #expect(ReportFixture.render(.checkstyle) == Golden.checkstyle) }

    @Test func colourOnlyWhenAsked() {
        let plain = ReportFixture.render(.text)
        #expect(!plain.contains("\u{1B}"))
        let coloured = ReportFixture.render(.text, color: true)
        #expect(coloured.contains("\u{1B}[1;33mwarning:\u{1B}[0m"))
        #expect(coloured.contains("\u{1B}[1;31merror:\u{1B}[0m"))
        // Without the escape codes the coloured report is the plain one.
        let stripped = coloured.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
        #expect(stripped == plain)
    }

    @Test func machineFormatsNeverColour() {
        for format in OutputFormat.allCases where format != .text {
            #expect(!ReportFixture.render(format, color: true).contains("\u{1B}"), "\(format)")
        }
    }

    @Test func jsonParsesAndCarriesOffsetsAndRanges() throws {
        let data = Data(ReportFixture.render(.json).utf8)
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(root["schema"] as? String == "jamlint-report")
        #expect(root["version"] as? Int == 1)
        let files = try #require(root["files"] as? [[String: Any]])
        #expect(files.count == 4)
        let findings = try #require(files[0]["findings"] as? [[String: Any]])
        let start = try #require(findings[1]["start"] as? [String: Int])
        let end = try #require(findings[1]["end"] as? [String: Int])
        // "nämnden" … "beslutar" crosses the CRLF between lines 3 and 4.
        #expect(start == ["offset": 55, "line": 3, "column": 28])
        #expect(end == ["offset": 73, "line": 4, "column": 9])
        let summary = try #require(root["summary"] as? [String: Int])
        #expect(summary["errors"] == 1 && summary["warnings"] == 2 && summary["notes"] == 1 && summary["unreadable"] == 1)
    }

    @Test func gitlabIsValidJSONWithUniqueFingerprints() throws {
        let data = Data(ReportFixture.render(.gitlab).utf8)
        let issues = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        let fingerprints = issues.compactMap { $0["fingerprint"] as? String }
        #expect(fingerprints.count == issues.count)
        #expect(Set(fingerprints).count == fingerprints.count)
    }

    @Test func emptyRunsAreWellFormed() throws {
        let context = ReportContext(language: .en)
        #expect(reporter(for: .text, context: context).render([]) == "Total: 0 errors, 0 warnings, 0 notes in 0 files\n")
        let json = reporter(for: .json, context: context).render([])
        #expect(try JSONSerialization.jsonObject(with: Data(json.utf8)) is [String: Any])
        #expect(reporter(for: .gitlab, context: context).render([]) == "[]\n")
        #expect(reporter(for: .github, context: context).render([]) == "")
        #expect(reporter(for: .checkstyle, context: context).render([])
            == "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n</checkstyle>\n")
    }

    @Test func streamingMatchesRender() {
        // Reporters emit per file; the concatenation is the whole report.
        let context = ReportContext(rules: ReportFixture.rules)
        for format in OutputFormat.allCases {
            let r = reporter(for: format, context: context)
            var out = r.begin()
            var summary = Summary()
            for result in ReportFixture.results {
                summary.add(result)
                out += r.add(result)
            }
            out += r.finish(summary)
            #expect(out == ReportFixture.render(format), "\(format)")
        }
    }
}
