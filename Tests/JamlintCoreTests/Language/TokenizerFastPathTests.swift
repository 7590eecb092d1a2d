import Foundation
import Testing
@testable import JamlintCore

/// The tokenizer's fast paths checked against the general code they stand in for.
@Suite struct TokenizerFastPathTests {
    /// What `appendLower` gives a scalar, as a String.
    private func lowerForm(_ c: Unicode.Scalar) -> String {
        var bytes: [UInt8] = []
        ScalarClass.appendLower(c, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    private func allScalars() -> [Unicode.Scalar] {
        (0...0x10FFFF).compactMap { Unicode.Scalar(UInt32($0)) }
    }

    @Test func latin1RunsLowerAsAppendLowerDoes() {
        for v in 0..<0x100 {
            let c = Unicode.Scalar(UInt8(v))
            guard ScalarClass.isLetter(c) || ScalarClass.isDigit(c) else { continue }
            let t = Tokenizer.tokenize("x" + String(c) + "y")
            #expect(t.tokens.map(\.lower) == ["x" + lowerForm(c) + "y"], "U+\(String(v, radix: 16))")
        }
        // Longer than the scratch buffer's first capacity, with letters beyond Latin-1 between runs.
        let long = String(repeating: "ÅÄÖabcZ", count: 40) + "ĀŁ" + String(repeating: "É9", count: 50)
        let expected = String(repeating: "åäöabcz", count: 40) + "āł" + String(repeating: "é9", count: 50)
        #expect(Tokenizer.tokenize(long).tokens.map(\.lower) == [expected])
    }

    @Test func symbolTableMatchesTheGeneralCategory() {
        for v in 0..<0x100 {
            let c = Unicode.Scalar(UInt8(v))
            #expect(ScalarClass.isSymbol(c) == ScalarClass.isSymbolSlow(c), "U+\(String(v, radix: 16))")
        }
        let computed = Latin1Bits((0..<0x100).filter { ScalarClass.isSymbolSlow(Unicode.Scalar(UInt8($0))) })
        #expect((0..<0x100).allSatisfy { computed.contains($0) == ScalarClass.latin1Symbols.contains($0) })
    }

    /// The sentence splitter compares a punctuation token's scalar, not its form: the same answer
    /// for every scalar, with the form made as the tokenizer makes it and compared as a String
    /// (canonical equivalence).
    @Test func sentenceScalarTestsMatchTheFormTests() {
        var differing: [String] = []
        for c in allScalars() {
            let form = ScalarClass.isHyphen(c) ? "-" : lowerForm(c)
            if SentenceSplitter.isTerminal(form) != SentenceSplitter.isTerminalScalar(c)
                || SentenceSplitter.isClosing(form) != SentenceSplitter.isClosingScalar(c)
                || SentenceSplitter.isOpening(form) != SentenceSplitter.isOpeningScalar(c)
                || (form == ".") != (c == ".") {
                differing.append("U+" + String(c.value, radix: 16))
            }
        }
        #expect(differing.isEmpty)
    }

    /// The byte-level period abbreviation check against the Set of Strings it replaced, for the
    /// abbreviations, their neighbours, and every letter that is canonically or case-wise close to
    /// one of theirs (composed, decomposed, upper case, compatibility forms).
    @Test func periodAbbreviationsMatchTheStringSet() {
        let abbreviations = Tokenizer.periodAbbreviations
        var related: Set<Unicode.Scalar> = []
        let letters = Set(abbreviations.flatMap { $0.unicodeScalars })
        for c in allScalars() where ScalarClass.isLetter(c) {
            let lower = lowerForm(c)
            let nfd = String(c).decomposedStringWithCanonicalMapping.unicodeScalars
            let nfkd = String(c).decomposedStringWithCompatibilityMapping.unicodeScalars
            if lower.unicodeScalars.contains(where: letters.contains) || nfd.contains(where: letters.contains)
                || nfkd.contains(where: letters.contains) || String(c) == "ö" {
                related.insert(c)
            }
        }
        var words: Set<String> = []
        for a in abbreviations {
            words.insert(a)
            words.insert(a.uppercased())
            words.insert(a.decomposedStringWithCanonicalMapping)
            words.insert(a + "a")
            words.insert(String(a.dropLast()))
            let scalars = Array(a.unicodeScalars)
            for p in scalars.indices {
                for c in related {
                    var w = String.UnicodeScalarView()
                    w.append(contentsOf: scalars[..<p])
                    w.append(c)
                    w.append(contentsOf: scalars[(p + 1)...])
                    words.insert(String(w))
                }
            }
        }
        words.insert("fo\u{308}rv")
        words.insert("FO\u{308}RV")
        words.insert("jfrx")
        var differing: [String] = []
        for w in words {
            let t = Tokenizer.tokenize(w + ". x")
            guard let first = t.tokens.first, first.kind == .word,
                  first.range.upperBound >= w.unicodeScalars.count else { continue }
            let swallowed = first.range.upperBound == w.unicodeScalars.count + 1
            // The old test: the word's form (before NFC) in the Set; String equality is canonical.
            var stem = first.lower
            if swallowed { stem.removeLast() }
            if swallowed != abbreviations.contains(stem) {
                differing.append(w.unicodeScalars.map { String($0.value, radix: 16) }.joined(separator: " "))
            }
        }
        #expect(differing.isEmpty)
        #expect(words.count > 1000)
    }

    @Test func decimalValueMatchesDoubleParsing() {
        var samples = ["0", "7", "007", "12.5", "0.05", "3.14159", "123456789012345", "1234567890123456",
                       "99999999999999999999", "0.0000000000000000000001", "1.00000000000000000000001",
                       "123456789.123456", "12345678901234.5", "1.5", "100", "2.675", "0.1", "0.3"]
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<3000 {
            let intDigits = Int.random(in: 1...12, using: &rng)
            let fracDigits = Int.random(in: 0...10, using: &rng)
            var s = (0..<intDigits).map { _ in String(Int.random(in: 0...9, using: &rng)) }.joined()
            if fracDigits > 0 { s += "." + (0..<fracDigits).map { _ in String(Int.random(in: 0...9, using: &rng)) }.joined() }
            samples.append(s)
        }
        for s in samples {
            var buffer = ScratchBytes()
            defer { buffer.deallocate() }
            for b in s.utf8 { buffer.append(b) }
            #expect(buffer.decimalValue == Double(s), "\(s)")
        }
        // Through the tokenizer: "12,5" becomes "12.5", thousands groups are joined.
        let numbers = Tokenizer.tokenize("12,5 och 1 204 000 samt 0,05 och 3.2.1").tokens.map(\.number)
        #expect(numbers == [12.5, nil, 1_204_000, nil, 0.05, nil, nil])
    }

    @Test func scratchHeadAndFormTableFindEveryLength() {
        let table = ByteTable<String>()
        var buffer = ScratchBytes(capacity: 16)
        defer { buffer.deallocate() }
        var forms: [String] = []
        for length in 0...40 {
            forms.append(String((0..<length).map { Character(Unicode.Scalar(UInt8(0x61 + ($0 * 7 + length) % 26))) }))
            forms.append(String(repeating: "ä", count: length))
        }
        for form in forms {
            buffer.count = 0
            for b in form.utf8 { buffer.append(b) }
            let head = buffer.head
            #expect(head == ByteTable<String>.head(buffer.bytes))
            let h = buffer.hash(head: head)
            if table.find(buffer.bytes, head: head, hash: h) == nil { table.insert(buffer.bytes, hash: h, form) }
        }
        for form in forms {
            buffer.count = 0
            for b in form.utf8 { buffer.append(b) }
            let e = table.find(buffer.bytes, head: buffer.head, hash: buffer.hash(head: buffer.head))
            #expect(e.map { table.entries[$0] } == form)
        }
        // A form differing only after the eighth byte is not found.
        buffer.count = 0
        for b in "abcdefghijx".utf8 { buffer.append(b) }
        table.insert(buffer.bytes, hash: buffer.hash(head: buffer.head), "abcdefghijx")
        buffer.count = 0
        for b in "abcdefghijy".utf8 { buffer.append(b) }
        #expect(table.find(buffer.bytes, head: buffer.head, hash: buffer.hash(head: buffer.head)) == nil)
    }
}
