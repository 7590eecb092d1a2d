import Testing
@testable import JamlintCore

@Suite struct FrontMatterTests {
    @Test func scalarsBecomeMetadataAtTheirPositions() throws {
        let m = Marked("""
            ---
            ⟨1⟩titel: ⟨2⟩Motion om lön
            jamlint:
              relevans: ⟨3⟩ej-relevant
              motivering: "⟨4⟩Gäller tider"
            taggar: [⟨5⟩a, b]
            ---
            # ⟨6⟩Rubrik

            """)
        let doc = try markdown(m)
        #expect(doc.blocks.map(\.kind) == [.metadata, .metadata, .metadata, .metadata, .metadata, .heading])
        #expect(doc.blocks.map(\.metadataKey) == ["titel", "jamlint.relevans", "jamlint.motivering", "taggar", "taggar", nil])
        #expect(doc.texts == ["Motion om lön", "ej-relevant", "Gäller tider", "a", "b", "Rubrik"])
        #expect(doc.blocks[0].sourceRange.lowerBound == m[1])
        #expect(doc.blocks[0].text.starts[0] == m[2])
        #expect(doc.blocks[0].text.ends.last == m[2] + "Motion om lön".utf8.count)
        #expect(doc.blocks[1].text.starts[0] == m[3])
        #expect(doc.blocks[2].text.starts[0] == m[4])
        #expect(doc.blocks[3].text.starts[0] == m[5])
        #expect(doc.position(1, "ej") == "4:13")
        #expect(doc.blocks[5].text.starts[0] == m[6])
        #expect(doc.position(5, "Rubrik") == "8:3")
    }

    @Test func frontMatterWithBOMAndCRLFAndDots() throws {
        let m = Marked("---\r\ntitel: ⟨1⟩Hej\r\n...\r\nText ⟨2⟩här\r\n", prefix: [0xEF, 0xBB, 0xBF])
        let doc = try markdown(m)
        #expect(doc.texts == ["Hej", "Text här"])
        #expect(doc.blocks[0].text.starts[0] == m[1])
        #expect(doc.blocks[1].text.start(of: "här") == m[2])
        #expect(doc.position(1, "här") == "4:6")
    }

    @Test func escapedOrMultiLineValuesMapToTheValueStart() throws {
        let m = Marked("---\nnot: ⟨1⟩\"rad\\tett\"\nlång: ⟨2⟩|\n  två\n  rader\n---\n")
        let doc = try markdown(m)
        #expect(doc.texts == ["rad\tett", "två\nrader\n"])
        #expect(doc.blocks[0].text.starts.allSatisfy { $0 == m[1] })
        #expect(doc.blocks[1].text.starts.allSatisfy { $0 == m[2] })
    }

    @Test func malformedFrontMatterIsAParseErrorWithAPosition() {
        do {
            _ = try markdown("---\ntitel: ok\nfel: [a, b\nmer: x\n---\nText\n")
            Issue.record("expected a ParseError")
        } catch {
            #expect(error.message.hasPrefix("invalid YAML front matter"))
            #expect(error.line == 4)
            #expect(error.path == "t.md")
        }
        do {
            _ = try markdown("---\na: b\n  c: d\n---\n")
            Issue.record("expected a ParseError")
        } catch {
            #expect(error.line == 3)
            #expect(error.column == 4)
        }
    }

    @Test func leadingThematicBreakIsNotFrontMatter() throws {
        #expect(try markdown("---\nText utan slut\n").texts == ["Text utan slut"])
        let setext = try markdown("---\nHej\n---\n")
        #expect(setext.texts == ["Hej"])
        #expect(setext.blocks[0].kind == .heading)
        #expect(try markdown("---\n---\nText\n").texts == ["Text"])
    }
}
