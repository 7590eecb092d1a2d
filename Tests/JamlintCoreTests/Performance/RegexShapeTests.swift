import Foundation
import Testing
@testable import JamlintCore

/// `RegexShape` (the scalar walk that lets a plain-sequence expression skip ICU) against ICU itself:
/// it must never reject a text the expression matches.
@Suite struct RegexShapeTests {
    /// Expressions with a shape, the rules' own first (MEMO001's registration number).
    static let shaped = [
        "(?-i)\\b[A-ZÅÄÖ]{2,6}[ -]?\\d{4}[-/]\\d{2,5}\\b",
        "\\d{3}-\\d+",
        "[0-9]{2,}\\s*%",
        "\\d+[.,]\\d",
        "(?-i)[A-Z]{3}\\s?\\d{2}",
        "\\d{2}?:\\d*",
        "(?-i)X{0,2}Y+Z?",
        "^\\d+$",
        "\\d\\d\\s+\\d",
        "(?-i)[a-c]*[b-d]{2}",
        "(?-i)ÅÄ\\s*Ö",
        "(?-i)\\bKS\\s*\\d",
        "[\\s:.]+\\d\\B",
        "\\d\\.\\d{1,3}",
        "(?-i)[a-zåäö]{3,}\\d",
        "(?-i)s{2}t",
    ]

    /// Expressions the shape does not understand (or that case folding could widen).
    static let unshaped = [
        "\\bdnr\\b", "(a|b)", "[^x]\\d", "\\d++", "(?i)\\d", "a|\\d", ".\\d", "\\w\\d", "[[:L:]]",
        "[:alpha:]\\d", "\\p{L}\\d", "(?:\\d)", "\\d*", "x?", "ss", "[a-z]\\d", "Å\\d", "\\d{2}{3}",
        "[--/]\\d", "\\1\\d", "\\Q1\\E",
    ]

    static let pieces = [
        "A", "B", "K", "S", "X", "Y", "Z", "a", "b", "c", "d", "s", "t", "Å", "Ä", "Ö", "å", "ä", "0", "1", "9",
        "\u{0663}", "\u{FF12}", "-", "/", " ", "  ", "\t", "\n", "\u{00A0}", "\u{2003}", "\u{2028}", ":", "%",
        ".", ",", "KS", "Dnr ", "2024", "-12", "03", "ẞ", "ß", "\u{212A}", "ſ", "\u{0301}", "\u{00AD}", "😀", "é",
    ]

    @Test func shapesAreMadeForPlainSequencesOnly() {
        for p in Self.shaped { #expect(RegexShape(pattern: p, caseInsensitive: true) != nil, "\(p)") }
        for p in Self.unshaped { #expect(RegexShape(pattern: p, caseInsensitive: true) == nil, "\(p)") }
        // Case-sensitive expressions may have letters.
        #expect(RegexShape(pattern: "ss\\d", caseInsensitive: false) != nil)
    }

    /// Seeded random texts: whenever ICU finds a match, the shape lets the text through.
    @Test func shapeNeverRejectsAMatch() throws {
        var rng = SeededGenerator(seed: 0x5EED_0006)
        var matched = 0, rejected = 0
        for pattern in Self.shaped {
            let regex = try NSRegularExpression(pattern: pattern, options: [.caseInsensitive])
            let shape = try #require(RegexShape(pattern: pattern, caseInsensitive: true))
            for _ in 0..<1500 {
                let text = rng.text(from: Self.pieces, maxPieces: 24)
                let icu = regex.firstMatch(in: text, range: NSRange(location: 0, length: (text as NSString).length)) != nil
                let may = Array(text.unicodeScalars).withUnsafeBufferPointer { shape.mayMatch($0) }
                #expect(may || !icu, "\(pattern) on \(text.debugDescription)")
                if icu { matched += 1 }
                if !may { rejected += 1 }
            }
        }
        // The comparison saw both outcomes.
        #expect(matched > 200 && rejected > 1000, "\(matched) matched, \(rejected) rejected")
    }

    /// Through `CompiledRegex`: the matches of a shaped expression equal ICU's on the same texts.
    @Test func compiledRegexMatchesAreUnchanged() throws {
        var rng = SeededGenerator(seed: 0x5EED_0007)
        for pattern in Self.shaped {
            let compiled = try #require(CompiledRegex(pattern))
            #expect(compiled.shape != nil)
            let regex = try NSRegularExpression(pattern: pattern, options: [.caseInsensitive])
            for _ in 0..<300 {
                let text = rng.text(from: Self.pieces, maxPieces: 24)
                let ns = text as NSString
                let expected = regex.matches(in: text, range: NSRange(location: 0, length: ns.length)).count
                let n = text.unicodeScalars.count
                let block = BlockText(scalars: Array(text.unicodeScalars), starts: Array(0..<n), ends: (0..<n).map { $0 + 1 })
                #expect(compiled.matches(in: block).count == expected, "\(pattern) on \(text.debugDescription)")
            }
        }
    }

    /// Over every scalar: the sets of `\d`, `\s` and case-insensitive ASCII punctuation hold each
    /// scalar ICU matches with them (case folding reaches no other scalar).
    @Test func setsHoldEveryScalarICUMatches() throws {
        var all = ""
        all.unicodeScalars.append(contentsOf: DigitTableTests.allScalars)
        let ns = all as NSString
        for pattern in ["\\d", "\\s", "[\\s:.]", "[-/%,]", "\\."] {
            let shape = try #require(RegexShape(pattern: pattern, caseInsensitive: true))
            let regex = try NSRegularExpression(pattern: pattern, options: [.caseInsensitive])
            var missing: [UInt32] = []
            regex.enumerateMatches(in: all, range: NSRange(location: 0, length: ns.length)) { m, _, _ in
                guard let m else { return }
                for s in ns.substring(with: m.range).unicodeScalars where !shape.elements[0].set.contains(s.value) {
                    missing.append(s.value)
                }
            }
            #expect(missing.isEmpty, "\(pattern): \(missing.prefix(10).map { String($0, radix: 16) })")
        }
    }
}
