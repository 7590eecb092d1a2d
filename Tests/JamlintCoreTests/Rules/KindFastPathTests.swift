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
