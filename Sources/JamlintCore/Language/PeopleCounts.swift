/// How a people count was written.
public enum PeopleCountPattern: Sendable, Hashable {
    /// "320 brukare", "45 nyanlända elever", "ca 70 st deltagare", "45 av eleverna"
    case numberNoun
    /// "45 procent av eleverna", "12,5 % av de sökande"
    case percentOf
    /// "andelen elever", "andelen äldre brukare"
    case share
}

/// A statistic about people that hides sex unless `splitBySex`.
public struct PeopleCount: Sendable, Hashable {
    public var tokens: Range<Int>
    public var scalars: Range<Int>
    /// The number as written ("6 765", "12,5"); the share word for `.share` ("andelen").
    public var numberText: String
    /// The people noun's lower form ("brukare", "eleverna").
    public var noun: String
    public var pattern: PeopleCountPattern
    public var sentence: Int
    /// The same or the next sentence gives the figures by sex ("varav 190 kvinnor och 130 män",
    /// "78 procent kvinnor") or says they are split ("uppdelat på kön", "könsuppdelad").
    public var splitBySex: Bool

    public init(tokens: Range<Int>, scalars: Range<Int>, numberText: String, noun: String,
                pattern: PeopleCountPattern, sentence: Int, splitBySex: Bool) {
        self.tokens = tokens
        self.scalars = scalars
        self.numberText = numberText
        self.noun = noun
        self.pattern = pattern
        self.sentence = sentence
        self.splitBySex = splitBySex
    }
}

public enum PeopleCounts {
    /// The people counts in one text. `mentions` must come from `lexicon.mentions(in: text)`.
    public static func find(in text: TokenizedText, mentions: [Mention], lexicon: Lexicon) -> [PeopleCount] {
        find(in: text, mentions: mentions, lexicon: lexicon, memoized: true)
    }

    /// `find(in:mentions:lexicon:)`; `memoized: false` reads every word list by the form's bytes
    /// (the general path that the per-form memo's answers equal, see `WordTests`).
    static func find(in text: TokenizedText, mentions: [Mention], lexicon: Lexicon, memoized: Bool) -> [PeopleCount] {
        find(in: text, mentions: mentions, lexicon: lexicon, memo: memoized ? memo(lexicon) : nil)
    }

    /// The calling thread's memo of the lexicon's count words: a rule fetches it once per memo
    /// it checks, not per block.
    static func memo(_ lexicon: Lexicon) -> FormMemo { FormMemos.memo(owner: lexicon.compiled.id) }

