import Foundation
import Testing
@testable import JamlintCore

/// Texts for the fast-path tests, built the same way everywhere: each scalar of the string is its
/// own source offset (nothing composed, so marks and soft hyphens stay as written).
enum ScalarTestText {
    static func block(_ text: String) -> BlockText {
        let scalars = Array(text.unicodeScalars)
        return BlockText(scalars: scalars, starts: Array(scalars.indices), ends: scalars.indices.map { $0 + 1 })
    }

    /// `text` as an analysed paragraph: tokens, no mentions, the given shared prefilter scan.
    static func analysed(_ text: String, prefilterUnion: PrefilterUnion? = nil) -> AnalyzedBlock {
        let blockText = block(text)
        return AnalyzedBlock(index: 0, block: Block(kind: .paragraph, text: blockText, sourceRange: 0..<blockText.count),
                             tokens: Tokenizer.tokenize(blockText), mentions: [], folded: FoldedText(blockText.scalars),
                             cueListCount: 0, prefilterUnion: prefilterUnion)
    }

    /// Scalar index by UTF-16 offset (the offsets `NSRegularExpression` reports), the end included.
    static func scalarIndexByUTF16Offset(_ text: String) -> [Int] {
        var map: [Int] = []
        for (k, s) in text.unicodeScalars.enumerated() {
            map.append(k)
            if s.value > 0xFFFF { map.append(k) }
        }
        map.append(text.unicodeScalars.count)
        return map
    }

    /// `PatternSet.candidates` keeps every pattern that matches a sentence of one of `texts`;
    /// returns how many such matches there were (so a caller can check the test saw some).
    static func expectCandidatesKeepEveryMatch(_ set: PatternSet, sources: [String], texts: [String]) -> Int {
        var matched = 0
        for text in texts {
            let block = analysed(text)
            var marks: [UInt64] = []
            for s in block.tokens.sentences.indices {
                let candidates = set.candidates(in: block, sentence: s, marks: &marks)
                for (k, pattern) in set.patterns.enumerated()
                where pattern.firstMatch(in: block.subject, positions: block.positions(ofSentence: s), mentionStarts: [:]) != nil {
                    #expect(candidates.contains(k), "\(sources[k]) in \(text.debugDescription)")
                    matched += 1
                }
            }
        }
        return matched
    }
}
