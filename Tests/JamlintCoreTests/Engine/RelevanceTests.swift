import Testing
@testable import JamlintCore

@Suite struct RelevanceTests {
    static let list = ProceduralList(["Val av *", "*firmatecknare*", "Anmälan av delegationsbeslut*"])

    func assess(_ build: (inout DocumentBuilder) -> Void, _ text: String) -> Relevance {
        var builder = DocumentBuilder(text)
        build(&builder)
        return Relevance.assess(builder.document(), procedural: Self.list)
    }

    @Test func proceduralHeading() {
        let text = "# Val av ombud till Kommuninvests förenings­stämma\n\nFörslag till beslut …\n"
        let r = assess({ b in
            b.add(.heading, "Val av ombud till Kommuninvests förenings­stämma", level: 1)
            b.add(.paragraph, "Förslag till beslut …")
        }, text)
        #expect(r.status == .procedural(matched: "Val av *"))
        #expect(r.location == SourceLocation(offset: 2, line: 1, column: 3))
        #expect(r.isExempt)
        #expect(r.problems.isEmpty)
    }

    @Test func ordinaryTitleIsRelevant() {
        let text = "# Nya avgifter i hemtjänsten\n\nValet av avgiftsmodell påverkar 320 brukare.\n"
        let r = assess({ b in
            b.add(.heading, "Nya avgifter i hemtjänsten", level: 1)
            b.add(.paragraph, "Valet av avgiftsmodell påverkar 320 brukare.")
        }, text)
        #expect(r.status == .relevant)
        #expect(r.location == SourceLocation(offset: 2, line: 1, column: 3))
        #expect(!r.isExempt)
    }

    @Test func proceduralTitleInPlainTextHeaderLines() throws {
        let document = try DocumentBuilder.plain("""
            TJÄNSTESKRIVELSE
            Datum 2025-01-14
            Diarienummer KS 2025-00012

            Beslut om firmatecknare för kommunstyrelsen 2025

            Förslag till beslut
            Kommunstyrelsen beslutar att …
            """)
        let r = Relevance.assess(document, procedural: Self.list)
        #expect(r.status == .procedural(matched: "*firmatecknare*"))
        #expect(r.location?.line == 5)
        #expect(r.location?.column == 1)
        #expect(Relevance.title(of: document)?.text == "TJÄNSTESKRIVELSE")
    }

    @Test func bodyTextAfterTheFirstHeadingIsNotATitle() {
        let text = "# Ny hemtjänstmodell\n\nVal av utförare görs av brukaren.\n"
        let r = assess({ b in
            b.add(.heading, "Ny hemtjänstmodell", level: 1)
            b.add(.paragraph, "Val av utförare görs av brukaren.")
        }, text)
        #expect(r.status == .relevant)
    }

    @Test func titleFieldIsTheTitle() {
        let text = "---\ntitel: Val av revisorer\n---\n\n# Förslag till beslut\n"
        let r = assess({ b in
            b.add(.metadata, "Val av revisorer", key: "titel")
            b.add(.heading, "Förslag till beslut", level: 1)
        }, text)
        #expect(r.status == .procedural(matched: "Val av *"))
        #expect(r.location == SourceLocation(offset: 11, line: 2, column: 8))
    }

    @Test func frontMatterDeclarationWithReason() {
        let text = """
            ---
            jamlint:
              relevans: ej-relevant
              motivering: "Ärendet gäller intern lokalförsörjning och berör inte invånare."
            ---
            # Lokalbyte för förvaltningens arkiv
            """
        let r = assess({ b in
            b.add(.metadata, "ej-relevant", key: "jamlint.relevans")
            b.add(.metadata, "Ärendet gäller intern lokalförsörjning och berör inte invånare.", key: "jamlint.motivering")
            b.add(.heading, "Lokalbyte för förvaltningens arkiv", level: 1)
        }, text)
        #expect(r.status == .declaredNotRelevant(reason: "Ärendet gäller intern lokalförsörjning och berör inte invånare."))
        #expect(r.location == SourceLocation(offset: 25, line: 3, column: 13))
        #expect(r.isExempt)
    }

    @Test func frontMatterDeclarationWithoutReason() {
        let text = "---\njamlint:\n  relevans: Ej relevant\n  motivering: \"–\"\n---\n# Lokalbyte\n"
        let r = assess({ b in
            b.add(.metadata, "Ej relevant", key: "jamlint.relevans")
            b.add(.metadata, "–", key: "jamlint.motivering")
            b.add(.heading, "Lokalbyte", level: 1)
        }, text)
        #expect(r.status == .declaredWithoutReason)
        #expect(r.location?.line == 3)
        #expect(!r.isExempt)
        let bare = assess({ b in
            b.add(.metadata, "ej-relevant", key: "jamlint.relevans")
        }, "---\njamlint.relevans: ej-relevant\n---\n")
        #expect(bare.status == .declaredWithoutReason)
    }

