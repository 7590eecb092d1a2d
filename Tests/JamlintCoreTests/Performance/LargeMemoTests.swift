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

    static let claimSentences = [
        "Ärendet bedöms inte ha några konsekvenser för jämställdheten.",
        "Förslaget berör kvinnor och män lika.", "Det beror på att kvinnor oftare åker buss.",
        "Av brukarna är 120 kvinnor och 80 män.", "Förslaget är könsneutralt.", "Flickor och pojkar får samma stöd.",
        "Barnen i förskolan får fler platser.", "Beslutet bedöms inte påverka flickor eller pojkar eftersom det gäller lokaler.",
        "Kvinnor påverkas mer.", "Ingen påverkan på jämställdheten.",
    ]

    /// In a block past `mentionsScanned` mentions, each sentence's gathered categories are what
    /// the scan of the block's mentions finds for it, and the cue terms answer the same with them.
    @Test func gatheredSentenceCategoriesEqualTheScan() throws {
        let rules = try RuleExamplesTests.loaded.get()
        let jam003 = try #require(rules.rules.first { $0.file.descriptor.id == "JAM003" }?.kind as? ClaimWithoutCueKind)
        var rng = SeededGenerator(seed: 0xC1A1_0018)
        var large = 0, found = 0
        for _ in 0..<30 {
            let count = 20 + rng.below(200)
            let paragraph = (0..<count).map { _ in Self.claimSentences[rng.below(Self.claimSentences.count)] }
                .joined(separator: " ")
            let (doc, _) = try Self.analysed("# Ärende\n\n## Jämställdhet\n\n" + paragraph + "\n")
            for block in doc.blocks where block.block.kind == .paragraph {
                let gathered = try #require(ClaimWithoutCueKind.sentenceCategories(block))
                #expect(gathered.count == block.tokens.sentences.count)
                if block.mentions.count > ClaimWithoutCueKind.mentionsScanned { large += 1 }
                for (s, sentence) in block.tokens.sentences.enumerated() {
                    let scanned = Set(block.mentions.filter { sentence.tokens.contains($0.tokens.lowerBound) }.map(\.category))
                    #expect(gathered[s] == scanned, "sentence \(s)")
                    let viaScan = jam003.cues.occurs(in: block, lexicon: rules.lexicon, tokens: sentence.tokens)
                    let viaSets = jam003.cues.occurs(in: block, lexicon: rules.lexicon, tokens: sentence.tokens,
                                                     categories: gathered[s])
                    #expect(viaScan == viaSets, "sentence \(s)")
                    if viaScan { found += 1 }
                }
            }
        }
        #expect(large > 10 && found > 100, "\(large) large blocks, \(found) sentences with a cue")
    }

    /// JAM003 on one large paragraph reports what it reports on the same sentences one paragraph
    /// each (the next sentence is then the next paragraph's first, which the rule reads the same).
    @Test func claimsInOneLargeBlockAsInSmallOnes() throws {
        let linter = try Linter(useConfiguration: false)
        var rng = SeededGenerator(seed: 0xC1A1_0019)
        for _ in 0..<6 {
            let sentences = (0..<(150 + rng.below(100))).map { _ in Self.claimSentences[rng.below(Self.claimSentences.count)] }
            func jam003(_ body: String) throws -> [String] {
                let document = try MarkdownParser().parse(SourceFile(path: "t.md", text: "# Ärende\n\n## Jämställdhet\n\n" + body))
                return linter.lint(document).filter { $0.ruleID == "JAM003" }.map(\.matchedText)
            }
            let one = try jam003(sentences.joined(separator: " ") + "\n")
            let many = try jam003(sentences.joined(separator: "\n\n") + "\n")
            #expect(one == many)
            #expect(!one.isEmpty)
        }
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
