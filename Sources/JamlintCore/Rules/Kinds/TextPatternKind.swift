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
            // Where matches overlap, the earlier expression's wins. `taken` stays sorted and without
            // overlaps (one expression's matches do not overlap, in order), so each expression's
            // matches are checked against it in one pass and merged into it: searched whole for
            // each match, a block of many placeholders took time quadratic in them.
            var taken: [Range<Int>] = []
            for (k, p) in patterns.enumerated() where RegexPrefilterSet.mayMatch(may, k) {
                var accepted: [Range<Int>] = []
                var t = 0
                for r in p.matches(in: text, group: nil).map(\.whole) where !r.isEmpty {
                    while t < taken.count && taken[t].upperBound <= r.lowerBound { t += 1 }
                    if t < taken.count && taken[t].lowerBound < r.upperBound { continue }
                    accepted.append(r)
                    out.append(RawFinding(block: i, scalars: r, values: ["match": text.string(r)]))
                }
                if !accepted.isEmpty { taken = Self.merged(taken, accepted) }
            }
        }
        return out
    }

    /// Two sorted lists of ranges as one, sorted by their starts.
    static func merged(_ a: [Range<Int>], _ b: [Range<Int>]) -> [Range<Int>] {
        if a.isEmpty { return b }
        var out: [Range<Int>] = []
        out.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if j == b.count || (i < a.count && a[i].lowerBound <= b[j].lowerBound) {
                out.append(a[i])
                i += 1
            } else {
                out.append(b[j])
                j += 1
            }
        }
        return out
    }
}
