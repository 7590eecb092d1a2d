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
        "x\u{85}y\u{A0}\u{A0}z \u{1680}\u{3000}", String(String.UnicodeScalarView((0x80..<0x100).compactMap(Unicode.Scalar.init))),
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
    static let prefilterPatterns = [
        "«[^»\\n]{1,40}»", "klicka (?:eller tryck )?här för att (?:ange|skriva|lägga till) (?:text|ett datum|datum)",
        "\\[\\s*(?:ange|skriv|fyll i|infoga)[^\\]\\n]{0,60}\\]", "\\bÅÅÅÅ-MM-DD\\b", "\\bXX+(?:[-/ ]XX+)*\\b",
        "\\b(?:TODO|FIXME)\\b", "(?i)abc", "i", "k|x", "ab?c",
        "\\b(?:se|enligt|i|av|framgår av)\\s+(?:bifogad[e]?\\s+)?bilaga(?:n)?\\s+(?:nr\\.?\\s*)?(?<key>\\d+|[A-Z])\\b",
        "\\b(?:se|enligt|i)\\s+(?:bifogad[e]?\\s+)(?<key>checklista[n]?(?:\\s+för\\s+jämställda\\s+beslut)?)",
    ]
    static let prefilterTexts = texts + [
        "Diarienummer: «Diarienr»", "KLICKA HÄR FÖR ATT ANGE TEXT", "[ Ange datum ]", "åååå-mm-dd", "XX-XX",
        "todo: fixa", "Se bilaga 3.", "enligt bifogad checklista för jämställda beslut", "i", "K", "kx", "ac abc",
        "Se bilagan nr. 4 – enligt ”bifogade” checklistan", "µ ÿ", "Tjänsteskrivelse om riktlinjer", "[skriv namnet]",
    ]

    /// The set's mask (each literal's pair test once, clauses reordered) agrees with each prefilter alone.
    @Test func prefilterSetMaskMatchesEachPrefilter() {
        let prefilters = Self.prefilterPatterns.map { RegexPrefilter(pattern: $0) }
        let set = RegexPrefilterSet(prefilters)
        // Over 64 expressions the later ones are not in the mask and always may match.
        let large = RegexPrefilterSet(Array(repeating: prefilters, count: 6).flatMap { $0 })
        let sparse = RegexPrefilterSet(Array(repeating: nil, count: 60) + prefilters)
        for text in Self.prefilterTexts {
            let folded = FoldedText(Array(text.unicodeScalars))
            let expected = prefilters.map { $0?.mayMatch(folded) ?? true }
            #expect(set.mayMatch(folded) == expected, "\(text)")
            let mask = set.mask(folded)
            #expect(expected.indices.map { RegexPrefilterSet.mayMatch(mask, $0) } == expected, "\(text)")
            let largeMay = large.mayMatch(folded)
            #expect(largeMay.indices.allSatisfy { largeMay[$0] == ($0 >= 64 || expected[$0 % expected.count]) }, "\(text)")
            // Over 64 expressions but few literals (most expressions have no prefilter): the
            // mask path with expressions on both sides of the 64th.
            let sparseMask = sparse.mask(folded)
            for k in 0..<(60 + prefilters.count) {
                let want = k >= 64 || k < 60 || expected[k - 60]
                #expect(RegexPrefilterSet.mayMatch(sparseMask, k) == want, "\(text) #\(k)")
            }
        }
    }

    /// `FoldedText` skips the property lookup in General Punctuation: no scalar there is alphabetic.
    @Test func generalPunctuationHasNoLetters() {
        for v in UInt32(0x2000)...0x206F {
            guard let s = Unicode.Scalar(v) else { continue }
            #expect(!s.properties.isAlphabetic, "U+\(String(v, radix: 16))")
            #expect(!FoldedText.mayBeAlphabetic(v))
        }
    }

    /// The attachment basis searched by bytes lists what the String search lists.
    @Test func attachmentBasisMatchesStringSearch() {
        let bases = [
            "", " bilaga 3 checklista", " bilaga 31, bilaga 3", " bilaga 31 bil. 3x bilaga3", " bilaga nr. 2\r\n",
            " bilaga 3\u{301}", " bilaga 3é", " bilaga 3½", " e\u{301}nkät bilaga a", " bil. b: enkät", " bilaga 12",
            " ﬁ bilaga 4", " bilaga 4 ", " bilaga\u{00A0}5",
            // A later occurrence lists the key where the first does not.
            " bilaga 12 karta, bilaga 1 underlag", " bilaga 1x bilaga 1", " bil. 3a bil. 3", " bilaga §2 bilaga §",
            " bilaga 1½ bilaga 1é bilaga 1", " bilaga ab bilaga a.", " bilaga nr 7 bilaga 7b",
        ]
        let keys = ["", "3", "31", "a", "b", "é", "checklista", "checklistan", "12", "4", "5", "\u{212A}", "e\u{301}nkät",
                    "1", "§", "7", "½"]
        for basis in bases {
            let b = AttachmentReferenceKind.Basis(Array(basis.utf8))
            // Twice: the first keys are searched for, the later ones (all of the second round)
            // looked up among the runs after the listing prefixes.
            for round in 0..<2 {
                for key in keys {
                    #expect(b.lists(key: key) == AttachmentReferenceKind.listed(key: key, in: basis), "\(basis) / \(key) \(round)")
                }
            }
        }
        // "Bilaga 12" listed before "Bilaga 1" no longer hides it.
        let listing = " bilaga 12 karta, bilaga 1 underlag"
        #expect(AttachmentReferenceKind.listed(key: "1", in: listing))
        #expect(AttachmentReferenceKind.Basis(Array(listing.utf8)).lists(key: "1"))
        #expect(!AttachmentReferenceKind.Basis(Array(listing.utf8)).lists(key: "2"))
    }
    /// `PatternSet.candidates` (its gate and word index) never drops a pattern that matches.
    @Test func patternSetCandidatesKeepEveryMatch() throws {
        let sources = [
            "ärendet|beslutet|förslaget … inte|ej … konsekvens*|påverka*|påverkan|effekt* … jämställd*|kön|kvinnor|flickor",
            "inga|några|ingen … konsekvens*|påverkan|effekt* … för|på|ur … jämställd*|kvinnor|kön",
            "könsneutral|könsneutralt|könsneutrala", "berör|berörs|gäller … alla|samtliga … lika|likvärdigt|samma",
            "?ej # procent", "*ning av", "a … b",
        ]
        let set = PatternSet(try sources.map { try TokenPattern($0) })
        let texts = [
            "Ärendet bedöms inte få några konsekvenser för jämställdheten. Förslaget är könsneutralt.",
            "Inga konsekvenser för kvinnor. Beslutet gäller alla lika. 45 procent av eleverna.",
            "Uppföljning av målen; a, x, b. Ej 12 procent. Det berör samtliga på samma sätt.",
            "Inget här alls.", "KÖNSNEUTRALA regler gäller.", "",
        ]
        #expect(ScalarTestText.expectCandidatesKeepEveryMatch(set, sources: sources, texts: texts) >= 5)
    }
    /// The one-pass fingerprint equals the two FNV-1a hashes of the joined bytes, in hex.
    @Test(arguments: texts) func fingerprintMatchesTheByteArrayWay(_ text: String) {
        for occurrence in [0, 7, 12345] {
            let key = FindingKey(path: "./a/ö.md", ruleID: "JAM001", text: text, section: "Konsekvenser", occurrence: occurrence)
            var bytes: [UInt8] = []
            for part in [key.path, key.ruleID, key.text, key.section, String(key.occurrence)] {
                bytes.append(contentsOf: part.utf8)
                bytes.append(0)
            }
            let expected = FindingKey.hex(FindingKey.fnv1a(bytes, basis: 0xcbf2_9ce4_8422_2325))
                + FindingKey.hex(FindingKey.fnv1a(bytes, basis: 0x6c62_272e_07bb_0142))
            #expect(key.fingerprint == expected)
        }
    }
    /// `Relevance` rejects non-ASCII header keys without lower-casing them unless they hold the
    /// Kelvin sign: every other scalar from U+0080 on lower-cases to text whose canonical
    /// decomposition keeps a scalar other than a–z, so no such key equals a key of letters a–z.
    @Test func onlyTheKelvinSignLowercasesToASCII() {
        var offenders: [UInt32] = []
        for v in UInt32(0x80)..<0x20000 where v != 0x212A {
            guard let s = Unicode.Scalar(v) else { continue }
            let lowered = String(s).lowercased().decomposedStringWithCanonicalMapping
            if lowered.unicodeScalars.allSatisfy({ $0.value >= 0x61 && $0.value <= 0x7A }) { offenders.append(v) }
        }
        #expect(offenders.isEmpty, "\(offenders.prefix(10).map { String($0, radix: 16) })")
    }
}
