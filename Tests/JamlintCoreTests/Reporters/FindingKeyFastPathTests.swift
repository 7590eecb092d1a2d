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

/// The JSON report written through a pointer equals the checked writer's bytes.
@Suite struct JSONPointerWriterTests {
    @Test func pointerWritingMatchesTheCheckedWriter() {
        var random = SeededGenerator(seed: 2028)
        let pieces = ["a", "\"", "\\", "\n", "\r", "\t", "\u{0}", "\u{1F}", "\u{7F}", "\u{2028}", "\u{2029}", "\u{2027}", "–",
                      "å", "👍", "/", "<", "ordentligt långt stycke text utan något att fly ", ""]
        let context = ReportContext(rules: [])
        for round in 0..<400 {
            let findings = (0..<Int.random(in: 0...4, using: &random)).map { k -> Finding in
                let start = SourceLocation(offset: k, line: k + 1, column: Int.random(in: 1...1_000_000, using: &random))
                return Finding(ruleID: random.text(from: ["JAM001", "x\"y"], maxPieces: 1), severity: .note,
                               path: "p.md", start: start, end: SourceLocation(offset: -1, line: Int.max, column: Int.min),
                               message: random.text(from: pieces, maxPieces: 12),
                               help: Bool.random(using: &random) ? nil : random.text(from: pieces, maxPieces: 6),
                               notes: (0..<Int.random(in: 0...2, using: &random)).map { _ in random.text(from: pieces, maxPieces: 3) },
                               matchedText: random.text(from: pieces, maxPieces: 8),
                               section: Bool.random(using: &random) ? nil : random.text(from: pieces, maxPieces: 3))
            }
            let error = round % 7 == 0 ? ParseError(path: "p.md", line: 3, column: 4, message: random.text(from: pieces, maxPieces: 5)) : nil
            let result = FileResult(path: random.text(from: pieces, maxPieces: 3), findings: findings, error: error)
            let fast = JSONReporter(context: context), checked = JSONReporter(context: context)
            var a: [UInt8] = [], b: [UInt8] = []
            for _ in 0..<2 {
                // The pointer path itself, not its fallback (the checked writer) against itself.
                #expect(fast.addThroughPointer(result, to: &a))
                checked.addChecked(result, to: &b)
            }
            #expect(a == b)
        }
    }
}
