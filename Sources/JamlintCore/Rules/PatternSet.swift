/// Several token patterns indexed by their words, to find cheaply which of them can match in a
/// sentence.
///
/// Profiles of `claim-without-cue` (run on every sentence of every memo) showed the patterns
/// tried one by one at every start position, and a common first word ("ärendet", "gäller")
/// starting a nested gap search although the rest of the pattern occurred nowhere in the
/// sentence. Here one pass over the tokens, with one trie lookup per token, marks the elements
/// each token could satisfy; only a pattern whose every required element (words, categories
/// and numbers that are not optional) is marked somewhere in the sentence is then matched.
/// The test is a necessary condition only, so it may let a pattern through (a byte prefix that
/// the exact matcher rejects at a character seam) but never drops one that matches.
final class PatternSet: Sendable {
    let patterns: [TokenPattern]
    /// Per pattern: the bit of each required element (bit = element index); patterns with more
    /// than 64 elements are always tried.
    private let required: [UInt64]
    private let alwaysTry: [Bool]
    /// Values are `pattern << 8 | element`, with `exactFlag` for exact words (prefixes without).
    private let words: ByteTrie
    private static let exactFlag: Int32 = 1 << 30
    /// Over reversed bytes.
    private let suffixes: ByteTrie
    /// Per pattern: bits satisfied by any number token, and (category, bit) pairs.
    private let numberBits: [UInt64]
    private let categoryBits: [[(category: String, bits: UInt64)]]
    /// Bits satisfied by any token (alternatives the byte index cannot judge).
    private let anyTokenBits: [UInt64]
    private let hasCategories: Bool
    /// `categoryBits` flattened: entry `k` gives pattern `categoryPattern[k]` the bits
    /// `categoryMask[k]` for a mention of `categoryName[k]`. Profile: the nested tuple arrays and
    /// a copy of each mention (two strings) per sentence were a retain and release per mention.
    private let categoryName: [String]
    private let categoryPattern: [Int]
    private let categoryMask: [UInt64]

    init(_ patterns: [TokenPattern]) {
        self.patterns = patterns
        var required: [UInt64] = [], alwaysTry: [Bool] = []
        var words = ByteTrie(), suffixes = ByteTrie()
        var numberBits: [UInt64] = [], categoryBits: [[(category: String, bits: UInt64)]] = [], anyToken: [UInt64] = []
        for (p, pattern) in patterns.enumerated() {
            let elements = pattern.elements
            var req: UInt64 = 0, numbers: UInt64 = 0, any: UInt64 = 0
            var cats: [(category: String, bits: UInt64)] = []
            let fits = elements.count <= 64
            for (e, element) in elements.enumerated() where fits {
                let bit = UInt64(1) << UInt64(e)
                let value = Int32(p) << 8 | Int32(e)
                switch element {
                case .gap:
                    continue
                case .number(let optional):
                    if !optional { req |= bit }
                    numbers |= bit
                case .category(let c, let optional):
                    if !optional { req |= bit }
                    cats.append((c, bit))
                case .words(let alternatives, let optional):
                    if !optional { req |= bit }
                    for alt in alternatives {
                        switch alt {
                        case .exact(let w):
                            if w.isEmpty { any |= bit } else { words.insert(w.utf8, value: value | Self.exactFlag) }
                        case .prefix(let w):
                            // Not normalised on load: a text with combining marks may match by
                            // canonical equivalence only, which bytes cannot see.
                            if w.isEmpty || w.unicodeScalars.contains(where: { $0.value >= 0x300 }) { any |= bit }
                            else { words.insert(w.utf8, value: value) }
                        case .suffix(let w):
                            if w.isEmpty || w.unicodeScalars.contains(where: { $0.value >= 0x300 }) { any |= bit }
                            else { suffixes.insert(w.utf8.reversed(), value: value) }
                        }
                    }
                }
            }
            required.append(req)
            alwaysTry.append(!fits)
            numberBits.append(numbers)
            categoryBits.append(cats)
            anyToken.append(any)
        }
        self.required = required
        self.alwaysTry = alwaysTry
        self.words = words
        self.suffixes = suffixes
        self.numberBits = numberBits
        self.categoryBits = categoryBits
        self.anyTokenBits = anyToken
        self.hasCategories = categoryBits.contains { !$0.isEmpty }
        var names: [String] = [], owners: [Int] = [], masks: [UInt64] = []
        for (p, cats) in categoryBits.enumerated() {
            for (c, bits) in cats {
                names.append(c)
                owners.append(p)
                masks.append(bits)
            }
        }
        categoryName = names
        categoryPattern = owners
        categoryMask = masks
        self.gate = Self.gate(patterns, alwaysTry: alwaysTry)
    }

