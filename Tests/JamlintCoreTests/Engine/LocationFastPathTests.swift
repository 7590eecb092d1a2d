import Foundation
import Testing
@testable import JamlintCore

/// `Linter.location` and `Linter.span` count columns on the bytes for Latin text; they must give
/// exactly what `SourceFile.location(ofByte:)` (Characters of the line) gives, at every offset.
@Suite struct LocationFastPathTests {
    /// Pieces that stay on the byte path (ASCII, å, ä, ö, é, U+02FF) and pieces that must leave it
    /// (CR, CRLF, combining marks that join the letter before them, emoji, ZWJ, U+0300 itself,
    /// a lone continuation byte, a cut-off lead byte), so that a line mixes both.
    private static let pieces: [[UInt8]] = [
        Array("a".utf8), Array("Kvinnor ".utf8), Array("å".utf8), Array("Ö".utf8), Array("é".utf8),
        Array("\u{2FF}".utf8), Array("\u{300}".utf8), Array("e\u{301}".utf8), Array("\n".utf8),
        Array("\r\n".utf8), Array("\r".utf8), Array("\t".utf8), Array("👍🏽".utf8), Array("\u{200D}".utf8),
        Array("–".utf8), Array("\u{AD}".utf8), [0x80], [0xC3], [0xE2, 0x80], Array("ordentligt lång rad ".utf8),
        Array("”".utf8), Array("’".utf8), Array("—".utf8), Array("1\u{FE0F}\u{20E3}".utf8), Array("\u{20E3}".utf8),
        Array("🇸🇪".utf8), Array("\u{1F1F8}".utf8), Array("\u{94B}".utf8), Array("\u{600}".utf8),
    ]

    @Test func columnsEqualTheCharacterCountAtEveryOffset() {
        var random = SeededGenerator(seed: 2031)
        for round in 0..<300 {
            var bytes: [UInt8] = round % 5 == 0 ? [0xEF, 0xBB, 0xBF] : []
            for _ in 0..<Int.random(in: 0...24, using: &random) {
                bytes += Self.pieces.randomElement(using: &random) ?? []
            }
            let source = SourceFile(path: "p.md", bytes: bytes)
            for offset in -1...(bytes.count + 1) {
                #expect(Linter.location(source, ofByte: offset) == source.location(ofByte: offset),
                        "offset \(offset) of \(bytes)")
            }
            // Spans, mostly on one line (counted on from their start), some across lines.
            for _ in 0..<20 {
                let a = Int.random(in: 0...bytes.count, using: &random)
                let b = Int.random(in: a...bytes.count, using: &random)
                let (start, end) = Linter.span(source, a, b)
                #expect(start == source.location(ofByte: a), "span start \(a) of \(bytes)")
                #expect(end == source.location(ofByte: b), "span end \(b) of \(bytes)")
            }
        }
    }

    /// One cursor through a memo's findings (offsets mostly ascending, some back, some on other
    /// lines): each location and its `counted` flag as located afresh, and spans as without it.
    /// `onward` counts the locations asked for on the line of the last one.
    @Test func theCursorCountsAsFromTheLineStart() {
        var random = SeededGenerator(seed: 2032)
        var onward = 0, onwardByCharacters = 0
        for round in 0..<300 {
            var bytes: [UInt8] = round % 7 == 0 ? [0xEF, 0xBB, 0xBF] : []
            for _ in 0..<Int.random(in: 0...60, using: &random) {
                // Mostly one long line, as a memo's paragraph: fewer line ends than in the test above.
                let piece = Self.pieces.randomElement(using: &random) ?? []
                if (piece == [0x0A] || piece == [0x0D, 0x0A] || piece == [0x0D]) && Int.random(in: 0..<3, using: &random) > 0 {
                    continue
                }
                bytes += piece
            }
            let source = SourceFile(path: "p.md", bytes: bytes)
            var cursor = LocationCursor()
            var offset = 0
            for _ in 0..<40 {
                switch Int.random(in: 0..<10, using: &random) {
                case 0: offset = Int.random(in: -1...(bytes.count + 1), using: &random)
                case 1, 2: offset = max(-1, offset - Int.random(in: 0...30, using: &random))
                default: offset = min(bytes.count + 1, offset + Int.random(in: 0...6, using: &random))
                }
                let line = source.line(ofByte: max(source.bomLength, min(offset, bytes.count)))
                let wasOnLine = cursor.line == line
                let fresh = Linter.locate(source, offset)
                let viaCursor = Linter.locate(source, offset, cursor: &cursor)
                #expect(viaCursor.location == source.location(ofByte: offset), "offset \(offset) of \(bytes)")
                #expect(viaCursor.counted == fresh.counted, "offset \(offset) of \(bytes)")
                if wasOnLine {
                    onward += 1
                    if !fresh.counted { onwardByCharacters += 1 }
                }
                if Int.random(in: 0..<3, using: &random) == 0 {
                    let a = max(0, min(offset, bytes.count))
                    let b = Int.random(in: a...min(bytes.count, a + 12), using: &random)
                    let (start, end) = Linter.span(source, a, b, cursor: &cursor)
                    #expect(start == source.location(ofByte: a) && end == source.location(ofByte: b),
                            "span \(a)..<\(b) of \(bytes)")
                }
            }
        }
        #expect(onward > 3000 && onwardByCharacters > 500, "\(onward) counted on, \(onwardByCharacters) by Characters")
    }

    @Test func latinTextTakesTheBytePath() {
        // Without this the comparison above could pass with the fast path never taken.
        let source = SourceFile(path: "p.md", text: "Rubrik\nAntalet flickor och pojkar i förskolan ökade.\n")
        let (location, counted) = Linter.locate(source, 30)
        #expect(counted)
        #expect(location == source.location(ofByte: 30))
        // A combining mark before the offset: the Characters are counted instead.
        let marked = SourceFile(path: "p.md", text: "e\u{301}x y")
        let (markedLocation, viaBytes) = Linter.locate(marked, 4)
        #expect(!viaBytes)
        #expect(markedLocation == marked.location(ofByte: 4))
    }
}
