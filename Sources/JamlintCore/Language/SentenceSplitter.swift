/// Groups tokens into sentences.
///
/// A sentence ends at ". ! ? …" (plus closing quotes and brackets) when what follows starts a new
/// sentence (upper case, a digit, an opening quote, or nothing), at an abbreviation that can end a
/// sentence ("kr.", "m.m.") followed by upper case, and wherever the tokenizer saw a blank line or
/// a new list item — so list items without final punctuation are sentences of their own.
/// Abbreviations such as "t.ex." and "bl.a." are single tokens and never end a sentence.
enum SentenceSplitter {
    static let endingAbbreviations: Set<String> = [
        "kr.", "st.", "etc.", "osv.", "m.m.", "m.fl.", "tkr.", "mkr.", "mnkr.", "mdkr.", "mm.", "mfl.", "o.s.v.",
        "d.v.s.", "proc.",
    ]

    /// `breaks`: the sorted indices of the tokens a blank line or a new list item comes before;
    /// `ends`: the sorted indices of the tokens a sentence may end at (`ByteTable.scratchEnds`:
    /// punctuation ". ! ? …" and words whose last scalar is "."). Profile: walking every token and
    /// testing its kind was most of the splitter; only these tokens and the breaks can end a
    /// sentence, so the walk visits them alone (`splitVisitingEveryToken` is the walk it replaces;
    /// tests compare the two).
    /// `shared`: where one-sentence arrays are shared between blocks (`SentenceCache`).
    static func split(tokens: [Token], breaks: [Int], ends: UnsafeBufferPointer<Int32>, scalars: [Unicode.Scalar],
                      shared: SentenceCache) -> [Sentence] {
        guard !tokens.isEmpty else { return [] }
        let n = tokens.count
        // No end and no break: one sentence of all the tokens; most headings and list items are
        // such blocks.
        if ends.isEmpty && breaks.isEmpty {
            let one = Sentence(tokens: 0..<n, scalars: tokens[0].range.lowerBound..<tokens[n - 1].range.upperBound)
            return shared.array(of: one)
        }
        let hardBreakBefore = BreakSet(breaks)
        // At most one sentence per end and per break, and the last one.
        var sentences = SentenceAccumulator(reserve: Swift.min(ends.count + breaks.count + 1, n))
        var start = 0
        // Where the walk stands: tokens before `k` are done (a run of closing punctuation after a
        // sentence end is taken in one step, so a visit below `k` is skipped).
        var k = 0
        var e = 0
        var b = 0
        while true {
            // The next token to visit: the smaller of the next end and the next break.
            let nextEnd = e < ends.count ? Int(ends[e]) : n
            let nextBreak = b < breaks.count ? breaks[b] : n
            let at = Swift.min(nextEnd, nextBreak)
            if at >= n { break }
            if nextEnd == at { e += 1 }
            if nextBreak == at { b += 1 }
            if at < k { continue }
            k = at
            if k > start, hardBreakBefore.contains(k) {
                close(k, &start, tokens, &sentences)
            }
            // Fields read in place: copying the token retained and released its form.
            let kind = tokens[k].kind
            if kind == .punctuation, isTerminal(at: k, tokens, scalars) {
                var end = k + 1
                while end < n, tokens[end].kind == .punctuation,
                      isTerminal(at: end, tokens, scalars) || isClosing(at: end, tokens, scalars) {
                    end += 1
                }
                if startsSentence(at: end, tokens: tokens, breaks: hardBreakBefore, scalars: scalars),
                   !isListNumber(start: start, period: k, tokens: tokens),
                   !isInitial(before: k, start: start, tokens: tokens, scalars: scalars) {
                    close(end, &start, tokens, &sentences)
                }
                k = end
                continue
            }
            // A word's form ends in "." only where the word swallowed a period, which is then its
            // last scalar: that test first, as reading the form retained and released it.
            if kind == .word, endsWithPeriodScalar(tokens[k].range, scalars),
               tokens[k].lower.lastByte == 0x2E, endingAbbreviations.contains(tokens[k].lower),
               k + 1 < n, startsWithUpper(tokens[k + 1].range, scalars: scalars) {
                close(k + 1, &start, tokens, &sentences)
            }
            k += 1
        }
        close(n, &start, tokens, &sentences)
        return sentences.array(shared: shared)
    }

    @inline(__always) private static func close(_ end: Int, _ start: inout Int, _ tokens: [Token],
                                                _ sentences: inout SentenceAccumulator) {
        guard end > start else { return }
        let range = tokens[start].range.lowerBound..<tokens[end - 1].range.upperBound
        sentences.append(Sentence(tokens: start..<end, scalars: range))
        start = end
    }

