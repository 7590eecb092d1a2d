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
        var rng = SeededGenerator(seed: 20_241_201)
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

/// The tokenizer's fast paths (plain words and integers in the scan loop, the short-form slots and
/// per-scalar forms of the form table, the splitter that visits only possible sentence ends)
/// against the general paths, on generated adversarial text.
@Suite struct TokenizerFastPathEquivalenceTests {
    /// A small deterministic generator (xorshift64*), so that a failure can be reproduced.
    private struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state ^= state >> 12
            state ^= state << 25
            state ^= state >> 27
            return state &* 0x2545_F491_4F6C_DD1D
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    }

    private static let pieces: [String] = [
        "kvinnor", "Män", "FLICKOR", "pojkar", "ÅÄÖ", "åäö", "Östersund", "Malmö", "idé", "café", "Émile",
        "a\u{308}", "o\u{308}rebro", "q\u{308}", "e\u{301}", "ﬁ", "ß", "İstanbul", "Ωmega", "Жук", "ĀŁ",
        "1 200", "1 204 000", "6\u{A0}765", "12,5 %", "0,05", "3.2.1", "2024-01-23", "10:30", "0263/19",
        "2023-00738", "10-15", "007", "1234567890123456789", "3R", "10st", "40-årsåldern", "1.", "2)",
        "-", "‐", "‑", "–", "—", "-män", "kvinno-", "kvinno-\njour", "kvinno-\noch", "x-y", "\u{AD}",
        "hem\u{AD}tjänst", "o'hara", "o’hara", "'", "’", "t.ex.", "t.ex", "bl.a.", "m.m.", "m.fl.", "d.v.s.",
        "dvs.", "kr.", "Kr.", "st.", "etc.", "s.k.", "förv.", "fo\u{308}rv.", "nr.", "ca.", "jfr", "Anna B. Svensson",
        ".", "!", "?", "…", ")", "]", "\"", "»", "”", "(", "«", "§", "%", "&", "+", "×", "÷", "°", "©",
        "😀", "👩‍👩‍👧", "\u{200B}", "\u{200D}", "\u{FEFF}", "\u{0}", "\t", "\n", "\n\n", "\r\n", "\r\n\r\n",
        "\u{2028}", "\u{A0}", "\u{2009}", "\u{202F}", "- ", "* ", "• ", "· ", "1. ", "12) ",
        "socialförvaltningen", "jämställdhetsintegrering", "barnkonsekvensanalyserna",
        "Verksamhetsområdeschefernas", "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghij", "a1b2c3", "x9",
        String(repeating: "Ä", count: 40), String(repeating: "abcdefgh", count: 30),
    ]

    /// Random text from `pieces`, mostly space-separated, sometimes glued.
    private static func text(_ g: inout Generator) -> String {
        var s = ""
        for _ in 0..<(1 + g.below(40)) {
            s += pieces[g.below(pieces.count)]
            switch g.below(10) {
            case 0...5: s += " "
            case 6: s += ". "
            case 7: s += "\n"
            default: break
            }
        }
        return s
    }

    /// The block text of `string` scalar by scalar, without composing it (so combining marks and
    /// soft hyphens reach the tokenizer).
    private static func rawBlock(_ string: String) -> BlockText { ScalarTestText.block(string) }

    private static func composedBlock(_ string: String) -> BlockText {
        var builder = TextBuilder()
        var i = 0
        for s in string.unicodeScalars {
            builder.append(s, start: i, end: i + 1)
            i += 1
        }
        return builder.build()
    }

    /// Each token's form index names its form in the current table.
    private static func formsAreValid(_ t: TokenizedText) -> Bool {
        let table = ThreadForms.table()
        guard t.formStamp == table.stamp else { return false }
        return t.tokens.allSatisfy { $0.form < 0 || table.entries[Int($0.form)] == $0.lower }
    }

    @Test func fastPathsMatchTheGeneralPaths() {
        var g = Generator(state: 0x5EED_1234_ABCD_0001)
        var differing: [String] = []
        for round in 0..<4000 {
            let s = Self.text(&g)
            for block in [Self.rawBlock(s), Self.composedBlock(s)] {
                let fast = Tokenizer.tokenize(block, fastWords: true)
                let fastValid = Self.formsAreValid(fast)
                let general = Tokenizer.tokenize(block, fastWords: false)
                let generalValid = Self.formsAreValid(general)
                if fast.tokens != general.tokens || fast.sentences != general.sentences
                    || (fast.formStamp == general.formStamp && fast.tokens.map(\.form) != general.tokens.map(\.form))
                    || !fastValid || !generalValid {
                    differing.append("round \(round): \(s.debugDescription)")
                }
            }
        }
        #expect(differing.isEmpty, "\(differing.prefix(5))")
    }

    /// The short-form slots and the per-scalar forms start over with the table: forms stay valid
    /// across generations.
    @Test func formsStayValidWhenTheTableStartsOver() {
        var g = Generator(state: 0xC0FF_EE00_0000_0042)
        let table = ThreadForms.table()
        let generationStamp = table.stamp
        var blocks = 0
        var invalid = 0
        // Each block adds about 200 new forms; the table starts over past 65,536.
        while table.stamp == generationStamp || blocks < 400 {
            var s = "Det gäller kvinnor, män och 1 200 barn. "
            for _ in 0..<200 {
                var word = ""
                for _ in 0..<(2 + g.below(16)) { word.unicodeScalars.append(Unicode.Scalar(UInt8(0x61 + g.below(26)))) }
                s += word + (g.below(5) == 0 ? ". " : " ")
            }
            let t = Tokenizer.tokenize(Self.composedBlock(s), fastWords: true)
            if !Self.formsAreValid(t) { invalid += 1 }
            blocks += 1
            if blocks > 2000 { break }
        }
        #expect(table.stamp != generationStamp)
        #expect(invalid == 0)
    }
}
