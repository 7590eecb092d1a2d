import Testing
@testable import JamlintCore

@Suite struct MarkdownBlockTests {
    @Test func headingsAndParagraphs() throws {
        let m = Marked("⟨1⟩# ⟨2⟩Rubrik ett ##\n\n⟨3⟩Text här.\n\n⟨4⟩Setext\n======\n\nUnder\n---\n")
        let doc = try markdown(m)
        #expect(doc.texts == ["Rubrik ett", "Text här.", "Setext", "Under"])
        #expect(doc.blocks.map(\.kind) == [.heading, .paragraph, .heading, .heading])
        #expect(doc.blocks.map(\.level) == [1, 0, 1, 2])
        #expect(doc.blocks[0].sourceRange.lowerBound == m[1])
        #expect(doc.blocks[0].text.starts[0] == m[2])
        #expect(doc.blocks[1].sourceRange == m[3]..<(m[3] + "Text här.".utf8.count))
        #expect(doc.blocks[2].sourceRange.lowerBound == m[4])
        // The setext underline belongs to the heading.
        #expect(doc.source.location(ofByte: doc.blocks[2].sourceRange.upperBound).line == 6)
        #expect(doc.format == .markdown)
    }

    @Test func emptyFileAndBlankFile() throws {
        #expect(try markdown("").blocks.isEmpty)
        #expect(try markdown("  \n\n\t\n").blocks.isEmpty)
        #expect(try markdown("").comments.isEmpty)
    }

    @Test func nestedListsGiveDepthAndOneBlockPerParagraph() throws {
        let m = Marked("⟨1⟩- a\n  - ⟨2⟩b\n    - c\n\n      ⟨3⟩andra stycket\n- d\n")
        let doc = try markdown(m)
        #expect(doc.texts == ["a", "b", "c", "andra stycket", "d"])
        #expect(doc.blocks.allSatisfy { $0.kind == .listItem })
        #expect(doc.blocks.map(\.level) == [1, 2, 3, 3, 1])
        // The first paragraph of an item starts at its marker.
        #expect(doc.blocks[0].sourceRange.lowerBound == m[1])
        #expect(doc.blocks[1].text.starts[0] == m[2])
        #expect(doc.blocks[3].text.starts[0] == m[3])
        #expect(doc.position(3, "andra") == "5:7")
    }

    @Test func theMarkerBelongsToTheItemsFirstBlockOnly() throws {
        let m = Marked("- ```\n  kod\n  ```\n  ⟨1⟩Text\n- ⟨2⟩# Rubrik\n  ⟨3⟩mer\n")
        let doc = try markdown(m)
        #expect(doc.texts == ["Text", "Rubrik", "mer"])
        #expect(doc.blocks.map(\.kind) == [.listItem, .heading, .listItem])
        #expect(doc.blocks[0].sourceRange.lowerBound == m[1])
        #expect(doc.blocks[1].sourceRange.lowerBound == m[2])
        #expect(doc.blocks[2].sourceRange.lowerBound == m[3])
    }

    @Test func blockQuotesMarkInQuote() throws {
        let m = Marked("> ⟨1⟩citat rad ett\n> ⟨2⟩rad två\n⟨3⟩lat rad\n\nUtanför\n\n> - punkt\n")
        let doc = try markdown(m)
        #expect(doc.texts == ["citat rad ett\nrad två\nlat rad", "Utanför", "punkt"])
        #expect(doc.blocks.map(\.inQuote) == [true, false, true])
        #expect(doc.blocks[2].kind == .listItem)
        let quote = doc.blocks[0].text
        #expect(quote.start(of: "citat") == m[1])
        #expect(quote.start(of: "rad två") == m[2])
        #expect(quote.start(of: "lat") == m[3])  // cmark's own column here is wrong (3 instead of 1)
        #expect(doc.position(0, "lat") == "3:1")
    }

    @Test func codeBlocksAreNotProse() throws {
        let doc = try markdown("Före\n\n```swift\nlet kvinnor = 5\n```\n\n    indenterad kod\n\nEfter\n")
        #expect(doc.texts == ["Före", "Efter"])
    }

