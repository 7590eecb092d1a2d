import Foundation
import Testing
@testable import JamlintCore

@Suite struct LexiconTests {
    private func parseError(_ yaml: String) -> LexiconError? {
        do {
            _ = try Lexicon.parse(yaml: yaml, path: "x.yml")
            return nil
        } catch let error as LexiconError {
            return error
        } catch {
            return LexiconError(path: "?", message: "\(error)")
        }
    }

    @Test func shippedFilesLoadWithTheRequiredCategoriesAndCueLists() {
        let lexicon = LanguageTestSupport.lexicon
        for c in ["women", "men", "girls", "boys", "sex", "children", "people", "units", "staff", "intersectional"] {
            #expect(lexicon.categories.contains(c), "\(c)")
        }
        for list in ["justification", "comparison", "measures", "goals", "follow-up", "target-group", "consequence",
                     "staff-context", "service-users", "sex-split"] {
            #expect(lexicon.cueList(list).map { !$0.isEmpty } == true, "\(list)")
        }
        #expect(lexicon.cueList("nope") == nil)
    }

    @Test func unknownTopLevelKeyHasItsLine() {
        let e = parseError("categories:\n  women:\n    forms: [kvinna]\nkategorier: {}\n")
        #expect(e?.line == 4)
        #expect(e?.column == 1)
        #expect(e?.description.hasPrefix("x.yml:4:1: unknown key `kategorier`") == true)
    }

    @Test func unknownCategoryKeyHasItsLine() {
        let e = parseError("categories:\n  women:\n    forms: [kvinna]\n    form: [kvinnan]\n")
        #expect(e.map { "\($0.line):\($0.column)" } == "4:5")
        #expect(e?.message.contains("unknown key `form` in category `women`") == true)
    }

    @Test func badValuesHaveTheirLine() {
        let notList = parseError("categories:\n  women:\n    forms: kvinna\n")
        #expect(notList.map { "\($0.line):\($0.column)" } == "3:12")
        #expect(notList?.message.contains("must be a list of strings") == true)
        let nested = parseError("categories:\n  women:\n    forms:\n      - kvinna\n      - [a, b]\n")
        #expect(nested?.line == 5)
        let emptyItem = parseError("cues:\n  goals: [mål, '']\n")
        #expect(emptyItem?.line == 2)
        let trap = parseError("traps:\n  pronomen:\n    forms: [man]\n")
        #expect(trap?.line == 2)
        let trapKey = parseError("traps:\n  queue:\n    forms: [kön]\n    före: [i]\n")
        #expect(trapKey?.line == 4)
        let counts = parseError("counts:\n  share: [andel]\n")
        #expect(counts?.line == 2)
        let root = parseError("- a\n- b\n")
        #expect(root?.message.contains("must be a mapping") == true)
    }

    @Test func yamlSyntaxErrorsHaveTheirLine() {
        let e = parseError("categories:\n  women:\n    forms: [kvinna, kvinnan\n  men:\n")
        #expect(e != nil)
        #expect((e?.line ?? 0) >= 3)
        #expect(e?.message.hasPrefix("invalid YAML") == true)
        let dup = parseError("cues:\n  goals: [a]\n  goals: [b]\n")
        #expect(dup != nil)
    }

    @Test func duplicateCategoryInOneFileIsAnError() {
        let e = parseError("categories:\n  women:\n    forms: [a]\n  women:\n    forms: [b]\n")
        #expect(e != nil)
    }

