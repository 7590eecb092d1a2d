import Foundation
import Testing
@testable import JamlintCore

/// The rule files' examples are the rule tests (SwiftLint-style): every triggering example must
/// produce findings exactly at its `↓` markers, every non-triggering example none; each
/// triggering example is re-run with Swedish multi-byte text inserted (positions must shift)
/// and with a suppression comment (the findings must disappear).
@Suite struct RuleExamplesTests {
    static let rulesDirectory: String = {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Rules").path
    }()

    static let linter = Result { try Linter(rulesDirectory: rulesDirectory, useConfiguration: false) }
    static let loaded = Result { try RuleSet.load(directory: rulesDirectory) }

    /// Rule ids from the file names, so a rule file that fails to load fails its tests
    /// instead of vanishing from them.
    static let ruleIDs: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: rulesDirectory)) ?? []
        return names.filter { $0.hasSuffix(".yml") && !["sections.yml", "procedural.yml"].contains($0) }
            .map { String($0.dropLast(4)) }.sorted()
    }()

    static func rule(_ id: String) throws -> CompiledRule {
        try #require(try loaded.get().rules.first { $0.id == id })
    }

    @Test func theRulesFolderLoads() throws {
        let set = try Self.loaded.get()
        #expect(set.rules.count == Self.ruleIDs.count)
        #expect(Self.ruleIDs.count >= 19)
    }

    /// An example with its markers removed and the expected (line, column) of each marker.
    struct Marked {
        var text: String
        var expected: [JamlintCore.SourceLocation]
        var markerOffsets: [Int]
    }

    static func strip(_ example: String) -> Marked {
        var bytes: [UInt8] = []
        var offsets: [Int] = []
        let marker = Array("↓".utf8)
        let input = Array(example.utf8)
        var i = 0
        while i < input.count {
            if i + marker.count <= input.count && Array(input[i..<(i + marker.count)]) == marker {
                offsets.append(bytes.count)
                i += marker.count
                continue
            }
            bytes.append(input[i])
            i += 1
        }
        let source = SourceFile(path: "example.md", bytes: bytes)
        return Marked(text: String(decoding: bytes, as: UTF8.self), expected: offsets.map { source.location(ofByte: $0) },
                      markerOffsets: offsets)
    }

    static func findings(_ text: String, rule: String) throws -> [Finding] {
        let set = try loaded.get().restricted(to: [rule])
        let loader = DocumentLoader(structure: set.structure)
        let document = try loader.parse(bytes: Array(text.utf8), path: "example.md", format: .markdown)
        return try linter.get().lint(document, rules: set).filter { $0.ruleID == rule }
    }

    static func describe(_ findings: [Finding]) -> String {
        findings.map { "\($0.start.line):\($0.start.column) \($0.message)" }.joined(separator: "; ")
    }

    @Test(arguments: ruleIDs) func everyRuleHasEnoughExamples(_ id: String) throws {
        let rule = try Self.rule(id)
        #expect(rule.file.triggering.count >= 3, "\(id) needs at least three triggering examples")
        #expect(rule.file.nonTriggering.count >= 3, "\(id) needs at least three non-triggering examples")
    }

    @Test(arguments: ruleIDs) func triggeringExamplesPointAtTheMarkers(_ id: String) throws {
        let rule = try Self.rule(id)
        for example in rule.file.triggering {
            let marked = Self.strip(example.text)
            let found = try Self.findings(marked.text, rule: id)
            let got = found.map { JamlintCore.SourceLocation(offset: 0, line: $0.start.line, column: $0.start.column) }
            let want = marked.expected.map { JamlintCore.SourceLocation(offset: 0, line: $0.line, column: $0.column) }
            #expect(got == want, "\(id) example at \(rule.file.path):\(example.line): got [\(Self.describe(found))]")
        }
    }

    @Test(arguments: ruleIDs) func nonTriggeringExamplesAreClean(_ id: String) throws {
        let rule = try Self.rule(id)
        for example in rule.file.nonTriggering {
            let found = try Self.findings(Self.strip(example.text).text, rule: id)
            #expect(found.isEmpty, "\(id) example at \(rule.file.path):\(example.line): unexpected [\(Self.describe(found))]")
        }
    }

    /// Multi-byte text before each finding: a comment line with å/ä/ö at the top (every line
    /// shifts by two) and, where a marker follows a space, an inline comment with å/ä/ö right
    /// before it (its column shifts by the comment's ten characters, not its thirteen bytes).
    @Test(arguments: ruleIDs) func positionsShiftWithMultiByteText(_ id: String) throws {
        let rule = try Self.rule(id)
        let header = "<!-- Översikt: åäö ÅÄÖ é -->\n\n"
        let inline = "<!--åäö-->"
        for example in rule.file.triggering {
            var text = example.text
            let frontMatter = text.hasPrefix("---")
            var shifted: [Bool] = []
            if !frontMatter {
                // Insert the inline comment before markers that follow a space (not inside a
                // comment, where it would change the directive being tested).
                var out = ""
                var previous: Character = "\n"
                for ch in text {
                    if ch == "↓" {
                        let insideComment = (out.range(of: "<!--", options: .backwards)?.lowerBound).map { open in
                            !out[open...].contains("-->")
                        } ?? false
                        let insert = previous == " " && !insideComment
                        shifted.append(insert)
                        if insert { out += inline }
                    }
                    out.append(ch)
                    previous = ch
                }
                text = header + out
            } else {
                shifted = Array(repeating: false, count: Self.strip(text).expected.count)
            }
            let original = Self.strip(example.text)
            let marked = Self.strip(text)
            let found = try Self.findings(marked.text, rule: id)
            let got = found.map { "\($0.start.line):\($0.start.column)" }
            var want: [String] = []
            for (k, loc) in original.expected.enumerated() {
                let lineShift = frontMatter ? 0 : 2
                let columnShift = k < shifted.count && shifted[k] ? inline.count : 0
                want.append("\(loc.line + lineShift):\(loc.column + columnShift)")
            }
            if frontMatter { continue }
            #expect(got == want, "\(id) example at \(rule.file.path):\(example.line) with multi-byte text: got [\(Self.describe(found))]")
        }
    }

    @Test(arguments: ruleIDs) func suppressionCommentsSilenceTheRule(_ id: String) throws {
        let rule = try Self.rule(id)
        if rule.file.descriptor.kind == "suppression-problem" { return }
        for example in rule.file.triggering {
            let marked = Self.strip(example.text)
            let frontMatter = marked.text.hasPrefix("---")
            let comment = "<!-- jamlint-disable-file \(id) -- exempel i regelfilen -->\n\n"
            let text = frontMatter ? marked.text + "\n" + comment : comment + marked.text
            let found = try Self.findings(text, rule: id)
            #expect(found.isEmpty, "\(id) example at \(rule.file.path):\(example.line) still fires when disabled: [\(Self.describe(found))]")
        }
    }
}

