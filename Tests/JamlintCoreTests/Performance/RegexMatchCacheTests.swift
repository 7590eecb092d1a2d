import Foundation
import Testing
@testable import JamlintCore

/// The thread's cache of regular-expression answers (`RegexMatchCache`) gives what ICU gives for
/// the text: for recurring texts, for texts equal by content but not storage, for texts that
/// share a hash slot, per expression and per group name, and for texts too long to be kept.
@Suite struct RegexMatchCacheTests {
    static let patterns = [
        "\\b(?:se|enligt|i|av|framgår av)\\s+(?:bifogad[e]?\\s+)?bilaga(?:n)?\\s+(?:nr\\.?\\s*)?(?<key>\\d+|[A-Z])\\b",
        "\\b(?:se|enligt|i)\\s+(?:bifogad[e]?\\s+)(?<key>checklista[n]?(?:\\s+för\\s+jämställda\\s+beslut)?)",
        "\\b(?:dnr|diarienummer|diarienr|ärendenummer)\\b[\\s:.]*[A-ZÅÄÖ0-9]",
        "(?-i)\\b[A-ZÅÄÖ]{2,6}[ -]?\\d{4}[-/]\\d{2,5}\\b",
        "«[^»\\n]{1,40}»",
    ]

    static let pieces = [
        "se", " se", " bilaga", " Bilaga", " bilagan", " 3", " 12", " A", " nr", " nr.", " enligt", " i", " av",
        " framgår av", " bifogad", " bifogade", " checklista", " checklistan", " för jämställda beslut", ".", ",",
        " Dnr", " dnr:", " KS 2024/0117", " KS-2024-12", " «Diarienr»", " «", "»", " 𝟘", " e\u{301}", " ß", "\n",
    ]

    /// ICU's matches of `pattern` (case-insensitive) as scalar ranges, with group `key` if named.
    static func icu(_ pattern: String, _ text: String, group: String?) throws -> [(whole: Range<Int>, group: Range<Int>?)] {
        let regex = try NSRegularExpression(pattern: pattern, options: [.caseInsensitive])
        let map = ScalarTestText.scalarIndexByUTF16Offset(text)
        func convert(_ r: NSRange) -> Range<Int>? {
            r.location == NSNotFound ? nil : map[r.location]..<map[r.location + r.length]
        }
        let ns = text as NSString
        return regex.matches(in: text, range: NSRange(location: 0, length: ns.length)).compactMap { m in
            guard let whole = convert(m.range) else { return nil }
            return (whole, group.flatMap { convert(m.range(withName: $0)) })
        }
    }

    static func same(_ a: [(whole: Range<Int>, group: Range<Int>?)], _ b: [(whole: Range<Int>, group: Range<Int>?)]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0.whole == $1.whole && $0.group == $1.group }
    }

    /// Recurring texts (fresh storage each time, so the full comparison decides) get ICU's answers,
    /// from every expression, with and without the group.
    @Test func recurringTextsGetICUsAnswers() throws {
        let compiled = try Self.patterns.map { try #require(CompiledRegex($0)) }
        var rng = SeededGenerator(seed: 0xCAC4_E017)
        // Few distinct texts, each met many times.
        let texts = (0..<60).map { _ in rng.text(from: Self.pieces, maxPieces: 12) }
        var matched = 0
        for round in 0..<6 {
            for text in texts {
                for (k, pattern) in Self.patterns.enumerated() {
                    let block = ScalarTestText.block(text)
                    let group: String? = k < 2 && round % 2 == 0 ? "key" : nil
                    let expected = try Self.icu(pattern, text, group: group)
                    let got = compiled[k].matches(in: block, group: group)
                    #expect(Self.same(got, expected), "\(pattern) on \(text.debugDescription), group \(group ?? "-")")
                    #expect(compiled[k].uncachedMatches(in: block, group: group).count == expected.count)
                    if !expected.isEmpty { matched += 1 }
                    // firstMatch through an analysed block, cached apart from the matches.
                    let analysed = ScalarTestText.analysed(text)
                    #expect(compiled[k].firstMatch(in: analysed) == !expected.isEmpty, "\(pattern) on \(text.debugDescription)")
                }
            }
        }
        #expect(matched > 100)
    }

    /// Two expressions with the same pattern are kept apart, and a copy shares its original's answers.
    @Test func expressionsAndCopies() throws {
        let a = try #require(CompiledRegex("bilaga (?<key>\\d+)"))
        let b = try #require(CompiledRegex("bilaga (?<key>\\d+)", caseInsensitive: false))
        let text = ScalarTestText.block("Se Bilaga 3 och bilaga 4.")
        #expect(a.matches(in: text, group: "key").map(\.whole) == [3..<11, 16..<24])
        #expect(b.matches(in: text, group: "key").map(\.whole) == [16..<24])
        #expect(a.matches(in: text, group: "key").map(\.whole) == [3..<11, 16..<24])
        let copy = a
        #expect(copy.cacheID == a.cacheID)
        #expect(copy.matches(in: text, group: "key").map(\.group) == [10..<11, 23..<24])
        // The group's name is part of the key.
        #expect(a.matches(in: text, group: nil).map(\.group) == [nil, nil])
        #expect(a.matches(in: text, group: "nosuch").map(\.group) == [nil, nil])
    }

    /// Texts that fill every slot many times over (collisions and evictions) still get ICU's answers.
    @Test func evictedAndCollidingTexts() throws {
        let regex = try #require(CompiledRegex("bilaga (?<key>\\d+)"))
        var texts: [String] = []
        for n in 0..<(RegexMatchCache.slotCount * 3) { texts.append("se bilaga \(n % 997) nu \(n)") }
        for text in texts + texts.reversed() {
            let got = regex.matches(in: ScalarTestText.block(text), group: "key")
            #expect(Self.same(got, try Self.icu("bilaga (?<key>\\d+)", text, group: "key")), "\(text)")
        }
    }

    /// A text longer than `maxScalars` is not kept, and its answer is ICU's.
    @Test func longTextsBypassTheCache() throws {
        let regex = try #require(CompiledRegex("bilaga (?<key>\\d+)"))
        let long = String(repeating: "ord ", count: RegexMatchCache.maxScalars / 4 + 10) + "se bilaga 7."
        #expect(long.unicodeScalars.count > RegexMatchCache.maxScalars)
        for _ in 0..<2 {
            let got = regex.matches(in: ScalarTestText.block(long), group: "key")
            #expect(Self.same(got, try Self.icu("bilaga (?<key>\\d+)", long, group: "key")))
            #expect(got.count == 1)
        }
    }

    /// Equal texts hash alike; texts differing in any scalar (or only in length) are told apart by
    /// the comparison whatever their hashes.
    @Test func hashAndComparison() throws {
        func hash(_ s: String) -> UInt64 { Array(s.unicodeScalars).withUnsafeBufferPointer { RegexMatchCache.hash($0) } }
        #expect(hash("se bilaga 3") == hash(String("xse bilaga 3".dropFirst())))
        #expect(hash("se bilaga 3") != hash("se bilaga 4"))
        #expect(hash("") != hash("a"))
        let regex = try #require(CompiledRegex("a"))
        // Prefixes of one another: the length is part of the comparison.
        for n in [7, 8, 9, 16, 17] {
            let text = String(repeating: "b", count: n) + "a"
            #expect(regex.matches(in: ScalarTestText.block(text)) == [n..<(n + 1)])
            #expect(regex.matches(in: ScalarTestText.block(String(text.dropLast()))) == [])
        }
    }
}
