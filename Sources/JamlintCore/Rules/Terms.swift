/// A thing a rule looks for in a block: a lexicon category ("women") or a cue list
/// ("cue:measures"). Written as plain strings in rule files.
public enum Term: Sendable, Hashable {
    case category(String)
    case cue(String)

    init(_ text: String, lexicon: Lexicon, rule: RuleFile, option: String) throws(DataFileError) {
        if text.hasPrefix("cue:") {
            let name = String(text.dropFirst(4))
            guard lexicon.cueList(name) != nil else {
                throw rule.optionError(option, "unknown cue list `\(name)`")
            }
            self = .cue(name)
        } else {
            guard lexicon.categories.contains(text) else {
                throw rule.optionError(option, "unknown lexicon category `\(text)`; known: \(lexicon.categories.sorted().joined(separator: ", "))")
            }
            self = .category(text)
        }
    }

    /// A lexicon category (found among a block's mentions), not a cue list.
    var isCategory: Bool {
        if case .category = self { return true }
        return false
    }
}

/// Any of several terms. Matches return scalar ranges in the block's text.
public struct TermGroup: Sendable {
    public var terms: [Term] { didSet { lists = []; hasCategory = Self.hasCategory(terms) } }
    /// The cue list of each cue term, looked up once (a dictionary lookup by name per block and
    /// term showed in profiles); empty when not resolved.
    private var lists: [ResolvedList?] = []

    /// A cue list held by reference: handing out the list itself copied it, a retain and release
    /// of each of its arrays per block and term (~360 instructions in profiles).
    private final class ResolvedList: Sendable {
        let list: CueList
        init(_ list: CueList) { self.list = list }
    }

    public init(terms: [Term]) {
        self.terms = terms
        hasCategory = Self.hasCategory(terms)
    }

    init(terms: [Term], lexicon: Lexicon) {
        self.terms = terms
        hasCategory = Self.hasCategory(terms)
        lists = terms.map { term in
            if case .cue(let name) = term { return lexicon.cueList(name).map(ResolvedList.init) }
            return nil
        }
    }

    private func resolvedList(_ k: Int, _ name: String, _ lexicon: Lexicon) -> ResolvedList? {
        k < lists.count ? lists[k] : lexicon.cueList(name).map(ResolvedList.init)
    }

    static func parse(_ value: OptionValue?, key: String, rule: RuleFile, lexicon: Lexicon) throws(DataFileError) -> TermGroup? {
        guard let value else { return nil }
        guard let list = value.stringList else { throw rule.optionError(key, "must be a list of lexicon categories or cue:NAME") }
        var terms: [Term] = []
        for item in list { terms.append(try Term(item, lexicon: lexicon, rule: rule, option: key)) }
        return TermGroup(terms: terms, lexicon: lexicon)
    }

    /// A list of groups, each written as a list: `[[women, girls], [men, boys]]`.
    static func parseAll(_ value: OptionValue?, key: String, rule: RuleFile, lexicon: Lexicon) throws(DataFileError) -> [TermGroup] {
        guard let value else { return [] }
        guard case .list(let items) = value else { throw rule.optionError(key, "must be a list of lists") }
        var groups: [TermGroup] = []
        for item in items {
            if let group = try parse(item, key: key, rule: rule, lexicon: lexicon) { groups.append(group) }
        }
        return groups
    }

    public func matches(in block: AnalyzedBlock, lexicon: Lexicon, tokens range: Range<Int>? = nil) -> [Range<Int>] {
        matches(in: block, lexicon: lexicon, tokens: range, mentionIndices: nil)
    }

    /// `matches(in:lexicon:tokens:)`; `mentionIndices`, when given, are the indices of the block's
    /// mentions that start within `range`, in order (the rest are not looked at: per sentence of
    /// a paragraph of thousands, scanning all the block's mentions was quadratic).
    func matches(in block: AnalyzedBlock, lexicon: Lexicon, tokens range: Range<Int>?, mentionIndices: [Int]?)
        -> [Range<Int>] {
        var out: [Range<Int>] = []
        let scope = range ?? 0..<block.tokens.tokens.count
        let mentions = block.mentions
        for (k, term) in terms.enumerated() {
            switch term {
            case .category(let c):
                if let mentionIndices {
                    for m in mentionIndices where mentions[m].category == c { out.append(mentions[m].scalars) }
                    continue
                }
                for m in mentions where m.category == c && scope.contains(m.tokens.lowerBound) { out.append(m.scalars) }
            case .cue(let name):
                guard let resolved = resolvedList(k, name, lexicon) else { continue }
                let list = resolved.list
                for r in range == nil ? block.cueMatches(list) : list.matches(in: block.tokens, tokens: range) {
                    out.append(block.tokens.scalarRange(ofTokens: r))
                }
            }
        }
        return out.sorted { $0.lowerBound < $1.lowerBound }
    }

