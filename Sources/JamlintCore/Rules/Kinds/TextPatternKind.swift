/// `pattern`: text matching one of `patterns` (regular expressions), in any block including
/// header fields and headings — e.g. template placeholders left in («Diarienr», "Klicka här
/// för att ange text").
/// Lint: points at each match.
struct TextPatternKind: RuleKind {
    static let name = "pattern"
    static let optionKeys: Set<String> = ["patterns", "include_metadata"]

    let patterns: [CompiledRegex]
    let prefilters: RegexPrefilterSet
    let includeMetadata: Bool

    init(rule: RuleFile, options: RuleOptions, lexicon: Lexicon) throws(DataFileError) {
        patterns = try options.regexes("patterns")
        if patterns.isEmpty { throw rule.optionError("patterns", "at least one regular expression is needed") }
        includeMetadata = try options.bool("include_metadata", default: true)
        prefilters = RegexPrefilterSet(patterns.map(\.prefilter))
    }

    func check(_ context: RuleContext) -> [RawFinding] {
        // No block has any of the expressions' literals (most memos): no block's mask lets one run.
        guard prefilters.mayMatchSomeBlock(of: context.document) else { return [] }
        var out: [RawFinding] = []
        let blocks = context.document.blocks
        let scope = context.scopeBlocks
        // A mask, not `scope.contains`: that made this filter quadratic in the number of blocks.
        // Read in place, not filtered into a new list (profile: the list's growth per memo).
        var inScope: [Bool] = []
        if includeMetadata {
            inScope = [Bool](repeating: false, count: blocks.count)
            for i in scope where i >= 0 && i < inScope.count { inScope[i] = true }
        }
        let count = includeMetadata ? blocks.count : scope.count
        let masker = prefilters.masker(blocks)
        // The blocks whose mask may let an expression run (nil: all), by the union's scans.
        let ask = prefilters.blocksToAsk(of: context.document)
        for position in 0..<count {
            let i = includeMetadata ? position : scope[position]
            if let ask, !(i >= 0 && i < ask.count && ask[i]) { continue }
            if includeMetadata && !(inScope[i] || blocks[i].block.kind == .metadata) { continue }
            // The mask first: almost no block can match, and the block's text is not touched then.
            let may = masker.mask(blocks[i])
            guard prefilters.any(may) else { continue }
            let text = blocks[i].block.text
            var taken: [Range<Int>] = []
            for (k, p) in patterns.enumerated() where RegexPrefilterSet.mayMatch(may, k) {
                for r in p.matches(in: text, group: nil).map(\.whole) where !r.isEmpty && !taken.contains(where: { $0.overlaps(r) }) {
                    taken.append(r)
                    out.append(RawFinding(block: i, scalars: r, values: ["match": text.string(r)]))
                }
            }
        }
        return out
    }
}
