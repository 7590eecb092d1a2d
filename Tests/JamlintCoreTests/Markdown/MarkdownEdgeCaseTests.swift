import Dispatch
import Testing
@testable import JamlintCore

@Suite struct MarkdownEdgeCaseTests {
    @Test func referenceDefinitionsAndImageOnlyParagraphsAreNotProse() throws {
        let doc = try markdown("[r]: https://x.se \"titel\"\n\n![bara en bild](b.png)\n\nSe [texten][r] här.\n")
        #expect(doc.texts == ["Se texten här."])
        let m = Marked("[r]: https://x.se\n\nSe [texten][r] ⟨1⟩här och [r] ⟨2⟩sedan.\n")
        let d = try markdown(m)
        #expect(d.texts == ["Se texten här och r sedan."])
        #expect(d.blocks[0].text.start(of: "här") == m[1])
        #expect(d.blocks[0].text.start(of: "sedan") == m[2])
    }

    @Test func entitiesAndEscapesInHeadingsAndCells() throws {
        let m = Marked("## ⟨1⟩K&ouml;n och \\#1 ##\n\n| ⟨2⟩&Aring;r | Andel |\n|---|---|\n| 2024 | 50&nbsp;⟨3⟩% |\n")
        let doc = try markdown(m)
        #expect(doc.texts == ["Kön och #1", "År", "Andel", "2024", "50\u{A0}%"])
        #expect(doc.blocks[0].text.starts[0] == m[1])
        #expect(doc.blocks[0].text.starts[1] == m[1] + 1 && doc.blocks[0].text.ends[1] == m[1] + 7)
        #expect(doc.blocks[1].text.starts[0] == m[2] && doc.blocks[1].text.ends[0] == m[2] + 7)
        #expect(doc.blocks[4].text.start(of: "%") == m[3])
    }

    @Test func loneCarriageReturnsEndLines() throws {
        let m = Marked("Rad ett\rrad ⟨1⟩två\r\r⟨2⟩Nästa")
        let doc = try markdown(m)
        #expect(doc.texts == ["Rad ett\nrad två", "Nästa"])
        #expect(doc.blocks[0].text.start(of: "två") == m[1])
        #expect(doc.position(1, "Nästa") == "4:1")
        _ = m[2]
    }

    @Test func parsersRunConcurrently() {
        let text = "# Rubrik\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n**Fet** text &auml;.\n"
        nonisolated(unsafe) let counts = UnsafeMutableBufferPointer<Int>.allocate(capacity: 16)
        defer { counts.deallocate() }
        DispatchQueue.concurrentPerform(iterations: 16) { i in
            let doc = try? MarkdownParser().parse(SourceFile(path: "t.md", text: text))
            counts[i] = doc?.blocks.count ?? -1
        }
        #expect(Array(counts) == Array(repeating: 6, count: 16))
    }
}
