import Foundation
import Testing
@testable import JamlintCore

/// The shortcuts taken for speed must give the same answers as the general code.
@Suite struct FastPathTests {
    static let samples = [
        "3.2 Jämställdhet:", "  KONSEKVENSER FÖR  Barn\u{A0}och unga.. ", "A. Bakgrund", "1) Förslag till beslut",
        "Ärendet", "ÅÄÖ åäö ÉÈ ØÆ Þ ß ÿ µ ×", "½ Beslut", "²", "12", "1.2.3", "Beslutsunderlag :",
        "So\u{AD}ciala kon\u{AD}sekvenser", "\t\nHej\n\ndå\t", "", " ", ":", "3. ", "3.a Rubrik", "Jäm\u{301}ställdhet",
        "Straße", "İstanbul", "line\r\nbreak", "Ökad Ǆ", "Kön – flickor och pojkar",
    ]

    @Test func latin1HeadingNormaliseMatchesTheGeneralPath() {
        for text in Self.samples {
            if let fast = StructureLexicon.normaliseLatin1(text) {
                #expect(fast == StructureLexicon.normaliseGeneral(text), "\(text.debugDescription)")
            }
        }
        // Random mixes of ASCII (every byte), Latin-1 letters, spaces, numbering and marks.
        let pieces = ["3.2", "12.", "1)", "A.", "½", "²", " ", "  ", "\t", "\n", "\r", "\u{A0}", "\u{AD}", ":", ".",
                      "Ä", "å", "É", "Þ", "ß", "ÿ", "×", "÷", "µ", "ı", "e\u{301}", "Bakgrund", "KONSEKVENSER", "För",
                      "–", "—", "‘", "’", "“", "”", "‒", "…", "€", "\u{2013}\u{301}", "\u{200D}"]
        let ascii = (0..<128).map { String(UnicodeScalar(UInt8($0))) }
        var rng = SeededGenerator(seed: 0x1A71_1E55)
        var compared = 0
        for _ in 0..<3000 {
            var text = ""
            for _ in 0..<Int.random(in: 0...8, using: &rng) {
                text += Bool.random(using: &rng) ? (ascii.randomElement(using: &rng) ?? "") : (pieces.randomElement(using: &rng) ?? "")
            }
            if let fast = StructureLexicon.normaliseLatin1(text) {
                #expect(fast == StructureLexicon.normaliseGeneral(text), "\(text.debugDescription)")
                compared += 1
            }
        }
        #expect(compared > 1000)
        #expect(StructureLexicon.normaliseLatin1("3.2 Jämställdhet:") == "jämställdhet")
        #expect(StructureLexicon.normaliseLatin1("İstanbul") == nil)
    }

    /// The dashes and quotes the Latin-1 key path passes are inert: one Character each, no case
    /// mapping, NFC-stable next to any Latin-1 letter, not numbers.
    @Test func keyPunctuationIsInert() {
        for third in StructureLexicon.keyPunctuation {
            guard let scalar = Unicode.Scalar(0x2000 | UInt32(third & 0x3F)) else { continue }
            let s = String(scalar)
            #expect(Array(s.utf8) == [0xE2, 0x80, third])
            #expect(s.lowercased() == s && s.uppercased() == s)
            #expect(scalar.properties.canonicalCombiningClass == .notReordered)
            #expect(scalar.properties.numericType == nil)
            for v in 0x20..<0x100 {
                guard let c = Unicode.Scalar(v) else { continue }
                for pair in [String(c) + s, s + String(c)] {
                    #expect(pair.count == 2, "\(pair.debugDescription)")
                    #expect(pair.precomposedStringWithCanonicalMapping.unicodeScalars.elementsEqual(pair.unicodeScalars))
                }
            }
            #expect(s.first.map { !$0.isNumber && !$0.isWhitespace } == true)
        }
    }

