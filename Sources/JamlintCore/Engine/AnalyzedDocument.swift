/// A section of the memo: a heading and the blocks under it, up to the next heading of the
/// same or a higher level (so subsections belong to their parent too).
public struct Section: Sendable {
    /// Block index of the heading; nil for the text before the first heading.
    public var heading: Int?
    public var level: Int
    public var title: String
    /// Categories of the heading in the structure lexicon ("gender", "basis", …).
    public var categories: [String]
    /// Block indices of the body, heading excluded.
    public var body: Range<Int>
}

/// One block with its tokens and lexicon mentions, computed once for all rules.
///
/// A class, not a struct: rules read blocks by index thousands of times per memo, and copying a
/// struct of eight array references retained and released each one (value-witness copies were
/// about 6 % of all instructions in a callgrind profile). It also holds the pattern data that
/// several rules share, built on first use. A document is analysed and linted on one thread,
/// so the lazy fields need no lock.
public final class AnalyzedBlock: @unchecked Sendable {
    public let index: Int
    public let tokens: TokenizedText
    public let mentions: [Mention]

    /// The block's fields but its text, which is `tokens.text`: a whole `Block` held here beside
    /// the tokens retained and released the text's three arrays once more per block, and copying
    /// it in and destroying it were ~290 instructions a block (profile). Plain values only: the
    /// two fields that hold references, `metadataKey` and `strong`, are set in 7 % of the blocks
    /// (606 of 8,384 in 150 sample memos) and live in `rare`.
    private let shape: BlockShape

    private struct BlockShape {
        let sourceRange: Range<Int>
        let kind: BlockKind
        let isImplicitHeading: Bool
        let inQuote: Bool
        let level: Int
        let table: TableCellPosition?
    }

    /// The block, its text being the one the tokens were made from. Inlined, a read of one field
    /// (`block.kind`) loads that field alone.
    public var block: Block {
        @inline(__always) get {
            let rare = _rare
            return Block(sourceRange: shape.sourceRange, kind: shape.kind, level: shape.level, text: tokens.text,
                         isImplicitHeading: shape.isImplicitHeading, inQuote: shape.inQuote, table: shape.table,
                         metadataKey: rare?.metadataKey, strong: rare?.strong ?? [])
        }
    }
    /// The text's scalars as the regular expressions' prefilters read them (their key scan folds
    /// case as it goes). Made when asked, not stored: a second reference to the text's scalars was
    /// a retain and a release per block, and few blocks are asked (profile: ~11 releases per block
    /// in its deinit, ~20 M instructions on 880 memos).
    var folded: FoldedText { FoldedText(tokens.text.scalars) }

    /// The scanner for the rules' shared regex prefilters, if any.
    let prefilterUnion: PrefilterUnion?

    /// `tokens` must be made from `block.text`, which is not kept apart from them, and `folded`
    /// from its scalars (it is made again from them when asked for).
    convenience init(index: Int, block: Block, tokens: TokenizedText, mentions: [Mention], folded: FoldedText,
                     cueListCount: Int, prefilterUnion: PrefilterUnion? = nil) {
        precondition(folded.scalars == tokens.text.scalars, "folded text of another text")
        self.init(index: index, of: block, tokens: tokens, mentions: mentions,
                  cueListCount: cueListCount, prefilterUnion: prefilterUnion)
    }

    /// As above, with the block borrowed where it lies (`document.blocks[i]`): passing a copy
    /// retained its five references only to release them.
    /// `unionScan`, when given, must be `prefilterUnion`'s scan of `folded` (0 without a union).
    init(index: Int, of block: borrowing Block, tokens: TokenizedText, mentions: [Mention],
         cueListCount: Int, prefilterUnion: PrefilterUnion?, unionScan: UInt64?? = nil) {
        if let unionScan {
            _unionFound = unionScan
            _unionScanned = true
        }
        // `block.text` is read back from the tokens' text, so it must be the block's own: the same
        // storage in the document's analysis (a pointer comparison), the same scalars otherwise.
        precondition(tokens.text.scalars.withUnsafeBufferPointer { a in
            block.text.scalars.withUnsafeBufferPointer { b in
                a.count == b.count && (a.baseAddress == b.baseAddress || a.elementsEqual(b))
            }
        }, "tokens made from another text")
        self.cueListCount = cueListCount
        self.prefilterUnion = prefilterUnion
        self.index = index
        self.shape = BlockShape(sourceRange: block.sourceRange, kind: block.kind,
                                isImplicitHeading: block.isImplicitHeading, inQuote: block.inQuote,
                                level: block.level, table: block.table)
        if block.metadataKey != nil || !block.strong.isEmpty {
            _rare = Rare(metadataKey: block.metadataKey, strong: block.strong)
        }
        self.tokens = tokens
        self.mentions = mentions
    }