    /// The walk over every token that `split` stands in for (kept for the tests).
    static func splitVisitingEveryToken(tokens: [Token], breaks: [Int], scalars: [Unicode.Scalar]) -> [Sentence] {
        guard !tokens.isEmpty else { return [] }
        let hardBreakBefore = BreakSet(breaks)
        var sentences = SentenceAccumulator(reserve: 0)
        var start = 0
        var k = 0
        let n = tokens.count
        while k < n {
            if k > start, hardBreakBefore.contains(k) { close(k, &start, tokens, &sentences) }
            let kind = tokens[k].kind
            if kind == .punctuation, isTerminal(at: k, tokens, scalars) {
                var end = k + 1
                while end < n, tokens[end].kind == .punctuation,
                      isTerminal(at: end, tokens, scalars) || isClosing(at: end, tokens, scalars) {
                    end += 1
                }
                if startsSentence(at: end, tokens: tokens, breaks: hardBreakBefore, scalars: scalars),
                   !isListNumber(start: start, period: k, tokens: tokens),
                   !isInitial(before: k, start: start, tokens: tokens, scalars: scalars) {
                    close(end, &start, tokens, &sentences)
                }
                k = end
                continue
            }
            if kind == .word, endsWithPeriodScalar(tokens[k].range, scalars),
               tokens[k].lower.lastByte == 0x2E, endingAbbreviations.contains(tokens[k].lower),
               k + 1 < n, startsWithUpper(tokens[k + 1].range, scalars: scalars) {
                close(k + 1, &start, tokens, &sentences)
            }
            k += 1
        }
        close(n, &start, tokens, &sentences)
        return sentences.array(shared: nil)
    }

    static func isTerminal(_ s: String) -> Bool {
        s == "." || s == "!" || s == "?" || s == "…"
    }

    static func isClosing(_ s: String) -> Bool {
        s == ")" || s == "]" || s == "\"" || s == "'" || s == "»" || s == "”" || s == "’"
    }

    static func isOpening(_ s: String) -> Bool {
        ["(", "[", "\"", "'", "«", "»", "”", "“", "–", "—", "-", "•", "*", "§"].contains(s)
    }

    // Profile: comparing the forms as Strings retained and released each one (and built an array
    // literal per sentence end). A punctuation or symbol token is one scalar, its form that scalar
    // lower-cased or "-" for a hyphen, so the scalar answers; SentenceTests check every scalar.

    @inline(__always) static func isTerminalScalar(_ c: Unicode.Scalar) -> Bool {
        c == "." || c == "!" || c == "?" || c == "…"
    }

    @inline(__always) static func isClosingScalar(_ c: Unicode.Scalar) -> Bool {
        c == ")" || c == "]" || c == "\"" || c == "'" || c == "»" || c == "”" || c == "’"
    }

    static func isOpeningScalar(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "(", "[", "\"", "'", "«", "»", "”", "“", "–", "—", "•", "*", "§": return true
        default: return ScalarClass.isHyphen(c)
        }
    }

    /// The scalar of a one-scalar token, nil for a longer one (whose form is compared instead).
    @inline(__always) private static func single(_ r: Range<Int>, _ scalars: [Unicode.Scalar]) -> Unicode.Scalar? {
        guard r.count == 1, r.lowerBound >= 0, r.lowerBound < scalars.count else { return nil }
        return scalars[r.lowerBound]
    }

    @inline(__always) private static func isTerminal(at k: Int, _ tokens: [Token], _ scalars: [Unicode.Scalar]) -> Bool {
        guard let c = single(tokens[k].range, scalars) else { return isTerminal(tokens[k].lower) }
        return isTerminalScalar(c)
    }

    @inline(__always) private static func isClosing(at k: Int, _ tokens: [Token], _ scalars: [Unicode.Scalar]) -> Bool {
        guard let c = single(tokens[k].range, scalars) else { return isClosing(tokens[k].lower) }
        return isClosingScalar(c)
    }

    @inline(__always) private static func endsWithPeriodScalar(_ r: Range<Int>, _ scalars: [Unicode.Scalar]) -> Bool {
        let last = r.upperBound - 1
        return last >= 0 && last < scalars.count && scalars[last] == "."
    }

    private static func startsSentence(at k: Int, tokens: [Token], breaks: BreakSet, scalars: [Unicode.Scalar]) -> Bool {
        guard k < tokens.count else { return true }
        if breaks.contains(k) { return true }
        let kind = tokens[k].kind
        if kind == .number { return true }
        if kind == .punctuation || kind == .symbol {
            guard let c = single(tokens[k].range, scalars) else { return isOpening(tokens[k].lower) }
            return isOpeningScalar(c)
        }
        return startsWithUpper(tokens[k].range, scalars: scalars)
    }

    private static func startsWithUpper(_ r: Range<Int>, scalars: [Unicode.Scalar]) -> Bool {
        guard r.lowerBound < scalars.count else { return false }
        return ScalarClass.isUpper(scalars[r.lowerBound])
    }

    /// "1. Bakgrund": a number alone before the period is list or heading numbering.
    private static func isListNumber(start: Int, period: Int, tokens: [Token]) -> Bool {
        period == start + 1 && tokens[start].kind == .number
    }

    /// "Anna B. Svensson": a single capital after a capitalised word is an initial.
    private static func isInitial(before k: Int, start: Int, tokens: [Token], scalars: [Unicode.Scalar]) -> Bool {
        guard k >= start + 2 else { return false }
        if let c = single(tokens[k].range, scalars) {
            guard c == "." else { return false }
        } else {
            guard tokens[k].lower == "." else { return false }
        }
        guard tokens[k - 1].kind == .word, tokens[k - 1].range.count == 1,
              startsWithUpper(tokens[k - 1].range, scalars: scalars) else { return false }
        return tokens[k - 2].kind == .word && startsWithUpper(tokens[k - 2].range, scalars: scalars)
    }
}

