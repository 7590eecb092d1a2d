/// Reads a Word .docx (WordprocessingML) into the document model.
///
/// Structure comes from the XML: headings from paragraph styles (resolved through
/// `word/styles.xml`) or outline levels, list items from numbering, table cells from `w:tbl`, bold
/// from run properties (so bold-only paragraphs become implicit headings later). The text the
/// document carries is a synthetic source of one line per body paragraph (`ParagraphSource`).
///
/// Only what the reader of the printed memo sees counts as prose: inserted text of tracked
/// changes counts, deleted text does not; comments, footnotes, hidden text, drawings and field
/// instructions are left out (a field's displayed result, such as an unfilled «Diarienr», is kept).
/// Page headers are read for header fields only (`HeaderFields`); footers are not read.
struct WordDocumentReader {
    let lexicon: StructureLexicon

    func read(bytes: [UInt8], path: String) throws(ParseError) -> Document {
        var archive = try OfficeArchive(bytes: bytes, path: path, kind: "Word")
        let mainPart = try Self.mainPart(&archive)
        guard let documentBytes = try archive.read(mainPart) else {
            if archive.contains("content.xml") {
                throw ParseError(path: path, message: "this is an OpenDocument file, not a Word document; rename it to .odt")
            }
            throw ParseError(path: path, message: "not a Word document: the archive has no \(mainPart)")
        }
        let root = try XMLTree.parse(documentBytes, path: path, part: mainPart)
        guard WordML.isW(root, "document"), let body = WordML.child(root, "body") else {
            throw ParseError(path: path, message: "not a Word document: \(mainPart) has no w:document/w:body")
        }
        var styles = WordStyles()
        if let styleBytes = try archive.read("word/styles.xml") {
            styles = WordStyles(root: try XMLTree.parse(styleBytes, path: path, part: "word/styles.xml"))
        }
        var walker = WordBodyWalker(styles: styles)
        walker.blockContent(body)
        var blocks = walker.blocks

        // Headers after the body, so that body paragraph N stays line N.
        let headerNames = archive.names.filter { Self.isHeaderPart($0) }.sorted()
        var headerBlocks: [Block] = []
        for name in headerNames {
            guard let headerBytes = try archive.read(name) else { continue }
            let header = try XMLTree.parse(headerBytes, path: path, part: name)
            let rows = walker.headerRows(header)
            headerBlocks += HeaderFields(lexicon: lexicon).blocks(rows: rows)
        }
        blocks.insert(contentsOf: headerBlocks, at: 0)
        return Document(source: walker.source.sourceFile(path: path), format: .docx, blocks: blocks)
    }

    static func isHeaderPart(_ name: String) -> Bool {
        guard name.hasPrefix("word/header"), name.hasSuffix(".xml") else { return false }
        return name.dropFirst("word/header".count).dropLast(4).allSatisfy { $0.isNumber }
    }

    /// The main document part named by `_rels/.rels` (almost always `word/document.xml`).
    static func mainPart(_ archive: inout OfficeArchive) throws(ParseError) -> String {
        let fallback = "word/document.xml"
        guard let rels = try archive.read("_rels/.rels"),
              let root = try? XMLTree.parse(rels, path: archive.path, part: "_rels/.rels") else { return fallback }
        for relationship in root.elements where relationship.name == "Relationship" {
            let type = relationship.attribute("Type", namespace: "") ?? ""
            guard type.hasSuffix("/officeDocument"), var target = relationship.attribute("Target", namespace: "")
            else { continue }
            if target.hasPrefix("/") { target.removeFirst() }
            return OfficeArchive.unsafeReason(target) == nil && archive.contains(target) ? target : fallback
        }
        return fallback
    }
}

/// Walks `w:body` (and header parts) in document order, numbering every paragraph as Word does.
struct WordBodyWalker {
    let styles: WordStyles
    var source = ParagraphSource()
    var blocks: [Block] = []
    private var tableCount = 0

    init(styles: WordStyles) { self.styles = styles }

    // MARK: Block-level content

    /// Paragraphs, tables and content controls of the body or of a table cell. Returns the
    /// paragraphs read (for cells); body paragraphs also become blocks.
    @discardableResult
    mutating func blockContent(_ parent: XMLTreeElement, inCell: Bool = false) -> [ParagraphText] {
        var paragraphs: [ParagraphText] = []
        for element in parent.elements {
            guard element.namespace == WordML.main || element.namespace == WordML.strict else { continue }
            switch element.name {
            case "p":
                let (paragraph, kind, level) = self.paragraph(element)
                paragraphs.append(paragraph)
                if !inCell && !paragraph.isBlank {
                    blocks.append(Block(kind: kind, level: level, text: paragraph.text,
                                        strong: paragraph.strong, sourceRange: paragraph.range))
                }
            case "tbl":
                table(element)
            case "sdt":
                if let content = WordML.child(element, "sdtContent") {
                    paragraphs += blockContent(content, inCell: inCell)
                }
            case "ins", "moveTo", "customXml":
                paragraphs += blockContent(element, inCell: inCell)
            default:
                continue
            }
        }
        return paragraphs
    }