    public func has(_ category: String) -> Bool { mentions.contains { $0.category == category } }

    // Unchecked exclusivity: the caches are touched by one thread (the document's) through the
    // accessors below only; the dynamic checks showed in profiles.
    @exclusivity(unchecked) private var _rare: Rare?

    /// What few blocks have or are asked for, in one object made when the block is (for a block
    /// with a metadata key or bold ranges) or on first use: the block's two reference fields, the
    /// pattern data of token patterns (one block in 300 is asked), the cue-list matches and the
    /// cue heads (4,130 of 48,091 blocks on 880 memos). Profile (callgrind, 880 memos): the
    /// block's deinit made 10 releases a block (480,910 calls), five of them for these fields,
    /// nearly always nil or empty.
    private final class Rare {
        let metadataKey: String?
        let strong: [Range<Int>]
        var subject: PatternSubject?
        var mentionStarts: [Int: [String]]?
        var sentencePositions: [[Int]?] = []
        /// The block's cue-list matches, shared with the blocks of the same recurring text (made
        /// on the first list asked for).
        var cues: CueMatches?
        var cueHeads: [UInt32]?

        init(metadataKey: String?, strong: [Range<Int>]) {
            self.metadataKey = metadataKey
            self.strong = strong
        }
    }

    @inline(__always) private var rare: Rare {
        if let r = _rare { return r }
        return makeRare()
    }

    @inline(never) private func makeRare() -> Rare {
        let r = Rare(metadataKey: nil, strong: [])
        _rare = r
        return r
    }

    /// The tokens as one byte buffer, for token patterns.
    var subject: PatternSubject {
        let data = rare
        if let s = data.subject { return s }
        let s = PatternSubject(tokens)
        data.subject = s
        return s
    }

    /// Lexicon categories by the token a mention starts at, for token patterns.
    var mentionStarts: [Int: [String]] {
        let data = rare
        if let m = data.mentionStarts { return m }
        let m = MentionIndex.starts(mentions)
        data.mentionStarts = m
        return m
    }

    @exclusivity(unchecked) private var _unionScanned = false
    @exclusivity(unchecked) private var _unionFound: UInt64? = nil

    /// `prefilterUnion`'s scan of the text (nil: exotic, see `KeyScanner.scan`), made once for
    /// the rules that share it; 0 without a union.
    @inline(__always) func unionScan() -> UInt64? {
        if _unionScanned { return _unionFound }
        return scanForUnion()
    }

    @inline(never) private func scanForUnion() -> UInt64? {
        let found = prefilterUnion.map { union in folded.scalars.withUnsafeBufferPointer { union.scanner.scan($0) } } ?? 0
        _unionFound = found
        _unionScanned = true
        return found
    }

    /// How many cue lists the lexicon has (their ids are below this): the cache is made once at
    /// that size (growing it per list asked for reallocated it several times per block).
    private let cueListCount: Int

    /// `CueList.heads(of: tokens)`, made on the first cue list asked for (most blocks are asked
    /// about several).
    private func cueHeads(_ data: Rare) -> [UInt32] {
        if let h = data.cueHeads { return h }
        let h = CueList.heads(of: tokens)
        data.cueHeads = h
        return h
    }

    /// Token ranges of `list`'s phrases in the whole block: nine `cooccurrence` rules and the
    /// balance rules ask for the same lists.
    func cueMatches(_ list: CueList) -> [Range<Int>] {
        guard list.id >= 0 else { return list.matches(in: tokens) }
        let data = rare
        let cues = data.cues ?? makeCues(list.id, data)
        if list.id >= cues.lists.count {
            cues.lists += Array(repeating: nil, count: max(list.id + 1, cueListCount) - cues.lists.count)
        }
        let owner = list.memoOwner
        if let kept = cues.lists[list.id], kept.owner == owner { return kept.matches }
        // By the list's per-form memo (no heads array; a memo made for another form-table
        // generation is cleared first), or by the heads for tokens made without the form table
        // (stamp 0).
        let memo = FormMemos.memo(owner: owner)
        let m = memo.use(tokens.formStamp) ? list.matches(in: tokens, memo: memo) : list.matches(in: tokens, heads: cueHeads(data))
        cues.lists[list.id] = (owner, m)
        return m
    }

