import Foundation
import Testing
@testable import JamlintCore

@Suite struct ConfigurationTests {
    static let path = "/kommun/nämnd/.jamlint.yml"

    func parse(_ yaml: String) throws(ConfigError) -> Configuration {
        try Configuration.parse(yaml: yaml, path: Self.path)
    }

    /// The error's `line:column` and whether its English message contains `fragment`.
    func failure(_ yaml: String) -> ConfigError? {
        do throws(ConfigError) {
            _ = try parse(yaml)
            return nil
        } catch {
            return error
        }
    }

    @Test func fullExampleParses() throws {
        let config = try parse("""
            rules:
              JAM006: off
              JAM007: error
              JAM004: On
              JAM012: { severity: warning, options: { min_words: 12, ratio: 0.5, strict: yes, label: "12", \
            words: [a, b], nested: { x: 1 } } }
              saknar-uppfoljning: off
              JAM013: { enabled: false }
            sections:
              gender: ["Social hållbarhet"]
            lexicon:
              people: ["Malmöbor"]
            cues:
              goals: ["Jämställdhetsprogram 2024–2027"]
            rule_folders: ["./egna-regler", "/opt/regler"]
            ignore: ["arkiv/**", "*.draft.md"]
            procedural: ["Val av ombud*"]
            language: en
            """)
        #expect(config.sourcePath == Self.path)
        #expect(config.directory == "/kommun/nämnd")
        #expect(config.rules["JAM006"]?.enabled == false)
        #expect(config.rules["JAM007"] == RuleSetting(enabled: true, severity: .error, line: 3, column: 3))
        #expect(config.rules["JAM004"]?.enabled == true)
        #expect(config.rules["JAM004"]?.severity == nil)
        #expect(config.rules["saknar-uppfoljning"]?.enabled == false)
        #expect(config.rules["JAM013"]?.enabled == false)
        let jam012 = try #require(config.rules["JAM012"])
        #expect(jam012.enabled)
        #expect(jam012.severity == .warning)
        #expect(jam012.options["min_words"] == .int(12))
        #expect(jam012.options["min_words"]?.intValue == 12)
        #expect(jam012.options["ratio"] == .double(0.5))
        #expect(jam012.options["strict"] == .bool(true))
        #expect(jam012.options["label"] == .string("12"))
        #expect(jam012.options["words"]?.stringList == ["a", "b"])
        #expect(jam012.options["nested"] == .map(["x": .int(1)]))
        #expect(config.sections == ["gender": ["Social hållbarhet"]])
        #expect(config.lexicon == ["people": ["Malmöbor"]])
        #expect(config.cues == ["goals": ["Jämställdhetsprogram 2024–2027"]])
        #expect(config.ruleFolders == ["/kommun/nämnd/egna-regler", "/opt/regler"])
        #expect(config.ignore == ["arkiv/**", "*.draft.md"])
        #expect(config.procedural == ["Val av ombud*"])
        #expect(config.language == .en)
    }

    @Test func documentedExampleParses() throws {
        // The first ```yaml block of docs/configuration.md must stay a valid configuration.
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(4)
        let doc = try String(contentsOfFile: parts.joined(separator: "/") + "/docs/configuration.md", encoding: .utf8)
        let start = try #require(doc.range(of: "```yaml\n"))
        let end = try #require(doc.range(of: "```", range: start.upperBound..<doc.endIndex))
        let config = try parse(String(doc[start.upperBound..<end.lowerBound]))
        #expect(config.rules["JAM012"]?.options["min_words"] == .int(12))
        #expect(config.rules["saknar-uppfoljning"]?.enabled == false)
        #expect(config.ignore.count == 3)
        #expect(config.language == .sv)
    }

    @Test func emptyFileIsAnEmptyConfiguration() throws {
        let config = try parse("# inget här\n")
        #expect(config.rules.isEmpty)
        #expect(config.language == nil)
        #expect(config.directory == "/kommun/nämnd")
    }

