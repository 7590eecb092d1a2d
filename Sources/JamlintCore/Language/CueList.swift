/// A named list of cue phrases ("konsekvens*", "följas upp", "på grund av"), matched word by word
/// against tokens. A word ending in `*` matches any token that starts with it.
public struct CueList: Sendable {
    struct Word: Sendable, Hashable {
        var text: String
        var isPrefix: Bool

        @inline(__always) func matches(_ lower: String) -> Bool {
            // Byte comparison: both sides are NFC, and String == would re-check normalisation.
            isPrefix ? lower.utf8.starts(with: text.utf8) : lower.utf8.elementsEqual(text.utf8)
        }
    }

    public let name: String
    let phrases: [[Word]]
    /// First words: value `phrase << 1 | 1` for a wildcard first word, `phrase << 1` for an exact one.
    private let firstWords: ByteTrie

    init(name: String, phrases: [String]) {
        self.name = name
        var compiled: [[Word]] = []
        var seen = Set<[Word]>()
        for phrase in phrases {
            let words = LexiconText.words(phrase)
            guard !words.isEmpty, seen.insert(words).inserted else { continue }
            compiled.append(words)
        }
        var trie = ByteTrie()
        for (i, words) in compiled.enumerated() {
            trie.insert(words[0].text.utf8, value: Int32(i) << 1 | (words[0].isPrefix ? 1 : 0))
        }
        self.phrases = compiled
        self.firstWords = trie
    }

    public var isEmpty: Bool { phrases.isEmpty }

    /// Token ranges of the phrases found in `tokens` (default: the whole text), longest match at
    /// each position, not overlapping, in text order.
    public func matches(in text: TokenizedText, tokens range: Range<Int>? = nil) -> [Range<Int>] {
        let all = text.tokens
        let r = (range ?? 0..<all.count).clamped(to: 0..<all.count)
        var out: [Range<Int>] = []
        var i = r.lowerBound
        while i < r.upperBound {
            if let length = longestMatch(at: i, in: all, end: r.upperBound) {
                out.append(i..<(i + length))
                i += length
            } else {
                i += 1
            }
        }
        return out
    }

    /// Whether any phrase occurs in the token range.
    public func contains(in text: TokenizedText, tokens range: Range<Int>? = nil) -> Bool {
        let all = text.tokens
        let r = (range ?? 0..<all.count).clamped(to: 0..<all.count)
        for i in r where longestMatch(at: i, in: all, end: r.upperBound) != nil { return true }
        return false
    }

    /// Length in tokens of the longest phrase starting at token `i`.
    func longestMatch(at i: Int, in tokens: [Token], end: Int) -> Int? {
        let first = tokens[i].lower.utf8
        var best: Int?
        firstWords.forEachPrefix(of: first) { v, length in
            // A wildcard fires at any depth, an exact first word only at the full length.
            guard v & 1 == 1 || length == first.count else { return }
            let words = phrases[Int(v >> 1)]
            guard i + words.count <= end, words.count > (best ?? 0) else { return }
            for k in 1..<max(words.count, 1) where !words[k].matches(tokens[i + k].lower) { return }
            best = words.count
        }
        return best
    }
}

/// How lexicon and cue text is turned into the token forms it is matched against.
enum LexiconText {
    /// Tokenises a form or phrase the way prose is tokenised, so "icke-binär", "t.ex." and "%"
    /// compare equal to the tokens of a memo. A final `*` on a space-separated word is a wildcard.
    static func words(_ phrase: String) -> [CueList.Word] {
        var out: [CueList.Word] = []
        for piece in phrase.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\u{A0}" }) {
            var text = String(piece)
            let wildcard = text.hasSuffix("*") && text.count > 1
            if wildcard { text.removeLast() }
            let tokens = Tokenizer.tokenize(text).tokens
            for (k, t) in tokens.enumerated() {
                out.append(CueList.Word(text: t.lower, isPrefix: wildcard && k == tokens.count - 1))
            }
        }
        return out
    }

    /// One normalised token form (the first token's lower form, or the lower-cased text).
    static func single(_ form: String) -> String {
        let words = words(form)
        return words.count == 1 ? words[0].text : form.lowercased()
    }
}