    /// One required word element per pattern (its last one), all in one small table: a sentence
    /// without a token for any of them has no candidate, and one look-up per token settles most
    /// sentences (profile: the trie walk per token and the marking were most of
    /// `claim-without-cue`). The last element is what a claim is about ("jämställd*|kön|kvinnor",
    /// "lika|samma"), rarer in a memo than its opening words: on the benchmark subset it let
    /// fewer sentences through than the element with the longest shortest word. Any choice is
    /// correct. Nil when some pattern has no such element or is always tried.
    private let gate: Gate?

    /// Words by their first two bytes, hashed into `bucketCount` buckets (one-byte words in 256
    /// more, by their byte): `entries[bucketStart[h]..<bucketStart[h + 1]]`. A token meets only
    /// the words sharing its first two bytes or their hash (by first byte alone, common letters
    /// such as "k" and "f" sent most tokens through a bucket).
    private struct Gate: Sendable {
        static let bucketCount = 1024
        let pool: [UInt8]
        let entries: [(bytes: Range<Int>, exact: Bool)]
        let bucketStart: [Int]
        /// Per first byte: whether some word starts with it (most tokens' first bytes start none,
        /// and this one load rejects them before the two bucket look-ups).
        let firstBytes: [Bool]

        @inline(__always) static func bucket(_ a: UInt8, _ b: UInt8) -> Int { (Int(a) &* 31 ^ Int(b)) & (bucketCount - 1) }

        init(_ words: [(bytes: [UInt8], exact: Bool)]) {
            func key(_ w: [UInt8]) -> Int { w.count == 1 ? Self.bucketCount + Int(w[0]) : Self.bucket(w[0], w[1]) }
            let sorted = words.filter { !$0.bytes.isEmpty }.enumerated()
                .sorted { (key($0.element.bytes), $0.offset) < (key($1.element.bytes), $1.offset) }.map(\.element)
            var pool: [UInt8] = [], entries: [(bytes: Range<Int>, exact: Bool)] = []
            var bucketStart = [Int](repeating: 0, count: Self.bucketCount + 256 + 1)
            for w in sorted {
                entries.append((pool.count..<(pool.count + w.bytes.count), w.exact))
                pool.append(contentsOf: w.bytes)
                bucketStart[key(w.bytes) + 1] += 1
            }
            for h in 0..<(bucketStart.count - 1) { bucketStart[h + 1] += bucketStart[h] }
            self.pool = pool
            self.entries = entries
            self.bucketStart = bucketStart
            var firstBytes = [Bool](repeating: false, count: 256)
            for w in sorted { firstBytes[Int(w.bytes[0])] = true }
            self.firstBytes = firstBytes
        }

        /// Whether the form is a gate word (exact) or starts with one (prefix), as the word trie
        /// finds them (its keys are never empty).
        func hit(_ form: UnsafeBufferPointer<UInt8>) -> Bool {
            guard let a = form.first, firstBytes[Int(a)] else { return false }
            let single = Self.bucketCount + Int(a)
            if visit(bucketStart[single]..<bucketStart[single + 1], form) { return true }
            guard form.count >= 2 else { return false }
            let h = Self.bucket(a, form[1])
            return visit(bucketStart[h]..<bucketStart[h + 1], form)
        }

        @inline(__always) private func visit(_ bucket: Range<Int>, _ form: UnsafeBufferPointer<UInt8>) -> Bool {
            guard !bucket.isEmpty else { return false }
            return pool.withUnsafeBufferPointer { pool in
                for e in bucket {
                    let r = entries[e].bytes
                    if r.count > form.count || (entries[e].exact && r.count != form.count) { continue }
                    var k = 0
                    while k < r.count && pool[r.lowerBound + k] == form[k] { k += 1 }
                    if k == r.count { return true }
                }
                return false
            }
        }
    }