    @Test func commentDeclarationWithReason() {
        let text = """
            # Lokalbyte för arkivet

            <!-- jamlint-relevans: ej-relevant -- motivering: Ärendet gäller enbart arkivlokaler. -->
            """
        let r = assess({ b in b.add(.heading, "Lokalbyte för arkivet", level: 1) }, text)
        #expect(r.status == .declaredNotRelevant(reason: "Ärendet gäller enbart arkivlokaler."))
        #expect(r.location == SourceLocation(offset: 31, line: 3, column: 6))
    }

    @Test func commentDeclarationWithoutReason() {
        let r = assess({ b in b.add(.heading, "Lokalbyte", level: 1) },
                       "# Lokalbyte\n<!-- jamlint-relevans: ej-relevant -->\n")
        #expect(r.status == .declaredWithoutReason)
        #expect(r.location == SourceLocation(offset: 17, line: 2, column: 6))
        let emptyReason = assess({ _ in }, "<!-- jamlint-relevans: ej-relevant -- motivering: -->")
        #expect(emptyReason.status == .declaredWithoutReason)
    }

    @Test func commentDeclarationWithoutTheSeparator() {
        let r = assess({ _ in }, "<!-- jamlint-relevans: ej relevant, Motivering: Gäller bara växeln. -->")
        #expect(r.status == .declaredNotRelevant(reason: "Gäller bara växeln."))
    }

    @Test func longLeadingTextIsNotSearchedForTitles() throws {
        let filler = (1...20).map { "Rad \($0) med vanlig text." }.joined(separator: "\n")
        let document = try DocumentBuilder.plain(filler + "\nVal av ombud\n")
        #expect(Relevance.assess(document, procedural: Self.list).status == .relevant)
        let early = try DocumentBuilder.plain("Rad ett.\nVal av ombud\n\n" + filler)
        #expect(Relevance.assess(early, procedural: Self.list).status == .procedural(matched: "Val av *"))
    }

    @Test func reasonInASeparateCommentCounts() {
        let r = assess({ _ in }, "<!-- jamlint-relevans: ej-relevant -->\n<!-- jamlint-motivering: Gäller serverhallen. -->")
        #expect(r.status == .declaredNotRelevant(reason: "Gäller serverhallen."))
        #expect(r.location?.line == 1)
    }

    @Test func xhtmlMetaDeclaration() {
        let text = """
            <meta name="jamlint-relevans" content="ej-relevant"/>
            <meta name="jamlint-motivering" content="Ärendet avser teknisk uppgradering av växeln."/>
            """
        var b = DocumentBuilder(text)
        b.add(.metadata, "ej-relevant", key: "jamlint-relevans")
        b.add(.metadata, "Ärendet avser teknisk uppgradering av växeln.", key: "jamlint-motivering")
        let r = Relevance.assess(b.document(format: .xhtml), procedural: Self.list)
        #expect(r.status == .declaredNotRelevant(reason: "Ärendet avser teknisk uppgradering av växeln."))
        #expect(r.location == SourceLocation(offset: 39, line: 1, column: 40))
    }

    @Test func declaredRelevantOverridesAProceduralTitle() {
        let r = assess({ b in
            b.add(.metadata, "relevant", key: "jamlint.relevans")
            b.add(.heading, "Val av nya ledamöter i pensionärsrådet", level: 1)
        }, "---\njamlint.relevans: relevant\n---\n# Val av nya ledamöter i pensionärsrådet\n")
        #expect(r.status == .relevant)
        #expect(r.location?.line == 2)
    }

    @Test func proceduralTitleMakesAMissingReasonMoot() {
        let r = assess({ b in
            b.add(.metadata, "ej-relevant", key: "jamlint.relevans")
            b.add(.heading, "Anmälan av delegationsbeslut 2025", level: 1)
        }, "---\njamlint.relevans: ej-relevant\n---\n# Anmälan av delegationsbeslut 2025\n")
        #expect(r.status == .procedural(matched: "Anmälan av delegationsbeslut*"))
    }

    @Test func unknownDeclarationValueIsAProblem() {
        let r = assess({ b in
            b.add(.metadata, "kanske", key: "Jamlint.Relevans")
            b.add(.heading, "Lokalbyte", level: 1)
        }, "---\njamlint:\n  relevans: kanske\n---\n# Lokalbyte\n")
        #expect(r.status == .relevant)
        #expect(r.problems.count == 1)
        #expect(r.problems.first?.location.line == 3)
        #expect(r.problems.first?.message.en.hasPrefix("unknown value `kanske` for jamlint-relevans") == true)
    }

    @Test func firstDeclarationWins() {
        let r = assess({ b in
            b.add(.metadata, "ej-relevant", key: "jamlint.relevans")
            b.add(.metadata, "Gäller bara växeln.", key: "jamlint.motivering")
        }, "---\njamlint:\n  relevans: ej-relevant\n  motivering: Gäller bara växeln.\n---\n<!-- jamlint-relevans: relevant -->\n")
        #expect(r.status == .declaredNotRelevant(reason: "Gäller bara växeln."))
    }

    @Test func emptyDocumentIsRelevant() {
        let r = Relevance.assess(DocumentBuilder("").document(), procedural: Self.list)
        #expect(r.status == .relevant)
        #expect(r.location == nil)
    }
}
