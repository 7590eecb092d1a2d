import Foundation
import Testing
@testable import JamlintCore

/// Token forms read back byte for byte (after the thread's form table starts over, from several
/// threads), and the lexicon passes over plain words in place (`Lexicon.skipPlainWords`): both
/// against the plain ways on generated text.
@Suite struct TokenFormTests {
    private static let pieces: [String] = [
        // Lexicon words, traps and suspended compounds.
        "kvinnor", "Kvinnor", "män", "flickor", "pojkar", "man", "Man", "kön", "köer", "kvinno-", "och", "eller",
        "mansdominerade", "dam-", "herrlag", "damm-", "herrgårdar", "tjänstemän", "gemene", "icke", "binära",
        "elever", "föräldrar", "kvinnlig", "manliga", "lss-brukare", "-män", "yrkeskvinnor", "jämställdhet",
        "brukare", "barn", "invånare", "flickorna", "pojkarnas", "kvinnors", "männens", "kvinnojour",
        "mansrollen", "personer", "vårdnadshavare", "samt", "respektive", ",",
        // Other scripts, composition, digits and punctuation.
        "a\u{308}", "ma\u{308}n", "kvinno\u{AD}jour", "Жук", "😀", "e\u{301}", "1 200", "12,5 %", "2024-01-23",
        "t.ex.", "m.fl.", "kr.", "o'hara", "x-y", ".", "!", "?", "(", ")", "\n", "\n\n", "- ", "1. ",
        "jämställdhetsintegreringen", "barnkonsekvensanalyserna", "verksamhetsområdeschefernas",
    ]

    private static func text(_ g: inout SeededGenerator) -> String {
        var s = ""
        for _ in 0..<(1 + g.below(30)) {
            s += pieces[g.below(pieces.count)]
            switch g.below(8) {
            case 0...5: s += " "
            case 6: s += ". "
            default: break
            }
        }
        return s
    }

    @Test func skippingPlainWordsFindsTheSameMentions() {
        let lexicon = LanguageTestSupport.lexicon
        var g = SeededGenerator(seed: 0x0B5E_55ED_F00D_0007)
        var differing: [String] = []
        var found = 0
        for round in 0..<3000 {
            let s = Self.text(&g)
            let t = Tokenizer.tokenize(s)
            // Twice each: the second time every form has its facts, so the skip applies most.
            for _ in 0..<2 {
                let visited = lexicon.mentions(in: t, skippingPlainWords: false)
                let skipped = lexicon.mentions(in: t, skippingPlainWords: true)
                if visited != skipped { differing.append("round \(round): \(s.debugDescription)") }
                found += visited.count
            }
        }
        #expect(found > 1000)
        #expect(differing.isEmpty, "\(differing.prefix(5))")
    }

    @Test func tokensStaySmall() {
        #expect(MemoryLayout<Token>.size <= 48)
    }

    /// Forms of every length and script, made through the tokenizer and through `Token.init`,
    /// read back byte for byte after the thread's form table has started over.
    @Test func formsOutliveTheFormTable() {
        var g = SeededGenerator(seed: 0x7357_0000_0000_0042)
        var expected: [[UInt8]] = []
        var tokens: [Token] = []
        for length in 1...40 {
            for base in ["a", "ä", "e\u{301}", "Ж", "😀", "1"] {
                var word = ""
                for _ in 0..<length { word += base }
                if g.below(2) == 0 { word += "x" }
                let made = Token(kind: .word, range: 0..<1, lower: word)
                tokens.append(made)
                expected.append(Array(word.utf8))
                for t in Tokenizer.tokenize(word).tokens {
                    tokens.append(t)
                    expected.append(Array(t.lower.utf8))
                }
            }
        }
        let table = ThreadForms.table()
        let stamp = table.stamp
        var n = 0
        while table.stamp == stamp, n < 200 {
            _ = Tokenizer.tokenize((0..<1000).map { "neu\(n)ord\($0)wort" }.joined(separator: " "))
            n += 1
        }
        #expect(table.stamp != stamp)
        for (t, bytes) in zip(tokens, expected) {
            #expect(Array(t.lower.utf8) == bytes)
        }
    }

