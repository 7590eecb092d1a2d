import Foundation

/// The visible text of one word-processor paragraph, already placed in the synthetic source.
struct ParagraphText {
    var text: BlockText
    /// Scalar ranges of `text` that were bold.
    var strong: [Range<Int>]
    /// The paragraph's line in the synthetic source (its byte range, without the line break).
    var range: Range<Int>
    /// 1-based paragraph number (= line of the synthetic source).
    var number: Int

    var isBlank: Bool { text.scalars.allSatisfy { $0.properties.isWhitespace } }
}

/// Builds the synthetic source of a .docx/.odt file: one line per paragraph, made of the
/// paragraph's visible text, so that paragraph N is line N and a column is the character offset
/// within the paragraph plus one. Line breaks inside a paragraph (Word's `w:br`) are a space in
/// the source but `\n` in the block text, so implicit headings still see a paragraph's first line.
struct ParagraphSource {
    private(set) var bytes: [UInt8] = []
    private(set) var paragraphCount = 0

    private var builder = TextBuilder()
    private var lineStart = 0
    private var strong: [Range<Int>] = []
    /// Whether the last thing appended was collapsible white space (OpenDocument folds runs of it).
    private var lastWasSpace = true

    mutating func beginParagraph() {
        if paragraphCount > 0 { bytes.append(0x0A) }
        paragraphCount += 1
        lineStart = bytes.count
        builder = TextBuilder()
        strong = []
        lastWasSpace = true
    }

    /// Appends visible text; `bold` marks it as strong. Tabs, line feeds and other control
    /// characters become spaces so that a paragraph stays one line.
    mutating func append(_ text: String, bold: Bool = false, collapseSpace: Bool = false) {
        let startCount = builder.count
        for scalar in text.precomposedStringWithCanonicalMapping.unicodeScalars {
            var s = scalar
            let v = s.value
            if v == 0xAD { continue }
            if v < 0x20 || v == 0x7F || v == 0x2028 || v == 0x2029 || v == 0x85 { s = " " }
            if collapseSpace && s.properties.isWhitespace && s.value != 0xA0 {
                if lastWasSpace { continue }
                s = " "
            }
            lastWasSpace = s == " "
            let start = bytes.count
            bytes.append(contentsOf: String(Character(s)).utf8)
            builder.append(s, start: start, end: bytes.count)
        }
        markBold(bold, from: startCount)
    }

    /// A line break inside the paragraph: a space in the source, `\n` in the text.
    mutating func appendBreak() {
        let start = bytes.count
        bytes.append(0x20)
        builder.append("\n", start: start, end: bytes.count)
        lastWasSpace = true
    }

    private mutating func markBold(_ bold: Bool, from startCount: Int) {
        guard bold, builder.count > startCount else { return }
        // Adjacent bold runs ("**Bak**" "**grund**" in two runs) make one stretch.
        if let last = strong.last, last.upperBound == startCount {
            strong[strong.count - 1] = last.lowerBound..<builder.count
        } else {
            strong.append(startCount..<builder.count)
        }
    }

    mutating func endParagraph() -> ParagraphText {
        let text = builder.build()
        // Appended text is NFC already and soft hyphens were left out, so scalar indices hold.
        let ranges = strong.map { min($0.lowerBound, text.count)..<min($0.upperBound, text.count) }.filter { !$0.isEmpty }
        return ParagraphText(text: text, strong: ranges, range: lineStart..<bytes.count, number: paragraphCount)
    }