    @Test func loadDirectoryReportsTheFilePath() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("jamlint-lexicon-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "categories:\n  women:\n    forms: [kvinna]\n".write(to: dir.appendingPathComponent("a.yml"), atomically: true, encoding: .utf8)
        try "cues:\n  goals: [mål]\nbad: 1\n".write(to: dir.appendingPathComponent("b.yml"), atomically: true, encoding: .utf8)
        do {
            _ = try Lexicon.load(directory: dir.path)
            Issue.record("expected an error")
        } catch let error as LexiconError {
            #expect(error.path.hasSuffix("/b.yml"))
            #expect(error.line == 3)
        }
        try FileManager.default.removeItem(at: dir.appendingPathComponent("b.yml"))
        let lexicon = try Lexicon.load(directory: dir.path)
        #expect(lexicon.categories == ["women"])
        #expect(throws: LexiconError.self) { try Lexicon.load(directory: dir.path + "/missing") }
        try "categories:\n  staff:\n    forms: [personal]\n    also: [peple]\n"
            .write(to: dir.appendingPathComponent("c.yml"), atomically: true, encoding: .utf8)
        do {
            _ = try Lexicon.load(directory: dir.path)
            Issue.record("expected an error")
        } catch let error as LexiconError {
            #expect(error.message == "category `staff`: `also` names the unknown category `peple`")
        }
        #expect(LanguageTestSupport.lexicon.unknownReferences().isEmpty)
    }

    @Test func filesMergeAndConfigurationExtends() throws {
        var lexicon = try Lexicon.parse(yaml: "categories:\n  people:\n    forms: [brukare]\n", path: "a.yml")
        lexicon.merge(try Lexicon.parse(yaml: "categories:\n  people:\n    forms: [kursare]\n", path: "b.yml"))
        #expect(lexicon.mentions(in: Tokenizer.tokenize("brukare och kursare")).map(\.form) == ["brukare", "kursare"])
        lexicon.addForms(["malmöbor", "arbetstränar*", "unga vuxna"], to: "people")
        lexicon.addForms(["rese"], to: "travel")
        #expect(lexicon.categories == ["people", "travel"])
        let forms = lexicon.mentions(in: Tokenizer.tokenize("Malmöbor, arbetstränarna och unga vuxna")).map(\.form)
        #expect(forms == ["malmöbor", "arbetstränarna", "unga vuxna"])
        lexicon.addCues(["lokal plan*", "hållbarhetsmål"], to: "goals")
        let t = Tokenizer.tokenize("Enligt den lokala planen och hållbarhetsmålen")
        #expect(lexicon.cueList("goals")?.matches(in: t).isEmpty == true)
        lexicon.addCues(["lokala plan*"], to: "goals")
        #expect(lexicon.cueList("goals")?.matches(in: t) == [2..<4])
    }

    @Test func cueListsMatchPhrasesAndWildcards() throws {
        let lexicon = LanguageTestSupport.lexicon
        let consequence = try #require(lexicon.cueList("consequence"))
        let t = Tokenizer.tokenize("Förslaget påverkar kvinnor och får konsekvenser. Det gynnar män.")
        #expect(consequence.matches(in: t).map { t.string(tokens: $0) } == ["påverkar", "får konsekvenser", "gynnar"])
        // Restricted to the second sentence.
        #expect(consequence.matches(in: t, tokens: t.sentences[1].tokens).map { t.string(tokens: $0) } == ["gynnar"])
        let followUp = try #require(lexicon.cueList("follow-up"))
        let u = Tokenizer.tokenize("Insatsen ska följas upp könsuppdelat.")
        #expect(followUp.matches(in: u) == [2..<4])
        let justification = try #require(lexicon.cueList("justification"))
        let v = Tokenizer.tokenize("Ärendet saknar konsekvenser på grund av att det är formellt.")
        #expect(justification.matches(in: v).map { v.string(tokens: $0) } == ["på grund av"])
        #expect(consequence.matches(in: v, tokens: 50..<60).isEmpty)
    }

    @Test func emptyLexiconFindsNothing() {
        let t = Tokenizer.tokenize("Kvinnor och män, 320 brukare.")
        #expect(Lexicon().mentions(in: t).isEmpty)
        #expect(PeopleCounts.find(in: t, mentions: [], lexicon: Lexicon()).isEmpty)
        #expect(Lexicon().cueList("goals") == nil)
    }

    @Test func builtinLexiconIsTheShippedOne() {
        #expect(Lexicon.builtin.categories == LanguageTestSupport.lexicon.categories)
    }
}