/// Findings about comments and declarations span the words at fault, with the problem's own severity.
@Suite struct DirectiveFindingTests {
    @Test func directiveProblemsSpanTheWordAtFaultWithTheirSeverity() throws {
        let text = "Text.\n\n<!-- jamlint-disabel JAM004 -->\n\n<!-- jamlint-disable JAM0O4, JAM006 -->\n\nMer.\n"
        let found = try RuleExamplesTests.findings(text, rule: "JAM019")
        let source = SourceFile(path: "example.md", text: text)
        func spanned(_ f: Finding) -> String { String(decoding: source.bytes[f.start.offset..<f.end.offset], as: UTF8.self) }
        #expect(found.map(spanned) == ["jamlint-disabel", "JAM0O4"])
        // The text stays empty: it is part of the fingerprint, which earlier baselines hold.
        #expect(found.map(\.matchedText) == ["", ""])
        #expect(found.map(\.severity) == [.error, .warning])
        #expect(found.map { "\($0.start.line):\($0.start.column)-\($0.end.line):\($0.end.column)" } == ["3:6-3:21", "5:22-5:28"])
    }

    @Test func aDeclarationWithoutAReasonSpansItsKeywordAndValue() throws {
        func spans(_ text: String) throws -> [String] {
            let source = SourceFile(path: "example.md", text: text)
            return try RuleExamplesTests.findings(text, rule: "JAM018").map {
                String(decoding: source.bytes[$0.start.offset..<$0.end.offset], as: UTF8.self)
            }
        }
        #expect(try spans("# Ärende\n\n<!-- jamlint-relevans: ej-relevant -->\n\nText.\n") == ["jamlint-relevans: ej-relevant"])
        #expect(try spans("---\njamlint.relevans: ej-relevant\n---\n# Ärende\n\nText.\n") == ["ej-relevant"])
        // With the label and no reason after it: the value, not only its first word.
        #expect(try spans("# Ärende\n\n<!-- jamlint-relevans: inte relevant, motivering: -->\n\nText.\n")
                == ["jamlint-relevans: inte relevant"])
    }

    /// A severity set in the configuration holds for every finding of the rule.
    @Test func aConfiguredSeverityHoldsForEveryFinding() throws {
        let configuration = try Configuration.parse(yaml: "rules:\n  JAM019: note\n", path: ".jamlint.yml")
        let set = try RuleSet.load(directory: RuleExamplesTests.rulesDirectory, configuration: configuration)
            .restricted(to: ["JAM019"])
        #expect(set.rules.first { $0.id == "JAM019" }?.severityIsConfigured == true)
        let text = "Text.\n\n<!-- jamlint-disabel JAM004 -->\n\n<!-- jamlint-disable JAM0O4 -->\n"
        let document = try DocumentLoader(structure: set.structure).parse(bytes: Array(text.utf8), path: "a.md",
                                                                          format: .markdown)
        let found = try RuleExamplesTests.linter.get().lint(document, rules: set).filter { $0.ruleID == "JAM019" }
        #expect(found.map(\.severity) == [.note, .note])
    }
}