    /// `find(in:mentions:lexicon:)` with `memo(lexicon)` of this thread, or nil for the general path.
    /// `hasPeopleNoun`: the caller found `hasPeopleNoun(mentions, lexicon:)` true (it is not asked
    /// again: a second scan of the mentions per block).
    static func find(in text: TokenizedText, mentions: [Mention], lexicon: Lexicon, memo: FormMemo?,
                     hasPeopleNoun known: Bool = false) -> [PeopleCount] {
        let c = lexicon.compiled
        let tokens = text.tokens
        guard !tokens.isEmpty else { return [] }
        let countNames = c.countNames
        let sexedNames = c.sexedNames
        // Every pattern ends at a people noun (a count-category mention that is not an adjective):
        // without one the text has no count, and most blocks are skipped here.
        guard known || hasPeopleNoun(mentions, lexicon: lexicon) else { return [] }
        // The stamp alone: passing the tokenized text copied its arrays (four retains and releases).
        let words = WordTests(c, stamp: text.formStamp, memo: memo)
        func usable(_ k: Int) -> Bool {
            let r = mentions[k].tokens
            return !r.isEmpty && r.lowerBound >= 0 && r.upperBound <= tokens.count && !mentions[k].isAdjective
        }
        // The memo's scratch flags (an allocation per block before), all false between calls and
        // at least as many as the tokens; the flags set here are cleared on return.
        var isPeople: [Bool] = []
        if let memo { swap(&isPeople, &memo.flags) }
        if isPeople.count < tokens.count { isPeople.append(contentsOf: repeatElement(false, count: tokens.count - isPeople.count)) }
        defer {
            for k in mentions.indices where usable(k) { isPeople[mentions[k].tokens.upperBound - 1] = false }
            if let memo { swap(&isPeople, &memo.flags) }
        }
        for k in mentions.indices where usable(k) && has(countNames, mentions[k].category) {
            isPeople[mentions[k].tokens.upperBound - 1] = true
        }
        // Built on the first count found: most blocks with a people noun have no count.
        var sexedTokens: [Bool]?
        // Sentences asked about are a count's and the next: a few pairs (a dictionary grew its
        // storage on the first insertion, in profiles). Asked in ascending order, so the list
        // ascends and is searched from its end, back to the first sentence before the one asked
        // for: searched whole, a paragraph of many counts (a memo converted with its text on one
        // line, 175,000 counts) took time quadratic in them.
        var splitCache: [(sentence: Int, value: Bool)] = []
        func split(_ sentence: Int) -> Bool {
            for known in splitCache.reversed() {
                if known.sentence == sentence { return known.value }
                if known.sentence < sentence { break }
            }
            if sexedTokens == nil {
                var isSexed = [Bool].filled(with: false, count: tokens.count)
                for k in mentions.indices where usable(k) && has(sexedNames, mentions[k].category) {
                    for t in mentions[k].tokens { isSexed[t] = true }
                }
                sexedTokens = isSexed
            }
            let value = sentenceSplitsBySex(sentence, text: text, isSexed: sexedTokens ?? [], lexicon: lexicon, words: words)
            splitCache.append((sentence, value))
            return value
        }

        // Every pattern reaches its first people noun within six tokens of the number or share
        // word (see `afterNumber`, `nounAfter`): tokens farther from one are skipped without the
        // word-list lookups that were most of this function. `nextPeople` is the first people
        // noun at or after `scannedFrom` (kept inline: a nested function over these variables
        // boxed them, with an exclusivity check per token).
        var nextPeople = -1, scannedFrom = Int.max
        var out: [PeopleCount] = []
        for s in text.sentences.indices {
            let range = text.sentences[s].tokens
            var i = range.lowerBound
            while i < range.upperBound {
                if scannedFrom > i + 1 || nextPeople <= i {
                    var j = i + 1
                    while j < tokens.count && !isPeople[j] { j += 1 }
                    nextPeople = j
                    scannedFrom = i + 1
                }
                // Straight to the first token within six of that noun: the tokens before it would each
                // be skipped here without a new scan (`nextPeople` stays the first people noun after
                // them), one by one (profile: a fifth of this function).
                if nextPeople > i + 6 { i = min(range.upperBound, nextPeople - 6); continue }
                // Fields, not a copy of the token (its form retained and released).
                let kind = tokens[i].kind
                var found: (end: Int, pattern: PeopleCountPattern)?
                if kind == .number, tokens[i].hasNumber {
                    found = afterNumber(i + 1, end: range.upperBound, tokens: tokens, isPeople: isPeople, words: words)
                } else if kind == .word, words.has(WordTests.share, tokens, i) {
                    if let nounAt = nounAfter(i + 1, end: range.upperBound, tokens: tokens, isPeople: isPeople,
                                              words: words, allowOf: true) {
                        found = (nounAt, .share)
                    }
                }
                if let (nounAt, pattern) = found {
                    let t = tokens[i]
                    let scalars = t.range.lowerBound..<tokens[nounAt].range.upperBound
                    out.append(PeopleCount(
                        tokens: i..<(nounAt + 1), scalars: scalars, numberText: text.text.string(t.range),
                        noun: tokens[nounAt].lower, pattern: pattern, sentence: s,
                        splitBySex: split(s) || (s + 1 < text.sentences.count && split(s + 1))))
                    i = nounAt + 1
                } else {
                    i += 1
                }
            }
        }
        return out
    }

    /// Whether a mention is a people noun (a count category, not an adjective): without one a
    /// text has no count. By index, and the small name set by comparison: copying each mention
    /// and hashing its category showed in profiles.
    static func hasPeopleNoun(_ mentions: [Mention], lexicon: Lexicon) -> Bool {
        hasPeopleNoun(mentions, countNames: lexicon.compiled.countNames)
    }

    /// `hasPeopleNoun(_:lexicon:)` with the lexicon's `countNames` read once by the caller.
    @inline(__always) static func hasPeopleNoun(_ mentions: [Mention], countNames: Set<String>) -> Bool {
        mentions.indices.contains { !mentions[$0].isAdjective && has(countNames, mentions[$0].category) }
    }

    /// Membership in a small set of category names by comparison (hashing each mention's
    /// category cost more); large sets are hashed.
    @inline(__always) static func has(_ set: Set<String>, _ name: String) -> Bool {
        guard set.count <= 8 else { return set.contains(name) }
        for n in set where n == name { return true }
        return false
    }

    /// Whether table header texts split the figures by sex: a column for women, men, girls or
    /// boys ("Kvinnor", "Andel kvinnor (%)"), the sex category ("Kön"), or the pair "K" and "M".
    public static func headersSplitBySex(_ headerTexts: [String], lexicon: Lexicon) -> Bool {
        headersSplitBySex(analysed: headerTexts.map { text in
            let tokens = Tokenizer.tokenize(text)
            return (tokens, lexicon.mentions(in: tokens))
        }, lexicon: lexicon)
    }