    /// Made at full size on the first list (appending a new array copied the old one's elements
    /// one by one: ~1,000 instructions a block in profiles); kept in the thread's `TextCache` for
    /// a recurring short text.
    @inline(never) private func makeCues(_ id: Int, _ data: Rare) -> CueMatches {
        let count = max(id + 1, cueListCount)
        let cues = TokenizerScratch.current()._withUnsafeGuaranteedRef { $0.texts.cueMatches(of: tokens, count: count) }
        data.cues = cues
        return cues
    }

    /// The word and number tokens of sentence `s`.
    func positions(ofSentence s: Int) -> [Int] {
        let data = rare
        if data.sentencePositions.isEmpty {
            data.sentencePositions = .filled(with: nil, count: tokens.sentences.count)
        }
        if let p = data.sentencePositions[s] { return p }
        let p = TokenPattern.positions(in: tokens, sentence: tokens.sentences[s])
        data.sentencePositions[s] = p
        return p
    }
}

/// Where the memo's gender-consequence analysis is, as the rules read it.
public enum GenderScope: Sendable {
    /// Sections found by heading (gender, or social/impact sections that discuss the sexes).
    case sections([Section])
    /// No such section, but these paragraphs analyse consequences for both sexes.
    case inline([Int])
    case none
}

/// The document plus everything rules share: tokens, mentions, sections and the gender scope.
///
/// A class: every rule's context holds it, and copying the struct retained and released each of
/// its arrays once per rule.
public final class AnalyzedDocument: Sendable {
    public let document: Document
    public let blocks: [AnalyzedBlock]
    public let sections: [Section]
    public let gender: GenderScope
    public let relevance: Relevance
    /// Block lists by scope, asked for by every rule, and the index of `section(containing:)`.
    private let scopes = ScopeCache()
    /// The prefilter union every block was scanned with (nil: none), and the union of those scans:
    /// each block's `unionScan()` bits, all bits when one block's scan is nil (exotic). A literal
    /// whose bit is clear here occurs in no block, so a rule whose expressions all wait for such
    /// literals cannot fire in the memo (`RegexPrefilterSet.mayMatchSomeBlock(of:)`). Profile
    /// (callgrind, 880 memos): the `pattern` rule's per-block mask loop was ~7 M instructions for
    /// memos that have none of its literals in any block.
    let prefilterUnion: PrefilterUnion?
    let unionFound: UInt64
    /// The blocks whose union scan found a literal or is nil (exotic), ascending: the others have
    /// none of any member set's literals (`RegexPrefilterSet.blocksToAsk(of:)`).
    let unionHits: [Int]

    private final class ScopeCache: @unchecked Sendable {
        // Unchecked exclusivity: read and written by the document's thread only, through
        // `blocks(in:)` (the dynamic checks were ~80 instructions a call in profiles).
        @exclusivity(unchecked) var blocks = [[Int]?].filled(with: nil, count: 3)
        /// `section(containing:)`'s answer for every block, made on the first question in a memo
        /// with many sections (nil: not made yet).
        @exclusivity(unchecked) var sectionOwners: [Int32]?
    }

