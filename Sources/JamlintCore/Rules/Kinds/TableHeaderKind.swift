/// `table-header`: a table that counts people (a people noun, or "Antal"/"Andel" with people in
/// the table) whose header row and first column have no Kvinnor/Män/Flickor/Pojkar/Kön label.
/// Lint: points at the header cell that names the people or the count.
struct TableHeaderKind: RuleKind {
    static let name = "table-header"
    static let optionKeys: Set<String> = ["count_words", "people"]

    let countWords: Set<String>
    let people: TermGroup

    init(rule: RuleFile, options: RuleOptions, lexicon: Lexicon) throws(DataFileError) {
        countWords = Set(try options.strings("count_words", default: ["antal", "andel", "andelen", "procent", "%"]))
        people = try options.terms("people", lexicon: lexicon, default: ["people", "children"])!
    }

    /// Header row cells plus first-column cells: where a sex breakdown would be labelled.
    static func labelCells(_ cells: [AnalyzedBlock]) -> [AnalyzedBlock] {
        cells.filter { $0.block.table!.isHeader || $0.block.table!.column == 0 }
    }

    /// Whether a table's header row or first column splits by sex; `cells` are the table's blocks
    /// in document order.
    static func splitsBySex(cells: [AnalyzedBlock], lexicon: Lexicon) -> Bool {
        PeopleCounts.headersSplitBySex(cells: labelCells(cells), lexicon: lexicon)
    }

    /// "Handläggare: Sara Holm" or a bare header field name is a memo field, not a count.
    static func isField(_ cell: AnalyzedBlock, _ structure: StructureLexicon) -> Bool {
        structure.isMetadataField(label(cell.block.text.string))
    }

    /// The text before its first colon, leading colons skipped (the first piece of a split at
    /// colons, empty pieces omitted), or the whole text when it has no such piece. On the bytes
    /// when every scalar is below U+0300, so that each is a character of its own and a colon
    /// byte is a colon character: the Character-wise split cost ~4,500 instructions a cell.
    static func label(_ text: String) -> String {
        let utf8 = text.utf8
        guard !utf8.contains(where: { $0 >= 0xCC }) else {
            return text.split(separator: ":", maxSplits: 1).first.map(String.init) ?? text
        }
        let colon = UInt8(ascii: ":")
        guard let from = utf8.firstIndex(where: { $0 != colon }) else { return text }
        let to = utf8[from...].firstIndex(of: colon) ?? utf8.endIndex
        return String(text[from..<to])
    }

    /// The scope's table cells as (table, block index), grouped by table in ascending table order,
    /// each table's cells in document order: plain integers, where a dictionary of arrays of
    /// blocks retained and released each cell (profile: about a third of this kind's cost).
    static func tableCells(_ doc: AnalyzedDocument, in scope: [Int]) -> [(table: Int, block: Int)] {
        var cells: [(table: Int, block: Int)] = []
        let blocks = doc.blocks
        var sorted = true
        for i in scope {
            guard let t = blocks[i].block.table?.table else { continue }
            if let last = cells.last {
                if last.table > t { sorted = false }
            } else {
                // Sized once, on the first cell (most memos have no table).
                cells.reserveCapacity(scope.count)
            }
            cells.append((t, i))
        }
        // Tables follow one another in document order; a stable sort keeps each table's cells in order.
        if !sorted {
            cells = cells.enumerated().sorted { a, b in
                a.element.table != b.element.table ? a.element.table < b.element.table : a.offset < b.offset
            }.map(\.element)
        }
        return cells
    }

    func check(_ context: RuleContext) -> [RawFinding] {
        var out: [RawFinding] = []
        let blocks = context.document.blocks
        let lexicon = context.lexicon
        let cells = Self.tableCells(context.document, in: context.scopeBlocks)
        var start = 0
        while start < cells.count {
            var end = start + 1
            while end < cells.count && cells[end].table == cells[start].table { end += 1 }
            defer { start = end }
            let table = cells[start..<end].lazy.map { blocks[$0.block] }
            // Cheap tests first (all of them only filter): a layout table ("Handläggare: Sara Holm",
            // a memo header) counts nobody: a table of people has figures in its data cells.
            guard table.contains(where: { c in
                let position = c.block.table!
                return !position.isHeader && position.column > 0
                    && c.tokens.tokens.contains { $0.hasNumber }
            }) else { continue }
            // Header row cells plus first-column cells: where a sex breakdown would be labelled.
            let labels = table.filter { $0.block.table!.isHeader || $0.block.table!.column == 0 }
            if PeopleCounts.headersSplitBySex(cells: labels, lexicon: lexicon) { continue }
            let peopleLabel = labels.first { label in
                people.occurs(in: label, lexicon: lexicon) && !Self.isField(label, context.structure)
            }
            let anchor: AnalyzedBlock
            if let peopleLabel {
                anchor = peopleLabel
            } else {
                guard let countLabel = labels.first(where: { c in
                    c.block.table!.isHeader && c.tokens.tokens.contains { countWords.contains($0.lower) }
                }), table.contains(where: { people.occurs(in: $0, lexicon: lexicon) }) else { continue }
                anchor = countLabel
            }
            // The whole label, as the message quotes it ("Antal brukare", not only "brukare").
            let label = anchor.block.text.trimmedRange
            let text = anchor.block.text.string(label)
            out.append(RawFinding(block: anchor.index, scalars: label.isEmpty ? 0..<anchor.block.text.count : label,
                                  values: ["match": text]))
        }
        return out
    }
}
