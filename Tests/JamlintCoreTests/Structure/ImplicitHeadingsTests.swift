import Testing
@testable import JamlintCore

@Suite struct ImplicitHeadingsTests {
    static let lexicon = StructureLexicon(
        sections: [
            "gender": ["Jämställdhet", "Konsekvenser för kvinnor och män*"],
            "background": ["Bakgrund"],
            "summary": ["Sammanfattning", "Sammanfattning av ärendet"],
        ],
        metadataFields: ["Datum", "Diarienummer", "Dnr", "Handläggare", "Vår beteckning"]
    )

    private func md(_ m: Marked) throws(ParseError) -> Document {
        var doc = try MarkdownParser().parse(m.source)
        ImplicitHeadings(lexicon: Self.lexicon).apply(to: &doc)
        return doc
    }

    private func text(_ m: Marked) throws(ParseError) -> Document {
        var doc = try PlainTextParser().parse(SourceFile(path: "t.txt", bytes: m.bytes))
        ImplicitHeadings(lexicon: Self.lexicon).apply(to: &doc)
        return doc
    }

    private func kinds(_ doc: Document) -> [String] {
        doc.blocks.map { b in
            switch b.kind {
            case .heading: (b.isImplicitHeading ? "h\(b.level)*" : "h\(b.level)") + ":" + b.text.string
            case .metadata: "meta:\(b.metadataKey ?? "")=\(b.text.string)"
            default: "\(b.kind.rawValue):\(b.text.string)"
            }
        }
    }

    @Test func wholeBoldParagraphIsAHeading() throws {
        let m = Marked("Inledande text om ärendet.\n\n⟨1⟩**⟨2⟩Barnperspektiv**⟨3⟩\n\nBarn berörs.\n")
        let doc = try md(m)
        #expect(kinds(doc) == ["paragraph:Inledande text om ärendet.", "h2*:Barnperspektiv", "paragraph:Barn berörs."])
        let h = doc.blocks[1]
        #expect(h.text.starts[0] == m[2])
        #expect(h.sourceRange == m[1]..<m[3])
        #expect(doc.position(1, "Barn") == "3:3")
    }

    @Test func boldFirstLineSplitsOffTheRest() throws {
        let m = Marked("Inledning.\n\n**⟨1⟩Bakgrund**\n⟨2⟩Kommunen har fått **en** motion.\nAndra raden.\n")
        let doc = try md(m)
        #expect(kinds(doc) == ["paragraph:Inledning.", "h2*:Bakgrund", "paragraph:Kommunen har fått en motion.\nAndra raden."])
        #expect(doc.blocks[1].text.starts[0] == m[1])
        #expect(doc.blocks[2].text.starts[0] == m[2])
        #expect(doc.blocks[2].sourceRange.lowerBound == m[2])
        #expect(doc.blocks[2].strong.map { doc.blocks[2].text.string($0) } == ["en"])
        #expect(doc.position(2, "Kommunen") == "4:1")
    }