    /// The paragraphs of one table cell (or one header field) as one text; paragraphs are joined
    /// by `\n`, mapped to the line break between them.
    static func join(_ paragraphs: [ParagraphText]) -> (text: BlockText, strong: [Range<Int>], range: Range<Int>)? {
        let kept = paragraphs.filter { !$0.isBlank }
        guard let first = kept.first, let last = kept.last else { return nil }
        var scalars: [Unicode.Scalar] = []
        var starts: [Int] = []
        var ends: [Int] = []
        var strong: [Range<Int>] = []
        var previousEnd = first.range.lowerBound
        for (i, p) in kept.enumerated() {
            if i > 0 {
                scalars.append("\n")
                starts.append(previousEnd)
                ends.append(p.range.lowerBound)
            }
            let offset = scalars.count
            scalars.append(contentsOf: p.text.scalars)
            starts.append(contentsOf: p.text.starts)
            ends.append(contentsOf: p.text.ends)
            strong.append(contentsOf: p.strong.map { ($0.lowerBound + offset)..<($0.upperBound + offset) })
            previousEnd = p.range.upperBound
        }
        return (BlockText(scalars: scalars, starts: starts, ends: ends), strong, first.range.lowerBound..<last.range.upperBound)
    }

    func sourceFile(path: String) -> SourceFile {
        SourceFile(path: path, bytes: bytes, positionUnit: .paragraphs)
    }
}

/// The header fields of a letterhead (Word's page header, OpenDocument's master-page header),
/// read as `.metadata` blocks: "Diarienummer: KS 2024/12" in one paragraph, a label cell followed
/// by a value cell, or a label paragraph followed by its value in the same cell. Other header
/// text (the authority's name, page numbers) is not memo prose and is dropped.
struct HeaderFields {
    let lexicon: StructureLexicon

    /// `rows` are the header's table rows (cells of paragraphs); loose paragraphs are one-cell rows.
    func blocks(rows: [[[ParagraphText]]]) -> [Block] {
        var out: [Block] = []
        for row in rows {
            var column = 0
            while column < row.count {
                let cell = row[column].filter { !$0.isBlank }
                if let first = cell.first {
                    let label = Self.label(first.text)
                    if lexicon.isMetadataField(label.string), label.colon == nil {
                        if cell.count > 1, let value = ParagraphSource.join(Array(cell.dropFirst())) {
                            out.append(block(key: label.string, value: value.text, range: first.range.lowerBound..<value.range.upperBound))
                        } else if column + 1 < row.count, let value = ParagraphSource.join(row[column + 1]) {
                            out.append(block(key: label.string, value: value.text, range: first.range.lowerBound..<value.range.upperBound))
                            column += 1
                        }
                    } else {
                        for paragraph in cell { out.append(contentsOf: inline(paragraph)) }
                    }
                }
                column += 1
            }
        }
        return out
    }

    /// "Diarienummer: KS 2024/12" or "Dnr KS 2024/12" → a field.
    private func inline(_ paragraph: ParagraphText) -> [Block] {
        let text = paragraph.text
        let label = Self.label(text)
        if let colon = label.colon {
            guard lexicon.isMetadataField(label.string) else { return [] }
            let value = text.slice((colon + 1)..<text.count).trimmed()
            return [block(key: label.string, value: value, range: paragraph.range)]
        }
        let start = text.scalars.firstIndex { !$0.properties.isWhitespace } ?? 0
        guard let space = text.scalars[start...].firstIndex(where: { $0.properties.isWhitespace }) else { return [] }
        let key = text.slice(start..<space).string
        let value = text.slice(space..<text.count).trimmed()
        guard !value.isEmpty, lexicon.isMetadataField(key) else { return [] }
        return [block(key: key, value: value, range: paragraph.range)]
    }

    private func block(key: String, value: BlockText, range: Range<Int>) -> Block {
        Block(kind: .metadata, text: value.trimmed(), metadataKey: key, sourceRange: range)
    }

    /// The label of a field: the text before the first colon, or the whole (trimmed) text.
    private static func label(_ text: BlockText) -> (string: String, colon: Int?) {
        if let colon = text.scalars.firstIndex(of: ":") {
            return (text.slice(0..<colon).trimmed().string, colon)
        }
        var s = text.trimmed().string
        if s.hasSuffix(":") { s.removeLast() }
        return (s, nil)
    }
}
