/// What a token is. Words may contain letters, digits, inner hyphens and apostrophes; a word that
/// ends in a hyphen ("kvinno-") is the first half of a suspended compound.
public enum TokenKind: Sendable, Hashable {
    case word, number, punctuation, symbol
}

/// One token of a `BlockText`, with its position kept as scalar indices into `BlockText.scalars`.
public struct Token: Sendable, Hashable {
    // 32 bytes a token, two to a cache line: the range as two 32-bit indices (a text has fewer
    // than 2^31 scalars: the loader refuses sources over 2 GiB), then `lower`, `form`, `kind`
    // and a flag for the value. Every block's token array is written to fresh memory, copied once
    // and read by every rule: at 48 bytes, the copy into each block's array was a sixth of the
    // cache misses of a folder run; at 40 (with the value as a Double), moving the tokens into
    // their arrays was the largest copy of a run (cachegrind, 1,000 memos). A number's value is
    // read from its form when asked for (the rules only ask whether there is one).
    private var start: Int32
    private var end: Int32
    /// Lower-cased NFC text without soft hyphens; hyphen variants become "-". Numbers are
    /// normalised: "6 765" → "6765", "12,5" → "12.5".
    public var lower: String
    /// The entry of `lower` in the tokenizing thread's form table (`ThreadForms`), -1 if none
    /// (numbers, and forms composed to NFC, are not entered);
    /// valid where the `TokenizedText`'s `formStamp` is that table's current stamp. Not part of
    /// the token's value (equality and hash ignore it).
    let form: Int32
    public var kind: TokenKind
    /// Whether this number token's form reads as a value (`number`): not for number-like
    /// identifiers (dates, "2023-00738").
    private let valued: Bool

    /// Scalar indices into `BlockText.scalars`.
    public var range: Range<Int> {
        @inline(__always) get { Int(start)..<Int(end) }
        set {
            start = Int32(newValue.lowerBound)
            end = Int32(newValue.upperBound)
        }
    }

    /// Whether `number` is not nil, without reading the value.
    var hasNumber: Bool {
        @inline(__always) get { valued && kind == .number }
    }

    /// The value of a number token, its form read as a decimal number ("12,5" → 12.5); nil for
    /// other tokens and for number-like identifiers (dates, "2023-00738").
    public var number: Double? {
        hasNumber ? DecimalForm.value(of: lower) : nil
    }

    /// `number`: the value of `lower`, which must be a number token's normalised form ("12.5",
    /// "6765"), or nil for a token without one.
    public init(kind: TokenKind, range: Range<Int>, lower: String, number: Double? = nil) {
        if let number {
            precondition(kind == .number && DecimalForm.value(of: lower)?.bitPattern == number.bitPattern,
                         "a token's number is the value of its form")
        }
        self.init(kind: kind, range: range, lower: lower, hasNumber: number != nil, form: -1)
    }

    /// `hasNumber`: for a number token whose form `lower` reads as a value (`DecimalForm.value`
    /// is not nil).
    @inline(__always)
    init(kind: TokenKind, range: Range<Int>, lower: String, hasNumber: Bool, form: Int32) {
        self.start = Int32(range.lowerBound)
        self.end = Int32(range.upperBound)
        self.lower = lower
        self.form = form
        self.kind = kind
        self.valued = hasNumber
    }

    public static func == (a: Token, b: Token) -> Bool {
        a.kind == b.kind && a.range == b.range && a.lower == b.lower && a.hasNumber == b.hasNumber
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(kind)
        hasher.combine(range)
        hasher.combine(lower)
        hasher.combine(hasNumber)
    }
}

/// A sentence: a run of tokens and the scalars from its first token to its last.
public struct Sentence: Sendable, Hashable {
    public var tokens: Range<Int>
    public var scalars: Range<Int>

    public init(tokens: Range<Int>, scalars: Range<Int>) {
        self.tokens = tokens
        self.scalars = scalars
    }
}

/// A block's text split into tokens and sentences.
public struct TokenizedText: Sendable {
    public let text: BlockText
    public let tokens: [Token]
    public let sentences: [Sentence]
    /// The stamp of the form table the tokens' `form` indices point into (`ByteTable.stamp`), 0
    /// when they point nowhere.
    let formStamp: UInt64

    public init(text: BlockText, tokens: [Token], sentences: [Sentence]) {
        self.init(text: text, tokens: tokens, sentences: sentences, formStamp: 0)
    }

    init(text: BlockText, tokens: [Token], sentences: [Sentence], formStamp: UInt64) {
        self.text = text
        self.tokens = tokens
        self.sentences = sentences
        self.formStamp = formStamp
    }

    /// The index of the sentence holding token `ofToken` (binary search; the last sentence for
    /// an index past the end, 0 when there are no sentences).
    public func sentenceIndex(ofToken token: Int) -> Int {
        var lo = 0, hi = sentences.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if sentences[mid].tokens.upperBound <= token { lo = mid + 1 } else { hi = mid }
        }
        return min(lo, max(sentences.count - 1, 0))
    }

    /// The source text of a token range (empty for an empty or out-of-range request).
    public func string(tokens range: Range<Int>) -> String {
        guard let scalars = scalarRange(tokens: range) else { return "" }
        return text.string(scalars)
    }

    /// Scalar range covered by a non-empty token range.
    public func scalarRange(tokens range: Range<Int>) -> Range<Int>? {
        guard !range.isEmpty, range.lowerBound >= 0, range.upperBound <= tokens.count else { return nil }
        return tokens[range.lowerBound].range.lowerBound..<tokens[range.upperBound - 1].range.upperBound
    }
}

extension String {
    /// Whether the two strings have the same UTF-8 bytes (not only canonically equivalent ones,
    /// which normalise to other bytes). Through contiguous storage: the generic `elementsEqual` of
    /// the UTF-8 views cost ~1,000 instructions a call in profiles.
    func hasSameBytes(as other: String) -> Bool {
        guard utf8.count == other.utf8.count else { return false }
        var x = self, y = other
        return x.withUTF8 { a in y.withUTF8 { b in a.elementsEqual(b) } }
    }

    /// No scalar from U+0300 on (no UTF-8 lead byte from 0xCC on): none of them has a
    /// decomposition or combines, so the string is its own NFC form, String equality is byte
    /// equality and String order is byte order.
    var isBelowCombiningMarks: Bool {
        var copy = self
        return copy.withUTF8 { !$0.contains(where: { $0 >= 0xCC }) }
    }

    /// The last UTF-8 byte: the generic `utf8.last` was about 1 % of all instructions in a profile
    /// (sentence ends and suspended compounds test it for every word).
    @inline(__always) var lastByte: UInt8? {
        var copy = self
        return copy.withUTF8 { $0.last }
    }
}
