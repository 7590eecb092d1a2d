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

    @Test func simpleScalarsAreCharactersOfTheirOwnWithTheWalksWidth() {
        var simple: [Unicode.Scalar] = []
        for v in UInt32(0x80)...0x10FFFF {
            guard let width = SourceSnippet.simpleWidth(v), let s = Unicode.Scalar(v) else { continue }
            let c = Character(s)
            #expect(width == (SourceSnippet.isControl(c) ? 1 : SourceSnippet.displayWidth(c)), "U+\(String(v, radix: 16))")
            simple.append(s)
        }
        // Next to any other of them, or to printable ASCII, each is one character.
        let neighbours = simple + (0x20...0x7E).compactMap(Unicode.Scalar.init)
        for s in simple {
            var pairs = String.UnicodeScalarView()
            for n in neighbours { pairs.append(s); pairs.append(n) }
            #expect(String(pairs).count == 2 * neighbours.count, "U+\(String(s.value, radix: 16))")
        }
    }

    /// On a long line only the bytes near the span are walked (`walkedRange`); without tabs, whose
    /// expansion then counts from the part's start, the snippet is the whole line's walk.
    @Test func aLongLineShowsWhatTheWholeLineWalkShows() throws {
        var random = SeededGenerator(seed: 27)
        let pieces = ["Verksamheten har ", "320 brukare. ", "åäö ", "ÅÄÖ ", "«citat» ", "– ", "…", "€ ", "ma\u{30A}l ",
                      "日本 ", "👍 ", "x", String(repeating: "ö", count: 700), String(repeating: "日", count: 400)]
        var cut = 0
        for round in 0..<200 {
            var line = ""
            while line.utf8.count < 2_500 + 40 * round { line += pieces[Int.random(in: 0..<pieces.count, using: &random)] }
            let source = SourceFile(path: "t.md", text: line + "\nnästa rad\n")
            let bytes = source.bytes
            let range = source.lineRange(1)
            // Spans from scalar starts: short ones, long ones, and to the line's end.
            let starts = range.filter { bytes[$0] & 0xC0 != 0x80 }
            let from = starts[Int.random(in: 0..<starts.count, using: &random)]
            let ends = starts.filter { $0 >= from } + [range.upperBound]
            let to = round % 3 == 0 ? range.upperBound : ends[min(ends.count - 1, Int.random(in: 0..<12, using: &random))]
            let start = SourceLocation(offset: from, line: 1, column: 1)
            let end = SourceLocation(offset: to, line: 1, column: 1)
            let shown = try #require(SourceSnippet(source: source, start: start, end: end))
            var whole = SourceSnippet.characterWalk(bytes, range, from: from, to: to)
            whole.lineNumber = 1
            #expect(shown == whole, "round \(round): \(from)..<\(to)")
            if SourceSnippet.walkedRange(bytes, range, from: from, to: to).0 != range { cut += 1 }
        }
        #expect(cut > 100)
    }

    /// A long run of combining marks leaves the cut no character boundary: it then falls between
    /// two marks, never inside one, and the caret stays under the span.
    @Test func aCutInARunOfCombiningMarksKeepsTheCaretOnTheSpan() throws {
        for marks in [600, 601, 2_000] {
            let line = "Z" + String(repeating: "\u{301}", count: marks) + " 320 brukare x" + String(repeating: "\u{301}", count: marks)
                + String(repeating: "x", count: 1_500)
            let s = try #require(snippet(line, "320 brukare"))
            #expect(!s.text.contains("\u{FFFD}"), "\(marks)")
            var column = 0
            var rest = Substring(s.text)
            while column < s.caretStart, let c = rest.first {
                column += SourceSnippet.isControl(c) ? 1 : SourceSnippet.displayWidth(c)
                rest = rest.dropFirst()
            }
            #expect(rest.hasPrefix("320 brukare"), "\(marks): \(s.caretStart) in \(s.text.prefix(80))")
        }
    }

    @Test func theByteWalkOfSimpleLinesMatchesTheCharacterWalk() throws {
        var random = SeededGenerator(seed: 6)
        let pieces = ["a", "B", " ", "\t", "å", "Ä", "\u{AD}", "\u{85}", "\u{1B}", "\u{7F}", "«", "»", "–", "—", "”", "…",
                      "€", "\u{2030}", "\u{205E}", "ord ", "300 brukare ", String(repeating: "lång text ", count: 9)]
        var checked = 0
        for _ in 0..<3000 {
            let line = random.text(from: pieces, maxPieces: 40)
            let bytes = Array(line.utf8)
            let from = Int.random(in: 0...bytes.count, using: &random)
            let to = Int.random(in: from...bytes.count, using: &random)
            let fast = try #require(SourceSnippet.simpleLine(bytes, 0..<bytes.count, from: from, to: to), "\(line)")
            #expect(fast == SourceSnippet.characterWalk(bytes, 0..<bytes.count, from: from, to: to), "\(line) \(from) \(to)")
            checked += 1
        }
        #expect(checked == 3000)
        // Lines the byte walk leaves to the character walk.
        for line in ["ma\u{30A}l", "日本", "👍 x", "a\u{200D}b", "\u{1100}\u{1161}"] {
            let bytes = Array(line.utf8)
            #expect(SourceSnippet.simpleLine(bytes, 0..<bytes.count, from: 0, to: 1) == nil)
        }
        #expect(SourceSnippet.simpleLine([0x61, 0xC3], 0..<2, from: 0, to: 1) == nil)
        #expect(SourceSnippet.simpleLine([0xE0, 0x80, 0x80], 0..<3, from: 0, to: 1) == nil)
    }
}
