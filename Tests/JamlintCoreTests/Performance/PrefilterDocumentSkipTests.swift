import Foundation
import Testing
@testable import JamlintCore

/// `RegexPrefilterSet.mayMatchSomeBlock(of:)` and `blocksToAsk(of:)`, with which the `pattern` and
/// `attachment-reference` kinds skip a memo none of whose blocks has one of their literals, and the
/// blocks without any of the union's: false (left out) only when the block's mask is 0; true (nil:
/// every block asked one by one) for sets they cannot judge.
@Suite struct PrefilterDocumentSkipTests {
    /// The shipped rules' sets that read every block through the union.
    static func shippedSets(_ rules: RuleSet) -> [RegexPrefilterSet] {
        rules.rules.compactMap { rule in
            switch rule.kind {
            case let k as TextPatternKind: k.prefilters
            case let k as AttachmentReferenceKind: k.prefilters
            default: nil
            }
        }
    }

    /// Memos of common words, where most sets' literals occur in no block; every fifth has one
    /// fragment of the adversarial texts (a literal, a case or normalisation variant) in its last block.
    static func plainDocuments(count: Int) throws -> [Document] {
        let words = ["kommunen", "förslaget", "beslut", "invånare", "kvinnor", "män", "budget", "2024", "Ärendet",
                     "ÖVER", "åtgärd", "flickor", "pojkar", "nämnden", "."]
        let fragments = RegexPrefilterScanTests.fragments
        return try (0..<count).map { k in
            var paragraphs = (0..<(1 + k % 7)).map { p in
                (0..<(3 + (k + p) % 11)).map { w in words[(k * 7 + p * 3 + w) % words.count] }.joined(separator: " ")
            }
            if k % 5 == 4 { paragraphs.append("slut " + fragments[k % fragments.count]) }
            return try PlainTextParser().parse(SourceFile(path: "t.txt", bytes: Array(paragraphs.joined(separator: "\n\n").utf8)))
        }
    }

    @Test func aSkippedMemoHasNoBlockWhoseMaskLetsAnExpressionRun() throws {
        let rules = try RuleExamplesTests.loaded.get()
        let shipped = Self.shippedSets(rules)
        #expect(shipped.count == 2)
        // Sets the test union holds, one with an expression that has no prefilter (always runs),
        // and one left out of the union (more than its 64 literals).
        let own = RegexPrefilterSet(try RegexPrefilterScanTests.patterns.prefix(8).map { try #require(CompiledRegex($0)).prefilter })
        let unfiltered = RegexPrefilterSet(try ["(?<key>x)|.", "bilaga"].map { try #require(CompiledRegex($0)).prefilter })
        let outside = RegexPrefilterSet((0..<70).map { RegexPrefilter(pattern: "q\($0)z") })
        let other = PrefilterUnion([own, unfiltered, outside])
        var skipped = 0, asked = 0, leftOut = 0, askedBlocks = 0
        let documents = try TextCacheSharingTests.documents(count: 150, seed: 0x2545_F491_4F6C_DD1D)
            + [try PlainTextParser().parse(SourceFile(path: "t.txt", bytes: Array("Bakgrund\n\nInget här.".utf8)))]
            + (try Self.plainDocuments(count: 60))
        for (k, document) in documents.enumerated() {
            let union: PrefilterUnion? = k % 4 == 3 ? other : k % 9 == 5 ? nil : rules.prefilterUnion
            let doc = AnalyzedDocument(document: document, lexicon: rules.lexicon, structure: rules.structure,
                                       procedural: rules.procedural, prefilters: union)
            for set in shipped + [own, unfiltered, outside] {
                let may = set.mayMatchSomeBlock(of: doc)
                let masks = doc.blocks.map { set.mask($0) }
                if may { asked += 1 } else {
                    skipped += 1
                    #expect(masks.allSatisfy { $0 == 0 }, "\(document.blocks.map(\.text.string))")
                }
                // Sets it cannot judge are always asked block by block.
                let unjudged = set.scanner === unfiltered.scanner || set.scanner === outside.scanner || union == nil
                if unjudged { #expect(may) }
                // The blocks left out by the union's scans have the mask 0.
                let ask = set.blocksToAsk(of: doc)
                if unjudged || union?.offset(of: set.scanner) == nil { #expect(ask == nil) }
                // The shipped sets are judged through the shipped union.
                if union === rules.prefilterUnion && shipped.contains(where: { $0.scanner === set.scanner }) { #expect(ask != nil) }
                if let ask {
                    #expect(ask.count == doc.blocks.count)
                    for i in doc.blocks.indices where !ask[i] {
                        leftOut += 1
                        #expect(masks[i] == 0, "\(doc.blocks[i].block.text.string.debugDescription)")
                    }
                    if ask.contains(true) { askedBlocks += 1 }
                }
            }
        }
        // Both paths seen.
        #expect(skipped > 20, "\(skipped)")
        #expect(asked > 20, "\(asked)")
        #expect(leftOut > 200 && askedBlocks > 20, "\(leftOut) blocks left out, \(askedBlocks) memos with blocks asked")
    }

    /// The shipped `pattern` and `attachment-reference` rules report the same with and without the
    /// skip: their findings on memos that have their literals, and none on one that has not.
    @Test func shippedRulesStillFindWhatTheirLiteralsAnnounce() throws {
        let rules = try RuleExamplesTests.loaded.get()
        let linter = try Linter(useConfiguration: false)
        let text = "# Tjänsteskrivelse\n\nDnr KS 2024/0117\n\n## Bakgrund\n\nSe bilaga 3. Klicka här för att ange text.\n"
        let findings = linter.lint(try MarkdownParser().parse(SourceFile(path: "t.md", bytes: Array(text.utf8))))
        #expect(findings.contains { $0.ruleID == "JAM017" })
        #expect(findings.contains { $0.ruleID == "MEMO002" })
        let plain = "# Tjänsteskrivelse\n\nDnr KS 2024/0117\n\n## Bakgrund\n\nInget att se.\n"
        let none = linter.lint(try MarkdownParser().parse(SourceFile(path: "t.md", bytes: Array(plain.utf8))))
        #expect(!none.contains { $0.ruleID == "JAM017" || $0.ruleID == "MEMO002" })
        let doc = AnalyzedDocument(document: try MarkdownParser().parse(SourceFile(path: "t.md", bytes: Array(plain.utf8))),
                                   lexicon: rules.lexicon, structure: rules.structure, procedural: rules.procedural,
                                   prefilters: rules.prefilterUnion)
        #expect(Self.shippedSets(rules).allSatisfy { !$0.mayMatchSomeBlock(of: doc) })
    }
}
