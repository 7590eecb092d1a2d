import Foundation

/// A small word-sequence pattern over a sentence's word and number tokens, written in rule
/// files. Elements are separated by spaces:
///
/// - `ärendet|beslutet` — any of these words (lowercase); `konsekvens*` is a prefix,
///   `*kön` a suffix
/// - `…` (or `...`) — a gap of zero to eight tokens
/// - `@women` — a lexicon mention of that category starts here
/// - `#` — a number
/// - `?ej` — an optional element
///
/// Punctuation is not a token for patterns, so "inte, heller" matches `inte heller`.
public struct TokenPattern: Sendable {
    enum Alternative: Sendable {
        case exact(String)
        case prefix(String)
        case suffix(String)
    }

    enum Element: Sendable {
        case words([Alternative], optional: Bool)
        case category(String, optional: Bool)
        case number(optional: Bool)
        case gap(Int)
    }

    let elements: [Element]
    let program: TokenPatternProgram
    public let source: String

    static let maxGap = 8

    public init(_ source: String) throws(PatternError) {
        self.source = source
        var elements: [Element] = []
        for raw in source.split(separator: " ") {
            var word = String(raw)
            if word == "…" || word == "..." { elements.append(.gap(Self.maxGap)); continue }
            let optional = word.hasPrefix("?") && word.count > 1
            if optional { word.removeFirst() }
            if word == "#" { elements.append(.number(optional: optional)); continue }
            if word.hasPrefix("@") {
                guard word.count > 1 else { throw PatternError(message: "`@` needs a category name in `\(source)`") }
                elements.append(.category(String(word.dropFirst()), optional: optional))
                continue
            }
            var alternatives: [Alternative] = []
            for alt in word.lowercased().split(separator: "|") {
                if alt.hasSuffix("*") && alt.count > 1 { alternatives.append(.prefix(String(alt.dropLast()))) }
                else if alt.hasPrefix("*") && alt.count > 1 { alternatives.append(.suffix(String(alt.dropFirst()))) }
                else { alternatives.append(.exact(String(alt).precomposedNFC)) }
            }
            guard !alternatives.isEmpty else { throw PatternError(message: "empty element in `\(source)`") }
            elements.append(.words(alternatives, optional: optional))
        }
        guard elements.contains(where: { if case .gap = $0 { return false } else { return true } }) else {
            throw PatternError(message: "pattern `\(source)` has no words")
        }
        self.elements = elements
        self.program = TokenPatternProgram(elements)
    }

    public var categories: [String] {
        elements.compactMap { if case .category(let c, _) = $0 { return c } else { return nil } }
    }

    /// Matches inside `sentence`; returns the token range (in `text.tokens`) of the first match.
    public func firstMatch(in text: TokenizedText, sentence: Sentence, mentionStarts: [Int: [String]]) -> Range<Int>? {
        firstMatch(in: text, positions: Self.positions(in: text, sentence: sentence), mentionStarts: mentionStarts)
    }

    /// The word and number tokens of a sentence, which patterns match over; compute once per
    /// sentence when several patterns are tried.
    static func positions(in text: TokenizedText, sentence: Sentence) -> [Int] {
        sentence.tokens.filter { text.tokens[$0].kind == .word || text.tokens[$0].kind == .number }
    }

    func firstMatch(in text: TokenizedText, positions: [Int], mentionStarts: [Int: [String]]) -> Range<Int>? {
        program.firstMatch(PatternSubject(text), positions: positions, mentionStarts: mentionStarts)
    }

    /// For several patterns over one block: build the subject once.
    func firstMatch(in subject: PatternSubject, positions: [Int], mentionStarts: [Int: [String]]) -> Range<Int>? {
        program.firstMatch(subject, positions: positions, mentionStarts: mentionStarts)
    }
}

public struct PatternError: Error, Sendable {
    public var message: String
}

extension String {
    var precomposedNFC: String {
        unicodeScalars.allSatisfy({ $0.value < 0x300 }) ? self : precomposedStringWithCanonicalMapping
    }
}
