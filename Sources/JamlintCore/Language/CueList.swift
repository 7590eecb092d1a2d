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
    /// Index among the lexicon's named lists (for per-block caches); -1 for lists made elsewhere.
    var id = -1
    let phrases: [[Word]]
    /// First words: value `phrase << 1 | 1` for a wildcard first word, `phrase << 1` for an exact one.
    private let firstWords: ByteTrie
    /// The first bytes of first words of one byte, and (hashed, `FoldedText.bigram`, 2048 bits)
    /// the first two bytes of longer first words: a token that has neither starts no phrase.
    /// Profile: the trie walk for every token and list was most of the cue scans; a first-byte
    /// test alone let ~60 % of tokens through.
    private let shortFirstBytes: Latin1Bits
    private let firstPairs: [UInt64]

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
        shortFirstBytes = Latin1Bits(compiled.compactMap { $0[0].text.utf8.count == 1 ? $0[0].text.utf8.first.map(Int.init) : nil })
        var pairs = [UInt64](repeating: 0, count: 32)
        for words in compiled {
            let bytes = Array(words[0].text.utf8)
            guard bytes.count >= 2 else { continue }
            let h = FoldedText.bigram(UInt32(bytes[0]), UInt32(bytes[1]))
            pairs[h >> 6] |= 1 << UInt64(h & 63)
        }
        firstPairs = pairs
    }

    /// Whether a token with these bytes may start a phrase (see `firstPairs`).
    @inline(__always) private func mayStart(_ form: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let b = form.first else { return false }
        if shortFirstBytes.contains(Int(b)) { return true }
        guard form.count >= 2 else { return false }
        let h = FoldedText.bigram(UInt32(b), UInt32(form[1]))
        return firstPairs[h >> 6] & (1 << UInt64(h & 63)) != 0
    }

    public var isEmpty: Bool { phrases.isEmpty }

    /// Token ranges of the phrases found in `tokens` (default: the whole text), longest match at
    /// each position, not overlapping, in text order.
    public func matches(in text: TokenizedText, tokens range: Range<Int>? = nil) -> [Range<Int>] {
        let all = text.tokens
        let r = (range ?? 0..<all.count).clamped(to: 0..<all.count)
        var out: [Range<Int>] = []
        // Through a buffer: indexing the array checked bounds and copied each Token for the
        // first-word test (profile: ~5 % of this function).
        all.withUnsafeBufferPointer { tokens in
            var i = r.lowerBound
            while i < r.upperBound {
                if let length = longestMatch(at: i, in: tokens, end: r.upperBound) {
                    out.append(i..<(i + length))
                    i += length
                } else {
                    i += 1
                }
            }
        }
        return out
    }

    /// Whether any phrase occurs in the token range.
    public func contains(in text: TokenizedText, tokens range: Range<Int>? = nil) -> Bool {
        let all = text.tokens
        let r = (range ?? 0..<all.count).clamped(to: 0..<all.count)
        return all.withUnsafeBufferPointer { tokens in
            for i in r where longestMatch(at: i, in: tokens, end: r.upperBound) != nil { return true }
            return false
        }
    }

    /// Length in tokens of the longest phrase starting at token `i` (below `end`, which is at
    /// most `tokens.count`).
    @inline(__always) func longestMatch(at i: Int, in tokens: UnsafeBufferPointer<Token>, end: Int) -> Int? {
        // The first word's bytes as one buffer: walking `String.UTF8View` index by index was most
        // of this function.
        // In place when contiguous: copying the form into a `var` was a retain and release per
        // token. A form no first word can be a prefix of (see `mayStart`; the trie holds no empty
        // key) has no match.
        if let found = tokens[i].lower.utf8.withContiguousStorageIfAvailable({ first -> Int? in
            guard mayStart(first) else { return nil }
            return longestMatch(at: i, first: first, in: tokens, end: end)
        }) {
            return found
        }
        var form = tokens[i].lower
        return form.withUTF8 { first in longestMatch(at: i, first: first, in: tokens, end: end) }
    }

    private func longestMatch(at i: Int, first: UnsafeBufferPointer<UInt8>, in tokens: UnsafeBufferPointer<Token>,
                              end: Int) -> Int? {
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
        if let plain = plainWords(phrase) { return plain }
        var out: [CueList.Word] = []
        for piece in pieces(phrase) {
            var text = String(piece)
            let wildcard = text.hasSuffix("*") && text.count > 1
            if wildcard { text.removeLast() }
            if isPlainLowercaseWord(text) {
                // The tokenizer would give this one word token with the text unchanged; the lexicon
                // is mostly such words, and tokenising each one dominated rule loading.
                out.append(CueList.Word(text: text, isPrefix: wildcard))
                continue
            }
            let tokens = Tokenizer.tokenize(text).tokens
            for (k, t) in tokens.enumerated() {
                out.append(CueList.Word(text: t.lower, isPrefix: wildcard && k == tokens.count - 1))
            }
        }
        return out
    }

    /// `words(_:)` for the common phrase of plain lower-case words (see `isPlainLowercaseWord`), each perhaps
    /// ending in `*`, separated by ASCII spaces: read in one pass over the bytes. Profile showed the general
    /// path at ~3.5 K instructions a phrase (substrings, `Character` suffix and count checks) for the ~1,500
    /// lexicon forms and cues read at every start. Anything else (other separators or letters, a lone `*`,
    /// a `*` inside a word) gives nil and takes the general path.
    private static func plainWords(_ phrase: String) -> [CueList.Word]? {
        let words = phrase.utf8.withContiguousStorageIfAvailable { bytes -> [CueList.Word]? in
            var out: [CueList.Word] = []
            var i = 0
            let n = bytes.count
            while i < n {
                if bytes[i] == 0x20 { i += 1; continue }
                let start = i
                var end = i
                var star = false
                while i < n && bytes[i] != 0x20 {
                    guard !star else { return nil }
                    let b = bytes[i]
                    if b >= 0x61 && b <= 0x7A {
                        i += 1
                    } else if b == 0xC3, i + 1 < n, bytes[i + 1] >= 0xA0, bytes[i + 1] <= 0xBE, bytes[i + 1] != 0xB7 {
                        // U+00E0 à … U+00FE þ but U+00F7 ÷, in UTF-8.
                        i += 2
                    } else if b == UInt8(ascii: "*") {
                        star = true
                        i += 1
                        continue
                    } else {
                        return nil
                    }
                    end = i
                }
                guard end > start else { return nil }
                out.append(CueList.Word(text: String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self),
                                        isPrefix: star))
            }
            return out.isEmpty ? nil : out
        }
        return words ?? nil
    }

    /// The phrase split at spaces, tabs and no-break spaces. Splitting by `Character` costs a
    /// grapheme break check per letter, so text of scalars below U+0300 other than CR (where every
    /// scalar is a whole character) is split by scalar, with the same result.
    private static func pieces(_ phrase: String) -> [Substring] {
        let scalars = phrase.unicodeScalars
        guard scalars.allSatisfy({ $0.value < 0x300 && $0.value != 0x0D }) else {
            return phrase.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\u{A0}" })
        }
        var out: [Substring] = []
        var start = scalars.startIndex
        var i = start
        while i != scalars.endIndex {
            let v = scalars[i].value
            let next = scalars.index(after: i)
            if v == 0x20 || v == 0x09 || v == 0xA0 {
                if start != i { out.append(phrase[start..<i]) }
                start = next
            }
            i = next
        }
        if start != scalars.endIndex { out.append(phrase[start..<scalars.endIndex]) }
        return out
    }

    /// Lower-case ASCII letters and precomposed Latin-1 lower-case letters (à–þ but ÷) only: already
    /// NFC, unchanged by lower-casing, and one word to the tokenizer.
    private static func isPlainLowercaseWord(_ text: String) -> Bool {
        guard !text.isEmpty else { return false }
        for s in text.unicodeScalars {
            let v = s.value
            guard (v >= 0x61 && v <= 0x7A) || (v >= 0xE0 && v <= 0xFE && v != 0xF7) else { return false }
        }
        return true
    }

    /// One normalised token form (the first token's lower form, or the lower-cased text).
    static func single(_ form: String) -> String {
        let words = words(form)
        return words.count == 1 ? words[0].text : form.lowercased()
    }
}
