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

    @Test func longLinesAreWindowedAroundTheSpan() throws {
        let words = (1...60).map { "ord\($0)" }.joined(separator: " ")
        let line = words + " här är 320 brukare och sedan " + words
        let s = try #require(snippet(line, "320 brukare"))
        #expect(s.text.hasPrefix("…"))
        #expect(s.text.hasSuffix("…"))
        #expect(s.text.count <= SourceSnippet.maxWidth)
        // The caret sits under the span in the window, 30 columns of context after the "…".
        let caret = s.caretLine
        #expect(caret == String(repeating: " ", count: 31) + String(repeating: "^", count: 11))
        let shown = Array(s.text)
        #expect(String(shown[31..<42]) == "320 brukare")
    }

    @Test func aSpanNearTheStartOfALongLineKeepsTheStart() throws {
        let line = "Verksamheten har 320 brukare. " + String(repeating: "Mer text här. ", count: 20)
        let s = try #require(snippet(line, "320 brukare"))
        #expect(s.text.hasPrefix("Verksamheten har 320 brukare."))
        #expect(s.text.hasSuffix("…"))
        #expect(s.caretLine == String(repeating: " ", count: 17) + String(repeating: "^", count: 11))
    }

    @Test func aVeryLongSpanIsCutToFitTheWindow() throws {
        let span = String(repeating: "å", count: 300)
        let s = try #require(snippet("x " + span + " y", span))
        #expect(s.text.count <= SourceSnippet.maxWidth)
        #expect(s.caretWidth >= 1 && s.caretStart + s.caretWidth <= s.text.count)
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
