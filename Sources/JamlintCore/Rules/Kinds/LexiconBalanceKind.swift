/// `lexicon-balance`: one side of a pair is named and the other never is (women without men,
/// girls without boys).
/// Lint: points at the first mention of the side that is present.
struct LexiconBalanceKind: RuleKind {
    static let name = "lexicon-balance"
    static let optionKeys: Set<String> = ["pairs", "names"]

    struct Pair: Sendable {
        var a: TermGroup
        var b: TermGroup
        var aName: String
        var bName: String
    }

    let pairs: [Pair]

    init(rule: RuleFile, options: RuleOptions, lexicon: Lexicon) throws(DataFileError) {
        let groups = try options.termGroups("pairs", lexicon: lexicon)
        var names: [String: String] = [:]
        if case .map(let m)? = options.raw("names") {
            for (k, v) in m { if case .string(let s) = v { names[k] = s } }
        } else if options.raw("names") != nil {
            throw rule.optionError("names", "must map a category to the word used in the message")
        }
        var pairs: [Pair] = []
        for g in groups {
            guard g.terms.count == 2 else { throw rule.optionError("pairs", "each pair must list exactly two categories") }
            func display(_ t: Term) -> String {
                switch t {
                case .category(let c): return names[c] ?? c
                case .cue(let c): return names[c] ?? c
                }
            }
            pairs.append(Pair(a: TermGroup(terms: [g.terms[0]], lexicon: lexicon), b: TermGroup(terms: [g.terms[1]], lexicon: lexicon),
                              aName: display(g.terms[0]), bName: display(g.terms[1])))
        }
        if pairs.isEmpty { throw rule.optionError("pairs", "at least one pair is needed") }
        self.pairs = pairs
    }

    func check(_ context: RuleContext) -> [RawFinding] {
        // The scope's indices and the blocks read unretained (`withBlock`): an array of the scope's
        // blocks per rule and memo was an allocation and a retain and release per block (profile).
        let scope = context.scopeBlocks
        let blocks = context.document.blocks
        // Read once: a retain and release of its references per block and term otherwise.
        let lexicon = context.lexicon
        var out: [RawFinding] = []
        // Both directions of a pair in place: an array of the two (groups and names) per pair and
        // memo copied each group (profile).
        func look(_ present: TermGroup, _ absent: TermGroup, _ presentName: String, _ absentName: String) {
            guard !scope.contains(where: { blocks.withBlock($0) { absent.occurs(in: $0, lexicon: lexicon) } }) else { return }
            for i in scope {
                let found = blocks.withBlock(i) { block in
                    present.firstMatch(in: block, lexicon: lexicon).map { r in
                        RawFinding(block: block.index, scalars: r,
                                   values: ["match": block.block.text.string(r), "present": presentName, "missing": absentName])
                    }
                }
                if let found {
                    out.append(found)
                    break
                }
            }
        }
        for p in pairs.indices {
            look(pairs[p].a, pairs[p].b, pairs[p].aName, pairs[p].bName)
            look(pairs[p].b, pairs[p].a, pairs[p].bName, pairs[p].aName)
        }
        return out
    }
}