/// Collects a block's sentences. The first is kept aside and an array made only for a second
/// one: a block of one sentence gets its array from the `SentenceCache` (a paragraph of one
/// sentence ending in "." takes the general split).
struct SentenceAccumulator {
    private var first = Sentence(tokens: 0..<0, scalars: 0..<0)
    private var all: [Sentence] = []
    private var count = 0
    /// The capacity to reserve when the array is made.
    private let reserve: Int

    init(reserve: Int) { self.reserve = reserve }

    @inline(__always) mutating func append(_ s: Sentence) {
        if count == 0 {
            first = s
        } else {
            if count == 1 {
                all.reserveCapacity(Swift.max(reserve, 2))
                all.append(first)
            }
            all.append(s)
        }
        count += 1
    }

    /// The sentences; one alone comes from `shared` if given.
    @inline(__always) func array(shared: SentenceCache?) -> [Sentence] {
        guard count == 1 else { return all }
        return shared?.array(of: first) ?? [first]
    }
}

/// One-sentence arrays, shared between the blocks of one thread (`TokenizerScratch`). Three blocks
/// in four are one sentence (headings, list items, table cells), and few of those differ in token
/// count and scalar range: an array made once and shared (immutable, so copy-on-write keeps that
/// safe) saves allocating and freeing one per block (~350 instructions; a simulation on the
/// benchmark memos found 310 different ones among 6,241 such blocks, and 93 % hits in 1,024 slots).
final class SentenceCache {
    private struct Slot {
        var sentence: Sentence
        var array: [Sentence]
    }

    private static var slotCount: Int { 1024 }
    private let slots: UnsafeMutablePointer<Slot>

    init() {
        slots = .allocate(capacity: Self.slotCount)
        // An empty token range marks a free slot: no sentence has one.
        slots.initialize(repeating: Slot(sentence: Sentence(tokens: 0..<0, scalars: 0..<0), array: []),
                         count: Self.slotCount)
    }

    deinit {
        slots.deinitialize(count: Self.slotCount)
        slots.deallocate()
    }

    /// `[sentence]`, shared with the earlier blocks that had the same one if it is still here
    /// (direct-mapped: a slot holds the last sentence that hashed to it).
    @inline(__always) func array(of sentence: Sentence) -> [Sentence] {
        let t = sentence.tokens, s = sentence.scalars
        var h = UInt(bitPattern: t.upperBound &- t.lowerBound) &* 0x9E37_79B9
        h ^= UInt(bitPattern: s.upperBound) &* 0x85EB_CA6B
        h ^= UInt(bitPattern: s.lowerBound &+ t.lowerBound) &* 0xC2B2_AE35
        // In bounds: masked below the slot count.
        let slot = slots + Int(truncatingIfNeeded: (h ^ (h >> 15)) & UInt(Self.slotCount - 1))
        if slot.pointee.sentence == sentence { return slot.pointee.array }
        let made = [sentence]
        slot.pointee = Slot(sentence: sentence, array: made)
        return made
    }
}

/// Token indices with a hard break before them; usually none, so no per-token array is needed.
struct BreakSet {
    let sorted: [Int]

    init(_ sorted: [Int]) { self.sorted = sorted }

    @inline(__always) func contains(_ k: Int) -> Bool {
        guard !sorted.isEmpty else { return false }
        var lo = 0, hi = sorted.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if sorted[mid] < k { lo = mid + 1 } else { hi = mid }
        }
        return lo < sorted.count && sorted[lo] == k
    }
}
