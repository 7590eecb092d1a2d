import Testing
@testable import JamlintCore

#if canImport(Glibc)
import Glibc
#endif

/// A manual throughput check (no timing assertion): `JAMLINT_THROUGHPUT=1 swift test -c release
/// --filter XHTMLThroughputTests` prints how long 2,000 parses of a realistic memo take.
@Suite(.enabled(if: getenv("JAMLINT_THROUGHPUT") != nil)) struct XHTMLThroughputTests {
    static func memo() -> SourceFile {
        var body = "<dl><dt>Diarienummer</dt><dd>KS 2023-00738</dd><dt>Handl&auml;ggare</dt><dd>Anna Berg</dd></dl>\n"
        for section in 0..<12 {
            body += "<h2>Avsnitt \(section)</h2>\n"
            for _ in 0..<4 {
                body += "<p>Förslaget innebär att <strong>kvinnor och män</strong> får samma möjligheter att ta del "
                    + "av verksamheten. Av de 1&nbsp;204 brukarna är 52&nbsp;% flickor och 48 % pojkar; "
                    + "<em>analysen</em> visar inga skillnader &mdash; se <a href=\"#b\">bilaga</a>.</p>\n"
            }
            body += "<ul><li>Första punkten</li><li>Andra punkten med <b>fet</b> text</li></ul>\n"
        }
        body += "<table><tr><th>Kön</th><th>Antal</th></tr><tr><td>Kvinnor</td><td>620</td></tr></table>\n"
        let text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\">"
            + "<head><title>Memo</title><meta name=\"jamlint.relevans\" content=\"ja\"/></head><body>\n"
            + body + "</body></html>\n"
        return SourceFile(path: "memo.xhtml", text: text)
    }

    @Test(arguments: [XMLDocumentParser.Mode.xhtml, .html]) func throughput(mode: XMLDocumentParser.Mode) throws {
        let source = Self.memo()
        let parser = XMLDocumentParser(mode: mode)
        var blocks = 0
        let start = Timings.now()
        for _ in 0..<2000 { blocks += try parser.parse(source).blocks.count }
        let ms = Double(Timings.now() - start) / 1e6
        print("\(mode): 2000 parses of \(source.bytes.count) bytes (\(blocks / 2000) blocks) in \(ms) ms")
        #expect(blocks > 0)
    }
}
