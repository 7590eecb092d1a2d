import Foundation
import Testing
@testable import JamlintCore

/// What the tokenizer's `TextCache` keeps for a recurring short text beside its tokens (mentions,
/// and the prefilter union's scan made with them in `AnalyzedDocument.init`) against a fresh
/// computation for every block: seeded documents of recurring and unique paragraphs, analysed
/// with the shipped rules' union and with a second union of other literals, alternately, so
/// that a text kept with one union is asked for with the other.
@Suite struct TextCacheSharingTests {
    /// Deterministic plain-text memos: paragraphs drawn from a small pool (they recur) or made of
    /// random fragments (mostly unique), some longer than `TextCache.maxScalars`.
    static func documents(count: Int, seed: UInt64) throws -> [Document] {
        var state = seed
        func next() -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(truncatingIfNeeded: state >> 33)
        }
        let fragments = RegexPrefilterScanTests.fragments
        let pool = (0..<40).map { _ in
            (0..<(1 + next() % 8)).map { _ in fragments[next() % fragments.count] }.joined(separator: " ")
        } + ["Dnr KS 2024/0117", "Se bilaga 3", "Bakgrund", "«Rubrik»", "Ärendet", "TODO", "Beslutsunderlag"]
        var out: [Document] = []
        for _ in 0..<count {
            var paragraphs: [String] = []
            for _ in 0..<(1 + next() % 30) {
                if next() % 3 == 0 {
                    let n = next() % 5 == 0 ? 60 : 1 + next() % 10
                    paragraphs.append((0..<n).map { _ in fragments[next() % fragments.count] }.joined(separator: " "))
                } else {
                    paragraphs.append(pool[next() % pool.count])
                }
            }
            let text = paragraphs.joined(separator: "\n\n")
            out.append(try PlainTextParser().parse(SourceFile(path: "t.txt", bytes: Array(text.utf8))))
        }
        return out
    }

    @Test func keptScansAndMentionsAreFreshOnes() throws {
        let rules = try RuleExamplesTests.loaded.get()
        let shipped = rules.prefilterUnion
        #expect(!shipped.isEmpty)
        let other = PrefilterUnion([RegexPrefilterSet(try RegexPrefilterScanTests.patterns.map {
            try #require(CompiledRegex($0)).prefilter
        })])
        #expect(!other.isEmpty)
        var shared = 0, blocks = 0, found = 0
        var seen: [[Unicode.Scalar]: UnsafeRawPointer] = [:]
        // Kept, so that no freed token array's address is taken by a later one.
        var kept: [AnalyzedDocument] = []
        for (k, document) in try Self.documents(count: 120, seed: 0xD1B5_4A32_D192_ED03).enumerated() {
            let union = k % 3 == 2 ? other : shipped
            let analyzed = AnalyzedDocument(document: document, lexicon: rules.lexicon, structure: rules.structure,
                                            procedural: rules.procedural, prefilters: union)
            kept.append(analyzed)
            for block in analyzed.blocks {
                blocks += 1
                let scalars = block.tokens.text.scalars
                let fresh = FoldedText(scalars).scalars.withUnsafeBufferPointer { union.scanner.scan($0) }
                #expect(block.unionScan() == fresh, "\(block.block.text.string.debugDescription)")
                if (fresh ?? 0) != 0 { found += 1 }
                let expectedMentions = block.block.kind == .metadata
                    ? [] : rules.lexicon.mentions(in: Tokenizer.tokenize(block.block.text, fastWords: false))
                #expect(block.mentions.map { "\($0.category):\($0.form):\($0.tokens)" }
                        == expectedMentions.map { "\($0.category):\($0.form):\($0.tokens)" })
                // Whether this block's tokens are those of an earlier block of the same text.
                if let address = block.tokens.tokens.withUnsafeBufferPointer({ $0.baseAddress.map(UnsafeRawPointer.init) }) {
                    if seen[scalars] == address { shared += 1 }
                    seen[scalars] = address
                }
            }
        }
        // The test saw the kept path (shared tokens) and scans that found literals.
        #expect(shared > blocks / 4, "\(shared) of \(blocks)")
        #expect(found > 50)
    }

    /// A block's cue-list matches, shared with earlier blocks of the same text, are those of a
    /// fresh scan of its tokens, for the lexicon's lists asked for in a seeded order, and for lists
    /// of another lexicon that have the same ids (they must not read the kept matches).
    @Test func sharedCueMatchesAreFreshOnes() throws {
        let rules = try RuleExamplesTests.loaded.get()
        let lists = rules.lexicon.compiled.cueLists.values.sorted { $0.id < $1.id }
        #expect(lists.count > 3)
        let foreign: [CueList] = [["kvinnor", "män", "bilaga"], ["konsekvens*", "se", "i"], ["å", "dnr"]].enumerated().map {
            var list = CueList(name: "foreign-\($0.offset)", phrases: $0.element)
            list.id = $0.offset
            return list
        }
        var state: UInt64 = 0x8CB9_2BA7_2F3D_8DD7
        func next() -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(truncatingIfNeeded: state >> 33)
        }
        var kept: [AnalyzedDocument] = []
        var matched = 0
        for document in try Self.documents(count: 100, seed: 0x5851_F42D_4C95_7F2D) {
            let analyzed = AnalyzedDocument(document: document, lexicon: rules.lexicon, structure: rules.structure,
                                            procedural: rules.procedural, prefilters: rules.prefilterUnion)
            kept.append(analyzed)
            for block in analyzed.blocks {
                for _ in 0..<6 {
                    let list = next() % 4 == 0 ? foreign[next() % foreign.count] : lists[next() % lists.count]
                    let fresh = list.matches(in: block.tokens)
                    if !fresh.isEmpty { matched += 1 }
                    #expect(block.cueMatches(list) == fresh, "\(list.name) in \(block.block.text.string.debugDescription)")
                }
            }
        }
        #expect(matched > 100)
    }
}
