import Testing
@testable import JamlintCore

@Suite struct TokenizerTests {
    private func kinds(_ s: String) -> [TokenKind] { Tokenizer.tokenize(s).tokens.map(\.kind) }

    /// A token is 32 bytes (see `Token`): every block's token array is written, copied and read
    /// by every rule, so a field that widens it costs a folder run its cache misses.
    @Test func tokenStaysThirtyTwoBytesAndKeepsItsValues() {
        #expect(MemoryLayout<Token>.stride == 32)
        var t = Token(kind: .number, range: 3..<7, lower: "12.5", number: 12.5)
        #expect(t.range == 3..<7 && t.number == 12.5 && t.hasNumber && t.form == -1)
        t.range = 10..<12
        #expect(t.range == 10..<12 && t.number == 12.5)
        #expect(t == Token(kind: .number, range: 10..<12, lower: "12.5", number: 12.5))
        #expect(t != Token(kind: .number, range: 10..<12, lower: "12.5"))
        // A token that is no longer a number has no value.
        t.kind = .word
        #expect(t.number == nil && !t.hasNumber)
        // The value is the form's, read as the tokenizer reads it: past 15 digits and 22
        // decimals as `Double(String)` does.
        for form in ["0", "007", "6765", "0.05", "12.5", "1234567890123456789", "3.14159265358979323846264338"] {
            #expect(Token(kind: .number, range: 0..<1, lower: form, number: Double(form)!).number == Double(form)!)
        }
    }