    @Test func unknownTopLevelKey() throws {
        let error = try #require(failure("rules:\n  JAM006: off\nrulez: {}\n"))
        #expect(error.line == 3)
        #expect(error.column == 1)
        #expect(error.message.en.hasPrefix("unknown key `rulez`"))
        #expect(error.description.hasPrefix("/kommun/nämnd/.jamlint.yml:3:1: error: okänd nyckel `rulez`"))
        #expect(error.description(in: .en).hasPrefix("/kommun/nämnd/.jamlint.yml:3:1: error: unknown key `rulez`"))
    }

    @Test func unknownSeverity() throws {
        let error = try #require(failure("rules:\n  JAM006: critical\n"))
        #expect((error.line, error.column) == (2, 11))
        #expect(error.message.en == "unknown setting `critical` for JAM006: use off, error, warning or note")
    }

    @Test func unknownSeverityInsideMapping() throws {
        let error = try #require(failure("rules:\n  JAM012: { severity: loud }\n"))
        #expect((error.line, error.column) == (2, 23))
        #expect(error.message.en.hasPrefix("unknown setting `loud` for JAM012"))
    }

    @Test func emptyRuleSetting() throws {
        let error = try #require(failure("rules:\n  JAM006:\n"))
        #expect(error.line == 2)
        #expect(error.message.en == "the setting for JAM006 is missing: use off, error, warning or note")
    }

    @Test func ruleSettingOfWrongType() throws {
        let error = try #require(failure("rules:\n  JAM006: [off]\n"))
        #expect((error.line, error.column) == (2, 11))
        #expect(error.message.en == "the setting for JAM006 must be off, error, warning, note or a mapping")
    }

    @Test func unknownKeyInRuleMapping() throws {
        let error = try #require(failure("rules:\n  JAM012: { severity: warning, opts: {} }\n"))
        #expect((error.line, error.column) == (2, 32))
        #expect(error.message.en.hasPrefix("unknown key `opts` for rule JAM012"))
    }

    @Test func enabledFalseWinsWhateverTheOrder() throws {
        let config = try parse("rules:\n  JAM006: { enabled: false, severity: error }\n  JAM007: { severity: note }\n")
        #expect(config.rules["JAM006"]?.enabled == false)
        #expect(config.rules["JAM006"]?.severity == .error)
        #expect(config.rules["JAM007"]?.enabled == true)
        let error = try #require(failure("rules:\n  JAM006: { severity: [error] }\n"))
        #expect((error.line, error.column) == (2, 23))
        #expect(error.message.en == "the setting for JAM006 must be off, error, warning or note")
    }

    @Test func optionsMustBeAMapping() throws {
        let error = try #require(failure("rules:\n  JAM012:\n    options: 12\n"))
        #expect((error.line, error.column) == (3, 14))
        #expect(error.message.en == "`options` must be a mapping (name: value)")
    }

    @Test func enabledMustBeABoolean() throws {
        let error = try #require(failure("rules:\n  JAM012:\n    enabled: \"yes\"\n"))
        #expect((error.line, error.column) == (3, 14))
        #expect(error.message.en == "`enabled` must be true or false")
    }

    @Test func rulesMustBeAMapping() throws {
        let error = try #require(failure("rules: [JAM006]\n"))
        #expect((error.line, error.column) == (1, 8))
        #expect(error.message.en == "`rules` must map rule ids or aliases to a setting")
    }

    @Test func sectionsMustMapToLists() throws {
        let error = try #require(failure("sections: [a]\n"))
        #expect((error.line, error.column) == (1, 11))
        #expect(error.message.en == "`sections` must map a category to a list of texts")
        let second = try #require(failure("sections:\n  gender: Social hållbarhet\n"))
        #expect((second.line, second.column) == (2, 11))
        #expect(second.message.en == "`sections.gender` must be a list of texts")
    }

    @Test func listEntriesMustBeTexts() throws {
        // Columns count characters: the NFD "å" (a + U+030A) is one column, though libyaml counts two.
        let error = try #require(failure("lexicon:\n  people: [\"Ga\u{30A}rdsbor\", {}]\n"))
        #expect((error.line, error.column) == (2, 24))
        #expect(error.message.en == "each entry of `lexicon.people` must be a non-empty text")
    }

