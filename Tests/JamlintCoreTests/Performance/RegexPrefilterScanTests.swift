import Foundation
import Testing
@testable import JamlintCore

/// The key-scalar scan of `RegexPrefilterSet` (and its shared form, `PrefilterUnion`) against the
/// general path: each prefilter alone (`RegexPrefilter.mayMatch`, a literal scan per clause), and
/// the regular expressions themselves. Adversarial text: NFD, Swedish letters in both forms,
/// Turkish dotted I, ß and ẞ, Greek sigma, the Kelvin sign, long texts, literals at every offset
/// around the scan's eight-scalar steps, sets of more than 64 expressions and 64 literals.
@Suite struct RegexPrefilterScanTests {
    static let patterns = FastPathEquivalenceTests.prefilterPatterns + [
        "\\b(?:dnr|diarienummer|diarienr|ärendenummer)\\b[\\s:.]*[A-ZÅÄÖ0-9]", "Åsa|ÖVER|é", "ÿ?x", "ab?c",
        "förslag(?:et)? till beslut", "[a-z]+ bilaga", "x{2,}y", "sigma|σοφος", "kelvin|k", "stra(?:ss|ß)e",
    ]

    static let fragments = [
        "«", "»", "[", "]", "klicka här för att ange text", "KLICKA", "ÅÅÅÅ-MM-DD", "xx", "XX", "todo", "FIXME",
        "se bilaga 3", "enligt bifogad checklista", "Dnr", "diarienummer:", "Ärendenummer", "å", "ä", "ö", "Å", "Ä", "Ö",
        "é", "e\u{301}", "A\u{30A}", "o\u{308}", "İ", "ı", "ß", "ẞ", "σ", "ς", "Σ", "\u{212A}", "ſ", "µ", "ÿ", "Ÿ",
        "\u{A0}", "–", "”", "’", "😀", "𝐀", " ", "\n", "abc", "ac", "i", "k", "kx", "sigma", "strasse", "2024-03-12",
        "٣", "３", "bilaga", "checklista", "Tjänsteskrivelse", "tryck", "datum",
    ]