    @Test func wordsKeepSwedishLettersAndHyphens() {
        #expect(LanguageTestSupport.words("Åsa får ÖVERSÄTTA icke-binär covid-19") ==
                ["åsa", "får", "översätta", "icke-binär", "covid-19"])
        // Non-breaking hyphen and U+2010 are normalised to "-".
        #expect(LanguageTestSupport.words("icke\u{2011}binär icke\u{2010}binära") == ["icke-binär", "icke-binära"])
    }

    @Test func suspendedHalvesKeepTheirHyphen() {
        #expect(LanguageTestSupport.words("kvinno- och mansdominerade") == ["kvinno-", "och", "mansdominerade"])
        #expect(LanguageTestSupport.words("dam-, herr- och mixlag") == ["dam-", ",", "herr-", "och", "mixlag"])
        #expect(LanguageTestSupport.words("yrkeskvinnor och -män") == ["yrkeskvinnor", "och", "-män"])
        // A dash between spaces is punctuation, not part of a word.
        #expect(LanguageTestSupport.words("kvinnor - män") == ["kvinnor", "-", "män"])
    }

    @Test func hyphenationAtLineEndJoins() {
        #expect(LanguageTestSupport.words("kvinno-\njouren") == ["kvinnojouren"])
        #expect(LanguageTestSupport.words("kvinno-\noch mansjourer") == ["kvinno-", "och", "mansjourer"])
    }

    @Test func numbersWithThousandsSeparatorsAndDecimalComma() {
        let t = Tokenizer.tokenize("6 765 och 5\u{A0}310 samt 1 204 000, 12,5 % och 97 procent, ca 70 st")
        let numbers = t.tokens.filter { $0.kind == .number }
        #expect(numbers.map(\.lower) == ["6765", "5310", "1204000", "12.5", "97", "70"])
        #expect(numbers.map(\.number) == [6765, 5310, 1_204_000, 12.5, 97, 70])
        #expect(t.text.string(numbers[0].range) == "6 765")
        #expect(t.text.string(numbers[1].range) == "5\u{A0}310")
        #expect(t.tokens.first { $0.lower == "%" }?.kind == .symbol)
    }

    @Test func yearsAreNotThousandsGroups() {
        // A four-digit first group never takes a following group: "2023 320" is two numbers.
        #expect(LanguageTestSupport.words("under 2023 320 brukare") == ["under", "2023", "320", "brukare"])
        #expect(LanguageTestSupport.words("10 1000") == ["10", "1000"])
    }

    @Test func datesAndCaseNumbersAreIdentifiers() {
        let t = Tokenizer.tokenize("KS 2023-00738 den 2024-01-23 kl 10:30, dnr 0263/19, avsnitt 3.2.1")
        let numbers = t.tokens.filter { $0.kind == .number }
        #expect(numbers.map(\.lower) == ["2023-00738", "2024-01-23", "10:30", "0263/19", "3.2.1"])
        #expect(numbers.allSatisfy { $0.number == nil })
        // A short range stays two numbers.
        #expect(LanguageTestSupport.words("10-15 personer") == ["10", "-", "15", "personer"])
    }

    @Test func decimalPointAndDigitsGluedToLetters() {
        let t = Tokenizer.tokenize("3.5 och 1.200 samt 3R och A4")
        #expect(t.tokens.map(\.lower) == ["3.5", "och", "1200", "samt", "3r", "och", "a4"])
        #expect(t.tokens[0].number == 3.5)
        #expect(t.tokens[2].number == 1200)
        #expect(t.tokens[4].kind == .word)
        #expect(LanguageTestSupport.words("i 40-årsåldern") == ["i", "40-årsåldern"])
    }

    @Test func abbreviationsAreSingleTokens() {
        #expect(LanguageTestSupport.words("t.ex. bl.a. m.fl. m.m. s.k. d.v.s. dvs. ca. kr. st. nr. resp. enl. jfr")
                == ["t.ex.", "bl.a.", "m.fl.", "m.m.", "s.k.", "d.v.s.", "dvs.", "ca.", "kr.", "st.", "nr.",
                    "resp.", "enl.", "jfr"])
    }

    @Test func kindsOfPunctuationAndSymbols() {
        #expect(kinds("Ja! (§ 3) 5 €") == [.word, .punctuation, .punctuation, .symbol, .number, .punctuation,
                                             .number, .symbol])
    }

    @Test func rangesAreScalarIndicesIntoTheBlockText() {
        let t = Tokenizer.tokenize("Åtta kvinnor")
        #expect(t.tokens.map(\.range) == [0..<4, 5..<12])
        #expect(t.text.string(t.tokens[1].range) == "kvinnor")
    }

    @Test func nfdInputIsComposed() {
        let nfd = "Ma\u{0308}n och ko\u{0308}n i ska\u{030A}ne"
        let t = Tokenizer.tokenize(nfd)
        #expect(t.tokens.map(\.lower) == ["män", "och", "kön", "i", "skåne"])
        // Offsets map back to the original string's scalars: "män" covers "Ma\u{308}n" (0..<4).
        #expect(t.text.starts[t.tokens[0].range.lowerBound] == 0)
        #expect(t.text.ends[t.tokens[0].range.upperBound - 1] == 4)
        #expect(t.text.starts[t.tokens[2].range.lowerBound] == 9)
    }

    @Test func nfdInsideABlockTextIsStillLowercasedToNFC() {
        // A BlockText built without normalisation (not what TextBuilder produces) still yields NFC forms.
        let scalars = Array("Ko\u{0308}n".unicodeScalars)
        let text = BlockText(scalars: scalars, starts: Array(0..<4), ends: Array(1...4))
        #expect(Tokenizer.tokenize(text).tokens.map(\.lower) == ["kön"])
    }

    @Test func softHyphensVanish() {
        let t = Tokenizer.tokenize("kvin\u{AD}nor och jäm\u{AD}ställd\u{AD}het")
        #expect(t.tokens.map(\.lower) == ["kvinnor", "och", "jämställdhet"])
        // A soft hyphen left inside a BlockText is skipped too.
        let raw = Array("kvin\u{AD}nor".unicodeScalars)
        let block = BlockText(scalars: raw, starts: Array(0..<raw.count), ends: Array(1...raw.count))
        #expect(Tokenizer.tokenize(block).tokens.map(\.lower) == ["kvinnor"])
        #expect(Tokenizer.tokenize(block).tokens.map(\.range) == [0..<8])
    }

    @Test func emptyAndWhitespaceText() {
        #expect(Tokenizer.tokenize("").tokens.isEmpty)
        #expect(Tokenizer.tokenize(" \n\t ").sentences.isEmpty)
        #expect(Tokenizer.tokenize(BlockText.empty).sentenceIndex(ofToken: 0) == 0)
    }
}
