import Foundation
import Testing
@testable import JamlintCore

/// The per-form memos (`FormMemo`) give the answers of reading every form: the pattern-set gate
/// and word index, and the people-count word lists, on seeded generated texts.
@Suite struct FormMemoTests {
    static let patternSources = [
        "ärendet|beslutet|förslaget … inte|ej … konsekvens*|påverka*|påverkan|effekt* … jämställd*|kön|kvinnor|flickor",
        "inga|några|ingen … konsekvens*|påverkan|effekt* … för|på|ur … jämställd*|kvinnor|kön",
        "könsneutral|könsneutralt|könsneutrala", "berör|berörs|gäller … alla|samtliga … lika|likvärdigt|samma",
        "?ej # procent", "*ning av", "a … b", "*ställd*",
    ]

    static let patternPieces = [
        "Ärendet", "ärendet", " bedöms", " inte", " ej", " få", " några", " konsekvenser", " Konsekvens", " för",
        " jämställdheten", " jämställd", " kön", " KÖN", " kvinnor", " flickor", ". ", "! ", " Inga", " påverkan",
        " på", " ur", " könsneutralt", " Könsneutrala", " berör", " gäller", " alla", " samtliga", " lika", " samma",
        " 45", " 12,5", " procent", " %", " uppföljning", " av", " a", " b", ", ", " x", " fastställd", " jäm\u{AD}ställd",
        " e\u{301}", "\n", " ärende\u{301}t", " Straße", " ﬁ", " -", " kvinno-", " och",
    ]

    /// `candidates` with the thread's memo equals the general path, sentence by sentence, on
    /// texts whose words repeat (so most forms are read from the memo).
    @Test func patternSetMemoMatchesTheGeneralPath() throws {
        let set = PatternSet(try Self.patternSources.map { try TokenPattern($0) })
        var rng = SeededGenerator(seed: 0xF0_4A_3E30)
        var nonEmpty = 0, sentences = 0
        let memo = set.memo()
        for _ in 0..<1500 {
            let block = ScalarTestText.analysed(rng.text(from: Self.patternPieces, maxPieces: 14))
            var marksA: [UInt64] = [], marksB: [UInt64] = []
            for s in block.tokens.sentences.indices {
                let general = set.candidates(in: block, sentence: s, marks: &marksA, memo: nil)
                let memoized = set.candidates(in: block, sentence: s, marks: &marksB, memo: memo)
                #expect(memoized == general, "\(block.block.text.string.debugDescription) sentence \(s)")
                // The public entry takes the same memo.
                #expect(set.candidates(in: block, sentence: s, marks: &marksB) == general)
                // And the bits give the same patterns.
                let mask = set.candidateMask(in: block, sentence: s, marks: &marksB, memo: memo)
                #expect(mask == general.reduce(UInt64(0)) { $0 | 1 << UInt64($1) })
                if !general.isEmpty { nonEmpty += 1 }
                sentences += 1
            }
        }
        #expect(nonEmpty > 300)
        #expect(sentences > 1000)
        // Tokens without form indices (stamp 0) take the general path.
        let text = Tokenizer.tokenize("Ärendet bedöms inte få några konsekvenser för jämställdheten.")
        let plain = TokenizedText(text: text.text, tokens: text.tokens, sentences: text.sentences)
        let block = AnalyzedBlock(index: 0, block: Block(kind: .paragraph, text: text.text, sourceRange: 0..<text.text.count),
                                  tokens: plain, mentions: [], folded: FoldedText(text.text.scalars), cueListCount: 0)
        var marks: [UInt64] = []
        let expected = set.candidates(in: block, sentence: 0, marks: &marks, memo: nil)
        #expect(expected == [0, 1])
        #expect(set.candidates(in: block, sentence: 0, marks: &marks, memo: memo) == expected)
    }

