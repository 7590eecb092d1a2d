import Foundation
import Testing
@testable import JamlintCore

/// `CueList.matches(in:heads:)` (tokens skipped by their precomputed first bytes) against the
/// general `matches(in:)`, and both (and `contains`) against a phrase-by-phrase reference, for
/// every cue list of the lexicon and for made-up lists with one-byte, wildcard, non-ASCII and
/// multi-word first words, on generated texts.
@Suite struct CueHeadsTests {
    static var lists: [CueList] {
        let lexicon = LanguageTestSupport.lexicon
        let shipped = lexicon.compiled.cueLists.keys.sorted().compactMap { lexicon.cueList($0) }
        let made = [
            CueList(name: "one-byte", phrases: ["i", "% av", "å", "x*", "ö*"]),
            CueList(name: "wildcards", phrases: ["konsekvens*", "kö*", "jämställ*", "a*", "ökad*"]),
            CueList(name: "phrases", phrases: ["på grund av", "följas upp", "t.ex.", "icke-binär", "i dag", "i"]),
            CueList(name: "non-ascii", phrases: ["éa", "ändra*", "ÅÄÖ", "œuvre", "σοφος", "über*"]),
        ]
        return shipped + made
    }

    /// Words from the lists (whole, cut short, upper-cased) and others, to build texts from.
    static func words(_ lists: [CueList]) -> [String] {
        var out = ["och", "kvinnor", "män", "12,5", "6 765", "%", "–", "”", "e\u{301}", "ß", "İ", "\u{212A}", "😀",
                   ".", ",", "\n", "a", "ab", "ä", "äb", "x", "ﬁ"]
        for list in lists {
            for phrase in list.phrases {
                let text = phrase.map(\.text).joined(separator: " ")
                out.append(text)
                out.append(text.uppercased())
                if let first = phrase.first?.text, first.count > 1 {
                    out.append(String(first.dropLast()))
                    out.append(first + "na")
                    out.append(String(first.prefix(1)))
                }
            }
        }
        return out
    }

    /// The longest phrase at each position, tried phrase by phrase, not overlapping, in `range`. A
    /// phrase whose first word is empty matches nothing.
    static func reference(_ list: CueList, _ text: TokenizedText, _ range: Range<Int>? = nil) -> [Range<Int>] {
        let tokens = text.tokens
        let r = range ?? 0..<tokens.count
        var out: [Range<Int>] = []
        var i = r.lowerBound
        while i < r.upperBound {
            var best = 0
            for words in list.phrases where !words[0].text.isEmpty && i + words.count <= r.upperBound && words.count > best {
                if words.indices.allSatisfy({ words[$0].matches(tokens[i + $0].lower) }) { best = words.count }
            }
            if best > 0 {
                out.append(i..<(i + best))
                i += best
            } else {
                i += 1
            }
        }
        return out
    }

    @Test func headsFindWhatTheGeneralScanFinds() {
        let lists = Self.lists
        #expect(lists.count >= 10)
        let words = Self.words(lists)
        var rng = SeededGenerator(seed: 0xC0E_11575)
        var found = 0
        for k in 0..<600 {
            let count = k % 50 == 0 ? 400 : Int.random(in: 0..<30, using: &rng)
            var text = ""
            for _ in 0..<count {
                text += words[Int.random(in: 0..<words.count, using: &rng)]
                text += [" ", " ", " ", ", ", ". ", "\n", ""][Int.random(in: 0..<7, using: &rng)]
            }
            let tokens = Tokenizer.tokenize(text)
            let heads = CueList.heads(of: tokens)
            #expect(heads.count == tokens.tokens.count)
            let block = ScalarTestText.analysed(text)
            for list in lists {
                let expected = list.matches(in: tokens)
                #expect(expected == Self.reference(list, tokens), "\(list.name) in \(text.debugDescription)")
                found += expected.count
                if !tokens.tokens.isEmpty {
                    let a = Int.random(in: 0..<tokens.tokens.count, using: &rng)
                    let b = Int.random(in: a...tokens.tokens.count, using: &rng)
                    let part = Self.reference(list, tokens, a..<b)
                    #expect(list.matches(in: tokens, tokens: a..<b) == part, "\(list.name) \(a)..<\(b) in \(text.debugDescription)")
                    #expect(list.contains(in: tokens, tokens: a..<b) == !part.isEmpty, "\(list.name) in \(text.debugDescription)")
                }
                #expect(list.matches(in: tokens, heads: heads) == expected, "\(list.name) in \(text.debugDescription)")
                #expect(block.cueMatches(list) == expected, "\(list.name) in \(text.debugDescription)")
                // By the list's per-form memo (learnt over the earlier texts), and without form
                // indices (stamp 0: the general path).
                let memo = FormMemos.memo(owner: list.memoOwner)
                #expect(list.matches(in: tokens, memo: memo) == expected, "\(list.name) in \(text.debugDescription)")
                let plain = TokenizedText(text: tokens.text, tokens: tokens.tokens, sentences: tokens.sentences)
                #expect(list.matches(in: plain, memo: memo) == expected)
            }
            // Heads of another text are not used.
            if let other = lists.first, !heads.isEmpty {
                #expect(other.matches(in: tokens, heads: Array(heads.dropLast())) == other.matches(in: tokens))
            }
        }
        #expect(found > 1000)
    }

    @Test func headsHoldFirstBytesAndLengths() {
        let tokens = Tokenizer.tokenize("i på ökade % 12,5 é")
        let heads = CueList.heads(of: tokens)
        for (t, h) in zip(tokens.tokens, heads) {
            let bytes = Array(t.lower.utf8)
            #expect(h & 0xFF == UInt32(bytes.first ?? 0))
            #expect((h >> 8) & 0xFF == UInt32(bytes.count >= 2 ? bytes[1] : 0))
            #expect((h >> 16) & 1 == (bytes.isEmpty ? 0 : 1))
            #expect((h >> 17) & 1 == (bytes.count >= 2 ? 1 : 0))
        }
    }
}
