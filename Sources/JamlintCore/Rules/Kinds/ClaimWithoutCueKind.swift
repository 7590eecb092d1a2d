/// `claim-without-cue`: a sentence matching one of `patterns` ("ärendet bedöms inte ha några
/// konsekvenser för jämställdheten", "könsneutralt", "berör alla lika") with no cue in the same
/// or the next sentence (a justification: "eftersom …", figures by sex).
/// Lint: points at the matched words.
struct ClaimWithoutCueKind: RuleKind {
    static let name = "claim-without-cue"
    static let optionKeys: Set<String> = ["patterns", "unless", "cues", "window", "figures_by_sex_justify"]

    let patterns: [TokenPattern]
    let patternSet: PatternSet
    let unless: [TokenPattern]
    let cues: TermGroup
    let nextSentence: Bool
    let figuresJustify: Bool

    init(rule: RuleFile, options: RuleOptions, lexicon: Lexicon) throws(DataFileError) {
        patterns = try options.patterns("patterns", lexicon: lexicon)
        if patterns.isEmpty { throw rule.optionError("patterns", "at least one pattern is needed") }
        patternSet = PatternSet(patterns)
        unless = try options.patterns("unless", lexicon: lexicon)
        cues = try options.terms("cues", lexicon: lexicon, default: ["cue:justification"])!
        let window = try options.string("window", default: "next-sentence")
        guard window == "sentence" || window == "next-sentence" else {
            throw rule.optionError("window", "must be `sentence` or `next-sentence`")
        }
        nextSentence = window == "next-sentence"
        figuresJustify = try options.bool("figures_by_sex_justify", default: true)
    }

    func check(_ context: RuleContext) -> [RawFinding] {
        let doc = context.document
        let scope = context.scopeBlocks
        var out: [RawFinding] = []
        var marks: [UInt64] = []
        // Once per memo checked (a thread-specific read), not per sentence.
        let memo = patternSet.memo()
        // Whether each block has a claim, for `applies` (see `RuleScratch.claimStates`).
        // Filled locally and handed over once: writing the class's array per block was an
        // exclusivity check and a uniqueness test per block (profile).
        let blockCount = doc.blocks.count
        var states = [UInt8].filled(with: 0, count: blockCount)
        defer {
            context.scratch.claimOwner = ObjectIdentifier(patternSet)
            context.scratch.claimStates = states
        }
        let blocks = doc.blocks
        for (position, i) in scope.enumerated() {
            // Only the sentences that pass the pattern set's gate can have a claim (see
            // `PatternSet.nextGateSentence`): the others are skipped in one call per block. The
            // common block, none of whose sentences passes, is settled reading the block where it
            // lies, unretained (`withBlock`): bound to a local, it was retained and released
            // (profile: ~2 M instructions), and so it was read from the array.
            let (first, sentenceCount) = blocks.withBlock(i) { b -> (Int, Int) in
                guard b.block.kind != .heading else { return (-1, 0) }
                return (patternSet.nextGateSentence(in: b, from: 0, memo: memo), b.tokens.sentences.count)
            }
            if first < 0 { continue }
            guard first < sentenceCount else {
                if i >= 0 && i < blockCount { states[i] = 1 }
                continue
            }
            let block = blocks[i]
            var claimed: UInt8 = 1
            defer { if i >= 0 && i < blockCount { states[i] = claimed } }
            // The sentences only, not a copy of the whole tokenized text (five arrays retained and
            // released per block) for the common block without a claim.
            var next = first
            // A block of many mentions (one paragraph of a long report) has its sentences'
            // categories gathered once, made on its first claim.
            var categories: [Set<String>]?
            var gathered = false
            for s in 0..<sentenceCount {
                if s < next { continue }
                next = patternSet.nextGateSentence(in: block, from: s + 1, memo: memo)
                guard let match = claim(in: block, sentence: s, marks: &marks, memo: memo, passedGate: true) else { continue }
                claimed = 2
                let text = block.tokens
                let sentence = text.sentences[s]
                if !gathered && block.mentions.count > Self.mentionsScanned {
                    categories = Self.sentenceCategories(block)
                    gathered = true
                }
                if justified(block, sentence: sentence, context, categories: categories?[s]) { continue }
                if nextSentence {
                    if s + 1 < text.sentences.count {
                        if justified(block, sentence: text.sentences[s + 1], context, categories: categories?[s + 1]) { continue }
                    } else if position + 1 < scope.count {
                        let next = doc.blocks[scope[position + 1]]
                        if next.block.kind != .heading, let first = next.tokens.sentences.first,
                           justified(next, sentence: first, context) { continue }
                    }
                }
                let range = text.scalarRange(ofTokens: match)
                out.append(RawFinding(block: i, scalars: range, values: ["match": block.block.text.string(range)]))
            }
        }
        return out
    }

