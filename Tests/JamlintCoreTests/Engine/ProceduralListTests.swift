import Testing
@testable import JamlintCore

@Suite struct ProceduralListTests {
    static let shipped: String = {
        // Tests/JamlintCoreTests/Engine/ProceduralListTests.swift → the package root.
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(4)
        return parts.joined(separator: "/") + "/Rules/procedural.yml"
    }()

    @Test func shippedListMatchesProceduralTitles() throws {
        let list = try ProceduralList.load(path: Self.shipped)
        #expect(list.match(title: "Val av ombud till Kommuninvest ekonomisk förening") == "Val av *")
        #expect(list.match(title: "12. Sammanträdestider 2026:") == "*sammanträdestider*")
        #expect(list.match(title: "Fastställande av sammanträdesplan för 2026") == "*sammanträdesplan*")
        #expect(list.match(title: "FYLLNADSVAL av ersättare i socialnämnden") == "Fyllnadsval*")
        #expect(list.match(title: "Avsägelse av uppdrag som ledamot") == "Avsägelse*")
        #expect(list.match(title: "Anmälan av delegationsbeslut, januari") == "Anmälan av delegationsbeslut*")
        #expect(list.match(title: "Beslut om firmatecknare för kommunstyrelsen") == "*firmatecknare*")
        #expect(list.match(title: "Ny attestordning för socialnämnden") == "*attestordning*")
        #expect(list.match(title: "Revisionsberättelse för år 2025") == "*revisionsberättelse*")
        #expect(list.match(title: "Ansvarsfrihet för direktionen 2025") == "*ansvarsfrihet*")
        #expect(list.match(title: "Delgivningsmottagare för nämnden") == "*delgivningsmottagare*")
    }

    @Test func shippedListLeavesOrdinaryTitlesAlone() throws {
        let list = try ProceduralList.load(path: Self.shipped)
        #expect(list.match(title: "Valfrihetssystem inom hemtjänsten") == nil)
        #expect(list.match(title: "Nya avgifter för färdtjänst") == nil)
        #expect(list.match(title: "Årsredovisning 2025") == nil)
        #expect(list.match(title: "") == nil)
    }

    @Test func patternSyntax() {
        var list = ProceduralList(["Upprop", "*a*b*c"])
        #expect(list.match(title: "upprop.") == "Upprop")
        #expect(list.match(title: "Upprop av ledamöter") == nil)
        #expect(list.match(title: "xaybzc") == "*a*b*c")
        #expect(list.match(title: "xcybza") == nil)
        #expect(list.match(title: "abc") == "*a*b*c")
        list.add(["Val av ombud*", "Upprop"])
        #expect(list.patterns == ["Upprop", "*a*b*c", "Val av ombud*"])
        #expect(list.match(title: "3.2  Val   av ombud till stämman") == "Val av ombud*")
        // NFD input and a soft hyphen compare equal to the NFC pattern.
        #expect(ProceduralList(["Förbundsstämma*"]).match(title: "Fo\u{308}rbunds\u{AD}stämma 2026") == "Förbundsstämma*")
    }

    @Test func prefixAndSuffixDoNotOverlap() {
        let list = ProceduralList(["ab*ba"])
        #expect(list.match(title: "aba") == nil)
        #expect(list.match(title: "abba") == "ab*ba")
    }

    @Test func loadErrorsHavePositions() throws {
        let tree = try TemporaryTree()
        defer { tree.remove() }
        try tree.write("p.yml", "procedural:\n  - Val av *\nextra: []\n")
        do throws(ConfigError) {
            _ = try ProceduralList.load(path: tree.path("p.yml"))
            Issue.record("expected an error")
        } catch {
            #expect((error.line, error.column) == (3, 1))
            #expect(error.message.en == "unknown key `extra`; known key: `procedural`")
        }
    }
}

@Suite struct ProceduralListFastPathTests {
    /// The Latin-1 paths (`match(title:)` on a buffer, `match(scalars:)`) agree with the general one,
    /// which normalises through `StructureLexicon.normalise` and its `String`.
    @Test func fastPathsAgreeWithGeneralPath() throws {
        let list = try ProceduralList.load(path: ProceduralListTests.shipped)
        let extra = ProceduralList(["Upprop", "*a*b*c", "ab*ba", "Förbundsstämma*", "*é*", "x", "12*", "*– c*", "“*”",
                                   "Å*", "*ő*", "*\u{2026}*", "a\u{AD}b*", "*ä ö*", "–*"])
        let pieces = ["Val av ", "ombud", "val", "AV", " ", "  ", "\t", "\n", "\r\n", "\u{A0}", "\u{AD}", "12. ", "3.2 ",
                      "A.", ":", ".", "Ä", "ö", "É", "e\u{301}", "Fo\u{308}rbunds", "stämma", "ß", "ÿ", "Ÿ", "ı", "İ",
                      "firmatecknare", "sammanträdesplan", "Anmälan av delegationsbeslut", "×", "÷", "²", "½",
                      "abba", "aba", "c", "ø", "Ø", "Þ", "µ", "\u{2019}", "K", "\u{212A}", "-", ")", "1", "x",
                      "–", " – ", "—", "‘", "“", "”", "‒", "…", "€", "\u{2013}\u{301}"]
        var rng = SeededGenerator(seed: 0x5EED_7172)
        var matched = 0
        var unkeyed = 0
        for _ in 0..<4000 {
            let title = rng.text(from: pieces, maxPieces: 6)
            for l in [list, extra] {
                let general = l.matchGeneral(title: title)
                #expect(l.match(title: title) == general, "\(title.debugDescription)")
                let scalars = Array(title.unicodeScalars)
                #expect(l.match(scalars: scalars[...]) == general, "\(title.debugDescription)")
                if general != nil { matched += 1 }
            }
            // The key made from the scalars is the one made from their UTF-8, or both are nil.
            var string = title
            string.makeContiguousUTF8()
            let fromUTF8: [UInt8]?? = string.utf8.withContiguousStorageIfAvailable { utf8 in
                StructureLexicon.withLatin1Key(utf8: utf8) { Array($0) }
            }
            let scalars = Array(title.unicodeScalars)
            let fromScalars = scalars.withUnsafeBufferPointer { s in
                ProceduralList.withLatin1Key(scalars: s) { Array($0) }
            }
            #expect(fromScalars == fromUTF8 ?? nil, "\(title.debugDescription)")
            if fromScalars == nil { unkeyed += 1 }
        }
        #expect(matched > 100)
        #expect(unkeyed > 100)
    }
}
