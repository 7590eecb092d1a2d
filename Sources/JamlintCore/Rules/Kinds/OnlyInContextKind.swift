/// `only-in-context`: every sentence of the scope that mentions `terms` is about `context`
/// (e.g. the sexes are only named when describing staff), and no one outside that context is
/// mentioned (people who are not staff).
/// Lint: points at the first such mention.
struct OnlyInContextKind: RuleKind {
    static let name = "only-in-context"
    static let optionKeys: Set<String> = ["terms", "context", "others", "excluding"]

    let terms: TermGroup
    let contextTerms: TermGroup
    let others: String
    let excluding: String

    init(rule: RuleFile, options: RuleOptions, lexicon: Lexicon) throws(DataFileError) {
        guard let t = try options.terms("terms", lexicon: lexicon) else { throw rule.optionError("terms", "a list of terms is needed") }
        guard let c = try options.terms("context", lexicon: lexicon) else { throw rule.optionError("context", "a list of terms is needed") }
        terms = t
        contextTerms = c
        others = try options.string("others", default: "people")
        excluding = try options.string("excluding", default: "staff")
        for name in [others, excluding] where !lexicon.categories.contains(name) {
            throw rule.optionError("others", "unknown lexicon category `\(name)`")
        }
    }

    func check(_ context: RuleContext) -> [RawFinding] {
        // By index (an array of the scope's blocks was an allocation and a retain and release per
        // block, profile).
        let blocks = context.document.blocks
        var first: RawFinding?
        for i in context.scopeBlocks {
            let b = blocks[i]
            // Someone who is not staff is mentioned: the section is not only about staff.
            // An attribute of staff ("äldre medarbetare") is not someone else.
            let excluded = Set(b.mentions.filter { $0.category == excluding }.map(\.tokens.lowerBound))
            if b.mentions.contains(where: { m in
                m.category == others && !excluded.contains(m.tokens.lowerBound) && !excluded.contains(m.tokens.upperBound)
            }) { return [] }
            // A block of many mentions has them gathered by sentence once, as JAM003 does: each
            // sentence's terms matched against all the block's mentions took time quadratic in a
            // paragraph of many sentences (16,000: 9.3 s). Nil: each sentence scans them.
            let bySentence = b.mentions.count > ClaimWithoutCueKind.mentionsScanned
                ? ClaimWithoutCueKind.mentionsBySentence(b) : nil
            for (s, sentence) in b.tokens.sentences.enumerated() {
                let hits = terms.matches(in: b, lexicon: context.lexicon, tokens: sentence.tokens,
                                         mentionIndices: bySentence?[s])
                guard let hit = hits.first else { continue }
                let categories = bySentence.map { Set($0[s].map { b.mentions[$0].category }) }
                if !contextTerms.occurs(in: b, lexicon: context.lexicon, tokens: sentence.tokens, categories: categories) {
                    return []
                }
                if first == nil {
                    first = RawFinding(block: b.index, scalars: hit, values: ["match": b.block.text.string(hit)])
                }
            }
        }
        return first.map { [$0] } ?? []
    }
}
