/// `people-count`: a count of people ("320 brukare", "45 procent av eleverna", "andelen
/// invånare") that is not broken down by sex in the same sentence, the next sentence or an
/// adjacent table with sex columns.
/// Lint: points at the count.
struct PeopleCountKind: RuleKind {
    static let name = "people-count"
    static let optionKeys: Set<String> = ["in_headings"]

    let inHeadings: Bool

    init(rule: RuleFile, options: RuleOptions, lexicon: Lexicon) throws(DataFileError) {
        inHeadings = try options.bool("in_headings", default: false)
    }

    func check(_ context: RuleContext) -> [RawFinding] {
        let doc = context.document
        var out: [RawFinding] = []
        let scope = context.scopeBlocks
        // Once per memo checked (a thread-specific read), not per block; the lexicon and its count
        // categories read once too (a retain and release of each per block in profiles).
        let lexicon = context.lexicon
        let memo = PeopleCounts.memo(lexicon)
        let countNames = lexicon.compiled.countNames
        var tables = TableAnswers()
        for (position, i) in scope.enumerated() {
            let b = doc.blocks[i]
            switch b.block.kind {
            case .paragraph, .listItem: break
            case .heading where inHeadings: break
            default: continue
            }
            // The cheap test first: passing the tokenized text retained its five arrays per block.
            let mentions = b.mentions
            guard PeopleCounts.hasPeopleNoun(mentions, countNames: countNames) else { continue }
            let counts = PeopleCounts.find(in: b.tokens, mentions: mentions, lexicon: lexicon, memo: memo,
                                           hasPeopleNoun: true)
            for count in counts where !count.splitBySex {
                if count.sentence == b.tokens.sentences.count - 1, position + 1 < scope.count,
                   Self.splitsBySex(doc.blocks[scope[position + 1]]) { continue }
                if adjacentTableSplitsBySex(i, context, &tables) { continue }
                out.append(RawFinding(block: i, scalars: count.scalars,
                                      values: ["match": b.block.text.string(count.scalars), "noun": count.noun]))
            }
        }
        return out
    }

    /// The first sentence of the next block gives figures for both sexes.
    static func splitsBySex(_ next: AnalyzedBlock) -> Bool {
        guard next.block.kind == .paragraph || next.block.kind == .listItem, let first = next.tokens.sentences.first else { return false }
        let cats = Set(next.mentions.filter { first.tokens.contains($0.tokens.lowerBound) }.map(\.category))
        let numbers = next.tokens.tokens[first.tokens].contains { $0.kind == .number }
        return numbers && (cats.contains("women") || cats.contains("girls")) && (cats.contains("men") || cats.contains("boys"))
    }

    /// A table right before or after the paragraph (only blank space or a heading between)
    /// whose header row or first column splits by sex.
    func adjacentTableSplitsBySex(_ i: Int, _ context: RuleContext, _ answers: inout TableAnswers) -> Bool {
        let blocks = context.document.document.blocks
        var tables: [Int] = []
        if i + 1 < blocks.count, let t = blocks[i + 1].table { tables.append(t.table) }
        if i > 0, let t = blocks[i - 1].table { tables.append(t.table) }
        for t in tables where answers.splitsBySex(table: t, context) { return true }
        return false
    }

    /// Each table's `TableHeaderKind.splitsBySex` answer, found on the first count beside it, from
    /// the memo's cells grouped by table once. Gathering a table's cells from every block for every
    /// count beside it was quadratic in a memo's size (an 8 MB memo: 276 ms in this rule, most
    /// of it in that filter, against 14 ms at 2 MB). A memo of at most `directBlocks` blocks is
    /// asked directly: grouping and keeping cost more there (+0.7 M instructions on the sample).
    struct TableAnswers {
        private var cells: [Int: [AnalyzedBlock]]?
        private var answers: [Int: Bool] = [:]
        static let directBlocks = 512

        mutating func splitsBySex(table: Int, _ context: RuleContext) -> Bool {
            if context.document.blocks.count <= Self.directBlocks {
                return TableHeaderKind.splitsBySex(cells: context.document.blocks.filter { $0.block.table?.table == table },
                                                   lexicon: context.lexicon)
            }
            if let known = answers[table] { return known }
            if cells == nil {
                var grouped = [Int: [AnalyzedBlock]]()
                for block in context.document.blocks {
                    if let t = block.block.table?.table { grouped[t, default: []].append(block) }
                }
                cells = grouped
            }
            let answer = TableHeaderKind.splitsBySex(cells: cells?[table] ?? [], lexicon: context.lexicon)
            answers[table] = answer
            return answer
        }
    }
}
