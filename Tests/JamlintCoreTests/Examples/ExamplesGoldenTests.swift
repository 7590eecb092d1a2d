import Foundation
import Testing

/// jamlint's exact output over the shipped example memos, in the text, JSON and SARIF formats,
/// pinned in Examples/expected/. After an intended change, regenerate with
/// `JAMLINT_UPDATE_GOLDEN=1 swift test --filter ExamplesGoldenTests` and review the diff.
@Suite struct ExamplesGoldenTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    static let cases: [(format: String, file: String, extra: [String])] = [
        ("text", "lint.sv.out", ["--color", "never"]),
        ("text", "lint.en.out", ["--color", "never", "--lang", "en"]),
        ("json", "lint.json", []),
        ("sarif", "lint.sarif", []),
    ]

    @Test(arguments: 0..<cases.count) func outputOverTheExamplesIsPinned(_ index: Int) throws {
        let c = Self.cases[index]
        let run = try JamlintBinary.run(["lint", "Examples", "--format", c.format, "--jobs", "2"] + c.extra, in: Self.root,
                                        environment: ["NO_COLOR": ""])
        #expect(run.status == 1, "the examples include memos with errors: \(run.stderr)")
        let path = Self.root + "/Examples/expected/" + c.file
        if ProcessInfo.processInfo.environment["JAMLINT_UPDATE_GOLDEN"] == "1" {
            try run.stdout.write(toFile: path, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOfFile: path, encoding: .utf8)
        #expect(run.stdout == expected, "output differs from \(path); diff it against `jamlint lint Examples --format \(c.format)`")
    }

    /// The exemplary memos are the standard a clerk can copy: jamlint finds nothing in them.
    @Test(arguments: ["01-utmarkt-hemtjanst.md", "02-utmarkt-traningstider-idrottshallar.xhtml",
                      "16-konverterad-word-implicita-rubriker-forskola.md", "19-motiverad-ej-relevant-slamtomning.md"])
    func exemplaryMemosHaveNoFindings(_ name: String) throws {
        let run = try JamlintBinary.run(["lint", "Examples/" + name, "--format", "json", "--fail-on", "note"], in: Self.root)
        #expect(run.status == 0, "\(name): \(run.stdout.prefix(2000))")
    }
}
