import Foundation
import Testing
@testable import JamlintCore

/// The speed work replaced library calls with hand-written loops; these pin them to the library's
/// behaviour, so baselines, fingerprints and lexicon hits stay what they were.
@Suite struct FastPathEquivalenceTests {
    static let texts = [
        "", "  ", "Kvinnor OCH Män", "  Flickor\tpojkar \n\n ÅÄÖ éÉ ", "STRASSE Straße ß", "İstanbul ΣΟΦΟΣ Σ",
        "DŽungla ǅ ǆ", "a\u{00A0}\u{2003}b\u{2028}c", "Ḁ Ǹ Ω K Å", "e\u{301} E\u{301}", "– ” « » ‰ № ½",
        "ﬁ ﬀ Ǳ", "ΑΒΓ Ωμέγα", "Ⓐ Ⓩ", "𝐀 𐐀 𐐨", "\u{1E9E} \u{0130}",
    ]

    /// The fingerprint text: lower-cased as `String.lowercased()` does, white space runs collapsed.
    @Test(arguments: texts) func normalizedTextMatchesTheLibrary(_ text: String) {
        var reference = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.lowercased().unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = !reference.isEmpty
            } else {
                if pendingSpace { reference.append(" "); pendingSpace = false }
                reference.append(scalar)
            }
        }
        #expect(FindingKey.normalizedText(text) == String(reference))
    }

    /// Every scalar of the Basic Multilingual Plane (and a sample above it) lower-cases like the library.
    @Test func appendLowerMatchesLowercased() {
        var mismatches: [UInt32] = []
        for v in Array(0..<0xD800) + Array(0xE000..<0x10000) + Array(0x10400..<0x10500) {
            guard let s = Unicode.Scalar(UInt32(v)) else { continue }
            var bytes: [UInt8] = []
            ScalarClass.appendLower(s, to: &bytes)
            if String(decoding: bytes, as: UTF8.self) != String(s).lowercased() { mismatches.append(UInt32(v)) }
        }
        #expect(mismatches.isEmpty, "differs at \(mismatches.prefix(10).map { String($0, radix: 16) })")
    }

    /// White space as the tokenizer tests it, for every BMP scalar and a sample above it.
    @Test func whitespaceMatchesTheProperty() {
        var mismatches: [UInt32] = []
        for v in Array(0..<0xD800) + Array(0xE000..<0x10000) + Array(0x10000..<0x10100) {
            guard let s = Unicode.Scalar(UInt32(v)) else { continue }
            let reference = v < 0x80 ? (v == 0x20 || (v >= 0x09 && v <= 0x0D)) : (v == 0xA0 || s.properties.isWhitespace)
            if ScalarClass.isWhitespace(s) != reference { mismatches.append(UInt32(v)) }
        }
        #expect(mismatches.isEmpty, "differs at \(mismatches.prefix(10).map { String($0, radix: 16) })")
    }

    static let mentionText = """
        Kvinnor och män, flickor och pojkar. Man kan se att kvinno- och mansdominerade yrken skiljer sig; \
        Café-personal, e\u{301}lever och brukare (320 kvinnor, 280 män) samt tjänstemän och gemene man.
        """

    /// The lexicon reads a token's form-table entry when the tokens come from this thread's current
    /// table; tokens from another thread, an older generation of the table or the public initialiser
    /// give the same mentions.
    @Test func mentionsDoNotDependOnWhereTheTokensWereMade() throws {
        let lexicon = Lexicon.builtin
        let here = Tokenizer.tokenize(Self.mentionText)
        #expect(here.formStamp == ThreadForms.table().stamp)
        let expected = lexicon.mentions(in: here)
        #expect(expected.count >= 8)

        let box = Box()
        let done = DispatchSemaphore(value: 0)
        // A thread of its own (a queue's `sync` may run the block on this thread).
        let thread = Thread {
            box.text = Tokenizer.tokenize(Self.mentionText)
            done.signal()
        }
        thread.start()
        done.wait()
        let elsewhere = try #require(box.text)
        #expect(elsewhere.tokens == here.tokens)
        #expect(elsewhere.formStamp != here.formStamp)
        #expect(lexicon.mentions(in: elsewhere) == expected)

        let rebuilt = TokenizedText(text: here.text, tokens: here.tokens, sentences: here.sentences)
        #expect(lexicon.mentions(in: rebuilt) == expected)

        // More distinct forms than the table keeps, then one more block: the table starts over and
        // `here`'s entries are void.
        let many = (0..<70_000).map { "ord\($0)x" }.joined(separator: " ")
        _ = Tokenizer.tokenize(many)
        _ = Tokenizer.tokenize("Nästa stycke.")
        #expect(here.formStamp != ThreadForms.table().stamp)
        #expect(lexicon.mentions(in: here) == expected)
        #expect(lexicon.mentions(in: Tokenizer.tokenize(Self.mentionText)) == expected)
    }

    /// Written by the other thread before it signals, read after the wait.
    final class Box: @unchecked Sendable { var text: TokenizedText? }

    /// Message templates: each `{name}` replaced once, unknown names and stray braces kept.
    @Test func fillReplacesPlaceholdersInOnePass() throws {
        let linter = try Linter(useConfiguration: false)
        let raw = RawFinding(block: 0, values: ["match": "320  brukare\n", "noun": "{match}"],
                             localizedValues: ["missing": LocalizedText(sv: "män", en: "men")])
        #expect(linter.fill("”{match}” saknar {missing}; {unknown} {noun} {", raw)
                == "”320 brukare” saknar män; {unknown} {match} {")
        #expect(linter.fill("inga platshållare", raw) == "inga platshållare")
    }

    /// The token forms are interned by bytes: equal words share one form, different words never do.
    @Test func internedFormsAreTheWords() {
        let text = Tokenizer.tokenize("Kvinnor och män, KVINNOR och Män; kvinnorna och männen.")
        let forms = text.tokens.filter { $0.kind == .word }.map(\.lower)
        #expect(forms == ["kvinnor", "och", "män", "kvinnor", "och", "män", "kvinnorna", "och", "männen"])
    }

    /// Without a top-level `|` every required part must occur: "skriv" alone (as in every
    /// "tjänsteskrivelse") does not let `\[\s*(?:ange|skriv)…\]` through, "[skriv" does.
    @Test func prefilterRequiresEveryPart() throws {
        let prefilter = try #require(RegexPrefilter(pattern: "\\[\\s*(?:ange|skriv|fyll i)[^\\]\\n]{0,60}\\]"))
        #expect(prefilter.clauses.count == 3)  // "[", one of the words, "]"
        func may(_ text: String) -> Bool {
            let folded = FoldedText(Array(text.unicodeScalars))
            let single = prefilter.mayMatch(folded)
            #expect(RegexPrefilterSet([prefilter]).mayMatch(folded) == [single])
            return single
        }
        #expect(!may("Tjänsteskrivelse om riktlinjer"))
        #expect(!may("Ange datum och skriv namnet"))
        #expect(may("Text [SKRIV namnet här] text"))
        #expect(may("[ Fyll i datum ]"))
        // With alternation at the top, one literal of any branch is enough.
        let either = try #require(RegexPrefilter(pattern: "bilaga \\d|checklista"))
        #expect(either.clauses.count == 1)
        #expect(either.mayMatch(FoldedText(Array("Enligt checklistan".unicodeScalars))))
    }

    /// Paths are normalised on bytes; the Character-wise reference gives the same.
    @Test(arguments: [
        "/a/b/c.md", "/a/./b/../c.md", "a/b", "./a//b/", "../../x", "/..", "/", "", ".", "möten/2024/ärende.md",
        "/tmp/x/../../../y", "/a/b/\u{301}c/d", "dir/./.././file", "//double//slash//",
    ])
    func absolutePathMatchesTheCharacterWiseWay(_ path: String) {
        func reference(_ path: String, base: String) -> String {
            ConfigurationResolver.absolutePathByCharacters(path.hasPrefix("/") ? path : base + "/" + path)
        }
        #expect(ConfigurationResolver.absolutePath(path, relativeTo: "/base/dir") == reference(path, base: "/base/dir"))
        #expect(ConfigurationResolver.absolutePath(path) == reference(path, base: FileManager.default.currentDirectoryPath))
    }
}
