import Foundation
import Testing
@testable import JamlintCore

/// The answers two rules keep per memo so that a large memo is not quadratic: JAM017 answers each
/// attachment key once, JAM006 gathers each table's cells once. They must give what asking afresh
/// every time gives.
@Suite struct LargeMemoTests {
    static func analysed(_ text: String) throws -> (AnalyzedDocument, RuleSet) {
        let rules = try RuleExamplesTests.loaded.get()
        let document = try MarkdownParser().parse(SourceFile(path: "t.md", text: text))
        let doc = AnalyzedDocument(document: document, lexicon: rules.lexicon, structure: rules.structure,
                                   procedural: rules.procedural)
        return (doc, rules)
    }

    /// Every table's kept answer against the cells filtered from all blocks for that one question
    /// (the construction it replaced), asked in a random order and more than once, on memos whose
    /// tables split by sex or not.
    @Test func tableAnswersEqualFilteringEveryBlock() throws {
        var rng = SeededGenerator(seed: 0x7AB1_E018)
        let headers = ["| Kön | Antal |", "| Kvinnor | Män |", "| Åldersgrupp | Antal |", "| Flickor | Pojkar | Totalt |",
                       "| Verksamhet | Elever |", "| | Kvinnor | Män |"]
        var seen = Set<Bool>()
        var grouped = 0
        for round in 0..<60 {
            var text = "# Ärende\n\n## Jämställdhet\n\n"
            // Every third memo past `directBlocks` blocks, so that the grouped cells are used too.
            if round % 3 == 0 { text += String(repeating: "Text.\n\n", count: PeopleCountKind.TableAnswers.directBlocks) }
            for _ in 0..<(1 + rng.below(5)) {
                text += "Antalet elever var 1 200 förra året.\n\n"
                let header = headers[rng.below(headers.count)]
                let columns = header.split(separator: "|", omittingEmptySubsequences: false).count - 2
                text += header + "\n|" + String(repeating: " --- |", count: columns) + "\n"
                for _ in 0..<rng.below(4) {
                    text += "|" + (0..<columns).map { _ in [" Kvinnor ", " 12 ", " Män ", " 7 "][rng.below(4)] }
                        .joined(separator: "|") + "|\n"
                }
                text += "\n"
            }
            let (doc, rules) = try Self.analysed(text)
            let context = RuleContext(document: doc, lexicon: rules.lexicon, structure: rules.structure,
                                      scope: .document, suppressionProblems: [])
            if doc.blocks.count > PeopleCountKind.TableAnswers.directBlocks { grouped += 1 }
            let tables = Set(doc.blocks.compactMap { $0.block.table?.table })
            #expect(!tables.isEmpty, "\(text)")
            var answers = PeopleCountKind.TableAnswers()
            for t in (Array(tables) + Array(tables)).shuffled(using: &rng) {
                let cells = doc.blocks.filter { $0.block.table?.table == t }
                let expected = TableHeaderKind.splitsBySex(cells: cells, lexicon: rules.lexicon)
                #expect(answers.splitsBySex(table: t, context) == expected, "table \(t) of \(text)")
                seen.insert(expected)
            }
        }
        #expect(seen == [true, false], "both answers seen")
        #expect(grouped == 20, "\(grouped) memos took the grouped cells")
    }

    /// Past `AnalyzedDocument.sectionsSearched` sections each block's section is looked up in an
    /// index: it must be the innermost (last) section the search finds, for nested sections, text
    /// before the first heading, implicit headings and blocks outside every section.
    @Test func indexedSectionEqualsTheSearch() throws {
        var rng = SeededGenerator(seed: 0x5EC7_1018)
        let headings = ["# Ärende", "## Jämställdhet", "### Analys", "#### Detalj", "## Beslutsunderlag", "**Bakgrund**",
                        "## Bilagor", "### Barn"]
        var indexed = 0
        for _ in 0..<40 {
            var text = rng.below(2) == 0 ? "Inledande text före rubrikerna.\n\n" : ""
            for _ in 0..<(10 + rng.below(60)) {
                text += headings[rng.below(headings.count)] + "\n\n"
                for _ in 0..<rng.below(3) { text += ["Kvinnor och män.", "- punkt", "Antal elever: 12."][rng.below(3)] + "\n\n" }
            }
            let (doc, _) = try Self.analysed(text)
            if doc.sections.count > AnalyzedDocument.sectionsSearched { indexed += 1 }
            for b in -1...(doc.document.blocks.count + 1) {
                func key(_ s: Section?) -> String {
                    s.map { "\($0.heading.map(String.init) ?? "-") \($0.body) \($0.level) \($0.title)" } ?? "none"
                }
                let expected = doc.sections.last { s in s.heading == b || s.body.contains(b) }
                #expect(key(doc.section(containing: b)) == key(expected), "block \(b) of \(text)")
            }
        }
        #expect(indexed > 10, "\(indexed) memos used the index")
    }

    /// A key asked for many times is answered once (from the ninth reference on), and every
    /// reference to it is still reported (or none is, when the basis lists it).
    @Test func repeatedReferencesAreEachReported() throws {
        let linter = try Linter(useConfiguration: false)
        for listed in [false, true] {
            var text = "# Ärende\n\n## Jämställdhet\n\n"
            for k in 0..<120 { text += "Stycke \(k), se bilaga \(k % 3 + 1).\n\n" }
            text += "## Beslutsunderlag\n\n- Tjänsteskrivelse\n- Bilaga 1 Taxa\n" + (listed ? "- Bilaga 2 Karta\n- Bilaga 3 Lista\n" : "")
            let document = try MarkdownParser().parse(SourceFile(path: "t.md", text: text))
            let found = linter.lint(document).filter { $0.ruleID == "JAM017" }
            #expect(found.count == (listed ? 0 : 80), "listed: \(listed)")
            #expect(Set(found.map(\.start.line)).count == found.count, "one finding per reference")
        }
    }
}
