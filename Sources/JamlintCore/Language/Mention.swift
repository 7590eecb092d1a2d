/// One occurrence of a lexicon category in a text ("kvinnor" → women, "elever" → children and people).
public struct Mention: Sendable, Hashable {
    /// The category name from the lexicon files ("women", "men", "sex", "people", …).
    public var category: String
    /// Token indices into `TokenizedText.tokens`.
    public var tokens: Range<Int>
    /// Scalar indices into `BlockText.scalars`.
    public var scalars: Range<Int>
    /// The matched lower-case form ("kvinnor", "kvinno-", "icke binära").
    public var form: String
    /// True for adjectives such as "kvinnlig", "manliga": a sex mention, but not a group of people.
    public var isAdjective: Bool

    public init(category: String, tokens: Range<Int>, scalars: Range<Int>, form: String, isAdjective: Bool) {
        self.category = category
        self.tokens = tokens
        self.scalars = scalars
        self.form = form
        self.isAdjective = isAdjective
    }
}