    mutating func table(_ tbl: XMLTreeElement) {
        let index = tableCount
        tableCount += 1
        var rowIndex = 0
        for row in Self.rows(tbl) {
            let isHeader = rowIndex == 0
                || WordML.child(row, "trPr").flatMap({ WordML.child($0, "tblHeader") }).map({ WordML.isOn(WordML.attribute($0, "val")) }) == true
            var column = 0
            for cell in Self.cells(row) {
                let before = blocks.count
                let paragraphs = blockContent(cell, inCell: true)
                if let joined = ParagraphSource.join(paragraphs) {
                    // A nested table's cells were appended while reading this cell; keep document order.
                    blocks.insert(Block(kind: .tableCell, text: joined.text,
                                        table: TableCellPosition(table: index, row: rowIndex, column: column, isHeader: isHeader),
                                        strong: joined.strong, sourceRange: joined.range), at: before)
                }
                let span = WordML.child(cell, "tcPr").flatMap { WordML.child($0, "gridSpan") }
                    .flatMap { WordML.attribute($0, "val") }.flatMap { Int($0) } ?? 1
                column += min(max(span, 1), 64)
            }
            rowIndex += 1
        }
    }

    /// `w:tr`, also inside content controls and tracked insertions.
    static func rows(_ tbl: XMLTreeElement) -> [XMLTreeElement] {
        var out: [XMLTreeElement] = []
        for e in tbl.elements {
            if WordML.isW(e, "tr") { out.append(e) }
            else if WordML.isW(e, "sdt"), let content = WordML.child(e, "sdtContent") { out += rows(content) }
            else if WordML.isW(e, "ins") || WordML.isW(e, "customXml") { out += rows(e) }
        }
        return out
    }

    static func cells(_ tr: XMLTreeElement) -> [XMLTreeElement] {
        var out: [XMLTreeElement] = []
        for e in tr.elements {
            if WordML.isW(e, "tc") { out.append(e) }
            else if WordML.isW(e, "sdt"), let content = WordML.child(e, "sdtContent") { out += cells(content) }
            else if WordML.isW(e, "customXml") { out += cells(e) }
        }
        return out
    }

    /// Header parts: rows of cells for tables, one-cell rows for loose paragraphs.
    mutating func headerRows(_ header: XMLTreeElement) -> [[[ParagraphText]]] {
        var rows: [[[ParagraphText]]] = []
        for element in header.elements {
            if WordML.isW(element, "p") {
                rows.append([[paragraph(element).0]])
            } else if WordML.isW(element, "tbl") {
                for row in Self.rows(element) {
                    rows.append(Self.cells(row).map { blockContent($0, inCell: true) })
                }
            } else if WordML.isW(element, "sdt"), let content = WordML.child(element, "sdtContent") {
                rows += headerRows(content)
            }
        }
        return rows
    }

    // MARK: Paragraphs

    mutating func paragraph(_ p: XMLTreeElement) -> (ParagraphText, BlockKind, Int) {
        let pPr = WordML.child(p, "pPr")
        let styleID = pPr.flatMap { WordML.child($0, "pStyle") }.flatMap { WordML.attribute($0, "val") }
        var kind = BlockKind.paragraph
        var level = 0
        if let outline = pPr.flatMap(WordML.outlineLevel) {
            if outline < 9 { kind = .heading; level = min(outline + 1, 6) }
        } else if let headingLevel = styles.headingLevel(styleID) {
            kind = .heading
            level = headingLevel
        }
        if kind == .paragraph {
            if let listLevel = pPr.flatMap(WordML.numbering) {
                kind = .listItem
                level = min(max(listLevel, 0), 8) + 1
            } else if styles.isNumbered(styleID) {
                kind = .listItem
                level = 1
            }
        }
        source.beginParagraph()
        inline(p, bold: styles.isBold(styleID))
        return (source.endParagraph(), kind, level)
    }

    /// Runs and the containers runs sit in. Deleted and moved-away text is skipped.
    mutating func inline(_ parent: XMLTreeElement, bold: Bool) {
        for element in parent.elements {
            guard element.namespace == WordML.main || element.namespace == WordML.strict else { continue }
            switch element.name {
            case "r": run(element, paragraphBold: bold)
            case "ins", "moveTo", "hyperlink", "smartTag", "customXml", "fldSimple", "dir", "bdo":
                inline(element, bold: bold)
            case "sdt":
                if let content = WordML.child(element, "sdtContent") { inline(content, bold: bold) }
            default: continue  // del, moveFrom, pPr, bookmarks, comment ranges, proofing marks
            }
        }
    }

    mutating func run(_ r: XMLTreeElement, paragraphBold: Bool) {
        var bold = paragraphBold
        if let rPr = WordML.child(r, "rPr") {
            if let vanish = WordML.child(rPr, "vanish"), WordML.isOn(WordML.attribute(vanish, "val")) { return }
            if let style = WordML.child(rPr, "rStyle").flatMap({ WordML.attribute($0, "val") }), styles.isBold(style) {
                bold = true
            }
            if let direct = WordML.bold(rPr) { bold = direct }
        }
        for element in r.elements {
            guard element.namespace == WordML.main || element.namespace == WordML.strict else { continue }
            switch element.name {
            case "t": source.append(element.textContent, bold: bold)
            case "tab", "ptab": source.append(" ", bold: bold)
            case "br":
                let type = WordML.attribute(element, "type")
                if type == nil || type == "textWrapping" { source.appendBreak() }
            case "cr": source.appendBreak()
            case "noBreakHyphen": source.append("-", bold: bold)
            default: continue  // delText, instrText, footnote/comment references, drawings
            }
        }
    }
}