    private static func gate(_ patterns: [TokenPattern], alwaysTry: [Bool]) -> Gate? {
        guard !alwaysTry.contains(true) else { return nil }
        var words: [(bytes: [UInt8], exact: Bool)] = []
        for pattern in patterns {
            var last: [TokenPattern.Alternative]?
            for element in pattern.elements {
                guard case .words(let alternatives, let optional) = element, !optional else { continue }
                // Only elements the word trie judges alone (see `init`): exact words and plain prefixes.
                let judged = !alternatives.isEmpty && alternatives.allSatisfy { alt in
                    switch alt {
                    case .exact(let w): return !w.isEmpty
                    case .prefix(let w): return !w.isEmpty && !w.unicodeScalars.contains(where: { $0.value >= 0x300 })
                    case .suffix: return false
                    }
                }
                if judged { last = alternatives }
            }
            guard let last else { return nil }
            for alt in last {
                switch alt {
                case .exact(let w): words.append((Array(w.utf8), true))
                case .prefix(let w): words.append((Array(w.utf8), false))
                case .suffix: return nil
                }
            }
        }
        return Gate(words)
    }

    /// Whether some word token of the range satisfies a gate element (see `gate`); with `memo`
    /// (ready for the tokens' stamp), each form's answer is read from it.
    private func passesGate(_ gate: Gate, _ tokens: [Token], _ range: Range<Int>, memo: FormMemo?) -> Bool {
        // Through a buffer (the range is a sentence's, within the tokens): indexing the array
        // checked bounds and copied each Token in profiles.
        let r = range.clamped(to: 0..<tokens.count)
        return tokens.withUnsafeBufferPointer { tokens in
            for t in r where tokens[t].kind == .word {
                if let memo, let tag = formTag(tokens, t, memo) {
                    if tag & Self.gateTag != 0 { return true }
                    continue
                }
                if let hit = tokens[t].lower.utf8.withContiguousStorageIfAvailable({ gate.hit($0) }) {
                    if hit { return true }
                } else {
                    var lower = tokens[t].lower
                    if lower.withUTF8({ gate.hit($0) }) { return true }
                }
            }
            return false
        }
    }

    /// Calls `mark` with each value of the word and suffix indexes that a token of this form
    /// satisfies (exact words at full length only).
    @inline(__always) private func forEachValue(_ utf8: UnsafeBufferPointer<UInt8>, _ mark: (Int32) -> Void) {
        // One walk finds exact words (flagged, at full length only) and prefixes.
        words.forEachPrefix(of: utf8) { v, length in
            if v & Self.exactFlag == 0 { mark(v) } else if length == utf8.count { mark(v & ~Self.exactFlag) }
        }
        if !suffixes.isEmpty { suffixes.forEachPrefix(of: utf8.reversed()) { v, _ in mark(v) } }
    }

    /// A form's fact in a `FormMemo`: `knownBit`, and its `forEachValue` values as
    /// `memo.pool[start ..< start + count]` (count in bits 32–61, start in bits 0–31).
    private static let knownBit: UInt64 = 1 << 63
    /// The fact's tag in the memo (`FormMemo.tag`): known, passes the gate, has values (a
    /// non-empty pool run). The gate test and most tokens of `markTokens` read the tag alone;
    /// whether the form passes the gate is kept there only.
    private static let knownTag: UInt8 = 1
    private static let gateTag: UInt8 = 2
    private static let valuesTag: UInt8 = 4

    /// The memo's tag for token `t`'s form, learnt now if new; nil when the token has no usable
    /// form index (the caller then reads the form itself).
    @inline(__always) private func formTag(_ tokens: UnsafeBufferPointer<Token>, _ t: Int, _ memo: FormMemo) -> UInt8? {
        let f = tokens[t].form
        guard FormMemo.fits(f) else { return nil }
        let known = memo.tag(Int(f))
        return known != 0 ? known : learn(tokens[t].lower, Int(f), memo)
    }

