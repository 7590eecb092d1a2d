import Testing
@testable import JamlintCore

/// Arbitrary input never traps: random mixes of the characters the scanner treats specially.
@Suite struct RobustnessTests {
    static let alphabet: [Unicode.Scalar] = Array(
        "aåäöAÅÄÖkvinormäönpojkeflica 0123456789 .,;:!?-–—()[]\"'«»%§/\n\r\t\u{A0}\u{202F}\u{AD}\u{2011}\u{2010}\u{308}\u{30A}•*"
            .unicodeScalars) + ["\u{1F600}", "\u{200B}", "\u{FEFF}", "\u{2028}"]

    @Test func randomTextDoesNotTrap() {
        var seed: UInt64 = 0x9E3779B97F4A7C15
        func next() -> Int {
            seed ^= seed << 13; seed ^= seed >> 7; seed ^= seed << 17
            return Int(seed % UInt64(Int.max))
        }
        let lexicon = LanguageTestSupport.lexicon
        let words = ["man", "kön", "kvinno-", "och", "mansdominerade", "6 765", "varav", "kvinnor", "procent", "av",
                     "eleverna", "andelen", "t.ex.", "kr.", "i", "till", "-män", "dam-", "herrlag", "gemene"]
        for round in 0..<400 {
            var s = String.UnicodeScalarView()
            for _ in 0..<(next() % 60) {
                if next() % 3 == 0 {
                    s.append(contentsOf: words[next() % words.count].unicodeScalars)
                    s.append(" ")
                } else {
                    s.append(Self.alphabet[next() % Self.alphabet.count])
                }
            }
            let text = Tokenizer.tokenize(String(s))
            var last = 0
            for t in text.tokens {
                #expect(t.range.lowerBound >= last && t.range.upperBound <= text.text.count && !t.range.isEmpty,
                        "round \(round)")
                last = t.range.upperBound
            }
            let covered = text.sentences.reduce(0) { $0 + $1.tokens.count }
            #expect(covered == text.tokens.count, "round \(round)")
            let mentions = lexicon.mentions(in: text)
            _ = PeopleCounts.find(in: text, mentions: mentions, lexicon: lexicon)
            for list in ["consequence", "justification", "sex-split"] {
                _ = lexicon.cueList(list)?.matches(in: text)
            }
        }
    }

    @Test func foreignMentionsAreIgnoredByPeopleCounts() {
        let text = Tokenizer.tokenize("320 brukare")
        let bogus = [Mention(category: "people", tokens: 0..<0, scalars: 0..<0, form: "", isAdjective: false),
                     Mention(category: "people", tokens: 5..<9, scalars: 0..<0, form: "", isAdjective: false)]
        #expect(PeopleCounts.find(in: text, mentions: bogus, lexicon: LanguageTestSupport.lexicon).isEmpty)
    }
}
