import Foundation
import Testing
@testable import JamlintCore

/// `SectionContentKind.applies` answers from the memo's `RuleScratch` once the kind's `check` has
/// run there (JAM004's `skip_when: [JAM002]`). Over generated memos, with the shipped JAM002 and
/// with kinds configured otherwise (options as a municipality could write them), the remembered
/// answer equals the scan's (`applies` on a fresh scratch) and `!check(...).isEmpty`, in every scope
/// it is asked in; both answers occur.
@Suite struct SectionContentAnswerTests {
    static let bodies = [
        "Ej aktuellt.", "–", "Se ovan", "", "Kvinnor och män berörs lika av förslaget.",
        "Förslaget bedöms inte påverka jämställdheten eftersom avgiften betalas av 1 204 kvinnor och 1 187 män.",
        "Ej  aktuellt", "EJ AKTUELLT", "e\u{301}j relevant", "Inte till\u{AD}ämpligt", "- Punkt ett\n- Punkt två",
        "Datum: 2024-01-01", "Bedömning saknas.",
    ]
    static let headings = ["## Jämställdhet", "## Konsekvenser för jämställdheten", "## Bakgrund", "### Jämställdhetsanalys",
                           "## Ekonomi"]

    static func kinds() throws -> [SectionContentKind] {
        let shipped = try RuleFile.load(path: RulesLocation.defaultDirectory()! + "/JAM002.yml")
        var out: [SectionContentKind] = []
        let lexicon = Lexicon.builtin
        let optionSets: [[String: OptionValue]] = [
            shipped.options,
            ["min_words": .int(3), "placeholders": .list([.string("Se ovan"), .string("Bedömning saknas"), .string("É")])],
            ["min_words": .int(0)],
            ["min_words": .int(20), "placeholders": .list([.string("inte tillämpligt"), .string("Ej relevant")])],
        ]
        for options in optionSets {
            guard let kind = try RuleKinds.make(shipped, options: options, lexicon: lexicon) as? SectionContentKind else {
                Issue.record("not a section-content kind")
                continue
            }
            out.append(kind)
        }
        return out
    }

    @Test func rememberedAnswerEqualsTheScan() throws {
        let rules = try RuleExamplesTests.loaded.get()
        let kinds = try Self.kinds()
        var rng = SeededGenerator(seed: 0x5EC7_0018)
        var yes = 0, no = 0
        for _ in 0..<250 {
            var text = "# Ärende\n\n"
            for _ in 0..<(1 + rng.below(4)) {
                text += Self.headings[rng.below(Self.headings.count)] + "\n\n"
                for _ in 0..<rng.below(3) { text += Self.bodies[rng.below(Self.bodies.count)] + "\n\n" }
            }
            let document = try MarkdownParser().parse(SourceFile(path: "t.md", text: text))
            let doc = AnalyzedDocument(document: document, lexicon: rules.lexicon, structure: rules.structure,
                                       procedural: rules.procedural)
            for kind in kinds {
                for scope in RuleScope.allCases {
                    let fresh = RuleContext(document: doc, lexicon: rules.lexicon, structure: rules.structure, scope: scope,
                                            suppressionProblems: [])
                    let scanned = kind.applies(fresh)
                    let shared = RuleContext.Shared(document: doc, lexicon: rules.lexicon, structure: rules.structure,
                                                    suppressionProblems: [], scratch: RuleScratch())
                    let checked = !kind.check(RuleContext(shared, scope: scope)).isEmpty
                    for other in RuleScope.allCases {
                        let remembered = kind.applies(RuleContext(shared, scope: other))
                        #expect(remembered == scanned && checked == scanned, "\(text.debugDescription) \(scope) \(other)")
                    }
                    if scanned { yes += 1 } else { no += 1 }
                }
            }
        }
        #expect(yes > 200 && no > 200, "\(yes) true, \(no) false")
    }
}