    /// The first of `matches` (the least start; on a tie, the earlier in `matches`' unsorted order,
    /// as its stable sort keeps it), without building and sorting the list: profile showed that
    /// for every `when` group of the nine `cooccurrence` rules on every block.
    public func firstMatch(in block: AnalyzedBlock, lexicon: Lexicon, tokens range: Range<Int>? = nil) -> Range<Int>? {
        var best: Range<Int>?
        func offer(_ r: Range<Int>) {
            if let b = best, r.lowerBound >= b.lowerBound { return }
            best = r
        }
        let scope = range ?? 0..<block.tokens.tokens.count
        let mentions = block.mentions
        for k in terms.indices {
            if let resolved = cueList(k, lexicon) {
                let found = range == nil ? block.cueMatches(resolved.list) : resolved.list.matches(in: block.tokens, tokens: range)
                for r in found { offer(block.tokens.scalarRange(ofTokens: r)) }
                continue
            }
            guard case .category(let c) = terms[k] else { continue }
            // By index: iterating copied each mention (two strings).
            for m in mentions.indices where mentions[m].category == c && scope.contains(mentions[m].tokens.lowerBound) {
                offer(mentions[m].scalars)
            }
        }
        return best
    }

    /// Whether any term occurs. The category terms are tested first: whether any term occurs does
    /// not depend on the order, and a category's test scans the block's mentions while a cue
    /// list's matches the list over the block's tokens (made once per block and list). Profile:
    /// `cooccurrence` rules requiring "cue:target-group" or people made that list for every block
    /// of the scope that mentions people.
    public func occurs(in block: AnalyzedBlock, lexicon: Lexicon, tokens range: Range<Int>? = nil) -> Bool {
        occurs(in: block, lexicon: lexicon, tokens: range, categories: nil)
    }

    /// `occurs(in:lexicon:tokens:)` with `categories`, when given, the categories of the block's
    /// mentions that start within `range` (which must then be given): a category term is looked
    /// up there instead of scanning the block's mentions, which for every sentence of a block of
    /// thousands of sentences was quadratic (see `ClaimWithoutCueKind.sentenceCategories`).
    func occurs(in block: AnalyzedBlock, lexicon: Lexicon, tokens range: Range<Int>?, categories: Set<String>?) -> Bool {
        if hasCategory, let categories, range != nil {
            for k in terms.indices {
                if case .category(let c) = terms[k], categories.contains(c) { return true }
            }
        } else if hasCategory {
            let mentions = block.mentions
            for k in terms.indices {
                guard case .category(let c) = terms[k] else { continue }
                if mentions.indices.contains(where: {
                    mentions[$0].category == c && (range?.contains(mentions[$0].tokens.lowerBound) ?? true)
                }) { return true }
            }
        }
        for k in terms.indices {
            guard let resolved = cueList(k, lexicon) else { continue }
            if range == nil ? !block.cueMatches(resolved.list).isEmpty : resolved.list.contains(in: block.tokens, tokens: range) {
                return true
            }
        }
        return false
    }

    /// Whether some term is a lexicon category.
    private var hasCategory: Bool

    private static func hasCategory(_ terms: [Term]) -> Bool {
        terms.contains(where: \.isCategory)
    }

    /// Term `k`'s cue list, resolved on first use and read without a copy of the term once it is
    /// (the name's retain and release, and outlined copies, per block and term in profiles); nil
    /// for a category term, and for a cue list the lexicon does not have.
    @inline(__always) private func cueList(_ k: Int, _ lexicon: Lexicon) -> ResolvedList? {
        if let known = k < lists.count ? lists[k] : nil { return known }
        guard case .cue(let name) = terms[k] else { return nil }
        return resolvedList(k, name, lexicon)
    }
}

extension TokenizedText {
    /// Scalar range covered by a (non-empty) token range.
    public func scalarRange(ofTokens range: Range<Int>) -> Range<Int> {
        guard !range.isEmpty, range.upperBound <= tokens.count else { return 0..<0 }
        return tokens[range.lowerBound].range.lowerBound..<tokens[range.upperBound - 1].range.upperBound
    }
}
