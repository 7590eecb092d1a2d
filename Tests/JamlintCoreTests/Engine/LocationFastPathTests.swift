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