    @Test func boldSentencesAndPartlyBoldLinesAreNotHeadings() throws {
        let doc = try md(Marked("""
            Start.

            **Detta är en viktig mening.**

            **Obs** gäller alla.

            **ett två tre fyra fem sex sju åtta nio tio elva tolv tretton**

            **Bilaga 1.**
            """))
        #expect(kinds(doc) == [
            "paragraph:Start.", "paragraph:Detta är en viktig mening.", "paragraph:Obs gäller alla.",
            "paragraph:ett två tre fyra fem sex sju åtta nio tio elva tolv tretton", "h2*:Bilaga 1.",
        ])
    }

    @Test func levelIsOneBelowTheLastExplicitHeading() throws {
        let doc = try md(Marked("# Titel\n\nText.\n\n**A**\n\n## Del\n\n**B**\n\n###### Djup\n\n**C**\n"))
        #expect(kinds(doc) == ["h1:Titel", "paragraph:Text.", "h2*:A", "h2:Del", "h3*:B", "h6:Djup", "h6*:C"])
    }

    @Test func knownSectionNamesWithNumberingAndColon() throws {
        let m = Marked("Inledning.\n\n⟨1⟩3.2 Jämställdhet:\n⟨2⟩Förslaget påverkar kvinnor och män lika.\n\nKonsekvenser för kvinnor och män samt flickor och pojkar\n\nSammanfattning\n")
        let doc = try md(m)
        #expect(kinds(doc) == [
            "paragraph:Inledning.", "h2*:3.2 Jämställdhet:", "paragraph:Förslaget påverkar kvinnor och män lika.",
            "h2*:Konsekvenser för kvinnor och män samt flickor och pojkar", "h2*:Sammanfattning",
        ])
        #expect(doc.blocks[1].text.starts[0] == m[1])
        #expect(doc.blocks[2].text.starts[0] == m[2])
        // The same in plain text.
        let plain = try text(m)
        #expect(kinds(plain) == kinds(doc))
        #expect(plain.position(2, "Förslaget") == "4:1")
    }

    @Test func labelPrefixBecomesHeadingAndParagraph() throws {
        let m = Marked("Inledning.\n\n⟨1⟩Barnperspektiv⟨2⟩: ⟨3⟩Förslaget berör barn.\nOch fler rader.\n\nFörvaltningens samlade bedömning: ja.\n\nEn mycket lång etikett här: nej.\n\nliten: nej.\n\nKl 10:30 börjar mötet.\n")
        let doc = try md(m)
        #expect(kinds(doc) == [
            "paragraph:Inledning.",
            "h2*:Barnperspektiv", "paragraph:Förslaget berör barn.\nOch fler rader.",
            "h2*:Förvaltningens samlade bedömning", "paragraph:ja.",
            "paragraph:En mycket lång etikett här: nej.", "paragraph:liten: nej.", "paragraph:Kl 10:30 börjar mötet.",
        ])
        #expect(doc.blocks[1].sourceRange == m[1]..<m[2])
        #expect(doc.blocks[2].text.starts[0] == m[3])
        #expect(doc.position(2, "Förslaget") == "3:17")
    }

    @Test func headerFieldsBecomeMetadata() throws {
        let m = Marked("""
            TJÄNSTESKRIVELSE
            Datum ⟨1⟩2024-01-23
            ⟨2⟩Dnr ⟨3⟩KS 2023-00738

            Handläggare: ⟨4⟩Anna Svensson
            Vår beteckning: 12

            # Förslag till beslut

            Diarienummer KS 2023/0093

            Datum: ⟨5⟩2024-02-01
            """)
        let doc = try md(m)
        #expect(kinds(doc) == [
            "paragraph:TJÄNSTESKRIVELSE", "meta:Datum=2024-01-23", "meta:Dnr=KS 2023-00738",
            "meta:Handläggare=Anna Svensson", "meta:Vår beteckning=12", "h1:Förslag till beslut",
            "paragraph:Diarienummer KS 2023/0093", "meta:Datum=2024-02-01",
        ])
        #expect(doc.blocks[1].text.starts[0] == m[1])
        #expect(doc.blocks[2].sourceRange.lowerBound == m[2])
        #expect(doc.blocks[2].text.starts[0] == m[3])
        #expect(doc.blocks[3].text.starts[0] == m[4])
        #expect(doc.blocks[7].text.starts[0] == m[5])
        #expect(doc.position(2, "KS") == "3:5")
    }

    @Test func headerFieldsInPlainText() throws {
        let m = Marked("Dnr ⟨1⟩KS 2023-00738\n\nDiarienummer KS 2023/0093\n\nBakgrund\nKommunen har fått en motion.\n\nDnr KS 1\n")
        let doc = try text(m)
        #expect(kinds(doc) == [
            "meta:Dnr=KS 2023-00738", "meta:Diarienummer=KS 2023/0093", "h2*:Bakgrund",
            "paragraph:Kommunen har fått en motion.", "paragraph:Dnr KS 1",
        ])
        #expect(doc.blocks[0].text.starts[0] == m[1])
        #expect(doc.position(0, "KS") == "1:5")
    }

    @Test func proseStartingWithAFieldNameStaysProse() throws {
        let doc = try text(Marked("Kort inledning.\n\nDnr är viktigt att ange alltid\n\nHandläggare Anna Svensson\n"))
        #expect(kinds(doc) == ["paragraph:Kort inledning.", "paragraph:Dnr är viktigt att ange alltid", "paragraph:Handläggare Anna Svensson"])
        let header = try text(Marked("Kort inledning.\n\nHandläggare Anna Svensson\n"))
        #expect(kinds(header) == ["paragraph:Kort inledning.", "meta:Handläggare=Anna Svensson"])
    }

    @Test func severalFieldsOnOneHeaderLine() throws {
        let m = Marked("""
            ⟨1⟩Datum: ⟨2⟩2024-03-12⟨3⟩    ⟨4⟩Vår beteckning: ⟨5⟩KS 2024/0117⟨6⟩
            Handläggare: Anna Berg Dnr: ⟨7⟩KS 1

            # Ny taxa

            Datum: kl. 13:00 i sal 2
            """)
        let doc = try md(m)
        #expect(kinds(doc) == [
            "meta:Datum=2024-03-12", "meta:Vår beteckning=KS 2024/0117", "meta:Handläggare=Anna Berg",
            "meta:Dnr=KS 1", "h1:Ny taxa", "meta:Datum=kl. 13:00 i sal 2",
        ])
        // Each field covers its own part of the line.
        #expect(doc.blocks[0].sourceRange == m[1]..<m[3])
        #expect(doc.blocks[0].text.starts[0] == m[2])
        #expect(doc.blocks[1].sourceRange == m[4]..<m[6])
        #expect(doc.blocks[1].text.starts[0] == m[5])
        #expect(doc.blocks[3].text.starts[0] == m[7])
        #expect(doc.position(1, "KS") == "1:38")
        // A colon in a value that starts no known field label leaves the value whole.
        let notAField = try md(Marked("Handläggare: Anna Berg Tel: 010-123 45 67\n\nText.\n"))
        #expect(kinds(notAField) == ["meta:Handläggare=Anna Berg Tel: 010-123 45 67", "paragraph:Text."])
    }

    @Test func fieldValueOnTheNextLine() throws {
        let doc = try text(Marked("Datum:\n2024-01-23\nDnr:\nKS 1\n\nText.\n"))
        #expect(kinds(doc) == ["meta:Datum=2024-01-23", "meta:Dnr=KS 1", "paragraph:Text."])
    }

    @Test func listItemsAndTableCellsAreLeftAlone() throws {
        let doc = try md(Marked("- **Bakgrund**\n- Jämställdhet: bra\n\n| Bakgrund: x |\n|---|\n| **Fet** |\n"))
        #expect(doc.blocks.map(\.kind) == [.listItem, .listItem, .tableCell, .tableCell])
        #expect(doc.blocks.allSatisfy { !$0.isImplicitHeading })
    }

    @Test func quotesKeepTheirFlag() throws {
        let doc = try md(Marked("Text.\n\n> **Citerat**\n> Rad.\n"))
        #expect(kinds(doc) == ["paragraph:Text.", "h2*:Citerat", "paragraph:Rad."])
        #expect(doc.blocks[1].inQuote && doc.blocks[2].inQuote)
    }

    @Test func builtinLexiconThroughTheLoader() throws {
        let doc = try DocumentLoader().parse(bytes: Array("Dnr KS 2023-00738\n\n**Barnperspektiv**\n\nText.\n".utf8), path: "m.md")
        #expect(kinds(doc) == ["meta:Dnr=KS 2023-00738", "h2*:Barnperspektiv", "paragraph:Text."])
    }

    // MARK: The fast test for paragraphs that stay whole

    /// `staysWhole` (nil for a paragraph with bold text, which the caller never tests with it) and
    /// `pieces` of each paragraph of `source`, with the header zone closed.
    private func staysWhole(_ source: String) throws -> [(text: String, whole: Bool?, pieces: [Block]?)] {
        let doc = try MarkdownParser().parse(SourceFile(path: "t.md", bytes: Array(source.utf8)))
        let headings = ImplicitHeadings(lexicon: Self.lexicon)
        return doc.blocks.filter { $0.kind == .paragraph }.map { block in
            var header = ImplicitHeadings.HeaderZone()
            header.saw(isTitle: false)
            let whole = block.strong.isEmpty
                ? withUnsafePointer(to: block) { ImplicitHeadings.staysWhole($0, headings) } : nil
            let pieces = headings.pieces(of: block, header: &header, headingLevel: 2)
            return (block.text.string, whole, pieces)
        }
    }

    @Test func fastTestLeavesLabelsSectionsAndColonsToTheDetailedOne() throws {
        let results = try staysWhole("""
            Kommunen har fått en motion om fler bänkar.

            Datum: 2024-01-23

            Bakgrund: kommunen har fått en motion.

            Jämställdhet

            Obs: gäller alla.

            Bakgrund till ärendet är att kommunen har fått en motion om fler bänkar i parken.

            Beslutet innebär att alla får stöd.
            """)
        #expect(results.map(\.whole) == [true, false, false, false, false, false, true])
        // A line that starts like a section name but is too long for a heading stays whole after
        // the detailed test ("Obs:" is a label: a heading of its own).
        #expect(results.map { $0.pieces == nil } == [true, false, false, false, false, true, true])
    }

    /// Whenever the fast test says a paragraph stays whole, the detailed one agrees (generated
    /// paragraphs of labels, fields, section names, colons, white space and line breaks).
    @Test func fastTestAgreesWithTheDetailedOne() throws {
        var rng = SeededGenerator(seed: 0x5717)
        let parts = [
            "Datum:", "Dnr", " KS 2024/17", "Bakgrund", "Jämställdhet", "Konsekvenser för kvinnor och män", "3.2 ",
            "Fet", " text", " och mer", ":", ": ", " ", "\n", "Obs", "Vår beteckning: ", "Handläggare", "&nbsp;",
            " Anna Berg", ".", "Förvaltningen föreslår följande", " ett två tre fyra fem sex sju åtta", "å", "2024-01-23",
        ]
        var tested = 0, whole = 0
        for _ in 0..<600 {
            let paragraph = "Start.\n\n" + rng.text(from: parts, maxPieces: 10) + "\n"
            for result in try staysWhole(paragraph) {
                guard let fast = result.whole else { continue }
                tested += 1
                if fast { whole += 1 }
                #expect(!fast || result.pieces == nil, "\(result.text.debugDescription)")
            }
        }
        // Both outcomes occur.
        #expect(whole > 600 && tested > whole)
    }
}
