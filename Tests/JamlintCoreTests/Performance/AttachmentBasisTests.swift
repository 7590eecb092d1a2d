import Foundation
import Testing
@testable import JamlintCore

/// `AttachmentReferenceKind.basisBytes` (written into memory sized once) gives the bytes of the
/// plain construction: each block of each basis section after a space, lowered by
/// `ScalarClass.appendLower`; and the two-part byte search finds what the search for the joined
/// needle finds.
@Suite struct AttachmentBasisTests {
    static let lines = [
        "- Tjänsteskrivelse 2024-03-12", "- Bilaga 1 Taxa för tillsyn", "- BILAGA 3 Checklista för jämställda beslut",
        "Bilaga nr. 2 ÅÄÖ ÀÞ ×", "- İstanbul-avtalet, ǅ och Ǳ", "- Ω-rapport ΣΑΣ", "- ß och ẞ", "- ﬁnal", "- 𝐀 bilaga",
        "- e\u{301}nkät", "Plain text", "", "- Ǆ ǈ ǋ", "- \u{212A}elvin", "Datum: 2024-01-01",
    ]
    static let headings = ["## Beslutsunderlag", "## Bilagor", "## Bakgrund", "## Jämställdhet", "## Beslutsunderlag"]

    /// The construction the fast one replaced.
    static func plainBasis(_ doc: AnalyzedDocument, categories: [String]) -> [UInt8] {
        var bytes: [UInt8] = []
        for s in doc.sections where s.categories.contains(where: categories.contains) {
            for i in s.body {
                bytes.append(0x20)
                for scalar in doc.blocks[i].block.text.scalars { ScalarClass.appendLower(scalar, to: &bytes) }
            }
        }
        return bytes
    }

    @Test func basisBytesEqualThePlainConstruction() throws {
        let rules = try RuleExamplesTests.loaded.get()
        var rng = SeededGenerator(seed: 0xBA515_0017)
        var nonEmpty = 0, wide = 0
        for _ in 0..<200 {
            var text = "# Ärende\n\n"
            for _ in 0..<(1 + rng.below(4)) {
                text += Self.headings[rng.below(Self.headings.count)] + "\n\n"
                for _ in 0..<rng.below(6) { text += Self.lines[rng.below(Self.lines.count)] + "\n" }
                text += "\n"
            }
            let document = try MarkdownParser().parse(SourceFile(path: "t.md", text: text))
            let doc = AnalyzedDocument(document: document, lexicon: rules.lexicon, structure: rules.structure,
                                       procedural: rules.procedural)
            for categories in [["basis"], ["background", "basis"], ["nosuch"]] {
                let fast = AttachmentReferenceKind.basisBytes(doc, categories: categories)
                let plain = Self.plainBasis(doc, categories: categories)
                #expect(fast == plain, "\(text.debugDescription) \(categories)")
                if !plain.isEmpty { nonEmpty += 1 }
                if plain.contains(where: { $0 >= 0xC4 }) { wide += 1 }
            }
        }
        #expect(nonEmpty > 100 && wide > 20, "\(nonEmpty) with a basis, \(wide) beyond Latin-1")
    }

    @Test func twoPartSearchEqualsTheJoinedNeedle() {
        var rng = SeededGenerator(seed: 0xF1ED_0017)
        let alphabet: [UInt8] = Array("bil a.3nr".utf8)
        for _ in 0..<3000 {
            let haystack = (0..<rng.below(40)).map { _ in alphabet[rng.below(alphabet.count)] }
            let head = (0..<rng.below(4)).map { _ in alphabet[rng.below(alphabet.count)] }
            let tail = (0..<rng.below(3)).map { _ in alphabet[rng.below(alphabet.count)] }
            let joined = head + tail
            let expected = joined.isEmpty ? 0 : AttachmentReferenceKind.Basis.find(joined, in: haystack)
            #expect(AttachmentReferenceKind.Basis.find(head, tail, in: haystack) == expected,
                    "\(haystack) \(head) \(tail)")
        }
    }
}
