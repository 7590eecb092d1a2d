extension Lexicon {
    /// Every category mention in the text, in text order, with the traps resolved: the pronoun
    /// "man", "kön" meaning the queue, and the exclusions ("tjänstemän", "gemene man") give none;
    /// suspended compounds ("kvinno- och mansdominerade") give one mention per half.
    public func mentions(in text: TokenizedText) -> [Mention] {
        mentions(in: text, skippingPlainWords: true, forms: ThreadForms.table())
    }

    /// `mentions(in:)` with the calling thread's form table given (`ThreadForms.table()`): the
    /// document analysis holds it already (the thread-specific look-up was ~30 instructions a
    /// block, profile).
    func mentions(in text: TokenizedText, forms: ByteTable<String>) -> [Mention] {
        mentions(in: text, skippingPlainWords: true, forms: forms)
    }

    /// `skippingPlainWords: false` visits every word in the loop below instead of passing over the
    /// plain ones in place (`skipPlainWords`): the tests compare the two.
    func mentions(in text: TokenizedText, skippingPlainWords: Bool) -> [Mention] {
        mentions(in: text, skippingPlainWords: skippingPlainWords, forms: ThreadForms.table())
    }

    /// `forms`: the calling thread's form table.
    @inline(__always)
    private func mentions(in text: TokenizedText, skippingPlainWords: Bool, forms: ByteTable<String>) -> [Mention] {
        let c = compiled
        let tokens = text.tokens
        guard !tokens.isEmpty, !c.names.isEmpty else { return [] }
        // Not a literal: `[:]` built a dictionary through `init(dictionaryLiteral:)` for every block.
        var excluded = [Int: [Int32]]()

        // What the lexicon says about each form out of context is kept per form-table entry: the
        // tokenizer recorded each token's entry, so most words cost an array read here (hashing
        // the form again was a sixth of this function in a profile).
        let facts = forms.facts(forLexicon: c.id)
        // Tokens from another thread or an older generation of the table: their entries are
        // looked up again, kept in `scratch`.
        let valid = text.formStamp == forms.stamp
        // Only plain words (and other tokens): nothing to find, and the working arrays need not be
        // taken out (profile: most blocks, ~80 instructions each).
        let firstToLook = valid && skippingPlainWords
            ? skipPlainWords(from: 0, tokens: tokens, scalars: text.text.scalars, facts: facts) : 0
        if firstToLook >= tokens.count { return [] }
        // The working arrays are the record's, handed back with their capacity (three allocations
        // per paragraph with a mention before). Swapped in and out: assigning them (and an empty
        // array in their place) cost six retains and releases per block, and emptying arrays that
        // are empty already a `replaceSubrange` call each (profile).
        var raw: [(cat: Int32, tokens: Range<Int>, isAdjective: Bool)] = []
        var expanded: [(cat: Int32, tokens: Range<Int>, isAdjective: Bool)] = []
        var coveredUntil: [Int] = []
        swap(&raw, &facts.raw)
        swap(&expanded, &facts.expanded)
        swap(&coveredUntil, &facts.coveredUntil)
        if !raw.isEmpty { raw.removeAll(keepingCapacity: true) }
        if !expanded.isEmpty { expanded.removeAll(keepingCapacity: true) }
        defer {
            swap(&raw, &facts.raw)
            swap(&expanded, &facts.expanded)
            swap(&coveredUntil, &facts.coveredUntil)
        }
        if !valid {
            // No index this call holds yet, so the table may start over here (it grows only here
            // and in the tokenizer).
            forms.makeRoom()
            facts.scratch.removeAll(keepingCapacity: true)
            for t in tokens { facts.scratch.append(t.kind == .word ? Int32(truncatingIfNeeded: forms.intern(t.lower)) : -1) }
        }
        @inline(__always) func form(_ i: Int) -> Int {
            guard valid else { return Int(facts.scratch[i]) }
            let f = tokens[i].form
            // A form composed to NFC is not in the table yet.
            return f >= 0 ? Int(f) : forms.intern(tokens[i].lower)
        }

        // One pass: the exclusions that cover a word come from phrases starting at it or before it,
        // so they are all known when its own hits are considered. (Two passes read every word's
        // facts twice.) `raw` is sorted below, so its order here does not matter.
        var fresh: [CompiledLexicon.Hit] = []
        let n = tokens.count
        var i = firstToLook - 1
        var first = true
        while true {
            if first {
                i += 1
                first = false
            } else {
                i = valid && skippingPlainWords
                    ? skipPlainWords(from: i + 1, tokens: tokens, scalars: text.text.scalars, facts: facts)
                    : i + 1
            }
            guard i < n else { break }
            guard tokens[i].kind == .word else { continue }
            let f = form(i)
            facts.cover(f)
            if facts.byForm[f].hitStart < 0 {
                var storage = tokens[i].lower
                storage.withUTF8 { utf8 in
                    var hits: [CompiledLexicon.Hit] = []
                    wordHits(at: i, word: tokens[i].lower, utf8: utf8, tokens: tokens, afterSuspended: false, into: &hits)
                    let start = facts.values.count
                    for hit in hits { facts.values.append(hit.category << 1 | (hit.isAdjective ? 1 : 0)) }
                    let phrases = c.phraseListIndex(utf8)
                    facts.byForm[f] = WordFacts(hitStart: Int32(start), hitCount: Int32(hits.count), phrases: phrases)
                    facts.plain[f] = hits.isEmpty && phrases < 0 ? 1 : 0
                }
            }
            let entry = facts.byForm[f]
            if entry.phrases >= 0 {
                for phrase in c.phraseList(entry.phrases) where i + phrase.words.count <= tokens.count {
                    var ok = true
                    for k in 1..<phrase.words.count where !phrase.words[k].matches(tokens[i + k].lower) {
                        ok = false
                        break
                    }
                    guard ok else { continue }
                    let range = i..<(i + phrase.words.count)
                    if phrase.isExclusion {
                        for t in range { excluded[t, default: []].append(phrase.category) }
                    } else {
                        raw.append((phrase.category, range, phrase.isAdjective))
                    }
                }
            }

            func consider(_ hit: CompiledLexicon.Hit) {
                if !excluded.isEmpty, let ex = excluded[i], ex.contains(hit.category) { return }
                if hit.category == c.pronounCategory, c.pronounForms.contains(tokens[i].lower),
                   isPronoun(at: i, in: text) {
                    return
                }
                if hit.category == c.queueCategory, c.queueForms.contains(tokens[i].lower),
                   isQueue(at: i, in: text) {
                    return
                }
                raw.append((hit.category, i..<(i + 1), hit.isAdjective))
            }
            if mayFollowSuspendedHalf(i, tokens: tokens, scalars: text.text.scalars),
               followsSuspendedHalf(i, tokens: tokens, scalars: text.text.scalars) {
                // The only context a word's hits depend on: not kept.
                fresh.removeAll(keepingCapacity: true)
                var storage = tokens[i].lower
                storage.withUTF8 { utf8 in
                    wordHits(at: i, word: tokens[i].lower, utf8: utf8, tokens: tokens, afterSuspended: true, into: &fresh)
                }
                for hit in fresh { consider(hit) }
            } else {
                // Hits are plain numbers in `values`: reading an array per word retained it.
                var k = Int(entry.hitStart)
                let end = k + Int(entry.hitCount)
                while k < end {
                    let v = facts.values[k]
                    consider(CompiledLexicon.Hit(category: v >> 1, isAdjective: v & 1 == 1))
                    k += 1
                }
            }
        }

        guard !raw.isEmpty else { return [] }
        // Expand `also` categories, drop mentions inside a longer one of the same category.
        expanded.reserveCapacity(raw.count)
        for m in raw {
            expanded.append(m)
            for extra in c.also[Int(m.cat)] { expanded.append((extra, m.tokens, m.isAdjective)) }
        }
        expanded.sort { a, b in
            if a.tokens.lowerBound != b.tokens.lowerBound { return a.tokens.lowerBound < b.tokens.lowerBound }
            if a.tokens.count != b.tokens.count { return a.tokens.count > b.tokens.count }
            return a.cat < b.cat
        }
        var out: [Mention] = []
        out.reserveCapacity(expanded.count)
        if !coveredUntil.isEmpty { coveredUntil.removeAll(keepingCapacity: true) }
        coveredUntil.append(contentsOf: repeatElement(0, count: c.names.count))
        for m in expanded {
            let cat = Int(m.cat)
            if m.tokens.upperBound <= coveredUntil[cat] { continue }
            coveredUntil[cat] = m.tokens.upperBound
            let scalars = tokens[m.tokens.lowerBound].range.lowerBound..<tokens[m.tokens.upperBound - 1].range.upperBound
            let form = m.tokens.count == 1
                ? tokens[m.tokens.lowerBound].lower
                : m.tokens.map { tokens[$0].lower }.joined(separator: " ")
            out.append(Mention(category: c.names[Int(m.cat)], tokens: m.tokens, scalars: scalars,
                               form: form, isAdjective: m.isAdjective))
        }
        return out
    }

    /// The first token from `start` that the loop of `mentions(in:)` has something to do for: a
    /// word whose form has no facts yet, or has hits or phrases, or follows a suspended half
    /// ("X- och"); other tokens add nothing there. Profile: that loop cost ~70 instructions a
    /// word (the facts array read through its object, bounds checks), most words being such
    /// plain words; this walk in place is ~20. The tokens' forms must be of `facts`' table's
    /// current generation.
    @inline(__always) private func skipPlainWords(from start: Int, tokens: [Token], scalars: [Unicode.Scalar],
                                                  facts: LexiconFacts) -> Int {
        facts.plain.withUnsafeBufferPointer { plain in
            tokens.withUnsafeBufferPointer { t in
                scalars.withUnsafeBufferPointer { s in
                    var i = start
                    while i < t.count {
                        // In bounds: i < t.count.
                        let token = t[i]
                        if token.kind == .word {
                            let f = Int(token.form)
                            // In bounds: 0 <= f < plain.count. Plain: known, without hits or phrases.
                            guard f >= 0, f < plain.count, plain[f] != 0 else { return i }
                            // As `mayFollowSuspendedHalf`; in bounds: i - 2 >= 0, 0 < end <= s.count.
                            if i >= 2, t[i - 2].kind == .word {
                                let end = t[i - 2].range.upperBound
                                if end > 0, end <= s.count, ScalarClass.isHyphen(s[end - 1]) { return i }
                            }
                        }
                        i += 1
                    }
                    return i
                }
            }
        }
    }

    /// Categories of one word: full forms first, then compound prefixes and heads, suspended
    /// halves ("kvinno-", "-män") and the second member after a suspended half ("dam- och herrlag").
    /// `afterSuspended`: the word follows "X- och" (see `followsSuspendedHalf`); all else
    /// depends on the word alone, which is what lets `LexiconFacts` keep the result.
    private func wordHits(at i: Int, word w: String, utf8: UnsafeBufferPointer<UInt8>, tokens: [Token],
                          afterSuspended: Bool, into hits: inout [CompiledLexicon.Hit]) {
        let c = compiled
        hits.append(contentsOf: c.exactHits(utf8))
        func add(_ cat: Int32, adjective: Bool = false) {
            guard !hits.contains(where: { $0.category == cat }), !c.isExcluded(w, cat) else { return }
            hits.append(CompiledLexicon.Hit(category: cat, isAdjective: adjective))
        }
        if utf8.last == 0x2D {
            // "kvinno-": the prefix itself, productive or suspended-only.
            let stem = utf8.dropLast()
            c.prefixes.forEachPrefix(of: stem) { v, len in if len == stem.count { add(v >> 1) } }
            return
        }
        if utf8.first == 0x2D {
            // "-män" after "yrkeskvinnor och": the head of a suspended compound.
            let head = String(w.dropFirst())
            for hit in c.exactHits(head) where !hit.isAdjective { add(hit.category) }
            return
        }
        c.prefixes.forEachPrefix(of: utf8) { v, len in
            guard len < utf8.count else { return }
            if v & 1 == 0 || afterSuspended { add(v >> 1) }
        }
        c.suffixes.forEachPrefix(of: utf8.reversed()) { v, len in
            if utf8.count - len >= 3 { add(v) }
        }
        if let dash = utf8.lastIndex(of: 0x2D), dash != utf8.startIndex {
            // "lss-brukare", "dam-lag": the head decides, or the first part as a prefix.
            let head = String(w[w.utf8.index(w.utf8.startIndex, offsetBy: dash + 1)...])
            for hit in c.exactHits(head) { add(hit.category, adjective: hit.isAdjective) }
            let first = utf8[utf8.startIndex..<dash]
            c.prefixes.forEachPrefix(of: first) { v, len in if len == first.count { add(v >> 1) } }
        }
    }

    /// The first, cheap test of `followsSuspendedHalf`, inlined: two words back is a word whose last
    /// scalar is a hyphen. Nearly every word fails it, and the call alone cost more than the test.
    @inline(__always) private func mayFollowSuspendedHalf(_ i: Int, tokens: [Token], scalars: [Unicode.Scalar]) -> Bool {
        guard i >= 2, tokens[i - 2].kind == .word else { return false }
        let end = tokens[i - 2].range.upperBound
        return end > 0 && end <= scalars.count && ScalarClass.isHyphen(scalars[end - 1])
    }

    /// Whether token `i` follows "X- och", "X- eller", "X-, " (the tail of a suspended compound).
    /// A half whose last scalar is no hyphen is rejected without reading
    /// its form (a form ends in "-" only where the tokenizer kept a final hyphen scalar).
    private func followsSuspendedHalf(_ i: Int, tokens: [Token], scalars: [Unicode.Scalar]) -> Bool {
        // The half is checked first: it is cheaper than the conjunction and rarely there.
        guard i >= 2, tokens[i - 2].kind == .word else { return false }
        let end = tokens[i - 2].range.upperBound
        guard end > 0, end <= scalars.count, ScalarClass.isHyphen(scalars[end - 1]) else { return false }
        guard tokens[i - 2].lower.lastByte == 0x2D else { return false }
        let conj = tokens[i - 1].lower
        guard conj == "och" || conj == "eller" || conj == "samt" || conj == "respektive" || conj == "," else {
            return false
        }
        let half = tokens[i - 2].lower.utf8
        // Only a half the lexicon knows ("dam-", "kvinno-") licenses the tail: not "damm- och herrgårdar".
        let stem = half.dropLast()
        var known = false
        compiled.prefixes.forEachPrefix(of: stem) { _, len in if len == stem.count { known = true } }
        return known
    }
}
