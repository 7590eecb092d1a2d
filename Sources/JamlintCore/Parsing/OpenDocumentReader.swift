import Foundation

/// Reads an OpenDocument text file (.odt: `content.xml`, `styles.xml`) into the document model,
/// the same way `WordDocumentReader` reads Word: headings from `text:h` and outline-level styles,
/// list items from `text:list`, table cells from `table:table`, bold from text styles, one line
/// of the synthetic source per paragraph. Tracked deletions live in `text:tracked-changes` and are
/// skipped; insertions are ordinary text. Annotations (comments) and notes are not prose; the
/// page header of the master pages is read for header fields only.
struct OpenDocumentReader {
    let lexicon: StructureLexicon

    func read(bytes: [UInt8], path: String) throws(ParseError) -> Document {
        var archive = try OfficeArchive(bytes: bytes, path: path, kind: "OpenDocument")
        if let mimetype = try archive.read("mimetype") {
            let type = String(decoding: mimetype, as: UTF8.self)
            if !type.hasPrefix("application/vnd.oasis.opendocument.text") {
                throw ParseError(path: path, message: "not an OpenDocument text: the archive says it is \(type)")
            }
        }
        guard let contentBytes = try archive.read("content.xml") else {
            if archive.contains("word/document.xml") {
                throw ParseError(path: path, message: "this is a Word document, not an OpenDocument file; rename it to .docx")
            }
            throw ParseError(path: path, message: "not an OpenDocument text: the archive has no content.xml")
        }
        let content = try XMLTree.parse(contentBytes, path: path, part: "content.xml")
        var styleRoot: XMLTreeElement?
        if let styleBytes = try archive.read("styles.xml") {
            styleRoot = try XMLTree.parse(styleBytes, path: path, part: "styles.xml")
        }
        var styles = ODFStyles()
        if let styleRoot { styles.add(styleRoot) }
        styles.add(content)
        guard content.name == "document-content", content.namespace == ODF.office,
              let body = content.child("body", namespace: ODF.office),
              let text = body.child("text", namespace: ODF.office)
        else {
            throw ParseError(path: path, message: "not an OpenDocument text: content.xml has no office:body/office:text")
        }
        var walker = ODFWalker(styles: styles)
        walker.blockContent(text, listDepth: 0)
        var blocks = walker.blocks
        if let styleRoot, let masters = styleRoot.child("master-styles", namespace: ODF.office) {
            var rows: [[[ParagraphText]]] = []
            for master in masters.elements where master.name == "master-page" {
                for header in master.elements where header.namespace == ODF.style
                    && (header.name == "header" || header.name == "header-first") {
                    rows += walker.headerRows(header)
                }
            }
            blocks.insert(contentsOf: HeaderFields(lexicon: lexicon).blocks(rows: rows), at: 0)
        }
        return Document(source: walker.source.sourceFile(path: path), format: .odt, blocks: blocks)
    }
}

enum ODF {
    static let office = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    static let text = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
    static let style = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
    static let table = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
    static let fo = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
}

/// Paragraph and text styles of both parts, resolved through `style:parent-style-name`.
struct ODFStyles {
    struct Style {
        var displayName: String
        var parent: String?
        var outlineLevel: Int?
        var bold: Bool?
    }

    private var styles: [String: Style] = [:]

    mutating func add(_ root: XMLTreeElement) {
        for container in root.elements where container.namespace == ODF.office
            && (container.name == "styles" || container.name == "automatic-styles") {
            for element in container.elements where element.namespace == ODF.style && element.name == "style" {
                guard let name = element.attribute("name", namespace: ODF.style) else { continue }
                var bold: Bool?
                if let props = element.child("text-properties", namespace: ODF.style),
                   let weight = props.attribute("font-weight", namespace: ODF.fo) {
                    bold = weight == "bold" || (Int(weight) ?? 400) >= 600
                }
                styles[name] = Style(
                    displayName: element.attribute("display-name", namespace: ODF.style) ?? name.replacingOccurrences(of: "_20_", with: " "),
                    parent: element.attribute("parent-style-name", namespace: ODF.style),
                    outlineLevel: element.attribute("default-outline-level", namespace: ODF.style).flatMap { Int($0) },
                    bold: bold)
            }
        }
    }

    private func chain(_ name: String?) -> [Style] {
        var out: [Style] = []
        var next = name
        while let current = next, let style = styles[current], out.count < 16 {
            out.append(style)
            next = style.parent
        }
        return out
    }

    func headingLevel(_ name: String?) -> Int? {
        for style in chain(name) {
            if let level = style.outlineLevel, level >= 1 { return min(level, 6) }
            if let level = WordStyles.headingLevel(name: style.displayName) { return level }
        }
        return nil
    }

    func isBold(_ name: String?) -> Bool { boldSetting(name) ?? false }

    /// The font weight the style (or an ancestor) sets, or nil when it sets none.
    func boldSetting(_ name: String?) -> Bool? {
        for style in chain(name) { if let bold = style.bold { return bold } }
        return nil
    }
}

struct ODFWalker {
    let styles: ODFStyles
    var source = ParagraphSource()
    var blocks: [Block] = []
    private var tableCount = 0

    init(styles: ODFStyles) { self.styles = styles }

