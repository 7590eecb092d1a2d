import Testing
@testable import JamlintCore

@Suite struct SourceSnippetTests {
    func snippet(_ text: String, _ needle: String, through: String? = nil) -> SourceSnippet? {
        let source = SourceFile(path: "t.md", text: text)
        let (start, end) = ReportFixture.span(source, needle, through: through)
        return SourceSnippet(source: source, start: start, end: end)
    }

    @Test func swedishLettersAreOneColumnEach() throws {
        let s = try #require(snippet("åäö ÅÄÖ mål", "mål"))
        #expect(s.text == "åäö ÅÄÖ mål")
        #expect(s.caretLine == "        ^^^")
    }

    @Test func tabsExpandToMultiplesOfEightInTextAndCaret() throws {
        let s = try #require(snippet("a\tbc\tmål", "mål"))
        #expect(s.text == "a       bc      mål")
        #expect(s.caretLine == "                ^^^")
        let tab = try #require(snippet("ab\tc", "\t"))
        #expect(tab.caretLine == "  ^^^^^^")
    }

    @Test func crlfIsNotPartOfTheLine() throws {
        let s = try #require(snippet("rad ett\r\nrad två\r\n", "två"))
        #expect(s.lineNumber == 2)
        #expect(s.text == "rad två")
        #expect(s.caretLine == "    ^^^")
    }

    @Test func multiLineSpanUnderlinesToEndOfFirstLine() throws {
        let s = try #require(snippet("Första raden\r\nandra raden\r\n", "raden", through: "andra"))
        #expect(s.lineNumber == 1)
        #expect(s.caretLine == "       ^^^^^")
    }

    @Test func decomposedLetterAndWideCharacters() throws {
        let nfd = try #require(snippet("ma\u{30A}l x", "x"))
        #expect(nfd.caretLine == "    ^")
        let wide = try #require(snippet("日本 x", "x"))
        #expect(wide.caretLine == "     ^")
        let emoji = try #require(snippet("👍 x", "x"))
        #expect(emoji.caretLine == "   ^")
    }

    @Test func emptySpanGetsOneCaret() throws {
        let source = SourceFile(path: "t.md", text: "abc\n")
        let end = source.location(ofByte: 3)
        let s = try #require(SourceSnippet(source: source, start: end, end: end))
        #expect(s.caretLine == "   ^")
    }

    @Test func controlCharactersAreNeutralised() throws {
        let s = try #require(snippet("a\u{1B}[31mb x", "x"))
        #expect(!s.text.contains("\u{1B}"))
        #expect(s.caretLine == "        ^")
    }

    @Test func lineOutOfRangeGivesNoSnippet() {
        let source = SourceFile(path: "t.md", text: "abc")
        let far = SourceLocation(offset: 99, line: 9, column: 1)
        #expect(SourceSnippet(source: source, start: far, end: far) == nil)
    }
}