    init(document: Document, lexicon: Lexicon, structure: StructureLexicon, procedural: ProceduralList,
         prefilters: PrefilterUnion? = nil) {
        self.document = document
        let union = prefilters?.isEmpty == false ? prefilters : nil
        var analyzed: [AnalyzedBlock] = []
        analyzed.reserveCapacity(document.blocks.count)
        let cueListCount = lexicon.compiled.cueListCount
        // Each block read in place: `enumerated()` copied each block (five retains and releases),
        // and even an index into the array copied the text for the tokenizer (three).
        // Recurring short texts share their tokens (`TextCache`) and, with them, their mentions.
        let lexiconID = lexicon.compiled.id
        let scratch = TokenizerScratch.current().takeUnretainedValue()
        let forms = scratch.forms
        var anyFound: UInt64 = 0
        var hits: [Int] = []
        document.blocks.withUnsafeBufferPointer { blocks in
            guard let first = blocks.baseAddress, !blocks.isEmpty else { return }
            // While a block is worked on, what the next blocks' cache look-ups will touch is
            // prefetched, each step on lines that an earlier one brought in: four blocks ahead
            // the start of the text's scalars, three ahead the cache slot (`TextCache.prefetchSlot`,
            // with the key, which reads the scalars), one ahead what the slot points to
            // (`prefetchContents`, which reads the slot). perf: with the slot one block ahead of its
            // contents, short blocks left it too little time, and reading the document's scalars
            // (gone from the cache since the parse) for the key was the loop's costliest load.
            // Each key is computed once and handed to the tokenizer.
            let count = blocks.count
            // In bounds: indices below `count`.
            @inline(__always) func keyOf(_ k: Int) -> UInt64 {
                k < count ? TextCache.key((first + k).pointee.text.scalars) : 0
            }
            @inline(__always) func scalarCount(_ k: Int) -> Int {
                k < count ? (first + k).pointee.text.scalars.count : 0
            }
            // The array's storage address is read from the block's memory: going through the array
            // (`withUnsafeBufferPointer`) retained it, and the retain waited for the very line.
            let scalarsOffset = Self.scalarsOffset
            @inline(__always) func prefetchText(_ k: Int) {
                guard k < count, let offset = scalarsOffset else { return }
                // In bounds: k < count; the array is one reference to its storage object, whose
                // header (with the count) comes first. Nothing is read through the address.
                let storage = (UnsafeRawPointer(first + k) + offset).load(as: UnsafeRawPointer.self)
                Prefetch.read(storage, bytes: 128)
            }
            for k in 0..<4 { prefetchText(k) }
            // The keys of the next three blocks.
            var key1 = keyOf(0)
            var key2 = keyOf(1)
            var key3 = keyOf(2)
            scratch.texts.prefetchSlot(key: key1)
            scratch.texts.prefetchSlot(key: key2)
            scratch.texts.prefetchSlot(key: key3)
            scratch.texts.prefetchContents(key: key1, scalarCount: scalarCount(0))
            for i in blocks.indices {
                let key = key1
                key1 = key2
                key2 = key3
                prefetchText(i + 4)
                key3 = keyOf(i + 3)
                scratch.texts.prefetchSlot(key: key3)
                scratch.texts.prefetchContents(key: key1, scalarCount: scalarCount(i + 1))
                // In bounds: i < blocks.count.
                let tokens = Tokenizer.tokenize(textOf: first + i, key: key, scratch: scratch)
                // The union scan made here, not on first use: every block is scanned (the rules
                // sharing the union read every block), and the cache lookup is the mentions' one.
                let (mentions, scan) = scratch.texts.analysis(
                    of: tokens, key: key, lexicon: lexiconID, mentions: blocks[i].kind != .metadata, union: union,
                    { lexicon.mentions(in: tokens, forms: forms) },
                    // The scalars as `folded` gives them (the scan folds case as it goes).
                    { union.map { u in tokens.text.scalars.withUnsafeBufferPointer { u.scanner.scan($0) } } ?? 0 })
                anyFound |= scan ?? ~0
                if scan != 0 { hits.append(i) }
                // Moved into the block (`consume`): a `let` lives to the end of its scope, so passing
                // it copied the text's and tokens' four references (two through the generic value
                // witness of `[Token]`/`[Sentence]`) and released them after the append (profile:
                // ~4 calls and ~150 instructions a block).
                analyzed.append(AnalyzedBlock(index: i, of: blocks[i], tokens: consume tokens, mentions: mentions,
                                              cueListCount: cueListCount,
                                              prefilterUnion: union, unionScan: scan))
            }
        }
        self.blocks = analyzed
        self.prefilterUnion = union
        self.unionFound = anyFound
        self.unionHits = hits
        self.sections = Self.sections(of: document, analyzed: analyzed, structure: structure, scratch: scratch)
        self.gender = Self.genderScope(blocks: analyzed, sections: sections, lexicon: lexicon)
        self.relevance = Relevance.assess(document, procedural: procedural)
    }

    /// Where a block's scalar array lies within the block (`Block.text.scalars`, both stored
    /// properties), for prefetching; nil if the layout cannot say.
    private static let scalarsOffset: Int? = {
        guard let text = MemoryLayout<Block>.offset(of: \Block.text),
              let scalars = MemoryLayout<BlockText>.offset(of: \BlockText.scalars) else { return nil }
        return text + scalars
    }()