    @discardableResult
    mutating func blockContent(_ parent: XMLTreeElement, listDepth: Int, inCell: Bool = false) -> [ParagraphText] {
        var paragraphs: [ParagraphText] = []
        for element in parent.elements {
            switch (element.namespace, element.name) {
            case (ODF.text, "p"), (ODF.text, "h"):
                let (paragraph, kind, level) = self.paragraph(element, listDepth: listDepth)
                paragraphs.append(paragraph)
                if !inCell && !paragraph.isBlank {
                    blocks.append(Block(kind: kind, level: level, text: paragraph.text,
                                        strong: paragraph.strong, sourceRange: paragraph.range))
                }
            case (ODF.text, "list"):
                for item in element.elements where item.namespace == ODF.text
                    && (item.name == "list-item" || item.name == "list-header") {
                    paragraphs += blockContent(item, listDepth: min(listDepth + 1, 9), inCell: inCell)
                }
            case (ODF.text, "section"), (ODF.text, "index-body"):
                paragraphs += blockContent(element, listDepth: listDepth, inCell: inCell)
            case (ODF.table, "table"):
                table(element)
            default:
                continue  // text:tracked-changes (deleted text), sequence declarations, forms
            }
        }
        return paragraphs
    }

    mutating func table(_ table: XMLTreeElement) {
        let index = tableCount
        tableCount += 1
        var rowIndex = 0
        for (row, inHeader) in Self.rows(table, inHeader: false) {
            var column = 0
            for cell in row.elements where cell.namespace == ODF.table {
                let repeated = min(max(cell.attribute("number-columns-repeated", namespace: ODF.table).flatMap { Int($0) } ?? 1, 1), 64)
                if cell.name == "table-cell" {
                    let before = blocks.count
                    let paragraphs = blockContent(cell, listDepth: 0, inCell: true)
                    if let joined = ParagraphSource.join(paragraphs) {
                        blocks.insert(Block(kind: .tableCell, text: joined.text,
                                            table: TableCellPosition(table: index, row: rowIndex, column: column,
                                                                     isHeader: inHeader || rowIndex == 0),
                                            strong: joined.strong, sourceRange: joined.range), at: before)
                    }
                }
                if cell.name == "table-cell" || cell.name == "covered-table-cell" { column += repeated }
            }
            rowIndex += 1
        }
    }

    static func rows(_ parent: XMLTreeElement, inHeader: Bool) -> [(XMLTreeElement, Bool)] {
        var out: [(XMLTreeElement, Bool)] = []
        for e in parent.elements where e.namespace == ODF.table {
            switch e.name {
            case "table-row": out.append((e, inHeader))
            case "table-header-rows": out += rows(e, inHeader: true)
            case "table-rows", "table-row-group": out += rows(e, inHeader: inHeader)
            default: continue
            }
        }
        return out
    }

    mutating func headerRows(_ header: XMLTreeElement) -> [[[ParagraphText]]] {
        var rows: [[[ParagraphText]]] = []
        for element in header.elements {
            if element.namespace == ODF.text && (element.name == "p" || element.name == "h") {
                rows.append([[paragraph(element, listDepth: 0).0]])
            } else if element.namespace == ODF.table && element.name == "table" {
                for (row, _) in Self.rows(element, inHeader: false) {
                    rows.append(row.elements.filter { $0.namespace == ODF.table && $0.name == "table-cell" }
                        .map { blockContent($0, listDepth: 0, inCell: true) })
                }
            }
        }
        return rows
    }

    mutating func paragraph(_ p: XMLTreeElement, listDepth: Int) -> (ParagraphText, BlockKind, Int) {
        let styleName = p.attribute("style-name", namespace: ODF.text)
        var kind = BlockKind.paragraph
        var level = 0
        if p.name == "h" {
            kind = .heading
            level = min(max(p.attribute("outline-level", namespace: ODF.text).flatMap { Int($0) }
                ?? styles.headingLevel(styleName) ?? 1, 1), 6)
        } else if let headingLevel = styles.headingLevel(styleName) {
            kind = .heading
            level = headingLevel
        } else if listDepth > 0 {
            kind = .listItem
            level = listDepth
        }
        source.beginParagraph()
        inline(p, bold: styles.isBold(styleName))
        return (source.endParagraph(), kind, level)
    }

    /// ODF folds runs of white space in text to one space; `text:s` and `text:tab` are literal.
    mutating func inline(_ parent: XMLTreeElement, bold: Bool) {
        for node in parent.children {
            switch node {
            case .text(let text):
                source.append(text, bold: bold, collapseSpace: true)
            case .element(let e):
                guard e.namespace == ODF.text else { continue }  // draw frames, office:annotation
                switch e.name {
                case "s":
                    let count = min(max(e.attribute("c", namespace: ODF.text).flatMap { Int($0) } ?? 1, 1), 256)
                    source.append(String(repeating: " ", count: count), bold: bold)
                case "tab": source.append(" ", bold: bold)
                case "line-break": source.appendBreak()
                case "span":
                    let style = e.attribute("style-name", namespace: ODF.text)
                    inline(e, bold: styles.boldSetting(style) ?? bold)
                case "note", "bookmark", "bookmark-start", "bookmark-end", "change", "change-start", "change-end",
                     "soft-page-break", "reference-mark", "reference-mark-start", "reference-mark-end", "toc-mark",
                     "alphabetical-index-mark", "ruby-text":
                    continue
                default:
                    inline(e, bold: bold)  // text:a, placeholders, fields: their visible text
                }
            }
        }
    }
}