    /// Deterministic texts made of the fragments, from empty to a few thousand scalars.
    static func randomTexts(count: Int, seed: UInt64) -> [String] {
        var state = seed
        func next() -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(truncatingIfNeeded: state >> 33)
        }
        var out: [String] = [""]
        for k in 0..<count {
            let pieces = k % 10 == 0 ? 300 : next() % 24
            var text = ""
            for _ in 0..<pieces { text += fragments[next() % fragments.count] + (next() % 3 == 0 ? " " : "") }
            out.append(text)
        }
        return out
    }

    /// Each literal of the rules at every offset from 0 to 19 in plain text, before and after other text.
    static var offsetTexts: [String] {
        var out: [String] = []
        for literal in ["«x»", "[ange x]", "ÅÅÅÅ-MM-DD", "XX", "TODO", "se bilaga 4", "i bifogad checklista", "Dnr: KS 1",
                        "klicka här för att ange text", "ac", "K"] {
            for offset in 0..<20 {
                let pad = String(repeating: "n", count: offset)
                out.append(pad + literal)
                out.append(pad + literal + String(repeating: "e", count: 17))
                out.append(pad + literal.uppercased() + " ” " + pad)
            }
        }
        return out
    }

    static var allTexts: [String] {
        FastPathEquivalenceTests.texts + FastPathEquivalenceTests.prefilterTexts + offsetTexts
            + randomTexts(count: 400, seed: 0x9E37_79B9_7F4A_7C15)
    }

    /// The set's mask is each prefilter's answer: the scan finds exactly the watched literals that occur.
    @Test func maskMatchesEachPrefilterAlone() {
        let prefilters = Self.patterns.map { RegexPrefilter(pattern: $0) }
        #expect(prefilters.compactMap { $0 }.count >= 15)
        let set = RegexPrefilterSet(prefilters)
        // More than 64 expressions (the later ones always may) and more than 64 literals in all
        // (expressions beyond the budget are not watched and scan every clause).
        let large = RegexPrefilterSet(Array(repeating: prefilters, count: 4).flatMap { $0 })
        var distinct: [RegexPrefilter?] = []
        for k in 0..<70 { distinct.append(RegexPrefilter(pattern: "w\(k)ord|ab\(k)c")) }
        let many = RegexPrefilterSet(distinct)
        for text in Self.allTexts {
            let folded = FoldedText(Array(text.unicodeScalars))
            let expected = prefilters.map { $0?.mayMatch(folded) ?? true }
            let mask = set.mask(folded)
            #expect(expected.indices.map { RegexPrefilterSet.mayMatch(mask, $0) } == expected, "\(text.debugDescription)")
            let largeMask = large.mask(folded)
            for k in 0..<(4 * prefilters.count) {
                #expect(RegexPrefilterSet.mayMatch(largeMask, k) == (k >= 64 || expected[k % prefilters.count]),
                        "\(text.debugDescription) #\(k)")
            }
            let manyMask = many.mask(folded)
            for k in 0..<distinct.count {
                #expect(RegexPrefilterSet.mayMatch(manyMask, k) == (k >= 64 || (distinct[k]?.mayMatch(folded) ?? true)),
                        "\(text.debugDescription) many #\(k)")
            }
        }
    }

    /// Generated literal sets over a small alphabet (keys shared by many literals, at their first,
    /// middle and last scalar, a key followed by scalars the next-scalar test rejects and by
    /// scalars from U+0100 on) against each prefilter's literal scan, on texts of the same letters.
    @Test func generatedLiteralsScanAsEachPrefilterAlone() {
        let letters = ["a", "b", "o", "d", "t", "x", "-", "A", "O", "D", "é", "É", "ø", "ā", "–", " ", "\u{308}"]
        var rng = SeededGenerator(seed: 0x5CA1_AB1E)
        var hits = 0
        for _ in 0..<60 {
            var patterns: [String] = []
            for _ in 0..<Int.random(in: 1..<8, using: &rng) {
                var alternatives: [String] = []
                for _ in 0..<Int.random(in: 1..<4, using: &rng) {
                    var literal = ""
                    for _ in 0..<Int.random(in: 1..<5, using: &rng) { literal += ["a", "b", "o", "d", "t", "x", "-"].randomElement(using: &rng)! }
                    alternatives.append(literal)
                }
                patterns.append(alternatives.joined(separator: "|"))
            }
            let prefilters = patterns.map { RegexPrefilter(pattern: $0) }
            let set = RegexPrefilterSet(prefilters)
            for _ in 0..<40 {
                var text = ""
                for _ in 0..<Int.random(in: 0..<40, using: &rng) { text += letters.randomElement(using: &rng)! }
                let folded = FoldedText(Array(text.unicodeScalars))
                let expected = prefilters.map { $0?.mayMatch(folded) ?? true }
                let mask = set.mask(folded)
                hits += expected.filter { $0 }.count
                #expect(expected.indices.map { RegexPrefilterSet.mayMatch(mask, $0) } == expected, "\(patterns) on \(text.debugDescription)")
            }
        }
        #expect(hits > 1000)
    }

    /// Sets read through a shared scan (`PrefilterUnion` on the block) answer as they do alone;
    /// a set that no longer fits in the union's 64 literals scans on its own.
    @Test func unionScanMatchesEachSetAlone() {
        let first = RegexPrefilterSet(Self.patterns.prefix(8).map { RegexPrefilter(pattern: $0) })
        let second = RegexPrefilterSet(Self.patterns.dropFirst(8).map { RegexPrefilter(pattern: $0) })
        let big = RegexPrefilterSet((0..<60).map { RegexPrefilter(pattern: "q\($0)z") })
        let union = PrefilterUnion([first, second, big, first])
        #expect(union.offset(of: first.scanner) == 0)
        #expect(union.offset(of: second.scanner) != nil)
        #expect(union.offset(of: big.scanner) == nil)
        for text in Self.allTexts + ["q7z q59z", "Q12Z"] {
            let block = ScalarTestText.analysed(text, prefilterUnion: union)
            for set in [first, second, big] {
                #expect(set.mask(block) == set.mask(FoldedText(Array(text.unicodeScalars))), "\(text.debugDescription)")
            }
        }
        // A masker (the union's offset looked up once, from the first block) answers as `mask(_:)`,
        // also for blocks of another union or none.
        let other = PrefilterUnion([second, first])
        for set in [first, second, big] {
            let blocks = (Self.allTexts + ["q7z q59z", "Q12Z"]).enumerated().map { k, text in
                ScalarTestText.analysed(text, prefilterUnion: k % 5 == 3 ? other : k % 7 == 4 ? nil : union)
            }
            let masker = set.masker(blocks)
            for block in blocks { #expect(masker.mask(block) == set.mask(block)) }
            #expect(set.masker([]).mask(blocks[0]) == set.mask(blocks[0]))
        }
    }

    /// Through the block (prefilter mask, shared scan, digit test) a regular expression finds what
    /// ICU finds in the whole text.
    @Test func blockMatchesAreTheRegexMatches() throws {
        let patterns = Self.patterns + [
            "(?-i)\\b[A-ZÅÄÖ]{2,6}[ -]?\\d{4}[-/]\\d{2,5}\\b", "\\d", "\\d{4}", "x\\d+y", "\\d?x",
        ]
        let regexes = try patterns.map { try #require(CompiledRegex($0)) }
        let union = PrefilterUnion([RegexPrefilterSet(regexes.map(\.prefilter))])
        let texts = Self.allTexts + [
            "KS 2024/0117", "KS ٢٠٢٤/٠١١٧", "KS ２０２４/０１", "x٣y", "ab 1234 cd", "VON 2023-0518", "dnr: ks-2025-041",
        ]
        // The reference is ICU on the whole text, outside every fast path (digit test, window, prefilter).
        let references = try patterns.map { try NSRegularExpression(pattern: $0, options: [.caseInsensitive]) }
        for text in texts {
            let block = ScalarTestText.analysed(text, prefilterUnion: union)
            let blockText = block.block.text
            let map = ScalarTestText.scalarIndexByUTF16Offset(text)
            for (k, regex) in regexes.enumerated() {
                let whole = references[k].matches(in: text, range: NSRange(location: 0, length: (text as NSString).length)).map {
                    map[$0.range.location]..<map[$0.range.location + $0.range.length]
                }
                #expect(regex.matches(in: blockText, group: nil).map(\.whole) == whole, "\(patterns[k]) text on \(text.debugDescription)")
                #expect(regex.matches(in: block).map(\.whole) == whole, "\(patterns[k]) on \(text.debugDescription)")
                #expect(regex.firstMatch(in: block) == !whole.isEmpty, "\(patterns[k]) first on \(text.debugDescription)")
                #expect(regex.firstMatch(in: text) == !whole.isEmpty, "\(patterns[k]) string on \(text.debugDescription)")
            }
        }
        // A named group's range, also where ICU starts its search after the text's start.
        let keyed = try #require(CompiledRegex("(?:se|enligt)\\s+bilaga\\s+(?<key>\\d+)"))
        let reference = try NSRegularExpression(pattern: keyed.pattern, options: [.caseInsensitive])
        for text in ["se bilaga 3", String(repeating: "ord ", count: 30) + "enligt bilaga 12 och se bilaga 4",
                     "😀 " + String(repeating: "å ", count: 20) + "se bilaga 7"] {
            let blockText = ScalarTestText.block(text)
            let map = ScalarTestText.scalarIndexByUTF16Offset(text)
            let expected = reference.matches(in: text, range: NSRange(location: 0, length: (text as NSString).length)).map { m in
                let key = m.range(withName: "key")
                return map[key.location]..<map[key.location + key.length]
            }
            #expect(keyed.matches(in: blockText, group: "key").compactMap(\.group) == expected, "\(text.debugDescription)")
        }
    }

    /// The digit requirement is read only where it is certain.
    @Test func requiresDigitIsConservative() {
        for (pattern, expected) in [
            ("\\d", true), ("a\\d{4}b", true), ("(?-i)\\b[A-ZÅÄÖ]{2,6}[ -]?\\d{4}[-/]\\d{2,5}\\b", true), ("\\d+?x", true),
            ("\\d{2,}", true), ("\\d?", false), ("\\d*", false), ("\\d{0,3}", false), ("a|\\d", false), ("(?:\\d)", false),
            ("[\\d]", false), ("\\D", false), ("(?x)\\d", false), ("\\Q\\d\\E", false), ("(?<key>\\d)", false),
            ("\\\\d", false), ("\\p{Nd}", false), ("(a)|b\\d", false), ("a(?#c)\\d", false),
        ] {
            #expect(CompiledRegex.requiresDigit(pattern) == expected, "\(pattern)")
        }
    }

    /// The window's width: what an expression can match before its literal, white space aside.
    @Test func matchWindowWidth() {
        func width(_ pattern: String, _ literal: String) -> Int? {
            MatchWindow(pattern: pattern, literal: literal.unicodeScalars.map { RegexPrefilter.fold($0.value) })?.width
        }
        #expect(width(FastPathEquivalenceTests.prefilterPatterns[10], "bilaga") == 18)
        #expect(width("«[^»\\n]{1,40}»", "«") == 0)
        #expect(width("\\s*\\bbilaga", "bilaga") == 0)
        #expect(width("(?:x|yy)?\\s+Bilaga", "bilaga") == 2)
        #expect(width("[a-z]{2,5}bilaga", "bilaga") == 5)
        #expect(width("(?=abc)(?<!q)bilaga", "bilaga") == 0)
        #expect(width("se bilaga", "bilaga") == 3)
        #expect(width("a+bilaga", "bilaga") == nil)
        #expect(width("\\w+ bilaga", "bilaga") == nil)
        #expect(width("a|bilaga", "bilaga") == nil)
        #expect(width("ßbilaga", "bilaga") == nil)
        #expect(width("(a)\\1bilaga", "bilaga") == nil)
        #expect(width("(?:bilaga)", "bilaga") == nil)
        #expect(width("x{2,}bilaga", "bilaga") == nil)
        #expect(width("x{3}\\d{0,2}bilaga", "bilaga") == 5)
    }

    /// Searching from the window's start (with transparent bounds) finds every match a search of
    /// the whole text finds, and only those.
    @Test func windowedSearchFindsTheWholeTextsMatches() throws {
        let patterns = [
            FastPathEquivalenceTests.prefilterPatterns[10], FastPathEquivalenceTests.prefilterPatterns[11],
            "«[^»\\n]{1,40}»", "klicka (?:eller tryck )?här för att (?:ange|skriva|lägga till) (?:text|ett datum|datum)",
            "(?<=x)bilaga", "^bilaga", "(?:ab|c)?\\s*bilaga\\b", "\\bse\\s+bilaga", "bilaga$", "(?:\\w\\s){0,3}bilaga",
        ]
        let spaces = ["", " ", "   ", "\n", "\u{A0}", "\u{2003}", "\u{3000} ", "\t\r\n", "\u{85}", "\u{2028}"]
        var texts = Self.allTexts
        for s in spaces {
            texts += [
                "Se\(s)bilaga 3", "enligt\(s)bifogad\(s)\(s)bilaga 2 och se bilaga 4", "framgår av\(s)bilaga\(s)nr. 5",
                "x\(s)bilaga", "xbilaga", "ab\(s)bilaga", "c\(s)bilaga bilaga", "😀 se\(s)bilaga 7 😀 i bilaga A",
                String(repeating: "ord ", count: 40) + "i\(s)bilaga 9" + String(repeating: " ord", count: 40),
                "a b c\(s)bilaga", "«\(s)x»", "Klicka\(s)här för att ange text", "ſe bilaga 3", "\u{212A}licka här för att ange text",
            ]
        }
        // ICU gets the text from a few scalars before the window: never from inside combining marks,
        // soft hyphens or joiners that `\\b` looks back over, and supplementary scalars shift UTF-16.
        let pad = String(repeating: "ord ", count: 10)
        texts += [
            pad + "abc" + String(repeating: "\u{301}", count: 12) + "se bilaga 3", pad + "abc\u{AD}\u{AD}\u{AD}se bilaga 3",
            String(repeating: "x", count: 30) + "\u{200D}se bilaga 4", String(repeating: "😀", count: 12) + " och se bilaga 5",
            String(repeating: "é", count: 20) + " se\u{A0}bilaga 6", pad + "x\u{301} se bilaga 7 och i bilaga 8",
            pad + "\u{301}\u{301}\u{301}\u{301}\u{301}\u{301}\u{301}\u{301}\u{301}\u{301} i bilaga 2", pad + "xbilaga 3 ybilaga",
        ]
        for pattern in patterns {
            let regex = try #require(CompiledRegex(pattern))
            let reference = try NSRegularExpression(pattern: pattern, options: [.caseInsensitive])
            for text in texts {
                let blockText = ScalarTestText.block(text)
                let map = ScalarTestText.scalarIndexByUTF16Offset(text)
                let expected = reference.matches(in: text, range: NSRange(location: 0, length: (text as NSString).length)).map {
                    map[$0.range.location]..<map[$0.range.location + $0.range.length]
                }
                #expect(regex.matches(in: blockText) == expected, "\(pattern) on \(text.debugDescription)")
            }
        }
    }

    /// ICU may get a text cut before the window only when the expression looks back one scalar.
    @Test func looksBackOneScalarIsConservative() {
        for (pattern, expected) in [
            (FastPathEquivalenceTests.prefilterPatterns[10], true), ("\\bse\\s+bilaga", true), ("(?:a|b)(?=c)(?!d)(?>e)", true),
            ("(?<=x)bilaga", false), ("(?<!x)bilaga", false), ("\\Gbilaga", false), ("(?m)^bilaga", false), ("(?w)\\bbilaga", false),
            ("a(?i:b)", false), ("(?", false), ("\\", false),
        ] {
            #expect(CompiledRegex.looksBackOneScalar(pattern) == expected, "\(pattern)")
        }
    }

    /// `PatternSet.candidates` (its gate, with the first-byte test) keeps every pattern that matches,
    /// on JAM003's patterns and adversarial Swedish text (NFD, capitals, dotted I, ß, long sentences).
    @Test func patternSetGateKeepsEveryMatch() throws {
        let sources = [
            "ärendet|beslutet|förslaget|åtgärden|taxan|planen … inte|ej … konsekvens*|påverka*|påverkan|effekt*|inverkan|betydelse … jämställd*|kön|kvinnor|flickor",
            "inga|några|ingen … konsekvens*|påverkan|effekt* … för|på|ur … jämställd*|kvinnor|kön",
            "könsneutral|könsneutralt|könsneutrala", "berör|berörs|påverkar|påverkas|gäller|drabbar … alla|samtliga … lika|likvärdigt|samma",
            "påverkar|påverkas|berör|berörs … kvinnor|flickor … och|respektive … män|pojkar … lika|likvärdigt|samma",
            "a … ö", "é|e … x",
        ]
        let set = PatternSet(try sources.map { try TokenPattern($0) })
        let texts = [
            "Ärendet bedöms inte få några konsekvenser för jämställdheten.", "FÖRSLAGET ÄR KÖNSNEUTRALT.",
            "Förslaget är ko\u{308}nsneutralt och berör alla lika.", "Inga effekter på KVINNOR eller kön.",
            "Beslutet påverkar kvinnor och män lika.", "İnga konsekvenser för jämställdheten.", "Straße gäller alla på samma sätt.",
            "a, b, c ö", "E\u{301} x", String(repeating: "ord ", count: 200) + "taxan påverkar inte jämställdheten.", "",
        ]
        #expect(ScalarTestText.expectCandidatesKeepEveryMatch(set, sources: sources, texts: texts) >= 6)
    }
}
