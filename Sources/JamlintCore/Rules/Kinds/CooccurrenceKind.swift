/// `cooccurrence`: when every `when` group occurs in the scope, at least one `require` term
/// must occur too (in the scope, or in the whole memo with `require_scope: document`), unless
/// an `unless` term does.
/// Lint: points at the first match of the first `when` group, or at the section heading when
/// there is no `when`.
struct CooccurrenceKind: RuleKind {
    static let name = "cooccurrence"
    static let optionKeys: Set<String> = ["when", "require", "require_scope", "unless"]

    let when: [TermGroup]
    let require: TermGroup
    let requireScope: RuleScope?
    let unless: TermGroup?
    /// The order the `when` groups are looked for in: groups of lexicon categories only first (a
    /// scan of the blocks' mentions), then those with cue lists (matched over the blocks' tokens).
    /// Every group must occur, and only group 0's first match is kept, so the order changes no
    /// finding; a missing category group then spares the cue-list matching (profile: "skillnad
    /// utan åtgärd" matched "cue:difference" over the section before looking for the sexes).
    let whenOrder: [Int]

    init(rule: RuleFile, options: RuleOptions, lexicon: Lexicon) throws(DataFileError) {
        when = try options.termGroups("when", lexicon: lexicon)
        let categoriesOnly = when.map { $0.terms.allSatisfy(\.isCategory) }
        whenOrder = when.indices.filter { categoriesOnly[$0] } + when.indices.filter { !categoriesOnly[$0] }
        guard let r = try options.terms("require", lexicon: lexicon) else {
            throw rule.optionError("require", "a list of terms is needed")
        }
        require = r
        unless = try options.terms("unless", lexicon: lexicon)
        if let s = options.raw("require_scope") {
            guard case .string(let name) = s, let parsed = RuleScope(rawValue: name) else {
                throw rule.optionError("require_scope", "must be one of: \(RuleScope.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            requireScope = parsed
        } else {
            requireScope = nil
        }
    }

    func check(_ context: RuleContext) -> [RawFinding] {
        let doc = context.document
        let scope = context.scopeBlocks
        guard !scope.isEmpty else { return [] }
        // Blocks by index (an array of the scope's blocks per rule and memo showed in profiles), read
        // unretained (`withBlock`).
        let blocks = doc.blocks
        // Read once: a retain and release of its references per block and term otherwise.
        let lexicon = context.lexicon
        var anchor: (Int, Range<Int>)?
        for g in whenOrder {
            let group = when[g]
            guard g == 0 else {
                // Only group 0's match is kept: for the others, whether one occurs, which stops at
                // the first mention or cue (the first match's search reads every mention of the
                // block that has one, for every term).
                guard scope.contains(where: { blocks.withBlock($0) { group.occurs(in: $0, lexicon: lexicon) } }) else { return [] }
                continue
            }
            var found: (Int, Range<Int>)?
            for i in scope {
                let hit = blocks.withBlock(i) { b in group.firstMatch(in: b, lexicon: lexicon).map { (b.index, $0) } }
                if let hit { found = hit; break }
            }
            guard let found else { return [] }
            anchor = found
        }
        let requireBlocks = requireScope.map { doc.blocks(in: $0) } ?? scope
        if requireBlocks.contains(where: { blocks.withBlock($0) { require.occurs(in: $0, lexicon: lexicon) } }) { return [] }
        if let unless, scope.contains(where: { blocks.withBlock($0) { unless.occurs(in: $0, lexicon: lexicon) } }) { return [] }
        if let (block, range) = anchor {
            return [RawFinding(block: block, scalars: range, values: ["match": blocks[block].block.text.string(range)])]
        }
        let at = doc.genderHeading ?? scope[0]
        let text = blocks[at].block.text
        return [RawFinding(block: at, scalars: 0..<text.count, values: ["match": text.string])]
    }
}