    /// `nextGateSentence` skips only sentences without candidates, stops at each sentence whose
    /// candidates the gate lets through, and marking with `passedGate` then gives the same bits;
    /// with and without the memo, and for a set without a gate (every sentence is returned).
    @Test func nextGateSentenceSkipsOnlySentencesWithoutCandidates() throws {
        let gated = PatternSet(try Self.patternSources.prefix(4).map { try TokenPattern($0) })
        // A pattern whose only element is a suffix has no element the gate judges: no gate.
        let ungated = PatternSet(try (Self.patternSources.prefix(4) + ["*ning"]).map { try TokenPattern($0) })
        var rng = SeededGenerator(seed: 0x6A7E_5E17)
        var skipped = 0, stopped = 0
        for _ in 0..<800 {
            let block = ScalarTestText.analysed(rng.text(from: Self.patternPieces, maxPieces: 30))
            let count = block.tokens.sentences.count
            for (set, memo) in [(gated, gated.memo()), (gated, nil), (ungated, ungated.memo())] as [(PatternSet, FormMemo?)] {
                var marks: [UInt64] = [], marksB: [UInt64] = []
                var next = set.nextGateSentence(in: block, from: 0, memo: memo)
                for s in 0..<count {
                    let general = set.candidates(in: block, sentence: s, marks: &marks, memo: nil)
                    if s < next {
                        #expect(general.isEmpty, "\(block.block.text.string.debugDescription) sentence \(s)")
                        skipped += 1
                        continue
                    }
                    #expect(next == s)
                    if set !== ungated { stopped += 1 }
                    let mask = set.candidateMask(in: block, sentence: s, marks: &marksB, memo: memo, passedGate: true)
                    #expect(mask == general.reduce(UInt64(0)) { $0 | 1 << UInt64($1) })
                    next = set.nextGateSentence(in: block, from: s + 1, memo: memo)
                    #expect(next > s && next <= count)
                }
                if set === ungated {
                    for s in 0...count { #expect(set.nextGateSentence(in: block, from: s, memo: memo) == s) }
                }
            }
            #expect(gated.nextGateSentence(in: block, from: count, memo: nil) == count)
            #expect(gated.nextGateSentence(in: block, from: count + 5, memo: nil) == count)
        }
        #expect(skipped > 150 && stopped > 500, "\(skipped) skipped, \(stopped) stopped")
    }

    static let countPieces = [
        "320", " 320", " 6 765", " 12,5", " 45", " brukare", " elever", " eleverna", " nyanlända", " äldre", " st",
        " stycken", " av", " de", " alla", " procent", " %", " andelen", " andel", " kvinnor", " män", " varav",
        " flickor", " pojkar", " uppdelat på kön", ". ", " Av", " Andelen", " BRUKARE", " deltagare", " över", " år",
        " invånare", " (190)", " och", " ca", "\n", " e\u{301}lever", " kvinno-", " 2024-03-12",
    ]

    /// `PeopleCounts.find` through the memo equals the general path on generated texts.
    @Test func peopleCountMemoMatchesTheGeneralPath() {
        let lexicon = LanguageTestSupport.lexicon
        var rng = SeededGenerator(seed: 0xC0_0A7)
        var found = 0, splits = 0
        for _ in 0..<2000 {
            let text = rng.text(from: Self.countPieces, maxPieces: 12)
            let tokens = Tokenizer.tokenize(text)
            let mentions = lexicon.mentions(in: tokens)
            let general = PeopleCounts.find(in: tokens, mentions: mentions, lexicon: lexicon, memoized: false)
            let memoized = PeopleCounts.find(in: tokens, mentions: mentions, lexicon: lexicon, memoized: true)
            #expect(memoized == general, "\(text.debugDescription)")
            found += general.count
            splits += general.filter(\.splitBySex).count
        }
        #expect(found > 300)
        #expect(splits > 20)
    }

    /// Every word test's memo bit is the test itself.
    @Test func wordTestBitsAreTheTests() {
        let c = LanguageTestSupport.lexicon.compiled
        let bits = [WordTests.share, WordTests.percent, WordTests.measure, WordTests.av, WordTests.filler,
                    WordTests.adjectiveLike, WordTests.splitMarker]
        for piece in Self.countPieces + ["", "a", "ae", "nya", "av", "AV"] {
            for token in Tokenizer.tokenize(piece).tokens {
                let facts = WordTests.facts(token.lower, c)
                for bit in bits {
                    #expect((facts & bit != 0) == WordTests.test(bit, token.lower, c), "\(token.lower) \(bit)")
                }
            }
        }
    }
}