    @Test func cuesAndProceduralAndFoldersMustBeLists() throws {
        #expect(try #require(failure("cues: 3\n")).column == 7)
        let procedural = try #require(failure("language: sv\nprocedural: Val av *\n"))
        #expect((procedural.line, procedural.column) == (2, 13))
        #expect(procedural.message.en == "`procedural` must be a list of texts")
        let folders = try #require(failure("rule_folders: {a: b}\n"))
        #expect((folders.line, folders.column) == (1, 15))
        let ignore = try #require(failure("ignore:\n  - arkiv/**\n  - [x]\n"))
        #expect((ignore.line, ignore.column) == (3, 5))
    }

    @Test func unknownLanguage() throws {
        let error = try #require(failure("language: de\n"))
        #expect((error.line, error.column) == (1, 11))
        #expect(error.message.en == "unknown language `de`: use sv or en")
        #expect(error.message.sv == "okänt språk `de`: använd sv eller en")
    }

    @Test func topLevelMustBeAMapping() throws {
        let error = try #require(failure("- rules\n- ignore\n"))
        #expect((error.line, error.column) == (1, 1))
    }

    @Test func yamlSyntaxErrorHasAPosition() throws {
        let error = try #require(failure("rules:\n  JAM006: off\n  JAM007: \"warning\n"))
        #expect((error.line, error.column) == (4, 1))
        #expect(error.message.en == "invalid YAML: found unexpected end of stream (while scanning a quoted scalar "
            + "that starts at 3:11)")
        let tab = try #require(failure("rules:\n\tJAM006: off\n"))
        #expect((tab.line, tab.column) == (2, 1))
    }

    @Test func duplicateKeyIsAnError() throws {
        let error = try #require(failure("language: sv\nrules: {}\nlanguage: en\n"))
        #expect(error.message.en == "the key `language` occurs more than once (first at 1:1)")
        #expect((error.line, error.column) == (3, 1))
        let nested = try #require(failure("rules:\n  JAM006: on\n  JAM007: off\n  JAM006 : off\n"))
        #expect((nested.line, nested.column) == (4, 3))
        let flow = try #require(failure("rules: { JAM006: on, JAM006: off }\n"))
        #expect(flow.message.en == "the key `JAM006` occurs more than once")
        #expect((flow.line, flow.column) == (1, 10))
    }

    @Test func loadReportsAMissingFile() {
        #expect(throws: ConfigError.self) { try Configuration.load(path: "/nonexistent/.jamlint.yml") }
        do throws(ConfigError) {
            _ = try Configuration.load(path: "/nonexistent/.jamlint.yml")
        } catch {
            #expect(error.line == nil)
            #expect(error.description(in: .en) == "/nonexistent/.jamlint.yml: error: the file cannot be read (does it exist?)")
        }
    }

    @Test func resolvedRulesMapAliasesAndRejectUnknownOrDoubleKeys() throws {
        let known = ["JAM006": "JAM006", "statistik-ej-konsuppdelad": "JAM006", "JAM013": "JAM013",
                     "saknar-uppfoljning": "JAM013"]
        let config = try parse("rules:\n  jam006: warning\n  saknar-uppfoljning: off\n")
        let resolved = try config.resolvedRules(knownRuleIDs: known)
        #expect(resolved["JAM006"]?.severity == .warning)
        #expect(resolved["JAM013"]?.enabled == false)

        let unknown = try parse("rules:\n  JAM006: off\n  JAM099: off\n")
        #expect(throws: ConfigError(path: Self.path, line: 3, column: 3, message: LocalizedText(
            sv: "okänd regel `JAM099` under `rules`", en: "unknown rule `JAM099` under `rules`"))) {
            try unknown.resolvedRules(knownRuleIDs: known)
        }
        let twice = try parse("rules:\n  JAM006: off\n  statistik-ej-konsuppdelad: error\n")
        #expect(throws: ConfigError(path: Self.path, line: 3, column: 3, message: LocalizedText(
            sv: "regeln JAM006 är redan inställd som `JAM006`", en: "rule JAM006 is already set as `JAM006`"))) {
            try twice.resolvedRules(knownRuleIDs: known)
        }
    }
}
