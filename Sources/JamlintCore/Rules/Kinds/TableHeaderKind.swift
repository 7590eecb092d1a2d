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

    /// Cells of each table, by table index, in document order.
    static func tables(_ doc: AnalyzedDocument, in scope: [Int]) -> [Int: [AnalyzedBlock]] {
        // Runs of cells of one table collected in an array, the table looked up once per run:
        // a dictionary update per cell showed in profiles. Cells keep document order.
        var tables: [Int: [AnalyzedBlock]] = [:]
        let blocks = doc.blocks
        var run: [AnalyzedBlock] = []
        var runTable = -1
        func flush() {
            guard !run.isEmpty else { return }
            tables[runTable, default: []].append(contentsOf: run)
            run.removeAll(keepingCapacity: true)
        }
        for i in scope {
            guard let t = blocks[i].block.table?.table else { continue }
            if t != runTable { flush(); runTable = t }
            run.append(blocks[i])
        }
        flush()
        return tables
    }

    /// Header row cells plus first-column cells: where a sex breakdown would be labelled.
    static func labelCells(_ cells: [AnalyzedBlock]) -> [AnalyzedBlock] {
        cells.filter { $0.block.table!.isHeader || $0.block.table!.column == 0 }
    }

    static func splitsBySex(table: Int, _ context: RuleContext) -> Bool {
        let cells = context.document.blocks.filter { $0.block.table?.table == table }
        return PeopleCounts.headersSplitBySex(analysed: labelCells(cells).map { ($0.tokens, $0.mentions) }, lexicon: context.lexicon)
    }

    /// "Handläggare: Sara Holm" or a bare header field name is a memo field, not a count.
    static func isField(_ cell: AnalyzedBlock, _ structure: StructureLexicon) -> Bool {
        let text = cell.block.text.string
        let label = text.split(separator: ":", maxSplits: 1).first.map(String.init) ?? text
        return structure.isMetadataField(label)
    }

    func check(_ context: RuleContext) -> [RawFinding] {
        var out: [RawFinding] = []
        let tables = Self.tables(context.document, in: context.scopeBlocks)
        for key in tables.keys.sorted() {
            let cells = tables[key]!
            let labels = Self.labelCells(cells)
            if PeopleCounts.headersSplitBySex(analysed: labels.map { ($0.tokens, $0.mentions) }, lexicon: context.lexicon) { continue }
            // A layout table ("Handläggare: Sara Holm", a memo header) counts nobody: a table of
            // people has figures in its data cells.
            let data = cells.filter { !$0.block.table!.isHeader && $0.block.table!.column > 0 }
            guard data.contains(where: { c in c.tokens.tokens.contains { $0.kind == .number && $0.number != nil } }) else { continue }
            let peopleLabel = labels.first { label in
                people.occurs(in: label, lexicon: context.lexicon) && !Self.isField(label, context.structure)
            }
            let countLabel = labels.first { c in c.block.table!.isHeader && c.tokens.tokens.contains { countWords.contains($0.lower) } }
            let anyPeople = cells.contains { people.occurs(in: $0, lexicon: context.lexicon) }
            guard let anchor = peopleLabel ?? (anyPeople ? countLabel : nil) else { continue }
            let r = people.firstMatch(in: anchor, lexicon: context.lexicon) ?? 0..<anchor.block.text.count
            let text = anchor.block.text.trimmed().string
            out.append(RawFinding(block: anchor.index, scalars: r.isEmpty ? 0..<anchor.block.text.count : r,
                                  values: ["match": text]))
        }
        return out
    }
}
