import Foundation
import Testing
@testable import JamlintCore

/// Replays every input under Fuzz/Regressions/<target>/ (inputs that once crashed, hung or leaked in a
/// fuzz target, see Fuzz/README.md) through the same code the target runs. Each must finish normally.
@Suite struct FuzzRegressionTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fuzz/Regressions").path

    static func inputs(_ target: String) -> [String] {
        let dir = root + "/" + target
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { dir + "/" + $0 }
    }

    static let linter: Linter = {
        // swiftlint:disable:next force_try
        try! Linter(useConfiguration: false)
    }()

    static func bytes(_ path: String) -> [UInt8] {
        FileManager.default.contents(atPath: path).map { [UInt8]($0) } ?? []
    }

    static func lint(_ bytes: [UInt8], name: String, format: DocumentFormat) {
        let loader = DocumentLoader(structure: linter.ruleSet.structure)
        guard let document = try? loader.parse(bytes: bytes, path: name, format: format) else { return }
        _ = DocumentDump.text(document)
        let findings = linter.lint(document)
        _ = TextReporter(context: ReportContext(rules: linter.rules))
            .add(FileResult(path: name, findings: findings, source: document.source))
    }

    @Test(arguments: inputs("FuzzMarkdown")) func markdown(path: String) {
        Self.lint(Self.bytes(path), name: "fuzz.md", format: .markdown)
    }

    @Test(arguments: inputs("FuzzXHTML")) func xhtml(path: String) {
        Self.lint(Self.bytes(path), name: "fuzz.xhtml", format: .xhtml)
    }

    @Test(arguments: inputs("FuzzHTML")) func html(path: String) {
        Self.lint(Self.bytes(path), name: "fuzz.html", format: .html)
    }

    @Test(arguments: inputs("FuzzOffice")) func office(path: String) {
        Self.lint(Self.bytes(path), name: "fuzz.docx", format: .docx)
        Self.lint(Self.bytes(path), name: "fuzz.odt", format: .odt)
    }

    @Test(arguments: inputs("FuzzConfig")) func configuration(path: String) {
        let text = String(decoding: Self.bytes(path), as: UTF8.self)
        let rules = Self.linter.ruleSet
        if let config = try? Configuration.parse(yaml: text, path: "/fuzz/.jamlint.yml") {
            _ = try? config.resolvedRules(knownRuleIDs: rules.names)
            _ = config.isIgnored("/fuzz/arkiv/2024/b.xhtml")
        }
        if let file = try? RuleFile.parse(text, path: "/fuzz/FUZZ001.yml") {
            _ = try? RuleKinds.make(file, options: file.options, lexicon: rules.lexicon)
        }
    }

    @Test(arguments: inputs("FuzzSuppressions")) func suppressions(path: String) {
        // The markdown parser finds the comments; the fuzz target's own comment scan is simpler.
        Self.lint(Self.bytes(path), name: "fuzz.md", format: .markdown)
    }
}
