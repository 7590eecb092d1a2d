import Testing
@testable import JamlintCore

@Suite struct SourceFileTests {
    @Test func linesAndColumnsCountCharacters() {
        let file = SourceFile(path: "t.md", text: "ab\r\nåäö x\nlast")
        #expect(file.lineCount == 3)
        #expect(file.location(ofByte: 0) == JamlintCore.SourceLocation(offset: 0, line: 1, column: 1))
        // "x" on line 2 sits after three two-byte letters and a space.
        let x = Array(file.bytes).firstIndex(of: UInt8(ascii: "x"))!
        #expect(file.location(ofByte: x) == JamlintCore.SourceLocation(offset: x, line: 2, column: 5))
        #expect(file.lineText(1) == "ab")
        #expect(file.lineText(3) == "last")
    }

    @Test func bomIsNotAColumn() {
        let file = SourceFile(path: "t.md", bytes: [0xEF, 0xBB, 0xBF] + Array("Hej".utf8))
        #expect(file.location(ofByte: 3).column == 1)
        #expect(file.location(ofByte: 4).column == 2)
    }

    @Test func nfdLetterIsOneColumn() {
        let file = SourceFile(path: "t.md", text: "a\u{30A}b")
        #expect(file.location(ofByte: 3).column == 2)
    }

    @Test func textBuilderComposesAndDropsSoftHyphens() {
        var b = TextBuilder()
        let src = Array("ka\u{30A}\u{AD}r".utf8)
        b.appendLiteral(src[...], at: 10)
        let t = b.build()
        #expect(t.string == "kår")
        #expect(t.starts == [10, 11, 16])
        #expect(t.ends == [11, 14, 17])
    }
}
