import Foundation
import Testing
@testable import JamlintCore

/// `Linter.quote`'s short cuts for texts with dashes, quotes and other non-ASCII scalars
/// (`hasOnlyLoneSpaces`) and for long texts (`shortened`) against the general path they skip.
@Suite struct QuoteFastPathTests {
    /// The general path of `Linter.quote`.
    static func general(_ text: String) -> String {
        let oneLine = text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        return oneLine.count > 60 ? String(oneLine.prefix(57)) + "…" : oneLine
    }

    @Test func whiteSpaceTableIsTheProperty() {
        var wrong: [String] = []
        for v in UInt32(0)...0x10FFFF {
            guard let s = Unicode.Scalar(v) else { continue }
            if Linter.isWhiteSpace(v) != s.properties.isWhitespace { wrong.append("U+" + String(v, radix: 16)) }
        }
        #expect(wrong.isEmpty, "\(wrong)")
    }

    /// The byte test `quote` made before its scalar look (`hasOnlyLoneSpaces`) and its cut by scalars
    /// (`shortened`): texts it passed are returned as they are.
    static func passesByteTest(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count <= 60, bytes.first != 0x20, bytes.last != 0x20 else { return false }
        for (k, b) in bytes.enumerated() {
            if (b >= 0x09 && b <= 0x0D) || b == 0xC2 || b == 0xE1 || b == 0xE2 || b == 0xE3 { return false }
            if b == 0x20 && k > 0 && bytes[k - 1] == 0x20 { return false }
        }
        return true
    }

    /// Every other text is quoted as the general path quotes it.
    @Test func quotesAsTheGeneralPath() {
        let fragments = ["a", "Ö", "–", "—", "”", "“", "’", "«", "»", "§", "°", "½", "\u{A0}", "\u{85}", "\u{1680}",
                         "\u{2003}", "\u{2028}", "\u{202F}", "\u{205F}", "\u{3000}", "\u{200B}", "\u{200D}", "\u{301}",
                         "\u{308}", "\u{600}", "\u{903}", "\u{FE0F}", "😀", "👍🏽", "🇸🇪", "\u{1100}", "\u{1161}",
                         "\u{AD}", "e\u{301}", "ﬁ", "…", "€", "\u{E000}", " ", " ", " ", " ", "\n", "\r\n", "\t", "x",
                         "bilaga 3", "Kommunen har beslutat", "ärendet bedöms inte", "åäö", "12,5 %", "ÅÅÅÅ-MM-DD"]
        var rng = SeededGenerator(seed: 0x51_0A7E)
        var byteTest = 0, loneSpaces = 0, general = 0
        for k in 0..<20_000 {
            var text = ""
            let pieces = k % 4 == 0 ? Int.random(in: 10..<40, using: &rng) : Int.random(in: 1..<12, using: &rng)
            for _ in 0..<pieces { text += fragments[Int.random(in: 0..<fragments.count, using: &rng)] }
            let quoted = Linter.quote(text)
            if Self.passesByteTest(text) {
                #expect(quoted == text, "\(text.debugDescription)")
                byteTest += 1
            } else {
                #expect(quoted == Self.general(text), "\(text.debugDescription)")
                if Linter.hasOnlyLoneSpaces(text) { loneSpaces += 1 } else { general += 1 }
            }
        }
        #expect(byteTest > 500 && loneSpaces > 1000 && general > 1000)
    }
}
