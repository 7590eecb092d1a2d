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