    @Test func htmlCommentsAreCapturedAndRawHTMLIsNotProse() throws {
        let m = Marked("⟨1⟩<!-- jamlint-disable JAM006 -->⟨2⟩\n\n<div>inte prosa</div>\n\nText ⟨3⟩<!-- inne -->⟨4⟩ här <b>fet</b>\n\n⟨5⟩<!--\nflera\nrader\n-->⟨6⟩\n")
        let doc = try markdown(m)
        #expect(doc.texts == ["Text  här fet"])
        #expect(doc.comments.map(\.text) == [" jamlint-disable JAM006 ", " inne ", "\nflera\nrader\n"])
        #expect(doc.comments[0].sourceRange == m[1]..<m[2])
        #expect(doc.comments[1].sourceRange == m[3]..<m[4])
        #expect(doc.comments[2].sourceRange == m[5]..<m[6])
    }

    @Test func tablesGiveOneBlockPerCell() throws {
        let m = Marked("| Kön | Antal |\n|---|--:|\n| ⟨1⟩Kvinnor | ⟨2⟩5 ⟨3⟩\\| 6 |\n| Män | **7** |\n\nText\n\n| A |\n|---|\n| ⟨4⟩ |\n")
        let doc = try markdown(m)
        let cells = doc.blocks.filter { $0.kind == .tableCell }
        #expect(cells.map(\.text.string) == ["Kön", "Antal", "Kvinnor", "5 | 6", "Män", "7", "A", ""])
        #expect(cells.map { $0.table?.table } == [0, 0, 0, 0, 0, 0, 1, 1])
        #expect(cells.map { $0.table?.row } == [0, 0, 1, 1, 2, 2, 0, 1])
        #expect(cells.map { $0.table?.column } == [0, 1, 0, 1, 0, 1, 0, 0])
        #expect(cells.map { $0.table?.isHeader } == [true, true, false, false, false, false, true, false])
        #expect(cells[2].text.starts[0] == m[1])
        #expect(cells[3].text.starts[0] == m[2])
        // The escaped pipe maps to both of its bytes.
        let pipe = cells[3].text.index(of: "|")
        #expect(cells[3].text.starts[pipe] == m[3])
        #expect(cells[3].text.ends[pipe] == m[3] + 2)
        #expect(cells[5].strong == [0..<1])
        #expect(doc.blocks.first { $0.kind == .paragraph }?.text.string == "Text")
        #expect(cells[7].sourceRange.lowerBound <= m[4])
    }

    @Test func inlineMarkupIsTextButURLsAndImagesAreNot() throws {
        let m = Marked("Se [⟨1⟩länken](https://exempel.se/a \"titel\") och `⟨2⟩kod` ![bild](x.png) ⟨3⟩<https://auto.se> ⟨4⟩slut")
        let doc = try markdown(m)
        #expect(doc.texts == ["Se länken och kod  https://auto.se slut"])
        let t = doc.blocks[0].text
        #expect(t.start(of: "länken") == m[1])
        #expect(t.start(of: "kod") == m[2])
        #expect(t.start(of: "https://auto") == m[3] + 1)
        #expect(t.start(of: "slut") == m[4])
    }

    @Test func strongRangesForBothDelimiters() throws {
        let doc = try markdown("Det är **mycket viktigt** och __detta__ med *kursiv*.")
        let b = doc.blocks[0]
        #expect(b.text.string == "Det är mycket viktigt och detta med kursiv.")
        #expect(b.strong.map { b.text.string($0) } == ["mycket viktigt", "detta"])
    }

    @Test func softAndHardBreaksBecomeNewlines() throws {
        let m = Marked("ett⟨1⟩\ntvå  ⟨2⟩\ntre\\⟨3⟩\nfyra")
        let doc = try markdown(m)
        let t = doc.blocks[0].text
        #expect(t.string == "ett\ntvå\ntre\nfyra")
        let breaks = t.scalars.indices.filter { t.scalars[$0] == "\n" }
        #expect(breaks.map { t.starts[$0] } == [m[1], m[2], m[3]])
        #expect(breaks.map { t.ends[$0] } == [m[1] + 1, m[2] + 1, m[3] + 1])
    }
}