    /// `analyzed`: the document's blocks analysed, whose recurring headings keep their title and
    /// categories in the thread's `TextCache` (`scratch.texts`).
    static func sections(of document: Document, analyzed: [AnalyzedBlock], structure: StructureLexicon,
                         scratch: TokenizerScratch) -> [Section] {
        let blocks = document.blocks
        // By index, and the array sized once: the closure of `firstIndex(where:)` copied each block
        // it passed, and appending grew the array (profile).
        var firstHeading = blocks.count
        var headings = 0
        for i in blocks.indices where blocks[i].kind == .heading {
            if headings == 0 { firstHeading = i }
            headings += 1
        }
        var result: [Section] = []
        result.reserveCapacity(headings + 1)
        if firstHeading > 0 {
            result.append(Section(heading: nil, level: 0, title: "", categories: [], body: 0..<firstHeading))
        }
        for i in blocks.indices where blocks[i].kind == .heading {
            let level = blocks[i].level
            var end = i + 1
            while end < blocks.count && !(blocks[end].kind == .heading && blocks[end].level <= level) { end += 1 }
            let (title, categories) = i < analyzed.count
                ? scratch.texts.heading(of: analyzed[i], structure: structure.revision) {
                    let title = blocks[i].text.string
                    return (title, structure.categories(ofHeading: title))
                }
                : { let title = blocks[i].text.string; return (title, structure.categories(ofHeading: title)) }()
            result.append(Section(heading: i, level: level, title: title, categories: categories, body: (i + 1)..<end))
        }
        return result
    }

    static let femaleCategories = ["women", "girls"]
    static let maleCategories = ["men", "boys"]

    static func genderScope(blocks: [AnalyzedBlock], sections: [Section], lexicon: Lexicon) -> GenderScope {
        let named = sections.filter { $0.categories.contains("gender") }
        if !named.isEmpty { return .sections(Self.outermost(named)) }
        // Sections of a wider heading ("Social hållbarhet", "Konsekvenser") count when they
        // speak about the sexes.
        let wider = sections.filter { section in
            section.heading != nil
                && !section.categories.isEmpty
                && section.categories.allSatisfy({ ["social", "impact", "assessment"].contains($0) })
                && section.body.contains { i in
                    blocks[i].mentions.contains { m in
                        m.category == "sex" || femaleCategories.contains(m.category) || maleCategories.contains(m.category)
                    }
                }
        }
        if !wider.isEmpty { return .sections(Self.outermost(wider)) }
        // A paragraph that names both sexes and a consequence is an analysis, headed or not.
        let consequence = lexicon.cueList("consequence")
        let inline = blocks.filter { b in
            b.block.kind != .heading && b.block.kind != .metadata
                && b.mentions.contains { femaleCategories.contains($0.category) }
                && b.mentions.contains { maleCategories.contains($0.category) }
                && (consequence.map { !$0.matches(in: b.tokens).isEmpty } ?? false)
        }.map(\.index)
        return inline.isEmpty ? .none : .inline(inline)
    }

    /// Drops sections nested inside another chosen section.
    static func outermost(_ sections: [Section]) -> [Section] {
        // A body starts right after its heading (as `sections(of:)` makes them), so a section lies
        // inside another exactly when the other's heading comes first and its body ends after this
        // heading: one pass in heading order. Testing every pair took time quadratic in a memo of
        // many gender sections (32,000: 4.9 s).
        guard sections.count > 8, sections.allSatisfy({ $0.body.lowerBound <= ($0.heading ?? -1) + 1 }) else {
            return sections.filter { s in
                !sections.contains { other in
                    other.heading != s.heading && other.body.contains(s.heading ?? -1)
                }
            }
        }
        let order = sections.indices.sorted { (sections[$0].heading ?? -1, $0) < (sections[$1].heading ?? -1, $1) }
        var nested = [Bool](repeating: false, count: sections.count)
        // The furthest body end among the sections whose heading comes before the current one's.
        var reach = Int.min
        var i = 0
        while i < order.count {
            let heading = sections[order[i]].heading ?? -1
            var j = i
            var groupReach = Int.min
            while j < order.count && (sections[order[j]].heading ?? -1) == heading {
                let s = sections[order[j]]
                if s.heading != nil && heading < reach { nested[order[j]] = true }
                groupReach = max(groupReach, s.body.upperBound)
                j += 1
            }
            reach = max(reach, groupReach)
            i = j
        }
        return sections.indices.filter { !nested[$0] }.map { sections[$0] }
    }

    /// Block indices a rule of `scope` reads, in order.
    public func blocks(in scope: RuleScope) -> [Int] {
        let slot: Int
        switch scope {
        case .document: slot = 0
        case .genderSection: slot = 1
        case .impact: slot = 2
        }
        if let known = scopes.blocks[slot] { return known }
        let list = computeBlocks(in: scope)
        scopes.blocks[slot] = list
        return list
    }

