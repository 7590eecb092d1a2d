import Foundation
import Testing
@testable import JamlintCore

/// A rule file that is wrong in any way fails to load, naming the file, line and column.
@Suite struct RuleFileTests {
    static let valid = """
        id: JAM900
        alias: test-regel
        kind: cooccurrence
        severity: note
        scope: gender-section
        summary: { sv: Sammanfattning, en: Summary }
        message: { sv: "meddelande", en: "message" }
        rationale: { sv: Skäl, en: Reason }
        sources: ["SKR moment 7"]
        options:
          when: [[women]]
          require: ["cue:goals"]
        examples:
          triggering:
            - "## Jämställdhet\\n↓Kvinnor berörs."
          non-triggering:
            - "Text."
        """

    static let lexicon = Lexicon.builtin

    /// Loads `text` as rules/JAM900.yml and compiles its kind, as the rule set does.
    func load(_ text: String) throws(DataFileError) -> CompiledRule {
        let file = try RuleFile.parse(text, path: "rules/JAM900.yml")
        let kind = try RuleKinds.make(file, options: file.options, lexicon: Self.lexicon)
        return CompiledRule(file: file, kind: kind, severity: file.descriptor.severity, enabled: true)
    }

    func error(_ text: String) -> DataFileError? {
        do { _ = try load(text); return nil } catch { return error }
    }

    func replacing(_ old: String, with new: String) -> String {
        precondition(Self.valid.contains(old))
        return Self.valid.replacingOccurrences(of: old, with: new)
    }

    @Test func theValidFileLoads() throws {
        let rule = try load(Self.valid)
        #expect(rule.id == "JAM900")
        #expect(rule.file.descriptor.alias == "test-regel")
        #expect(rule.file.scope == .genderSection)
        #expect(rule.file.triggering.count == 1)
    }

    @Test func unknownTopLevelKeyIsAnErrorAtItsLine() throws {
        let e = try #require(error(replacing("severity: note", with: "severity: note\nseverty: warning")))
        #expect(e.path == "rules/JAM900.yml")
        #expect(e.line == 5 && e.column == 1)
        #expect(e.message.contains("unknown key `severty`"))
    }

    @Test func badSeverityPointsAtTheValue() throws {
        let e = try #require(error(replacing("severity: note", with: "severity: fatal")))
        #expect(e.line == 4 && e.column == 11)
        #expect(e.message.contains("error, warning or note"))
    }

    @Test func unknownKindListsTheKnownOnes() throws {
        let e = try #require(error(replacing("kind: cooccurrence", with: "kind: magic")))
        #expect(e.line == 3 && e.column == 7)
        #expect(e.message.contains("unknown kind `magic`") && e.message.contains("cooccurrence"))
    }

    @Test func idMustMatchTheFileName() throws {
        let e = try #require(error(replacing("id: JAM900", with: "id: JAM901")))
        #expect(e.line == 1 && e.column == 5)
        #expect(e.message.contains("file name"))
    }

    @Test func messagesAreLowercaseWithoutFinalPeriod() throws {
        let upper = try #require(error(replacing(#"sv: "meddelande""#, with: #"sv: "Meddelande""#)))
        #expect(upper.line == 7 && upper.message.contains("lowercase"))
        let period = try #require(error(replacing(#"en: "message""#, with: #"en: "message.""#)))
        #expect(period.line == 7 && period.message.contains("final period"))
    }

    @Test func bothLanguagesAreRequired() throws {
        let e = try #require(error(replacing("summary: { sv: Sammanfattning, en: Summary }", with: "summary: { sv: Sammanfattning }")))
        #expect(e.line == 6 && e.message.contains("English"))
    }

    @Test func unknownOptionIsAnErrorAtTheOption() throws {
        let e = try #require(error(replacing("  require: [\"cue:goals\"]", with: "  require: [\"cue:goals\"]\n  requires: [women]")))
        #expect(e.line == 13 && e.column == 13, "\(e)")
        #expect(e.message.contains("option `requires`") && e.message.contains("known: require"))
    }

    @Test func unknownLexiconCategoryAndCueListAreErrors() throws {
        let category = try #require(error(replacing("when: [[women]]", with: "when: [[kvinnor]]")))
        #expect(category.line == 11 && category.message.contains("unknown lexicon category `kvinnor`"))
        let cue = try #require(error(replacing(#"["cue:goals"]"#, with: #"["cue:mål"]"#)))
        #expect(cue.line == 12 && cue.message.contains("unknown cue list `mål`"))
    }

    @Test func badPatternsAndRegexesAreErrors() throws {
        let pattern = """
            id: JAM900
            alias: test-regel
            kind: claim-without-cue
            severity: warning
            summary: { sv: S, en: S }
            message: { sv: "m", en: "m" }
            rationale: { sv: R, en: R }
            sources: []
            options:
              patterns: ["@okänd … inte"]
            examples: { triggering: ["↓x"], non-triggering: [] }
            """
        let e = try #require(error(pattern))
        #expect(e.line == 10 && e.message.contains("unknown lexicon category `@okänd`"))
        let regex = pattern.replacingOccurrences(of: "kind: claim-without-cue", with: "kind: pattern")
            .replacingOccurrences(of: #"patterns: ["@okänd … inte"]"#, with: #"patterns: ["(unclosed"]"#)
        let r = try #require(error(regex))
        #expect(r.line == 10 && r.message.contains("invalid regular expression"))
    }

    @Test func aTriggeringExampleNeedsAMarker() throws {
        let e = try #require(error(replacing("- \"## Jämställdhet\\n↓Kvinnor berörs.\"", with: "- \"Kvinnor berörs.\"")))
        #expect(e.line == 15 && e.message.contains("↓"))
    }

    @Test func yamlSyntaxErrorsCarryTheirPosition() throws {
        let e = try #require(error(replacing("sources: [\"SKR moment 7\"]", with: "sources: [\"SKR moment 7\"")))
        #expect(e.line >= 9)
        #expect(e.message.hasPrefix("YAML:"))
    }

    @Test func skipWhenMustNameAKnownRule() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("jamlint-rules-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let shipped = RuleExamplesTests.rulesDirectory
        for item in ["lexicon", "sections.yml", "procedural.yml"] {
            try FileManager.default.copyItem(atPath: shipped + "/" + item, toPath: dir.path + "/" + item)
        }
        try replacing("scope: gender-section", with: "scope: gender-section\nskip_when: [JAM999]")
            .write(toFile: dir.path + "/JAM900.yml", atomically: true, encoding: .utf8)
        #expect(throws: DataFileError.self) { try RuleSet.load(directory: dir.path) }
        do { _ = try RuleSet.load(directory: dir.path) } catch let e as DataFileError {
            #expect(e.line == 6 && e.message.contains("JAM999"))
        }
    }
}
