import Foundation
import Testing
@testable import JamlintCore

/// `FindingKey.keys(for:)` and `fingerprints(for:)` give what one dictionary of keys gives.
@Suite struct FindingKeyFastPathTests {
    /// The keys as first written: occurrences counted in a dictionary of keys.
    static func referenceKeys(_ findings: [Finding]) -> [FindingKey] {
        var seen: [FindingKey: Int] = [:]
        return findings.map { f in
            var key = FindingKey(path: f.path, ruleID: f.ruleID, text: f.matchedText, section: f.section ?? "", occurrence: 0)
            let n = seen[key, default: 0]
            seen[key] = n + 1
            key.occurrence = n
            return key
        }
    }

    static func findings(_ random: inout SeededGenerator, count: Int) -> [Finding] {
        let texts = ["Diarienr", "diarienr", "DIARIENR ", " diarienr", "«Diarienr»", "é", "e\u{301}", "\u{212A}", "k", "İ",
                     "i\u{307}", "ÅÄÖ", "åäö", "Se  ovan", "se ovan", "", "–", "Antal brukare"]
        let sections: [String?] = [nil, "", "Konsekvenser", "KONSEKVENSER", "Konsekvenser  för", "Ekonomi", "Café", "Cafe\u{301}"]
        let rules = ["JAM001", "JAM002", "MEMO002"]
        let paths = ["a.md", "./a.md", "b/ö.md"]
        let path = paths.randomElement(using: &random)!
        return (0..<count).map { _ in
            let start = SourceLocation(offset: 0, line: 1, column: 1)
            return Finding(ruleID: rules.randomElement(using: &random)!, severity: .warning,
                           path: Int.random(in: 0..<8, using: &random) == 0 ? paths.randomElement(using: &random)! : path,
                           start: start, end: start, message: "m",
                           matchedText: random.text(from: texts, maxPieces: 2),
                           section: sections.randomElement(using: &random)!)
        }
    }

    @Test func keysAndFingerprintsMatchTheDictionaryWay() {
        var random = SeededGenerator(seed: 14)
        for round in 0..<1500 {
            let findings = Self.findings(&random, count: round % 50 == 0 ? 40 : Int.random(in: 0...12, using: &random))
            let expected = Self.referenceKeys(findings)
            let keys = FindingKey.keys(for: findings)
            #expect(keys == expected)
            #expect(keys.map(\.fingerprint) == expected.map(\.fingerprint))
            #expect(FindingKey.fingerprints(for: findings) == expected.map(\.fingerprint))
        }
    }

    /// `fingerprints(for:)` compares normalised texts with only scalars below U+0300 by their bytes:
    /// such text is in NFC, so canonical equivalence is byte equality there.
    @Test func scalarsBelowU0300AreNormalizedAndDoNotCompose() {
        let scalars = (0..<0x300).compactMap(Unicode.Scalar.init)
        for s in scalars {
            #expect(String(s).precomposedStringWithCanonicalMapping.unicodeScalars.elementsEqual([s]), "U+\(String(s.value, radix: 16))")
        }
        var random = SeededGenerator(seed: 3)
        for _ in 0..<20000 {
            let pair = [scalars.randomElement(using: &random)!, scalars.randomElement(using: &random)!]
            var text = String.UnicodeScalarView()
            text.append(contentsOf: pair)
            #expect(String(text).precomposedStringWithCanonicalMapping.unicodeScalars.elementsEqual(pair))
        }
    }
}