    /// Numbers are not entered in the thread's form table: thousands of distinct ones (plain,
    /// grouped, decimal, identifiers) leave it as the words left it, and each number keeps its
    /// normalised form and value.
    @Test func numbersTakeNoRoomInTheFormTable() {
        let table = ThreadForms.table()
        // Once first, so that the table has the words and any start-over happens here.
        _ = Tokenizer.tokenize("invånare, elever och % dnr")
        let stamp = table.stamp
        let count = table.entries.count
        var s = ""
        for k in 1...900 { s += "\(1000 + 7 * k) invånare, \(k) 200 elever och \(k),5 % dnr 2024-\(k) " }
        let t = Tokenizer.tokenize(s)
        let numbers = t.tokens.filter { $0.kind == .number }
        #expect(numbers.count == 3600)
        #expect(numbers.allSatisfy { $0.form == -1 })
        #expect(table.stamp == stamp)
        #expect(table.entries.count == count)
        #expect(numbers.prefix(8).map(\.lower) == ["1007", "1200", "1.5", "2024-1", "1014", "2200", "2.5", "2024-2"])
        #expect(numbers.prefix(8).map(\.number) == [1007, 1200, 1.5, nil, 1014, 2200, 2.5, nil])
        // Words keep their table entries.
        let words = t.tokens.filter { $0.kind == .word }
        #expect(words.allSatisfy { $0.form >= 0 && table.entries[Int($0.form)] == $0.lower })
    }

    /// Long forms keep their bytes: canonically equivalent but different bytes stay apart, equal
    /// bytes give equal forms; setting `lower` keeps the new form.
    @Test func longFormsKeepTheirBytes() {
        let composed = "jämställdhetsanalysen"
        let decomposed = "ja\u{308}msta\u{308}lldhetsanalysen"
        let a = Token(kind: .word, range: 0..<1, lower: composed)
        let b = Token(kind: .word, range: 0..<1, lower: decomposed)
        #expect(Array(a.lower.utf8) == Array(composed.utf8))
        #expect(Array(b.lower.utf8) == Array(decomposed.utf8))
        var c = Token(kind: .word, range: 0..<1, lower: String(decoding: Array(composed.utf8), as: UTF8.self))
        #expect(c == a)
        c.lower = "kort"
        #expect(c.lower == "kort")
        c.lower = String(repeating: "långt ord ", count: 20)
        #expect(c.lower == String(repeating: "långt ord ", count: 20))
    }

    /// Tokens made on several threads at once read back as made on one.
    @Test func formsFromManyThreads() {
        let texts = (0..<8).map { k in
            (0..<400).map { "kvinnor\(k % 3)och\($0 % 50)jämställdhetsintegreringarna\($0 % 7)" }
                .joined(separator: " ")
        }
        let expected = texts.map { Tokenizer.tokenize($0).tokens.map { Array($0.lower.utf8) } }
        let results = Results(count: texts.count)
        DispatchQueue.concurrentPerform(iterations: texts.count) { k in
            results.set(k, Tokenizer.tokenize(texts[k]).tokens.map { Array($0.lower.utf8) })
        }
        for k in texts.indices { #expect(results.get(k) == expected[k]) }
    }

    private final class Results: @unchecked Sendable {
        private let lock = NSLock()
        private var values: [[[UInt8]]]
        init(count: Int) { values = Array(repeating: [], count: count) }
        func set(_ k: Int, _ v: [[UInt8]]) { lock.lock(); values[k] = v; lock.unlock() }
        func get(_ k: Int) -> [[UInt8]] { lock.lock(); defer { lock.unlock() }; return values[k] }
    }
}
