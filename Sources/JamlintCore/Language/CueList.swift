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
    /// The compiled phrases.
    var phrases: [[Word]] { tables.phrases }
    /// The phrases and their first-word index, in one object: a list is copied where rules hold
    /// and hand it out, and a copy retained and released each of six arrays (profile: ~360
    /// instructions per block and cue term of the `cooccurrence` rules).
    private let tables: Tables
    private static let pairBuckets = 2048
    /// A form's tag in the memo (`FormMemo.tag`): known, and the first word of some phrase.
    fileprivate static let knownTag: UInt8 = 1
    fileprivate static let phrasesTag: UInt8 = 2

    private struct FirstWord: Sendable {
        var start: Int32
        var count: Int32
        var phrase: Int32
        var isPrefix: Bool
    }

    init(name: String, phrases: [String]) {
        self.name = name
        var compiled: [[Word]] = []
        var seen = Set<[Word]>()
        for phrase in phrases {
            let words = LexiconText.words(phrase)
            guard !words.isEmpty, seen.insert(words).inserted else { continue }
            compiled.append(words)
        }
        // Bucketed first words, in phrase order within a bucket (any order finds the same longest
        // match). An empty first word matches nothing, as in the trie this replaced.
        func bucket(_ bytes: [UInt8]) -> Int {
            bytes.count == 1 ? Self.pairBuckets + Int(bytes[0]) : FoldedText.bigram(UInt32(bytes[0]), UInt32(bytes[1]))
        }
        // A counting sort into flat arrays (an array per bucket made rule loading slower).
        let firstBytes = compiled.map { Array($0[0].text.utf8) }
        let buckets = firstBytes.map { $0.isEmpty ? -1 : bucket($0) }
        var starts = [Int32](repeating: 0, count: Self.pairBuckets + 256 + 1)
        for b in buckets where b >= 0 { starts[b + 1] += 1 }
        for b in 0..<(starts.count - 1) { starts[b + 1] += starts[b] }
        var next = starts
        var order = [Int](repeating: 0, count: Int(starts[starts.count - 1]))
        for (i, b) in buckets.enumerated() where b >= 0 {
            order[Int(next[b])] = i
            next[b] += 1
        }
        var pool: [UInt8] = [], entries: [FirstWord] = []
        entries.reserveCapacity(order.count)
        for i in order {
            entries.append(FirstWord(start: Int32(pool.count), count: Int32(firstBytes[i].count), phrase: Int32(i),
                                     isPrefix: compiled[i][0].isPrefix))
            pool.append(contentsOf: firstBytes[i])
        }
        let shortFirstBytes = Latin1Bits(compiled.compactMap { $0[0].text.utf8.count == 1 ? $0[0].text.utf8.first.map(Int.init) : nil })
        // Bit `b0 | b1 << 8`: a form starting with these two bytes may start a phrase.
        var pairs = [UInt64](repeating: 0, count: 1024)
        for bytes in firstBytes where !bytes.isEmpty {
            let from = Int(bytes[0]), to = bytes.count == 1 ? 256 : Int(bytes[1]) + 1
            for second in (bytes.count == 1 ? 0 : Int(bytes[1]))..<to {
                let bit = from | second << 8
                pairs[bit >> 6] |= 1 << UInt64(bit & 63)
            }
        }
        tables = Tables(phrases: compiled, firstPool: pool, firstEntries: entries, firstStart: starts,
                        shortFirstBytes: shortFirstBytes, firstPairs: pairs)
    }

    private static let headHasByte: UInt32 = 1 << 16
    private static let headHasPair: UInt32 = 1 << 17

    /// Per token, what `mayStart` reads of its lower form: the first byte, the second byte (bits
    /// 8–15) and whether there are one (bit 16) and two or more (bit 17) bytes. Made once per block
    /// (`AnalyzedBlock.cueHeads`) for all the lists asked about it. Profile (callgrind, 880 memos):
    /// reaching each token's form bytes again for every list was most of `matches`, ~100
    /// instructions a token, while four in five tokens start no phrase.
    static func heads(of text: TokenizedText) -> [UInt32] {
        text.tokens.map { token in
            func head(_ form: UnsafeBufferPointer<UInt8>) -> UInt32 {
                guard let first = form.first else { return 0 }
                guard form.count >= 2 else { return UInt32(first) | headHasByte }
                return UInt32(first) | UInt32(form[1]) << 8 | headHasByte | headHasPair
            }
            if let h = token.lower.utf8.withContiguousStorageIfAvailable(head) { return h }
            var form = token.lower
            return form.withUTF8(head)
        }
    }

    /// `matches(in:)` over the whole text, with the tokens' `heads(of: text)`: the same ranges, a
    /// token whose head starts no phrase skipped without reading its form. Heads of another
    /// length (not this text's) take the general path.
    func matches(in text: TokenizedText, heads: [UInt32]) -> [Range<Int>] {
        let all = text.tokens
        guard heads.count == all.count else { return matches(in: text) }
        var out: [Range<Int>] = []
        let tables = tables
        all.withUnsafeBufferPointer { tokens in
            heads.withUnsafeBufferPointer { heads in
                let end = tokens.count
                var i = 0
                while i < end {
                    if tables.mayStart(head: heads[i]), let length = longestMatch(at: i, in: tokens, end: end) {
                        out.append(i..<(i + length))
                        i += length
                    } else {
                        i += 1
                    }
                }
            }
        }
        return out
    }

    public var isEmpty: Bool { phrases.isEmpty }

    /// The key of this list's memos (`FormMemos`): per form, the phrases whose first word the form
    /// is or starts (for a wildcard).
    var memoOwner: UInt64 { tables.id }

    /// `matches(in:)` over the whole text, each token's first-word look-up read from `memo` (the
    /// thread's `FormMemos.memo(owner: memoOwner)`) by its form index. Profile (callgrind, 880
    /// memos): the first-byte heads of every block (an array each) and the bucket scans of
    /// tokens that pass them were most of the cue scans of the `cooccurrence` rules. Tokens
    /// without a form index take the general path; so does a text of another generation.
    func matches(in text: TokenizedText, memo: FormMemo) -> [Range<Int>] {
        guard memo.use(text.formStamp) else { return matches(in: text) }
        var out: [Range<Int>] = []
        let tables = tables
        text.tokens.withUnsafeBufferPointer { tokens in
            let end = tokens.count
            var i = 0
            while i < end {
                let length: Int?
                let f = tokens[i].form
                if FormMemo.fits(f) {
                    // The tag first (most words start no phrase): the fact only for one that may.
                    var tag = memo.tag(Int(f))
                    if tag == 0 { tag = tables.learn(tokens, i, Int(f), memo) }
                    if tag & CueList.phrasesTag == 0 {
                        length = nil
                    } else {
                        let fact = memo.fact(Int(f))
                        let n = Int((fact >> 32) & 0x3FFF_FFFF)
                        length = tables.longestMatch(at: i, phrases: memo.run(Int(UInt32(truncatingIfNeeded: fact)), n),
                                                     in: tokens, end: end)
                    }
                } else {
                    length = longestMatch(at: i, in: tokens, end: end)
                }
                if let length {
                    out.append(i..<(i + length))
                    i += length
                } else {
                    i += 1
                }
            }
        }
        return out
    }

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
        // token. A form no first word can be a prefix of (see `mayStart`; no empty first word
        // matches) has no match.
        let tables = tables
        if let found = tokens[i].lower.utf8.withContiguousStorageIfAvailable({ first -> Int? in
            guard tables.mayStart(first) else { return nil }
            return tables.longestMatch(at: i, first: first, in: tokens, end: end)
        }) {
            return found
        }
        var form = tokens[i].lower
        return form.withUTF8 { first in tables.longestMatch(at: i, first: first, in: tokens, end: end) }
    }

    /// See `tables`. Immutable.
    private final class Tables: Sendable {
        /// Unique among memo owners (`memoOwner`).
        let id = ProcessUniqueID.next()
        let phrases: [[Word]]
        /// First words by their first two bytes (`FoldedText.bigram`, buckets below `pairBuckets`) or,
        /// for words of one byte, by that byte (the 256 buckets after): the entries of bucket `b` are
        /// `firstEntries[firstStart[b] ..< firstStart[b + 1]]`, their bytes in `firstPool`. Profile
        /// (callgrind, 880 memos): the byte trie this replaced searched each node's children one by
        /// one, ~300 instructions for every token that passed `mayStart`.
        let firstPool: [UInt8]
        let firstEntries: [FirstWord]
        let firstStart: [Int32]

        /// The first bytes of first words of one byte, and (65,536 bits, bit `b0 | b1 << 8`) the
        /// first two bytes a form may start with to start a phrase: those of longer first words, and
        /// every pair after the byte of a one-byte first word. A token that has neither starts no
        /// phrase. Profile: the first-word look-up for every token and list was most of the cue
        /// scans; a first-byte test alone let ~60 % of tokens through, and a test of hashed pairs
        /// cost ~30 instructions a token.
        let shortFirstBytes: Latin1Bits
        let firstPairs: [UInt64]

        init(phrases: [[Word]], firstPool: [UInt8], firstEntries: [FirstWord], firstStart: [Int32],
             shortFirstBytes: Latin1Bits, firstPairs: [UInt64]) {
            self.phrases = phrases
            self.firstPool = firstPool
            self.firstEntries = firstEntries
            self.firstStart = firstStart
            self.shortFirstBytes = shortFirstBytes
            self.firstPairs = firstPairs
        }

        /// Whether a token with these bytes may start a phrase (see `firstPairs`).
        @inline(__always) func mayStart(_ form: UnsafeBufferPointer<UInt8>) -> Bool {
            guard let b = form.first else { return false }
            guard form.count >= 2 else { return shortFirstBytes.contains(Int(b)) }
            let bit = Int(b) | Int(form[1]) << 8
            return firstPairs[bit >> 6] & (1 << UInt64(bit & 63)) != 0
        }

        /// `mayStart` from a token's head (see `heads(of:)`), without touching its form.
        @inline(__always) func mayStart(head h: UInt32) -> Bool {
            guard h & CueList.headHasPair != 0 else {
                return h & CueList.headHasByte != 0 && shortFirstBytes.contains(Int(h & 0xFF))
            }
            let bit = Int(h & 0xFFFF)
            return firstPairs[bit >> 6] & (1 << UInt64(bit & 63)) != 0
        }

        /// A memo fact for a form: bit 63, and the indices of the phrases whose first word it
        /// matches (as `longestMatch(at:first:in:end:)` finds them) as the pool run at bits 0–31,
        /// of the length at bits 32–61; recorded with its tag, which is returned.
        @inline(never) func learn(_ tokens: UnsafeBufferPointer<Token>, _ i: Int, _ f: Int, _ memo: FormMemo) -> UInt8 {
            let start = memo.poolCount
            // The form of token `i` (the token itself is not copied: that retained its strings).
            var form = tokens[i].lower
            form.withUTF8 { first in
                guard let b0 = first.first else { return }
                firstPool.withUnsafeBufferPointer { pool in
                    firstEntries.withUnsafeBufferPointer { entries in
                        firstStart.withUnsafeBufferPointer { starts in
                            func visit(_ bucket: Int) {
                                for e in Int(starts[bucket])..<Int(starts[bucket + 1]) {
                                    let entry = entries[e]
                                    let n = Int(entry.count)
                                    if entry.isPrefix ? n > first.count : n != first.count { continue }
                                    let s = Int(entry.start)
                                    var k = 0
                                    while k < n && pool[s + k] == first[k] { k += 1 }
                                    if k == n { memo.append(entry.phrase) }
                                }
                            }
                            visit(CueList.pairBuckets + Int(b0))
                            if first.count >= 2 { visit(FoldedText.bigram(UInt32(b0), UInt32(first[1]))) }
                        }
                    }
                }
            }
            let count = memo.poolCount - start
            let fact = 1 << 63 | UInt64(count) << 32 | UInt64(UInt32(truncatingIfNeeded: start))
            let tag = CueList.knownTag | (count > 0 ? CueList.phrasesTag : 0)
            memo.record(f, fact, tag: tag)
            return tag
        }

        /// Whether the words of a phrase after its first match the tokens after `i` (the caller has
        /// matched the first word and checked that the phrase ends by the block's end).
        @inline(__always) static func restMatches(_ words: [Word], at i: Int, in tokens: UnsafeBufferPointer<Token>) -> Bool {
            for m in 1..<max(words.count, 1) where !words[m].matches(tokens[i + m].lower) { return false }
            return true
        }

        /// The longest of `phrases` (indices whose first word token `i` matches) that occurs at `i`.
        @inline(__always) func longestMatch(at i: Int, phrases candidates: UnsafeBufferPointer<Int32>,
                                            in tokens: UnsafeBufferPointer<Token>, end: Int) -> Int? {
            var best = 0
            for p in candidates {
                let words = phrases[Int(p)]
                guard i + words.count <= end, words.count > best else { continue }
                if Self.restMatches(words, at: i, in: tokens) { best = words.count }
            }
            return best > 0 ? best : nil
        }

        func longestMatch(at i: Int, first: UnsafeBufferPointer<UInt8>, in tokens: UnsafeBufferPointer<Token>,
                                  end: Int) -> Int? {
            guard let b0 = first.first else { return nil }
            var best = 0
            firstPool.withUnsafeBufferPointer { pool in
                firstEntries.withUnsafeBufferPointer { entries in
                    firstStart.withUnsafeBufferPointer { starts in
                        // Bucket indices are below `starts.count - 1` (`pairBuckets + 256` buckets); entry
                        // ranges lie within `entries` and their bytes within `pool` (see `init`).
                        func visit(_ bucket: Int) {
                            var e = Int(starts[bucket])
                            let stop = Int(starts[bucket + 1])
                            while e < stop {
                                let entry = entries[e]
                                e += 1
                                // A wildcard matches a form that starts with it, an exact word only the same form.
                                let n = Int(entry.count)
                                if entry.isPrefix ? n > first.count : n != first.count { continue }
                                let s = Int(entry.start)
                                var k = 0
                                while k < n && pool[s + k] == first[k] { k += 1 }
                                guard k == n else { continue }
                                let words = phrases[Int(entry.phrase)]
                                guard i + words.count <= end, words.count > best else { continue }
                                if Self.restMatches(words, at: i, in: tokens) { best = words.count }
                            }
                        }
                        visit(CueList.pairBuckets + Int(b0))
                        if first.count >= 2 { visit(FoldedText.bigram(UInt32(b0), UInt32(first[1]))) }
                    }
                }
            }
            return best > 0 ? best : nil
        }
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