    private func computeBlocks(in scope: RuleScope) -> [Int] {
        switch scope {
        case .document:
            // Reserved at the block count: `filter` grew its array several times per memo.
            var out: [Int] = []
            out.reserveCapacity(blocks.count)
            for i in blocks.indices where blocks[i].block.kind != .metadata { out.append(i) }
            return out
        case .genderSection:
            return genderBlocks
        case .impact:
            // Membership by block index, read in order: the same sorted, duplicate-free list as a
            // Set sorted (which, with an array literal per category test, showed in profiles).
            var member = [Bool].filled(with: false, count: blocks.count)
            // `genderBlocks` as the gender scope keeps it (reading `genderBlocks` made the list
            // again, ~650 instructions a memo in profiles).
            for b in blocks(in: .genderSection) where b >= 0 && b < member.count { member[b] = true }
            for s in sections where s.categories.contains(where: Self.widensImpact) {
                if let h = s.heading, h >= 0, h < member.count { member[h] = true }
                for b in s.body where b >= 0 && b < member.count { member[b] = true }
            }
            var out: [Int] = []
            out.reserveCapacity(blocks.count)
            for i in blocks.indices where member[i] && blocks[i].block.kind != .metadata { out.append(i) }
            return out
        }
    }

    /// Section categories whose blocks the `.impact` scope adds to the gender section.
    private static func widensImpact(_ category: String) -> Bool {
        switch category {
        case "impact", "assessment", "social", "children": true
        default: false
        }
    }

    /// The gender section's blocks (headings included, so cue words in sub-headings count).
    public var genderBlocks: [Int] {
        switch gender {
        case .sections(let list):
            // One array, reserved (a filtered array per section, appended, showed in profiles).
            var out: [Int] = []
            out.reserveCapacity(list.reduce(0) { $0 + $1.body.count })
            for s in list {
                for i in s.body where blocks[i].block.kind != .metadata { out.append(i) }
            }
            return out
        case .inline(let list): return list
        case .none: return []
        }
    }

    /// The heading block of the first gender section, if the analysis has a heading.
    public var genderHeading: Int? {
        if case .sections(let list) = gender { return list.first?.heading }
        return nil
    }

    /// The section a block belongs to (the innermost one). Past `sectionsSearched` sections the
    /// answer comes from an index made on the first call and kept without a lock: like the rest of
    /// a document's analysis, call it from the thread that lints the document.
    @inline(__always)
    public func section(containing block: Int) -> Section? {
        // The search costs the number of sections, and every finding and every attachment
        // reference asks: quadratic in a large memo (20,000 sections with a reference each: 0.8 s).
        // Past a few dozen sections each block's answer is looked up, made once.
        if sections.count > Self.sectionsSearched { return indexedSection(containing: block) }
        return sections.last { s in s.heading == block || s.body.contains(block) }
    }

    @inline(never)
    private func indexedSection(containing block: Int) -> Section? {
        guard block >= 0, block < document.blocks.count else {
            return sections.last { s in s.heading == block || s.body.contains(block) }
        }
        let owners = scopes.sectionOwners ?? makeSectionOwners()
        let k = Int(owners[block])
        return k >= 0 ? sections[k] : nil
    }

    /// Memos with at most this many sections search them.
    static let sectionsSearched = 32

    /// For each block, the index of the last section (in `sections`' order) whose heading or body
    /// holds it, or -1: what the search in `section(containing:)` finds. Sections are visited in
    /// order, so a later one overwrites an earlier one's blocks.
    private func makeSectionOwners() -> [Int32] {
        let n = document.blocks.count
        var owners = [Int32].filled(with: -1, count: n)
        for (k, s) in sections.enumerated() {
            // Fits: a memo has fewer sections than blocks, and fewer blocks than its 2 GiB of bytes.
            let owner = Int32(truncatingIfNeeded: k)
            if let h = s.heading, h >= 0, h < n { owners[h] = owner }
            for b in s.body.clamped(to: 0..<n) { owners[b] = owner }
        }
        scopes.sectionOwners = owners
        return owners
    }

    /// Where memo-level findings point: the title (first heading) or the first block.
    public var titleBlock: Int? {
        document.blocks.firstIndex { $0.kind == .heading } ?? document.blocks.firstIndex { $0.kind != .metadata }
    }
}
