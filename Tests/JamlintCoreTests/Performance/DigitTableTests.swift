import Foundation
import Testing
@testable import JamlintCore

/// `CompiledRegex.mayHaveDigit` (the digit test that lets a `\d` expression skip ICU) against the
/// general path over every scalar: the standard library's General Category Nd and ICU's `\d` itself.
@Suite struct DigitTableTests {
    /// Every scalar, surrogates aside, as one string.
    static let allScalars: [Unicode.Scalar] = (UInt32(0)...0x10FFFF).compactMap(Unicode.Scalar.init)

    /// The scalars ICU's `\d` matches, case-insensitive as the rules compile it, in one search over
    /// a text of every scalar.
    static func icuDigits() throws -> Set<UInt32> {
        var text = ""
        text.unicodeScalars.append(contentsOf: allScalars)
        let regex = try NSRegularExpression(pattern: "\\d", options: [.caseInsensitive])
        let ns = text as NSString
        var out: Set<UInt32> = []
        regex.enumerateMatches(in: text, range: NSRange(location: 0, length: ns.length)) { m, _, _ in
            guard let m else { return }
            for s in ns.substring(with: m.range).unicodeScalars { out.insert(s.value) }
        }
        return out
    }

    /// The table holds exactly the union of the standard library's Nd scalars and ICU's `\d` scalars:
    /// none that `\d` can match is missing, so no text the expression could match skips it.
    @Test func digitTestIsExactlyNdAndICUDigits() throws {
        let icu = try Self.icuDigits()
        #expect(icu.count >= 700)
        var mismatches: [String] = []
        for s in Self.allScalars {
            let nd = s.properties.generalCategory == .decimalNumber
            let expected = nd || icu.contains(s.value)
            if CompiledRegex.mayHaveDigit([s]) != expected { mismatches.append(String(s.value, radix: 16)) }
            // Below U+0660 only ASCII 0–9 are digits, which the test's first step relies on.
            if s.value < 0x660 && expected { #expect(s.value >= 0x30 && s.value <= 0x39) }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(20))")
        // The table is sorted, its pairs well formed, so the binary search is sound.
        let r = CompiledRegex.decimalDigitRanges
        #expect(r.count % 2 == 0)
        for k in stride(from: 0, to: r.count, by: 2) {
            #expect(r[k] <= r[k + 1])
            if k + 2 < r.count { #expect(r[k + 1] + 1 < r[k + 2]) }
        }
    }

    /// A text's digit test is the any-scalar test, wherever the digit stands among non-digits beyond
    /// U+0660 (dashes, quotes, letters of other scripts), and the registration-number expression then
    /// finds through the block what ICU finds in the whole text.
    @Test func registrationNumberWithDigitsOfEveryScript() throws {
        let icu = try Self.icuDigits()
        let pattern = "(?-i)\\b[A-ZÅÄÖ]{2,6}[ -]?\\d{4}[-/]\\d{2,5}\\b"
        let regex = try #require(CompiledRegex(pattern))
        let reference = try NSRegularExpression(pattern: pattern, options: [.caseInsensitive])
        var firsts: [UInt32] = []
        for k in stride(from: 0, to: CompiledRegex.decimalDigitRanges.count, by: 2) {
            firsts.append(CompiledRegex.decimalDigitRanges[k])
        }
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        func next() -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(truncatingIfNeeded: state >> 33)
        }
        let fillers = ["–", "”", "’", "\u{A0}", "…", "Ж", "中", "😀", "KS ", "/", "-", "\u{661}", "x"]
        var matched = 0
        for first in firsts {
            let d = (0..<10).map { Unicode.Scalar(first + UInt32($0)).map(String.init) ?? "?" }
            for _ in 0..<12 {
                var text = ""
                for _ in 0..<(next() % 6) { text += fillers[next() % fillers.count] }
                text += "KS " + (0..<4).map { _ in d[next() % 10] }.joined() + (next() % 2 == 0 ? "/" : "-")
                    + (0..<(2 + next() % 4)).map { _ in d[next() % 10] }.joined()
                for _ in 0..<(next() % 6) { text += fillers[next() % fillers.count] }
                let hasDigit = text.unicodeScalars.contains {
                    $0.properties.generalCategory == .decimalNumber || icu.contains($0.value)
                }
                #expect(CompiledRegex.mayHaveDigit(text.unicodeScalars) == hasDigit, "\(text.debugDescription)")
                let expected = reference.firstMatch(in: text, range: NSRange(location: 0, length: (text as NSString).length)) != nil
                if expected { matched += 1 }
                #expect(regex.firstMatch(in: ScalarTestText.analysed(text)) == expected, "\(text.debugDescription)")
            }
            // No digit at all: the test says so and ICU agrees.
            let none = "KS " + fillers.filter { $0 != "\u{661}" }.joined()
            #expect(!CompiledRegex.mayHaveDigit(none.unicodeScalars))
            #expect(reference.firstMatch(in: none, range: NSRange(location: 0, length: (none as NSString).length)) == nil)
        }
        #expect(matched > 100)
    }
}
