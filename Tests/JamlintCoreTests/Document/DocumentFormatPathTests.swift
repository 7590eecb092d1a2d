import Testing
@testable import JamlintCore

@Suite struct DocumentFormatPathTests {
    /// The format by the lower-cased extension through `String`, as `forPath` reads it for any path:
    /// the byte-wise fast path must give the same answer.
    private static func reference(_ path: String) -> DocumentFormat? {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return nil }
        switch path[path.index(after: dot)...].lowercased() {
        case "md", "markdown", "mdown", "mkd": return .markdown
        case "xhtml", "xht": return .xhtml
        case "html", "htm": return .html
        case "txt", "text": return .text
        case "docx": return .docx
        case "odt": return .odt
        default: return nil
        }
    }

    @Test func knownExtensionsInAnyCase() {
        #expect(DocumentFormat.forPath("memo.md") == .markdown)
        #expect(DocumentFormat.forPath("dir.d/MEMO.MarkDown") == .markdown)
        #expect(DocumentFormat.forPath("a/b.XHTML") == .xhtml)
        #expect(DocumentFormat.forPath("b.htm") == .html)
        #expect(DocumentFormat.forPath("b.Text") == .text)
        #expect(DocumentFormat.forPath("b.docx") == .docx)
        #expect(DocumentFormat.forPath("b.ODT") == .odt)
        #expect(DocumentFormat.forPath("b.mdx") == nil)
        #expect(DocumentFormat.forPath("b.m") == nil)
        #expect(DocumentFormat.forPath("b.") == nil)
        #expect(DocumentFormat.forPath("md") == nil)
        #expect(DocumentFormat.forPath("a.md/b") == nil)
        #expect(DocumentFormat.forPath("b.md\u{0}") == nil)
        #expect(DocumentFormat.forPath("b.markdowns") == nil)
        // KELVIN SIGN lower-cases to "k": not ASCII, so the general path decides.
        #expect(DocumentFormat.forPath("b.mar\u{212A}down") == .markdown)
    }

    @Test func sameAsTheGeneralPathOnGeneratedNames() {
        var rng = SeededGenerator(seed: 0xF0A7)
        let parts = [
            "a", ".", "/", "md", "MD", "mD", "markdown", "MARKDOWN", "mdown", "mkd", "xhtml", "XHT", "html", "Htm",
            "txt", "TEXT", "docx", "odt", "é", "\u{301}", "\u{212A}", "\u{0}", "-", " ", "ö", "tar.gz", "x",
        ]
        for _ in 0..<4000 {
            let path = rng.text(from: parts, maxPieces: 6)
            #expect(DocumentFormat.forPath(path) == Self.reference(path), "\(path.debugDescription)")
        }
    }
}
