import Foundation
import Testing
@testable import JamlintCore

/// What an analysed block keeps in its rarely made object (`AnalyzedBlock.Rare`: the metadata key,
/// the bold ranges, the lazily made pattern data and cue matches), and the scalars a parser shares
/// with the tokenizer's cache (`TextCache.keptScalars`): the same answers as a block and a text of
/// their own. Synchronous tests: the cache is the calling thread's.
@Suite struct BlockSharingTests {
    static func storage(_ scalars: [Unicode.Scalar]) -> UnsafeRawPointer? {
        scalars.withUnsafeBufferPointer { $0.baseAddress.map(UnsafeRawPointer.init) }
    }

    static func expectSame(_ a: Block, _ b: Block, _ note: String) {
        #expect(a.sourceRange == b.sourceRange, "\(note)")
        #expect(a.kind == b.kind, "\(note)")
        #expect(a.level == b.level, "\(note)")
        #expect(a.text.scalars == b.text.scalars, "\(note)")
        #expect(a.text.starts == b.text.starts && a.text.ends == b.text.ends, "\(note)")
        #expect(a.isImplicitHeading == b.isImplicitHeading, "\(note)")
        #expect(a.inQuote == b.inQuote, "\(note)")
        #expect(a.table == b.table, "\(note)")
        #expect(a.metadataKey == b.metadataKey, "\(note)")
        #expect(a.strong == b.strong, "\(note)")
    }

