import Foundation
import Testing
@testable import JamlintCore

/// The byte and Latin-1 shortcuts of the rule kinds give what the general code gives.
@Suite struct KindFastPathTests {
    @Test func latin1LettersAreTheLetterCategories() {
        for v in UInt32(0)..<0x100 {
            let s = Unicode.Scalar(v)!
            let letter: Bool
            switch s.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: letter = true
            default: letter = false
            }
            #expect(SectionContentKind.isLatin1Letter(v) == letter, "U+\(String(v, radix: 16))")
        }
    }

    @Test func trimmingShortcutsMatchFoundation() {
        var random = SeededGenerator(seed: 61)
        let pieces = ["a", "Z", "9", " ", "\t", "\n", "\u{A0}", "\u{2003}", "\u{85}", ".", "–", "«", "»", "å", "É", "(", ")",
                      "se ovan", "Ej aktuellt"]
        for _ in 0..<2000 {
            let text = random.text(from: pieces, maxPieces: 8)
            #expect(SectionContentKind.trimmedOfWhitespace(text) == text.trimmingCharacters(in: .whitespacesAndNewlines))
            #expect(SectionContentKind.normalise(text)
                == StructureLexicon.normalise(text).trimmingCharacters(in: .punctuationCharacters.union(.whitespaces)))
        }
    }
}

extension KindFastPathTests {
    @Test func tableLabelsMatchTheCharacterSplit() {
        var random = SeededGenerator(seed: 62)
        let pieces = [":", "::", " ", "Handläggare", "Sara Holm", "Antal", "a\u{301}", ":\u{301}", "\u{600}", "日", "x"]
        for _ in 0..<3000 {
            let text = random.text(from: pieces, maxPieces: 6)
            #expect(TableHeaderKind.label(text) == (text.split(separator: ":", maxSplits: 1).first.map(String.init) ?? text),
                    "\(text)")
        }
    }
}

extension KindFastPathTests {
    /// `TermGroup.occurs` (category terms tested before cue lists) answers as matching the terms
    /// in their written order does: some term has a match in the block, or in the token range.
    @Test func termOccurrenceIsOrderFree() throws {
        let rules = try RuleExamplesTests.loaded.get()
        let lexicon = rules.lexicon
        let groups = [
            ["cue:target-group", "people", "children", "women", "men", "girls", "boys"], ["cue:measures"],
            ["women", "girls"], ["cue:difference", "men"], ["cue:nosuch-list-is-skipped", "boys"],
        ].map { names in
            TermGroup(terms: names.compactMap { name -> Term? in
                if name.hasPrefix("cue:") { return lexicon.cueList(String(name.dropFirst(4))) == nil ? nil : .cue(String(name.dropFirst(4))) }
                return .category(name)
            }, lexicon: lexicon)
        }
        let pieces = [" kvinnor", " män", " flickor", " pojkar", " barn", " invånare", " målgruppen", " berörs",
                      " åtgärder", " insatser", " skillnader", " och", " för", " som", ".", " Kvinnorna", " eleverna"]
        var random = SeededGenerator(seed: 0x0CC0_0017)
        var yes = 0, no = 0
        for _ in 0..<600 {
            let text = ScalarTestText.block(random.text(from: pieces, maxPieces: 10))
            let tokens = Tokenizer.tokenize(text)
            let block = AnalyzedBlock(index: 0, block: Block(kind: .paragraph, text: text, sourceRange: 0..<text.count),
                                      tokens: tokens, mentions: lexicon.mentions(in: tokens), folded: FoldedText(text.scalars),
                                      cueListCount: lexicon.compiled.cueListCount)
            let ranges: [Range<Int>?] = [nil, 0..<min(3, tokens.tokens.count), min(2, tokens.tokens.count)..<tokens.tokens.count]
            for group in groups {
                for range in ranges {
                    // In written order, term by term.
                    let expected = group.terms.contains { term in
                        !TermGroup(terms: [term], lexicon: lexicon).matches(in: block, lexicon: lexicon, tokens: range).isEmpty
                    }
                    #expect(group.occurs(in: block, lexicon: lexicon, tokens: range) == expected,
                            "\(text.string.debugDescription) \(group.terms) \(String(describing: range))")
                    // `cooccurrence` asks `occurs` for the `when` groups whose match it does not keep.
                    #expect((group.firstMatch(in: block, lexicon: lexicon, tokens: range) != nil) == expected,
                            "first match: \(text.string.debugDescription) \(group.terms) \(String(describing: range))")
                    if expected { yes += 1 } else { no += 1 }
                }
            }
        }
        #expect(yes > 500 && no > 500, "\(yes) occur, \(no) do not")
    }
}
