import Testing
@testable import JamlintCore

/// Documents shaped like the exports clerks actually produce (Word's "filtered HTML", XHTML with
/// a DOCTYPE and named entities).
@Suite struct XHTMLExportTests {
    @Test func wordFilteredHTML() throws {
        let source = """
            <html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns="http://www.w3.org/TR/REC-html40">
            <head>
            <meta http-equiv=Content-Type content="text/html; charset=windows-1252">
            <meta name=Generator content="Microsoft Word 15 (filtered)">
            <style>
            <!--
            p.MsoNormal {margin:0cm; font-size:11.0pt;}
            -->
            </style>
            </head>
            <body lang=SV style='word-wrap:break-word'>
            <div class=WordSection1>
            <p class=MsoNormal><b><span style='font-size:14.0pt'>Konsekvenser för jämställdhet<o:p></o:p></span></b></p>
            <p class=MsoNormal>Förslaget&nbsp;påverkar <span lang=SV>kvinnor</span> och
            män lika.</p>
            <p class=MsoNormal><o:p>&nbsp;</o:p></p>
            <p class=MsoListParagraph style='text-indent:-18.0pt'><span style='font-family:Symbol'>·<span
            style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp; </span></span>Första punkten</p>
            </div>
            </body>
            </html>
            """
        let doc = try XMLDocumentParser(mode: .html).parse(SourceFile(path: "memo.htm", text: source))
        #expect(doc.texts == [
            "Microsoft Word 15 (filtered)", "Konsekvenser för jämställdhet", "Förslaget\u{A0}påverkar kvinnor och män lika.",
            "·\u{A0}\u{A0} Första punkten",
        ])
        #expect(doc.blocks.map(\.kind) == [.metadata, .paragraph, .paragraph, .paragraph])
        #expect(doc.blocks[0].metadataKey == "Generator")
        #expect(doc.blocks[1].strong == [0..<29])
        #expect(doc.at("Konsekvenser", in: 1) == "13:54")
        #expect(doc.at("män", in: 2) == "15:1")
        #expect(doc.at("Första", in: 3) == "18:65")
        #expect(doc.comments.isEmpty)
        #expect(doc.mapProblems() == [])
    }

    @Test func strictXHTMLWithDoctypeAndNamedEntities() throws {
        let source = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN"
              "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
            <html xmlns="http://www.w3.org/1999/xhtml" xml:lang="sv" lang="sv">
            <head><title>Tj&auml;nsteskrivelse</title>
            <meta name="jamlint.relevans" content="ej relevant &ndash; ren formalia" /></head>
            <body>
            <h1>Tj&auml;nsteskrivelse</h1>
            <p>Barn- och utbildningsf&ouml;rvaltningen f&ouml;resl&aring;r&hellip;</p>
            </body>
            </html>
            """
        let doc = try XMLDocumentParser(mode: .xhtml).parse(SourceFile(path: "memo.xhtml", text: source))
        #expect(doc.texts == [
            "ej relevant – ren formalia", "Tjänsteskrivelse", "Barn- och utbildningsförvaltningen föreslår…",
        ])
        #expect(doc.blocks.map(\.kind) == [.metadata, .heading, .paragraph])
        #expect(doc.at("föreslår", in: 2) == "9:44")
        #expect(doc.sourceText(of: "…", in: 2) == "&hellip;")
        #expect(doc.mapProblems() == [])
    }

    @Test func loaderReadsXHTMLAndHTML() throws {
        let loader = DocumentLoader()
        let xhtml = try loader.parse(
            bytes: Array("<html><body><p>Gr&auml;ns</p></body></html>".utf8), path: "a.xhtml")
        #expect(xhtml.format == .xhtml)
        #expect(xhtml.texts == ["Gräns"])
        let html = try loader.parse(bytes: Array("<p>Gr&auml;ns<p>Tv&aring;".utf8), path: "a.html")
        #expect(html.format == .html)
        #expect(html.texts == ["Gräns", "Två"])
    }
}
