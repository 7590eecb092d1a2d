import Testing
@testable import JamlintCore

@Suite struct PlainTextParserTests {
    private func parse(_ m: Marked) throws(ParseError) -> Document {
        try PlainTextParser().parse(SourceFile(path: "t.txt", bytes: m.bytes))
    }

    @Test func paragraphsAreSplitByBlankLines() throws {
        let m = Marked("⟨1⟩Första stycket⟨2⟩\nandra raden\n\n  \t\n⟨3⟩Andra **inte fet**\n")
        let doc = try parse(m)
        #expect(doc.format == .text)
        #expect(doc.texts == ["Första stycket\nandra raden", "Andra **inte fet**"])
        #expect(doc.blocks.allSatisfy { $0.kind == .paragraph })
        #expect(doc.blocks[0].sourceRange.lowerBound == m[1])
        let nl = doc.blocks[0].text.index(of: "\n")
        #expect(doc.blocks[0].text.starts[nl] == m[2] && doc.blocks[0].text.ends[nl] == m[2] + 1)
        #expect(doc.blocks[1].text.starts[0] == m[3])
        #expect(doc.position(1, "inte") == "5:9")
        #expect(doc.position(0, "andra") == "2:1")
    }

    @Test func crlfAndBOM() throws {
        let m = Marked("A⟨1⟩\r\nB\r\n\r\n⟨2⟩C å\r\n", prefix: [0xEF, 0xBB, 0xBF])
        let doc = try parse(m)
        #expect(doc.texts == ["A\nB", "C å"])
        let t = doc.blocks[0].text
        #expect(t.starts == [3, m[1], m[1] + 2])
        #expect(t.ends[1] == m[1] + 2)
        #expect(doc.blocks[1].sourceRange.lowerBound == m[2])
        #expect(doc.position(1, "å") == "4:3")
    }

    @Test func emptyFile() throws {
        #expect(try PlainTextParser().parse(SourceFile(path: "t.txt", text: "")).blocks.isEmpty)
        #expect(try PlainTextParser().parse(SourceFile(path: "t.txt", text: "\n \n")).blocks.isEmpty)
    }
}
