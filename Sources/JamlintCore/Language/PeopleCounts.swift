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
        let c = lexicon.compiled
        let tokens = text.tokens
        guard !tokens.isEmpty else { return [] }
        let countNames = c.countNames
        let sexedNames = c.sexedNames
        // Every pattern ends at a people noun (a count-category mention that is not an adjective):
        // without one the text has no count, and most blocks are skipped here.
        guard hasPeopleNoun(mentions, lexicon: lexicon) else { return [] }
        func usable(_ k: Int) -> Bool {
            let r = mentions[k].tokens
            return !r.isEmpty && r.lowerBound >= 0 && r.upperBound <= tokens.count && !mentions[k].isAdjective
        }
        var isPeople = [Bool](repeating: false, count: tokens.count)
        for k in mentions.indices where usable(k) && has(countNames, mentions[k].category) {
            isPeople[mentions[k].tokens.upperBound - 1] = true
        }
        // Built on the first count found: most blocks with a people noun have no count.
        var sexedTokens: [Bool]?
        var splitCache: [Int: Bool] = [:]
        func split(_ sentence: Int) -> Bool {
            if let known = splitCache[sentence] { return known }
            if sexedTokens == nil {
                var isSexed = [Bool](repeating: false, count: tokens.count)
                for k in mentions.indices where usable(k) && has(sexedNames, mentions[k].category) {
                    for t in mentions[k].tokens { isSexed[t] = true }
                }
                sexedTokens = isSexed
            }
            let value = sentenceSplitsBySex(sentence, text: text, isSexed: sexedTokens ?? [], lexicon: lexicon)
            splitCache[sentence] = value
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
                    while j < isPeople.count && !isPeople[j] { j += 1 }
                    nextPeople = j
                    scannedFrom = i + 1
                }
                if nextPeople > i + 6 { i += 1; continue }
                // Fields, not a copy of the token (its form retained and released).
                let kind = tokens[i].kind
                var found: (end: Int, pattern: PeopleCountPattern)?
                if kind == .number, tokens[i].number != nil {
                    found = afterNumber(i + 1, end: range.upperBound, tokens: tokens, isPeople: isPeople, c: c)
                } else if kind == .word, c.shareWords.contains(tokens[i].lower) {
                    if let nounAt = nounAfter(i + 1, end: range.upperBound, tokens: tokens, isPeople: isPeople,
                                              c: c, allowOf: true) {
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
        let countNames = lexicon.compiled.countNames
        return mentions.indices.contains { !mentions[$0].isAdjective && has(countNames, mentions[$0].category) }
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
        let c = lexicon.compiled
        let sexed = c.sexedNames
        let category = c.queueCategory >= 0 ? c.names[Int(c.queueCategory)] : "sex"
        // The letters "k" and "m" seen as a whole header; the one word of a header found by index
        // (a filtered array of its words per header and a set of letters showed in profiles).
        var sawK = false, sawM = false
        for header in headers {
            let tokens = header.tokens.tokens
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
            for m in header.mentions.indices where has(sexed, header.mentions[m].category) || header.mentions[m].category == category {
                return true
            }
        }
        return sawK && sawM
    }

    /// After a number: "(st) (av (de|NUMBER)) (adj…) NOUN" or "procent/% av (de) (adj…) NOUN".
    private static func afterNumber(_ start: Int, end: Int, tokens: [Token], isPeople: [Bool],
                                    c: CompiledLexicon) -> (Int, PeopleCountPattern)? {
        var i = start
        guard i < end else { return nil }
        if c.percentWords.contains(tokens[i].lower) {
            i += 1
            guard i < end, tokens[i].lower == "av" else { return nil }
            guard let noun = nounAfter(i + 1, end: end, tokens: tokens, isPeople: isPeople, c: c, allowOf: false)
            else { return nil }
            return (noun, .percentOf)
        }
        if c.measureWords.contains(tokens[i].lower) { i += 1 }
        if i < end, tokens[i].lower == "av" {
            i += 1
            if i < end, tokens[i].kind == .number { i += 1 }
        }
        guard let noun = nounAfter(i, end: end, tokens: tokens, isPeople: isPeople, c: c, allowOf: false)
        else { return nil }
        return (noun, .numberNoun)
    }

    /// The people noun at `start`, after at most two filler words or adjective-like words
    /// ("nyanlända", "äldre", "de", "alla"); the last of adjacent people nouns wins ("äldre brukare").
    private static func nounAfter(_ start: Int, end: Int, tokens: [Token], isPeople: [Bool],
                                  c: CompiledLexicon, allowOf: Bool) -> Int? {
        var i = start
        if allowOf, i < end, tokens[i].lower == "av" { i += 1 }
        var skipped = 0
        while i < end, tokens[i].kind == .word {
            if isPeople[i] {
                var last = i
                while last + 1 < end, isPeople[last + 1] { last += 1 }
                return last
            }
            let w = tokens[i].lower
            guard skipped < 2, c.fillerWords.contains(w) || isAdjectiveLike(w) else { return nil }
            skipped += 1
            i += 1
        }
        return nil
    }

    /// Attributive adjectives in the plural/definite form mostly end in -a or -e ("nya", "äldre").
    private static func isAdjectiveLike(_ w: String) -> Bool {
        guard w.utf8.count >= 3 else { return false }
        return w.hasSuffix("a") || w.hasSuffix("e")
    }

    /// A sentence gives figures by sex: a sexed noun with a number within three tokens (either
    /// side), after a split marker ("varav kvinnor"), or a split cue ("uppdelat på kön").
    private static func sentenceSplitsBySex(_ s: Int, text: TokenizedText, isSexed: [Bool], lexicon: Lexicon) -> Bool {
        let c = lexicon.compiled
        let tokens = text.tokens
        let range = text.sentences[s].tokens
        for i in range where isSexed[i] {
            let lo = max(range.lowerBound, i - 3), hi = min(range.upperBound, i + 4)
            for k in lo..<hi where k != i {
                if tokens[k].kind == .number && tokens[k].number != nil {
                    if k < i { return true }
                    // After the noun only a bare figure counts ("kvinnorna utgör 60 %", "kvinnor (190)"),
                    // not an age or a duration ("kvinnor över 80 år").
                    let after = k + 1 < range.upperBound ? tokens[k + 1] : nil
                    if after.map({ $0.kind != .word || c.percentWords.contains($0.lower)
                                    || c.measureWords.contains($0.lower) }) ?? true {
                        return true
                    }
                }
                if c.splitMarkers.contains(tokens[k].lower) && k < i { return true }
            }
        }
        if let cues = lexicon.cueList("sex-split"), cues.contains(in: text, tokens: range) { return true }
        return false
    }
}
