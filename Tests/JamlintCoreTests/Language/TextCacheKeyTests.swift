import Foundation
import Testing
@testable import JamlintCore

/// The text cache's key (`TextCache.key`) and the document analysis that computes it three blocks
/// ahead to prefetch the cache (`AnalyzedDocument.init`): which texts get a key, that keys tell
/// texts apart and spread over the slots, and that documents of every small block count (the
/// look-ahead's edges) get the tokens the general path makes, analysed once and again.
@Suite struct TextCacheKeyTests {
    private static func scalars(_ s: String) -> [Unicode.Scalar] { Array(s.unicodeScalars) }

    @Test func onlyShortTextsHaveAKey() {
        #expect(TextCache.key([]) == 0)
        for n in 1...TextCache.maxScalars {
            #expect(TextCache.key(Array(repeating: "a", count: n)) != 0, "\(n)")
        }
        #expect(TextCache.key(Array(repeating: "a", count: TextCache.maxScalars + 1)) == 0)
        #expect(TextCache.key(Array(repeating: "a", count: 10_000)) == 0)
    }

    /// Equal texts have equal keys; a change of length, or of a scalar among the first or the
    /// last eight (on either side of the eight-scalar switch of the key's two paths), changes it.
    @Test func keysTellTextsApart() {
        let base = "Konsekvenser för kvinnor och män, flickor och pojkar"
        for n in 1...base.unicodeScalars.count {
            let text = Array(Self.scalars(base).prefix(n))
            #expect(TextCache.key(text) == TextCache.key(Array(text)))
            var keys: Set<UInt64> = [TextCache.key(text)]
            for k in Array(0..<min(n, 8)) + Array(max(0, n - 8)..<n) {
                var changed = text
                changed[k] = changed[k] == "x" ? "y" : "x"
                keys.insert(TextCache.key(changed))
                var upper = text
                upper[k] = "Ä"
                if upper != text { keys.insert(TextCache.key(upper)) }
            }
            // One key per distinct text made (the changes at a position covered twice coincide).
            var distinct: Set<[Unicode.Scalar]> = [text]
            for k in Array(0..<min(n, 8)) + Array(max(0, n - 8)..<n) {
                var changed = text
                changed[k] = changed[k] == "x" ? "y" : "x"
                distinct.insert(changed)
                var upper = text
                upper[k] = "Ä"
                distinct.insert(upper)
            }
            #expect(keys.count == distinct.count, "\(n): \(keys.count) keys for \(distinct.count) texts")
        }
        let lengths = (1...40).map { TextCache.key(Array(repeating: "-", count: $0)) }
        #expect(Set(lengths).count == lengths.count)
    }

    /// Distinct texts spread over the slots about as random keys would: 2,000 of them fill
    /// ~1,580 of the 4,096 slots (±20). Texts of fewer than eight scalars take the key's other
    /// path; without its final mixing they filled ~1,360 (on the benchmark memos a fifth of the
    /// cache hits were lost).
    @Test func keysSpreadOverTheSlots() {
        var g = SeededGenerator(seed: 0x5EED_CAC4_E000_0001)
        let alphabet = Self.scalars("abcdefghijklmnopqrstuvwxyzåäöABCDEFÅÄÖ0123456789 .:-")
        var short: Set<[Unicode.Scalar]> = []
        while short.count < 2000 {
            short.insert((0..<(1 + g.below(7))).map { _ in alphabet[g.below(alphabet.count)] })
        }
        let words = ["Bakgrund", "Ärende", "Beslut", "kvinnor", "män", "Dnr", "2024", "KS", "Se", "bilaga", "1", "2", "3",
                     "Förslag", "till", "beslut", "Jämställdhet", "Barn", "Ekonomi", "Datum", ":", "–", "och"]
        var phrases: Set<[Unicode.Scalar]> = []
        while phrases.count < 2000 {
            phrases.insert(Self.scalars((0..<(1 + g.below(4))).map { _ in words[g.below(words.count)] }.joined(separator: " ")))
        }
        for texts in [short, phrases] {
            let slots = Set(texts.map { TextCache.slotIndex(ofKey: TextCache.key($0)) })
            #expect(slots.count > 1480, "\(slots.count) slots for \(texts.count) texts")
        }
    }

    /// Documents of 0 to 6 blocks (shorter and longer than the look-ahead), each analysed twice (the second time from the cache): every
    /// block's tokens and sentences are those of the general tokenizer path.
    @Test func analysisOfSmallDocumentsKeepsTheTokens() throws {
        let lexicon = LanguageTestSupport.lexicon
        let structure = StructureLexicon()
        let paragraphs = ["Bakgrund", "Kvinnor och män. Flickor och pojkar!", "Dnr KS 2024/0117",
                          String(repeating: "Ett längre stycke om jämställdhet i kommunen. ", count: 5), "Ärende", "x"]
        for count in 0...paragraphs.count {
            let text = paragraphs.prefix(count).joined(separator: "\n\n")
            let document = try PlainTextParser().parse(SourceFile(path: "t.txt", bytes: Array(text.utf8)))
            for _ in 0..<2 {
                let analyzed = AnalyzedDocument(document: document, lexicon: lexicon, structure: structure,
                                                procedural: ProceduralList())
                #expect(analyzed.blocks.count == document.blocks.count)
                for (block, source) in zip(analyzed.blocks, document.blocks) {
                    let general = Tokenizer.tokenize(source.text, fastWords: false)
                    #expect(block.tokens.tokens == general.tokens, "\(count): \(source.text.string)")
                    #expect(block.tokens.sentences == general.sentences, "\(count): \(source.text.string)")
                }
            }
        }
    }
}