    /// Records the fact and tag of form `f` in `memo`; returns the tag.
    @inline(never) private func learn(_ lower: String, _ f: Int, _ memo: FormMemo) -> UInt8 {
        let start = memo.poolCount
        var hit = false
        var form = lower
        form.withUTF8 { utf8 in
            if let gate { hit = gate.hit(utf8) }
            forEachValue(utf8) { memo.append($0) }
        }
        let count = memo.poolCount - start
        let fact = Self.knownBit | UInt64(count) << 32 | UInt64(UInt32(truncatingIfNeeded: start))
        let tag = Self.knownTag | (hit ? Self.gateTag : 0) | (count > 0 ? Self.valuesTag : 0)
        memo.record(f, fact, tag: tag)
        return tag
    }

    /// Unique among the process's pattern sets and lexicons: the key of this set's memos.
    private let id = ProcessUniqueID.next()

    /// The calling thread's memo of this set's per-form facts: fetched once per memo a rule checks
    /// and passed to `candidates(in:sentence:marks:memo:)`.
    func memo() -> FormMemo { FormMemos.memo(owner: id) }

    /// The first sentence of the block from `s` on that passes the gate (see `gate`), as `mark`
    /// tests it; `s` itself without a gate; the sentence count when none does. The other
    /// sentences have no candidate (`candidateMask` is 0, `candidates` empty).
    ///
    /// Profile (callgrind, 880 memos): `claim-without-cue` asked for the candidates of 49,872
    /// sentences, and 5,030 passed the gate; the calls and set-up per sentence that fails it (in
    /// `candidateMask` and `mark`) cost about as much as testing its tokens. Here the sentences of
    /// a block are tested in one loop.
    func nextGateSentence(in block: AnalyzedBlock, from s: Int, memo: FormMemo?) -> Int {
        let sentences = block.tokens.sentences
        guard s < sentences.count else { return sentences.count }
        guard let gate else { return s }
        let ready = memo?.use(block.tokens.formStamp) == true
        let tokens = block.tokens.tokens
        return sentences.withUnsafeBufferPointer { sentences in
            var k = max(s, 0)
            while k < sentences.count {
                if passesGate(gate, tokens, sentences[k].tokens, memo: ready ? memo : nil) { return k }
                k += 1
            }
            return sentences.count
        }
    }

    /// Indices of the patterns that may match in sentence `s` of the block, in pattern order.
    /// `marks` is scratch space the caller keeps between calls.
    func candidates(in block: AnalyzedBlock, sentence s: Int, marks: inout [UInt64]) -> [Int] {
        candidates(in: block, sentence: s, marks: &marks, memo: memo())
    }

    /// `candidates(in:sentence:marks:)` with this thread's `memo()`, or without one (nil: every
    /// form read and walked, the general path the memo's answers equal).
    func candidates(in block: AnalyzedBlock, sentence s: Int, marks: inout [UInt64], memo: FormMemo?) -> [Int] {
        var out: [Int] = []
        guard let sawNumber = mark(block, sentence: s, marks: &marks, memo: memo) else { return out }
        for p in 0..<patterns.count where passes(p, marks, sawNumber) { out.append(p) }
        return out
    }

    /// `candidates(in:sentence:marks:memo:)` as bits (bit `k` for pattern `k`), for a set of at
    /// most 64 patterns; nil for a larger set. Profile: the array returned per sentence (nearly
    /// always empty) was a release per sentence, and an allocation for the rest.
    /// `passedGate`: `nextGateSentence` found that sentence `s` passes the gate (not tested again).
    func candidateMask(in block: AnalyzedBlock, sentence s: Int, marks: inout [UInt64], memo: FormMemo?,
                       passedGate: Bool = false) -> UInt64? {
        guard patterns.count <= 64 else { return nil }
        guard let sawNumber = mark(block, sentence: s, marks: &marks, memo: memo, passedGate: passedGate) else { return 0 }
        var out: UInt64 = 0
        for p in 0..<patterns.count where passes(p, marks, sawNumber) { out |= 1 << UInt64(p) }
        return out
    }

    /// Whether pattern `p` is a candidate given the marks of a sentence.
    @inline(__always) private func passes(_ p: Int, _ marks: [UInt64], _ sawNumber: Bool) -> Bool {
        var m = marks[p]
        if sawNumber { m |= numberBits[p] }
        return alwaysTry[p] || required[p] & ~m == 0
    }