    /// `categories(ofHeading:)` through the byte index agrees with matching every name against the
    /// general key, names and headings with dashes and quotes included.
    @Test func headingCategoriesMatchTheNames() {
        let lexicon = StructureLexicon(sections: [
            "impact": ["Konsekvenser*", "Konsekvenser – barn", "Ärendet"],
            "gender": ["Jämställdhet*", "Konsekvenser – jämställdhet*", "“Kön”"],
            "other": ["Bakgrund", "Kon*"],
        ])
        let pieces = ["Konsekvenser", "konsekvenser", " – ", "–", " ", "Jämställdhet", "barn", "Barn", "“", "”", "Kön",
                      "3.2 ", ":", "Ärendet", "Bakgrund", "—", "’", "…", "e\u{301}", "Kon", "\u{A0}"]
        var rng = SeededGenerator(seed: 0xCA7E_6041)
        var found = 0
        for _ in 0..<3000 {
            let text = rng.text(from: pieces, maxPieces: 5)
            let key = StructureLexicon.normaliseGeneral(text)
            var expected: Set<String> = []
            if !key.isEmpty {
                for (category, names) in lexicon.sections
                where names.contains(where: { StructureLexicon.matches(name: $0, key: key) }) {
                    expected.insert(category)
                }
            }
            let got = lexicon.categories(ofHeading: text)
            #expect(got == expected.sorted(), "\(text.debugDescription)")
            if !got.isEmpty { found += 1 }
        }
        #expect(found > 500)
    }

    /// Whenever the expression matches, the prefilter must let the text through.
    @Test func regexPrefilterNeverHidesAMatch() throws {
        let patterns = [
            "«[^»\\n]{1,40}»", "klicka (?:eller tryck )?här för att (?:ange|skriva|lägga till) (?:text|ett datum|datum)",
            "\\[\\s*(?:ange|skriv|fyll i|infoga)[^\\]\\n]{0,60}\\]", "\\bÅÅÅÅ-MM-DD\\b", "\\bXX+(?:[-/ ]XX+)*\\b",
            "\\b(?:TODO|FIXME)\\b",
            "\\b(?:se|enligt|i|av|framgår av)\\s+(?:bifogad[e]?\\s+)?bilaga(?:n)?\\s+(?:nr\\.?\\s*)?(?<key>\\d+|[A-Z])\\b",
            "\\b(?:se|enligt|i)\\s+(?:bifogad[e]?\\s+)(?<key>checklista[n]?(?:\\s+för\\s+jämställda\\s+beslut)?)",
            "ab?c", "a{0,2}bc", "x+y", "(?:foo)?bar", "k", "ss", "(?i)abc", "a|b", "strasse", "ﬁ",
            // MEMO001's `value_pattern` and `field_value_pattern`.
            "\\b(?:dnr|diarienummer|diarienr|ärendenummer)\\b[\\s:.]*[A-ZÅÄÖ0-9]",
            "\\b[A-ZÅÄÖ]{2,6}[ -]?\\d{4}[-/]\\d{2,5}\\b", "(?-i)\\b[A-ZÅÄÖ]{2,6}[ -]?\\d{4}[-/]\\d{2,5}\\b", "\\d",
        ]
        let texts = [
            "Diarienummer: «Diarienr»", "KLICKA HÄR FÖR ATT ANGE TEXT", "[ Ange datum ]", "åååå-mm-dd", "XX-XX",
            "todo: fixa", "Se bilaga 3.", "enligt bifogad checklista för jämställda beslut", "ac", "bc", "xy",
            "bar", "\u{212A}", "Straße", "STRASSE", "ﬁ", "fi", "ABC", "ingenting här", "B", "SE BILAGAN NR. 4",
            "Dnr: KS 2024/0117", "ÄRENDENUMMER 12", "Diarienr.:ks-2025-041", "SBN 2025-00738", "dnr saknas",
            "Vår beteckning: VON 2023/0518", "från och med 2024-01-01",
        ]
        var prefiltered = 0
        for pattern in patterns {
            let regex = try #require(CompiledRegex(pattern))
            if regex.prefilter != nil { prefiltered += 1 }
            for text in texts {
                let block = ScalarTestText.block(text)
                let matches = !regex.matches(in: block).isEmpty
                let allowed = regex.prefilter?.mayMatch(FoldedText(block.scalars)) ?? true
                #expect(!matches || allowed, "\(pattern) on \(text)")
                // The path the rules take: the set's mask on the block's folded text.
                let masked = regex.prefilter == nil || regex.prefilterSet.mask(FoldedText(block.scalars)) != 0
                #expect(!matches || masked, "mask: \(pattern) on \(text)")
            }
        }
        #expect(prefiltered >= 10)
        #expect(RegexPrefilter(pattern: "(?i)abc") == nil)
        #expect(RegexPrefilter(pattern: "a|b")?.alternatives == [[0x61], [0x62]])
        #expect(RegexPrefilter(pattern: "\\b(?:TODO|FIXME)\\b")?.alternatives.count == 2)
        #expect(RegexPrefilter(pattern: "ab?c")?.alternatives == [[0x61]])
    }
}
