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

    /// `breaks`: the sorted indices of the tokens a blank line or a new list item comes before.
    static func split(tokens: [Token], breaks: [Int], scalars: [Unicode.Scalar]) -> [Sentence] {
        let hardBreakBefore = BreakSet(breaks)
        var sentences: [Sentence] = []
        sentences.reserveCapacity(tokens.count / 12 + 1)
        var start = 0
        var k = 0
        let n = tokens.count
        func close(_ end: Int) {
            guard end > start else { return }
            let range = tokens[start].range.lowerBound..<tokens[end - 1].range.upperBound
            sentences.append(Sentence(tokens: start..<end, scalars: range))
            start = end
        }
        while k < n {
            if k > start, hardBreakBefore.contains(k) { close(k) }
            // Fields read in place: copying the token retained and released its form.
            let kind = tokens[k].kind
            if kind == .punctuation, isTerminal(tokens[k].lower) {
                var end = k + 1
                while end < n, tokens[end].kind == .punctuation,
                      isTerminal(tokens[end].lower) || isClosing(tokens[end].lower) {
                    end += 1
                }
                if startsSentence(at: end, tokens: tokens, breaks: hardBreakBefore, scalars: scalars),
                   !isListNumber(start: start, period: k, tokens: tokens),
                   !isInitial(before: k, start: start, tokens: tokens, scalars: scalars) {
                    close(end)
                }
                k = end
                continue
            }
            if kind == .word, tokens[k].lower.lastByte == 0x2E, endingAbbreviations.contains(tokens[k].lower),
               k + 1 < n, startsWithUpper(tokens[k + 1], scalars: scalars) {
                close(k + 1)
            }
            k += 1
        }
        close(n)
        return sentences
    }

    private static func isTerminal(_ s: String) -> Bool {
        s == "." || s == "!" || s == "?" || s == "…"
    }

    private static func isClosing(_ s: String) -> Bool {
        s == ")" || s == "]" || s == "\"" || s == "'" || s == "»" || s == "”" || s == "’"
    }

    private static func startsSentence(at k: Int, tokens: [Token], breaks: BreakSet, scalars: [Unicode.Scalar]) -> Bool {
        guard k < tokens.count else { return true }
        if breaks.contains(k) { return true }
        let t = tokens[k]
        if t.kind == .number { return true }
        if t.kind == .punctuation || t.kind == .symbol {
            return ["(", "[", "\"", "'", "«", "»", "”", "“", "–", "—", "-", "•", "*", "§"].contains(t.lower)
        }
        return startsWithUpper(t, scalars: scalars)
    }

    private static func startsWithUpper(_ t: Token, scalars: [Unicode.Scalar]) -> Bool {
        guard t.range.lowerBound < scalars.count else { return false }
        return ScalarClass.isUpper(scalars[t.range.lowerBound])
    }

    /// "1. Bakgrund": a number alone before the period is list or heading numbering.
    private static func isListNumber(start: Int, period: Int, tokens: [Token]) -> Bool {
        period == start + 1 && tokens[start].kind == .number
    }

    /// "Anna B. Svensson": a single capital after a capitalised word is an initial.
    private static func isInitial(before k: Int, start: Int, tokens: [Token], scalars: [Unicode.Scalar]) -> Bool {
        guard k >= start + 2, tokens[k].lower == "." else { return false }
        let prev = tokens[k - 1], before = tokens[k - 2]
        guard prev.kind == .word, prev.range.count == 1, startsWithUpper(prev, scalars: scalars) else { return false }
        return before.kind == .word && startsWithUpper(before, scalars: scalars)
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
