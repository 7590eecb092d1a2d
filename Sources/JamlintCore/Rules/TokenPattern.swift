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
        guard !positions.isEmpty else { return nil }
        for start in positions.indices {
            if let end = match(0, start, positions, text, mentionStarts), end > start {
                return positions[start]..<(positions[end - 1] + 1)
            }
        }
        return nil
    }

    /// Index (into `positions`) just after the match of elements[e...] starting at p, or nil.
    private func match(_ e: Int, _ p: Int, _ positions: [Int], _ text: TokenizedText, _ mentions: [Int: [String]]) -> Int? {
        if e == elements.count { return p }
        switch elements[e] {
        case .gap(let n):
            var k = 0
            while k <= n && p + k <= positions.count {
                if let end = match(e + 1, p + k, positions, text, mentions) { return end }
                k += 1
            }
            return nil
        case .words(let alternatives, let optional):
            if p < positions.count, Self.matches(alternatives, text.tokens[positions[p]]) {
                if let end = match(e + 1, p + 1, positions, text, mentions) { return end }
            }
            return optional ? match(e + 1, p, positions, text, mentions) : nil
        case .category(let c, let optional):
            if p < positions.count, mentions[positions[p]]?.contains(c) == true {
                if let end = match(e + 1, p + 1, positions, text, mentions) { return end }
            }
            return optional ? match(e + 1, p, positions, text, mentions) : nil
        case .number(let optional):
            if p < positions.count, text.tokens[positions[p]].kind == .number {
                if let end = match(e + 1, p + 1, positions, text, mentions) { return end }
            }
            return optional ? match(e + 1, p, positions, text, mentions) : nil
        }
    }

    /// Compares UTF-8 bytes: token and pattern words are both NFC, so equal bytes is the same as
    /// String equality, and String comparison of non-ASCII text was the top cost of this rule
    /// kind in profiles. Where a byte prefix/suffix might split a character (a non-ASCII scalar
    /// at the seam), the Character-based String test decides, as before.
    static func matches(_ alternatives: [Alternative], _ token: Token) -> Bool {
        var word = token.lower
        return word.withUTF8 { wb in
            for alt in alternatives {
                switch alt {
                case .exact(var w):
                    if w.withUTF8({ $0.count == wb.count && Self.same($0, wb, at: 0) }) { return true }
                case .prefix(var w):
                    let bytePrefix = w.withUTF8 { pb -> Bool? in
                        guard pb.count <= wb.count else { return false }
                        guard Self.same(pb, wb, at: 0) else { return false }
                        if pb.count == wb.count { return true }
                        if wb[pb.count] < 0x80 && (pb.count == 0 || pb[pb.count - 1] < 0x80) { return true }
                        return nil
                    }
                    switch bytePrefix {
                    case .some(true): return true
                    case .some(false): break
                    case .none: if token.lower.hasPrefix(w) { return true }
                    }
                case .suffix(var w):
                    let byteSuffix = w.withUTF8 { sb -> Bool? in
                        guard sb.count <= wb.count else { return false }
                        let offset = wb.count - sb.count
                        guard Self.same(sb, wb, at: offset) else { return false }
                        if offset == 0 { return true }
                        if wb[offset - 1] < 0x80 && (sb.count == 0 || sb[0] < 0x80) { return true }
                        return nil
                    }
                    switch byteSuffix {
                    case .some(true): return true
                    case .some(false): break
                    case .none: if token.lower.hasSuffix(w) { return true }
                    }
                }
            }
            return false
        }
    }
}

extension TokenPattern {
    /// Whether `part` equals `whole[offset ..< offset + part.count]` (the caller checks the length).
    static func same(_ part: UnsafeBufferPointer<UInt8>, _ whole: UnsafeBufferPointer<UInt8>, at offset: Int) -> Bool {
        guard let p = part.baseAddress, let w = whole.baseAddress else { return part.isEmpty }
        return memcmp(p, w + offset, part.count) == 0
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
