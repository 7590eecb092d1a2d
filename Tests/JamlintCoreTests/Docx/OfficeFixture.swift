import Foundation
import ZIPFoundation
@testable import JamlintCore

/// Builds .docx and .odt files in memory for the tests: the parts as XML strings, zipped with
/// ZIPFoundation (deflate unless said otherwise).
enum OfficeFixture {
    static let wordNamespaces = """
        xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" \
        xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        """

    static let rels = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" \
        Target="word/document.xml"/></Relationships>
        """

    static let contentTypes = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
        <Default Extension="xml" ContentType="application/xml"/></Types>
        """

    /// Styles with Swedish names (as a Swedish template has them) and English ones.
    static let styles = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:styles \(wordNamespaces)>\
        <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>\
        <w:style w:type="paragraph" w:styleId="Rubrik1"><w:name w:val="Rubrik 1"/><w:basedOn w:val="Normal"/></w:style>\
        <w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/></w:style>\
        <w:style w:type="paragraph" w:styleId="KommunRubrik"><w:name w:val="Kommunens rubrik"/>\
        <w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="2"/></w:pPr></w:style>\
        <w:style w:type="paragraph" w:styleId="Underrubrik"><w:name w:val="Egen underrubrik"/>\
        <w:basedOn w:val="KommunRubrik"/></w:style>\
        <w:style w:type="paragraph" w:styleId="Fet"><w:name w:val="Fet text"/><w:rPr><w:b/></w:rPr></w:style>\
        <w:style w:type="paragraph" w:styleId="Loop1"><w:name w:val="Loop one"/><w:basedOn w:val="Loop2"/></w:style>\
        <w:style w:type="paragraph" w:styleId="Loop2"><w:name w:val="Loop two"/><w:basedOn w:val="Loop1"/></w:style>\
        </w:styles>
        """

    static func paragraph(_ text: String, style: String? = nil, bold: Bool = false) -> String {
        let pPr = style.map { "<w:pPr><w:pStyle w:val=\"\($0)\"/></w:pPr>" } ?? ""
        let rPr = bold ? "<w:rPr><w:b/></w:rPr>" : ""
        return "<w:p>\(pPr)<w:r>\(rPr)<w:t xml:space=\"preserve\">\(text)</w:t></w:r></w:p>"
    }

    static func documentXML(_ body: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:document \(wordNamespaces)><w:body>\(body)<w:sectPr/></w:body></w:document>
        """
    }

    static func headerXML(_ content: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:hdr \(wordNamespaces)>\(content)</w:hdr>
        """
    }

    /// A .docx whose body is `body` (WordprocessingML inside `w:body`), plus extra parts.
    static func docx(body: String, styles: String? = OfficeFixture.styles, extra: [(String, String)] = []) -> [UInt8] {
        var parts: [(String, [UInt8])] = [
            ("[Content_Types].xml", Array(contentTypes.utf8)),
            ("_rels/.rels", Array(rels.utf8)),
            ("word/document.xml", Array(documentXML(body).utf8)),
        ]
        if let styles { parts.append(("word/styles.xml", Array(styles.utf8))) }
        parts += extra.map { ($0.0, Array($0.1.utf8)) }
        return zip(parts)
    }

    static let odfNamespaces = """
        xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" \
        xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" \
        xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" \
        xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" \
        xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" \
        office:version="1.3"
        """

    static func odt(body: String, automaticStyles: String = "", stylesXML: String? = nil) -> [UInt8] {
        let content = """
            <?xml version="1.0" encoding="UTF-8"?>
            <office:document-content \(odfNamespaces)><office:automatic-styles>\(automaticStyles)</office:automatic-styles>\
            <office:body><office:text>\(body)</office:text></office:body></office:document-content>
            """
        var parts: [(String, [UInt8])] = [
            ("mimetype", Array("application/vnd.oasis.opendocument.text".utf8)),
            ("content.xml", Array(content.utf8)),
        ]
        if let stylesXML { parts.append(("styles.xml", Array(stylesXML.utf8))) }
        return zip(parts)
    }

    static func zip(_ parts: [(String, [UInt8])], compression: CompressionMethod = .deflate) -> [UInt8] {
        do {
            let archive = try Archive(data: Data(), accessMode: .create)
            for (name, bytes) in parts {
                let data = Data(bytes)
                try archive.addEntry(
                    with: name, type: .file, uncompressedSize: Int64(data.count),
                    modificationDate: Date(timeIntervalSince1970: 1_700_000_000),
                    compressionMethod: name == "mimetype" ? .none : compression
                ) { position, size in
                    data.subdata(in: Int(position)..<(Int(position) + size))
                }
            }
            return [UInt8](archive.data ?? Data())
        } catch {
            fatalError("cannot build the fixture archive: \(error)")
        }
    }

    static func load(_ bytes: [UInt8], path: String = "memo.docx") throws(ParseError) -> Document {
        try DocumentLoader().parse(bytes: bytes, path: path)
    }

    static var fixturesDirectory: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path
    }

    /// Compact view of the blocks: "kind level 'text' line:column".
    static func outline(_ document: Document) -> [String] {
        document.blocks.map { block in
            let start = block.text.isEmpty ? block.sourceRange.lowerBound : block.text.starts[0]
            let location = document.source.location(ofByte: start)
            var kind = block.kind.rawValue
            if block.kind == .heading || block.kind == .listItem { kind += "\(block.level)" }
            if block.isImplicitHeading { kind += "*" }
            if let key = block.metadataKey { kind += "[\(key)]" }
            if let cell = block.table { kind += "[\(cell.table),\(cell.row),\(cell.column)\(cell.isHeader ? ",h" : "")]" }
            return "\(kind) \(location.line):\(location.column) \(block.text.string)"
        }
    }
}