    /// A "no impact" claim is made in the scope, with or without a reason: the section is a
    /// statement that gender does not apply, not an analysis to grade.
    func applies(_ context: RuleContext) -> Bool {
        var marks: [UInt64] = []
        let memo = patternSet.memo()
        let states = context.scratch.claimOwner == ObjectIdentifier(patternSet) ? context.scratch.claimStates : []
        let known = states.count == context.document.blocks.count
        for i in context.scopeBlocks {
            // What this rule's check found for the block, when it has checked it (in this memo).
            if known && i >= 0 && i < states.count {
                let state = states[i]
                if state == 2 { return true }
                if state == 1 { continue }
            }
            let block = context.document.blocks[i]
            for s in block.tokens.sentences.indices where claim(in: block, sentence: s, marks: &marks, memo: memo) != nil {
                return true
            }
        }
        return false
    }

    /// The first claim of sentence `s` (in pattern order) that no `unless` pattern excuses.
    /// `passedGate`: the sentence is known to pass the pattern set's gate.
    private func claim(in block: AnalyzedBlock, sentence s: Int, marks: inout [UInt64], memo: FormMemo,
                       passedGate: Bool = false) -> Range<Int>? {
        var found: Range<Int>?
        let positions: [Int], subject: PatternSubject, starts: [Int: [String]]
        if var mask = patternSet.candidateMask(in: block, sentence: s, marks: &marks, memo: memo, passedGate: passedGate) {
            guard mask != 0 else { return nil }
            positions = block.positions(ofSentence: s)
            subject = block.subject
            starts = block.mentionStarts
            // Lowest bit first: pattern order.
            while mask != 0 {
                let k = mask.trailingZeroBitCount
                mask &= mask &- 1
                found = patterns[k].firstMatch(in: subject, positions: positions, mentionStarts: starts)
                if found != nil { break }
            }
        } else {
            let candidates = patternSet.candidates(in: block, sentence: s, marks: &marks, memo: memo)
            guard !candidates.isEmpty else { return nil }
            positions = block.positions(ofSentence: s)
            subject = block.subject
            starts = block.mentionStarts
            for k in candidates {
                found = patterns[k].firstMatch(in: subject, positions: positions, mentionStarts: starts)
                if found != nil { break }
            }
        }
        guard let match = found else { return nil }
        if unless.contains(where: { $0.firstMatch(in: subject, positions: positions, mentionStarts: starts) != nil }) {
            return nil
        }
        return match
    }

    /// `categories`: the categories of the block's mentions that start in `sentence`
    /// (`sentenceCategories`), or nil to find them.
    private func justified(_ block: AnalyzedBlock, sentence: Sentence, _ context: RuleContext,
                           categories: Set<String>? = nil) -> Bool {
        if cues.occurs(in: block, lexicon: context.lexicon, tokens: sentence.tokens, categories: categories) { return true }
        guard figuresJustify else { return false }
        let hasNumber = block.tokens.tokens[sentence.tokens].contains { $0.kind == .number }
        let sexes = categories ?? Set(block.mentions.filter { sentence.tokens.contains($0.tokens.lowerBound) }.map(\.category))
        return hasNumber && (sexes.contains("women") || sexes.contains("girls")) && (sexes.contains("men") || sexes.contains("boys"))
    }
}

extension ClaimWithoutCueKind {
    /// Blocks with more mentions than this have their sentences' categories gathered once
    /// (`sentenceCategories`); for fewer, scanning the mentions per claim costs less.
    static let mentionsScanned = 64

    /// For each sentence of the block, the categories of the mentions that start in it: what
    /// `justified` and the cue terms' category test found by scanning all the block's mentions
    /// for every claim, quadratic in a block of thousands of sentences (one 2 MB paragraph: JAM003
    /// 1.1 s; 8 MB: 31 s). Each mention is placed by a binary search over the sentences, and kept
    /// only when that sentence holds its first token (as the scan tests), so sentences that do not
    /// cover every token are read the same. Nil when sentences overlap or are out of order (the
    /// splitter makes neither; a hand-made text could), where the scan must be used.
    static func sentenceCategories(_ block: AnalyzedBlock) -> [Set<String>]? {
        let mentions = block.mentions
        return mentionsBySentence(block)?.map { Set($0.map { mentions[$0].category }) }
    }

    /// For each sentence of the block, the indices of the mentions that start in it, in order, as
    /// `sentenceCategories` finds them (nil where it is nil).
    static func mentionsBySentence(_ block: AnalyzedBlock) -> [[Int]]? {
        let text = block.tokens
        let sentences = text.sentences
        for k in sentences.indices.dropFirst() where sentences[k].tokens.lowerBound < sentences[k - 1].tokens.upperBound {
            return nil
        }
        var lists = [[Int]].filled(with: [], count: sentences.count)
        for (i, m) in block.mentions.enumerated() {
            let first = m.tokens.lowerBound
            let k = text.sentenceIndex(ofToken: first)
            if k >= 0 && k < sentences.count && sentences[k].tokens.contains(first) { lists[k].append(i) }
        }
        return lists
    }
}

/// Lexicon categories by the token a mention starts at, for token patterns.
enum MentionIndex {
    static func starts(_ mentions: [Mention]) -> [Int: [String]] {
        var map: [Int: [String]] = [:]
        for m in mentions { map[m.tokens.lowerBound, default: []].append(m.category) }
        return map
    }
}
