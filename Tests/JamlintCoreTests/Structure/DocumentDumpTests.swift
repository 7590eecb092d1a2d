import Foundation
import Testing
@testable import JamlintCore

@Suite struct DocumentDumpTests {
    @Test func textDumpShowsKindsPositionsAndText() throws {
        var doc = try markdown("# Rubrik\n\n> Citat\n\n| A |\n|---|\n| b\\|c |\n\n**Fet**\n\n<!-- kommentar -->\n")
        ImplicitHeadings(lexicon: StructureLexicon()).apply(to: &doc)
        #expect(DocumentDump.text(doc) == """
            t.md (markdown): 5 blocks, 1 comments
            [0] heading level=1 1:1-1:9 "Rubrik"
            [1] paragraph quote 3:3-3:8 "Citat"
            [2] tableCell table=0 row=0 col=0 header 5:2-5:5 "A"
            [3] tableCell table=0 row=1 col=0 7:2-7:8 "b|c"
            [4] heading level=2 implicit strong=0-3 9:1-9:8 "Fet"
            comment 11:1-11:19 " kommentar "

            """)
    }

    @Test func quotingEscapesControlCharacters() {
        #expect(DocumentDump.quoted("a\n\"b\"\t\\\u{A0}\u{1}") == "\"a\\n\\\"b\\\"\\t\\\\\\u{A0}\\u{1}\"")
    }

    @Test func jsonDumpIsParseable() throws {
        let doc = try markdown("---\ntitel: Hej\n---\nText *på* rad 4\n")
        let json = DocumentDump.json(doc)
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        let blocks = object?["blocks"] as? [[String: Any]]
        #expect(object?["format"] as? String == "markdown")
        #expect(blocks?.count == 2)
        #expect(blocks?[0]["metadataKey"] as? String == "titel")
        #expect(blocks?[1]["text"] as? String == "Text på rad 4")
        let start = blocks?[1]["start"] as? [String: Any]
        #expect(start?["line"] as? Int == 4)
        #expect(start?["column"] as? Int == 1)
    }
}