    /// The same test on headers already tokenised, with their mentions (table cells of an
    /// analysed memo: tokenising their text again showed in profiles).
    static func headersSplitBySex(analysed headers: [(tokens: TokenizedText, mentions: [Mention])], lexicon: Lexicon) -> Bool {
        headersSplitBySex(headers, lexicon: lexicon, tokens: { $0.tokens.tokens }, mentions: { $0.mentions })
    }

    /// The same test on table cells of an analysed memo, read where they are: an array of their
    /// tokenized texts and mentions per table retained and released each cell's five arrays
    /// (profile: `table-header` on the benchmark subset).
    static func headersSplitBySex<S: Sequence>(cells: S, lexicon: Lexicon) -> Bool where S.Element == AnalyzedBlock {
        headersSplitBySex(cells, lexicon: lexicon, tokens: { $0.tokens.tokens }, mentions: { $0.mentions })
    }

    /// The test on any sequence of headers, given each one's tokens and mentions.
    @inline(__always)
    private static func headersSplitBySex<S: Sequence>(_ headers: S, lexicon: Lexicon, tokens tokensOf: (S.Element) -> [Token],
                                                       mentions mentionsOf: (S.Element) -> [Mention]) -> Bool {
        let c = lexicon.compiled
        let sexed = c.sexedNames
        let category = c.queueCategory >= 0 ? c.names[Int(c.queueCategory)] : "sex"
        // The letters "k" and "m" seen as a whole header; the one word of a header found by index
        // (a filtered array of its words per header and a set of letters showed in profiles).
        var sawK = false, sawM = false
        for header in headers {
            let tokens = tokensOf(header)
            var wordCount = 0, word = -1
            for t in tokens.indices where tokens[t].kind == .word {
                wordCount += 1
                if wordCount == 1 { word = t } else { break }
            }
            if wordCount == 1 {
                let lower = tokens[word].lower
                if lower == "k" { sawK = true } else if lower == "m" { sawM = true }
                // A column headed "Man" (beside "Kvinna") is the noun, never the pronoun.
                if c.pronounForms.contains(lower), c.pronounCategory >= 0, has(sexed, c.names[Int(c.pronounCategory)]) {
                    return true
                }
            }
            let mentions = mentionsOf(header)
            for m in mentions.indices where has(sexed, mentions[m].category) || mentions[m].category == category {
                return true
            }
        }
        return sawK && sawM
    }

    /// After a number: "(st) (av (de|NUMBER)) (adj…) NOUN" or "procent/% av (de) (adj…) NOUN".
    private static func afterNumber(_ start: Int, end: Int, tokens: [Token], isPeople: [Bool],
                                    words: WordTests) -> (Int, PeopleCountPattern)? {
        var i = start
        guard i < end else { return nil }
        if words.has(WordTests.percent, tokens, i) {
            i += 1
            guard i < end, words.has(WordTests.av, tokens, i) else { return nil }
            guard let noun = nounAfter(i + 1, end: end, tokens: tokens, isPeople: isPeople, words: words, allowOf: false)
            else { return nil }
            return (noun, .percentOf)
        }
        if words.has(WordTests.measure, tokens, i) { i += 1 }
        if i < end, words.has(WordTests.av, tokens, i) {
            i += 1
            if i < end, tokens[i].kind == .number { i += 1 }
        }
        guard let noun = nounAfter(i, end: end, tokens: tokens, isPeople: isPeople, words: words, allowOf: false)
        else { return nil }
        return (noun, .numberNoun)
    }

    /// The people noun at `start`, after at most two filler words or adjective-like words
    /// ("nyanlända", "äldre", "de", "alla"); the last of adjacent people nouns wins ("äldre brukare").
    private static func nounAfter(_ start: Int, end: Int, tokens: [Token], isPeople: [Bool],
                                  words: WordTests, allowOf: Bool) -> Int? {
        var i = start
        if allowOf, i < end, words.has(WordTests.av, tokens, i) { i += 1 }
        var skipped = 0
        while i < end, tokens[i].kind == .word {
            if isPeople[i] {
                var last = i
                while last + 1 < end, isPeople[last + 1] { last += 1 }
                return last
            }
            guard skipped < 2, words.has(WordTests.filler | WordTests.adjectiveLike, tokens, i) else { return nil }
            skipped += 1
            i += 1
        }
        return nil
    }

    /// Attributive adjectives in the plural/definite form mostly end in -a or -e ("nya", "äldre").
    fileprivate static func isAdjectiveLike(_ w: String) -> Bool {
        guard w.utf8.count >= 3 else { return false }
        return w.hasSuffix("a") || w.hasSuffix("e")
    }