    /// Blocks with and without a metadata key or bold ranges (the rare object made with the block,
    /// or not), read back before and after the lazy caches were made; the caches answer as fresh
    /// computations do.
    @Test func blockFieldsAndLazyCaches() {
        let text = ScalarTestText.block("Kvinnor och män påverkas lika. Se bilaga 3 för konsekvenser.")
        let long = "Ett fältnamn som är längre än femton byte"
        let cases: [Block] = [
            Block(kind: .paragraph, text: text, sourceRange: 3..<50),
            Block(kind: .metadata, text: text, metadataKey: "Diarienummer", sourceRange: 0..<10),
            Block(kind: .heading, level: 2, text: text, isImplicitHeading: true, inQuote: true,
                  strong: [0..<7, 12..<15], sourceRange: 1..<2),
            Block(kind: .tableCell, text: text, table: TableCellPosition(table: 1, row: 2, column: 3, isHeader: true),
                  metadataKey: long, strong: [1..<2], sourceRange: 5..<9),
            Block(kind: .listItem, level: 3, text: text, table: TableCellPosition(table: 0, row: 0, column: 0, isHeader: false),
                  sourceRange: 7..<70),
        ]
        var list = CueList(name: "test-consequence", phrases: ["konsekvens*", "bilaga"])
        list.id = 1
        for (k, b) in cases.enumerated() {
            for order in 0..<3 {
                let tokens = Tokenizer.tokenize(text)
                let analysed = AnalyzedBlock(index: k, block: b, tokens: tokens, mentions: [], folded: FoldedText(text.scalars),
                                             cueListCount: 3)
                Self.expectSame(analysed.block, b, "case \(k) before the caches")
                // The lazy caches in three orders (the first one asked makes the object when the
                // block has none).
                let asks: [() -> Void] = [
                    { #expect(analysed.cueMatches(list) == list.matches(in: tokens), "case \(k)") },
                    { #expect(analysed.positions(ofSentence: 1) == TokenPattern.positions(in: tokens, sentence: tokens.sentences[1])) },
                    { #expect(analysed.mentionStarts == MentionIndex.starts([])) },
                ]
                for step in 0..<asks.count { asks[(step + order) % asks.count]() }
                #expect(analysed.cueMatches(list) == list.matches(in: tokens), "case \(k), kept")
                #expect(analysed.positions(ofSentence: 0) == TokenPattern.positions(in: tokens, sentence: tokens.sentences[0]))
                Self.expectSame(analysed.block, b, "case \(k) after the caches")
            }
        }
    }

    /// The cache gives back its array for equal scalars only: not for a text of the same key (the
    /// key reads the length and eight scalars at each end) that differs in the middle, nor for
    /// empty or long texts. A text is kept from the second time it is tokenized on the thread.
    @Test func keptScalarsOnlyForEqualScalars() {
        let kept = ScalarTestText.block("Abcdefgh mitten ett ijklmnop")
        let other = ScalarTestText.block("Abcdefgh mitten två ijklmnop")
        #expect(kept.scalars.count == other.scalars.count)
        #expect(TextCache.key(kept.scalars) == TextCache.key(other.scalars))
        let once = ScalarTestText.block("Met once only, in keptScalarsOnlyForEqualScalars")
        _ = Tokenizer.tokenize(once)
        #expect(once.scalars.withUnsafeBufferPointer { TextCache.keptScalars(equalTo: $0) } == nil, "met once")
        _ = Tokenizer.tokenize(kept)
        _ = Tokenizer.tokenize(kept)
        let copy = Array(kept.scalars)
        let found = copy.withUnsafeBufferPointer { TextCache.keptScalars(equalTo: $0) }
        #expect(found == kept.scalars)
        #expect(found.flatMap(Self.storage) == Self.storage(kept.scalars))
        #expect(other.scalars.withUnsafeBufferPointer { TextCache.keptScalars(equalTo: $0) } == nil)
        #expect([Unicode.Scalar]().withUnsafeBufferPointer { TextCache.keptScalars(equalTo: $0) } == nil)
        let longText = ScalarTestText.block(String(repeating: "lång text ", count: 20))
        _ = Tokenizer.tokenize(longText)
        #expect(longText.scalars.withUnsafeBufferPointer { TextCache.keptScalars(equalTo: $0) } == nil)
    }

    /// A memo parsed again after its first parse was analysed: its short texts share the kept
    /// scalars (and then the kept tokens), its blocks equal the first parse's, and its analysis
    /// (tokens, mentions) equals a fresh one.
    @Test func reparsedMemoSharesKeptScalars() throws {
        let rules = try RuleExamplesTests.loaded.get()
        let long = String(repeating: "Förslaget påverkar kvinnor och män, flickor och pojkar olika mycket. ", count: 3)
        let md = """
            # Bakgrund

            Kommunstyrelsen föreslås besluta att anta planen.

            | Åtgärd | Kostnad |
            |---|---|
            | Bygga om | 5 mkr |

            \(long)

            - Se bilaga 2
            """
        let source = SourceFile(path: "a.md", bytes: Array(md.utf8))
        let first = try MarkdownParser().parse(source)
        // Twice: the cache keeps a text from its second meeting on (`TextCache.insert`).
        _ = AnalyzedDocument(document: first, lexicon: rules.lexicon, structure: rules.structure,
                             procedural: rules.procedural, prefilters: rules.prefilterUnion)
        let analysedFirst = AnalyzedDocument(document: first, lexicon: rules.lexicon, structure: rules.structure,
                                             procedural: rules.procedural, prefilters: rules.prefilterUnion)
        let second = try MarkdownParser().parse(source)
        #expect(first.blocks.count == second.blocks.count)
        var shared = 0
        for (k, (a, b)) in zip(first.blocks, second.blocks).enumerated() {
            Self.expectSame(b, a, "block \(k)")
            if Self.storage(a.text.scalars) == Self.storage(b.text.scalars) { shared += 1 }
            if a.text.scalars.count > TextCache.maxScalars {
                #expect(Self.storage(a.text.scalars) != Self.storage(b.text.scalars), "block \(k): long texts are not kept")
            }
        }
        #expect(shared >= 4, "\(shared) of \(first.blocks.count)")
        let analysedSecond = AnalyzedDocument(document: second, lexicon: rules.lexicon, structure: rules.structure,
                                              procedural: rules.procedural, prefilters: rules.prefilterUnion)
        for (a, b) in zip(analysedFirst.blocks, analysedSecond.blocks) {
            let fresh = Tokenizer.tokenize(b.block.text, fastWords: false)
            #expect(b.tokens.tokens == fresh.tokens)
            #expect(b.tokens.sentences == fresh.sentences)
            #expect(a.mentions.map { "\($0.category):\($0.form):\($0.tokens)" }
                    == b.mentions.map { "\($0.category):\($0.form):\($0.tokens)" })
        }
    }
}
