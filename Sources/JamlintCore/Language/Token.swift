import Foundation

/// What a token is. Words may contain letters, digits, inner hyphens and apostrophes; a word that
/// ends in a hyphen ("kvinno-") is the first half of a suspended compound.
public enum TokenKind: Sendable, Hashable {
    case word, number, punctuation, symbol
}

/// One token of a `BlockText`, with its position kept as scalar indices into `BlockText.scalars`.
///
/// A trivial value (no reference counted field): `lower` is kept as the bits of a String that
/// `FormPool` holds for the life of the process. Profile: with a `String` field every token was
/// retained when made and every token array walked element by element to release them when freed
/// (~20 M instructions on 880 memos); now a token array is freed in one call and tokens copy as
/// plain bytes.
public struct Token: Sendable, Hashable {
    // Stored in this order so that `kind` and `form` fill the padding after `number`: 48 bytes a
    // token instead of 56 with `kind` first (every block's token array is that much smaller to
    // allocate, fill and free).

    /// Scalar indices into `BlockText.scalars`.
    public var range: Range<Int>
    /// `lower`, pooled.
    var pooledLower: PooledForm
    /// The value of a number token; nil for words and for number-like identifiers (dates, "2023-00738").
    public var number: Double?
    public var kind: TokenKind
    /// The entry of `lower` in the tokenizing thread's form table (`ThreadForms`), -1 if none;
    /// valid where the `TokenizedText`'s `formStamp` is that table's current stamp. Not part of
    /// the token's value (equality and hash ignore it).
    var form: Int32 = -1

    /// Lower-cased NFC text without soft hyphens; hyphen variants become "-". Numbers are
    /// normalised: "6 765" → "6765", "12,5" → "12.5".
    public var lower: String {
        @inline(__always) get { pooledLower.string }
        set { pooledLower = FormPool.keep(newValue) }
    }

    public init(kind: TokenKind, range: Range<Int>, lower: String, number: Double? = nil) {
        self.kind = kind
        self.range = range
        self.pooledLower = FormPool.keep(lower)
        self.number = number
    }

    init(kind: TokenKind, range: Range<Int>, lower: PooledForm, number: Double?, form: Int32) {
        self.kind = kind
        self.range = range
        self.pooledLower = lower
        self.number = number
        self.form = form
    }

    public static func == (a: Token, b: Token) -> Bool {
        a.kind == b.kind && a.range == b.range && a.lower == b.lower && a.number == b.number
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(kind)
        hasher.combine(range)
        hasher.combine(lower)
        hasher.combine(number)
    }
}

/// The bits of a String kept alive by `FormPool` for the life of the process (or of a small
/// String, which owns no memory): a trivial value, so a token holding one needs no retain or
/// release. Made only by `FormPool.keep`.
struct PooledForm: Sendable {
    private let bits: (UInt64, UInt64)

    fileprivate init(_ s: String) {
        // A String is two words on 64-bit platforms (checked by `unsafeBitCast`, which traps on a
        // size mismatch); the pool holds the reference these bits may carry.
        bits = unsafeBitCast(s, to: (UInt64, UInt64).self)
    }

    /// Whether `s` is a small String: its bytes (at most 15) inline in its two words, no storage
    /// object to keep alive. Read from the discriminator of the String's object word (bit 61 of
    /// the second word on 64-bit platforms, `_StringObject`), and trusted only if a String known
    /// to be small and one known to be large read as such (`layoutChecked`); otherwise every
    /// String counts as large and is pooled.
    fileprivate static func isSmall(_ s: String) -> Bool {
        layoutChecked && smallBit(s)
    }

    @inline(__always) private static func smallBit(_ s: String) -> Bool {
        unsafeBitCast(s, to: (UInt64, UInt64).self).1 & (1 << 61) != 0
    }

    private static let layoutChecked: Bool = {
        guard MemoryLayout<String>.size == 16 else { return false }
        let small = String(decoding: [0x61, 0xC3, 0xA4] as [UInt8], as: UTF8.self)
        let large = String(decoding: [UInt8](repeating: 0x61, count: 40), as: UTF8.self)
        return smallBit(small) && !smallBit(large)
    }()

    /// The String (a copy: retained like any String read out of storage; the pool keeps its own).
    @inline(__always) var string: String { unsafeBitCast(bits, to: String.self) }
}

/// Every large token form (over 15 UTF-8 bytes) made in the process, by its UTF-8 bytes (not by
/// String equality, which is canonical equivalence: "é" and "e\u{301}" are kept apart, as the
/// tokenizer keeps them). Never emptied, so that tokens may hold forms as plain bits
/// (`PooledForm`): it grows with the distinct long forms of a run (compounds such as
/// "jämställdhetsanalysen"), not with its text. Locked: the form tables of all threads add to it,
/// but only when a thread meets a long form for the first time (`ByteTable.insert`) or a token is
/// made from a String (`Token.init`, `lower`'s setter).
enum FormPool {
    private struct Key: Hashable {
        let string: String
        static func == (a: Key, b: Key) -> Bool { a.string.utf8.elementsEqual(b.string.utf8) }
        func hash(into hasher: inout Hasher) {
            var copy = string
            copy.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        }
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var kept = Set<Key>()

    /// `s` as bits that stay valid: a small String as it is (it owns no memory); a large one
    /// kept here, or the one with the same bytes kept before. (Pooling small ones too cost ~1,200
    /// instructions for each new number and date of a run, profile.)
    static func keep(_ s: String) -> PooledForm {
        if PooledForm.isSmall(s) { return PooledForm(s) }
        lock.lock()
        defer { lock.unlock() }
        return PooledForm(kept.insert(Key(string: s)).memberAfterInsert.string)
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
    /// The last UTF-8 byte: the generic `utf8.last` was about 1 % of all instructions in a profile
    /// (sentence ends and suspended compounds test it for every word).
    @inline(__always) var lastByte: UInt8? {
        var copy = self
        return copy.withUTF8 { $0.last }
    }
}