    /// A sentence gives figures by sex: a sexed noun with a number within three tokens (either
    /// side), after a split marker ("varav kvinnor"), or a split cue ("uppdelat på kön").
    private static func sentenceSplitsBySex(_ s: Int, text: TokenizedText, isSexed: [Bool], lexicon: Lexicon,
                                            words: WordTests) -> Bool {
        let tokens = text.tokens
        let range = text.sentences[s].tokens
        for i in range where isSexed[i] {
            let lo = max(range.lowerBound, i - 3), hi = min(range.upperBound, i + 4)
            for k in lo..<hi where k != i {
                if tokens[k].hasNumber {
                    if k < i { return true }
                    // After the noun only a bare figure counts ("kvinnorna utgör 60 %", "kvinnor (190)"),
                    // not an age or a duration ("kvinnor över 80 år").
                    // By index, not a copy of the next token (its form retained and released).
                    let after = k + 1
                    if after >= range.upperBound || tokens[after].kind != .word
                        || words.has(WordTests.percent | WordTests.measure, tokens, after) {
                        return true
                    }
                }
                if k < i && words.has(WordTests.splitMarker, tokens, k) { return true }
            }
        }
        if let cues = lexicon.cueList("sex-split"), cues.contains(in: text, tokens: range) { return true }
        return false
    }
}

/// The word-list tests of `PeopleCounts.find` on a token's lower form, each a bit: read from a
/// per-thread memo by the token's form index (`FormMemo`) when the text has one, else by the
/// form's bytes. Profile (callgrind, 880 memos): the byte-trie look-ups near every people noun
/// were a fifth of `find` (an array retained and released per look-up besides).
struct WordTests {
    static let share: UInt64 = 1 << 0
    static let percent: UInt64 = 1 << 1
    static let measure: UInt64 = 1 << 2
    /// The form is "av".
    static let av: UInt64 = 1 << 3
    static let filler: UInt64 = 1 << 4
    /// `PeopleCounts.isAdjectiveLike`.
    static let adjectiveLike: UInt64 = 1 << 5
    static let splitMarker: UInt64 = 1 << 6
    /// Set in every memo fact (a fact is never 0).
    private static let known: UInt64 = 1 << 63

    let c: CompiledLexicon
    /// Ready for the text's stamp; nil for the general path.
    let memo: FormMemo?

    /// `memo`: the thread's `PeopleCounts.memo` of `c`'s lexicon, or nil.
    init(_ c: CompiledLexicon, stamp: UInt64, memo: FormMemo?) {
        self.c = c
        self.memo = memo.flatMap { $0.use(stamp) ? $0 : nil }
    }

    /// Whether token `i`'s form passes any of the tests in `bits`.
    @inline(__always) func has(_ bits: UInt64, _ tokens: [Token], _ i: Int) -> Bool {
        if let memo {
            let f = tokens[i].form
            if FormMemo.fits(f) {
                var fact = memo.fact(Int(f))
                if fact == 0 {
                    fact = Self.known | Self.facts(tokens[i].lower, c)
                    memo.record(Int(f), fact)
                }
                return fact & bits != 0
            }
        }
        return Self.test(bits, tokens[i].lower, c)
    }

    /// All the tests' bits for a form.
    static func facts(_ w: String, _ c: CompiledLexicon) -> UInt64 {
        test(share | percent | measure | av | filler | adjectiveLike | splitMarker, w, c, all: true)
    }

    /// The tests of `bits` on `w`: whether any passes, or (`all`) the bits of those that pass.
    private static func test(_ bits: UInt64, _ w: String, _ c: CompiledLexicon, all: Bool) -> UInt64 {
        var out: UInt64 = 0
        func check(_ bit: UInt64, _ passes: () -> Bool) -> Bool {
            guard bits & bit != 0, passes() else { return false }
            out |= bit
            return !all
        }
        if check(share, { c.shareWords.contains(w) }) { return out }
        if check(percent, { c.percentWords.contains(w) }) { return out }
        if check(measure, { c.measureWords.contains(w) }) { return out }
        if check(av, { w == "av" }) { return out }
        if check(filler, { c.fillerWords.contains(w) }) { return out }
        if check(adjectiveLike, { PeopleCounts.isAdjectiveLike(w) }) { return out }
        if check(splitMarker, { c.splitMarkers.contains(w) }) { return out }
        return out
    }

    static func test(_ bits: UInt64, _ w: String, _ c: CompiledLexicon) -> Bool {
        test(bits, w, c, all: false) != 0
    }
}