    /// Marks (in `marks`, one word per pattern) the elements each pattern has in sentence `s`;
    /// nil when the sentence fails the gate (no pattern can match), else whether it has a number.
    private func mark(_ block: AnalyzedBlock, sentence s: Int, marks: inout [UInt64], memo: FormMemo?,
                      passedGate: Bool = false) -> Bool? {
        let range = block.tokens.sentences[s].tokens
        let count = patterns.count
        let tokens = block.tokens.tokens
        // Form indices of another generation, or none: the forms are read. (No new reference to the
        // memo: `flatMap` retained and released it per sentence.)
        let ready = memo?.use(block.tokens.formStamp) == true
        if !passedGate, let gate, !passesGate(gate, tokens, range, memo: ready ? memo : nil) { return nil }
        if marks.count != count { marks = .filled(with: 0, count: count) }
        var sawNumber = false
        marks.withUnsafeMutableBufferPointer { buffer in
            let marks = buffer
            for p in 0..<count { marks[p] = anyTokenBits[p] }
            let mark = { (v: Int32) in marks[Int(v >> 8)] |= UInt64(1) << UInt64(v & 0xFF) }
            // The sentence's word and number tokens (what patterns match over).
            sawNumber = tokens.withUnsafeBufferPointer { tokens in
                markTokens(tokens, range.clamped(to: 0..<tokens.count), memo: ready ? memo : nil, marks, mark)
            }
            // Mentions start at word tokens, so those starting in the sentence are among them.
            if hasCategories {
                let mentions = block.mentions
                for i in mentions.indices where range.contains(mentions[i].tokens.lowerBound) {
                    for k in categoryName.indices where categoryName[k] == mentions[i].category {
                        marks[categoryPattern[k]] |= categoryMask[k]
                    }
                }
            }
        }
        return sawNumber
    }

    /// Marks what the word and number tokens of `range` (within `tokens`) satisfy; returns whether
    /// there is a number. A memo's values are marked in `marks` directly: calling the `mark`
    /// closure for them made the memo be retained and released per token (profile).
    private func markTokens(_ tokens: UnsafeBufferPointer<Token>, _ range: Range<Int>, memo: FormMemo?,
                            _ marks: UnsafeMutableBufferPointer<UInt64>, _ mark: (Int32) -> Void) -> Bool {
        // Unwrapped once: a binding in the loop was a retain and release per token (profile).
        if let memo { return markTokens(tokens, range, memo, marks, mark) }
        var sawNumber = false
        for t in range {
            let kind = tokens[t].kind
            if kind == .number { sawNumber = true } else if kind != .word { continue }
            markByBytes(tokens, t, mark)
        }
        return sawNumber
    }

    private func markTokens(_ tokens: UnsafeBufferPointer<Token>, _ range: Range<Int>, _ memo: FormMemo,
                            _ marks: UnsafeMutableBufferPointer<UInt64>, _ mark: (Int32) -> Void) -> Bool {
        var sawNumber = false
        for t in range {
            let kind = tokens[t].kind
            if kind == .number { sawNumber = true } else if kind != .word { continue }
            guard let tag = formTag(tokens, t, memo) else {
                markByBytes(tokens, t, mark)
                continue
            }
            // No values (most words): the eight-byte fact is not read.
            if tag & Self.valuesTag == 0 { continue }
            let fact = memo.fact(Int(tokens[t].form))
            let start = Int(UInt32(truncatingIfNeeded: fact))
            let n = Int((fact >> 32) & 0x3FFF_FFFF)
            // Recorded by `learn` as a run of the pool, which only grows within a stamp. Values are
            // `pattern << 8 | element` of this set (pattern below `marks.count`).
            for v in memo.run(start, n) { marks[Int(v >> 8)] |= UInt64(1) << UInt64(v & 0xFF) }
        }
        return sawNumber
    }

    /// Marks what token `t`'s form satisfies, walking its bytes.
    @inline(__always) private func markByBytes(_ tokens: UnsafeBufferPointer<Token>, _ t: Int, _ mark: (Int32) -> Void) {
        // The form's bytes in place: copying the String into a `var` for `withUTF8` was a
        // retain and release per token in profiles.
        if tokens[t].lower.utf8.withContiguousStorageIfAvailable({ forEachValue($0, mark) }) == nil {
            var lower = tokens[t].lower
            lower.withUTF8 { forEachValue($0, mark) }
        }
    }
}
