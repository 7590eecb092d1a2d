// TEMPORARY contract stubs so the engine compiles before the language and configuration
// branches are merged. Deleted at merge.
import Foundation

public enum TokenKind: Sendable { case word, number, punctuation, symbol }
public struct Token: Sendable { public var kind: TokenKind; public var range: Range<Int>; public var lower: String; public var number: Double? }
public struct Sentence: Sendable { public var tokens: Range<Int>; public var scalars: Range<Int> }
public struct TokenizedText: Sendable {
    public let text: BlockText; public let tokens: [Token]; public let sentences: [Sentence]
    public func sentenceIndex(ofToken: Int) -> Int { 0 }
}
public enum Tokenizer {
    public static func tokenize(_ text: BlockText) -> TokenizedText { TokenizedText(text: text, tokens: [], sentences: []) }
}
public struct Mention: Sendable, Hashable { public var category: String; public var tokens: Range<Int>; public var scalars: Range<Int>; public var form: String; public var isAdjective: Bool }
public struct CueList: Sendable { public let name: String; public func matches(in text: TokenizedText, tokens: Range<Int>? = nil) -> [Range<Int>] { [] } }
public struct Lexicon: Sendable {
    public static func load(directory: String) throws -> Lexicon { Lexicon() }
    public mutating func addForms(_ forms: [String], to category: String) {}
    public mutating func addCues(_ phrases: [String], to list: String) {}
    public var categories: [String] { [] }
    public func mentions(in text: TokenizedText) -> [Mention] { [] }
    public func cueList(_ name: String) -> CueList? { nil }
}
public enum PeopleCountPattern: Sendable { case numberNoun, percentOf, share }
public struct PeopleCount: Sendable { public var tokens: Range<Int>; public var scalars: Range<Int>; public var numberText: String; public var noun: String; public var pattern: PeopleCountPattern; public var sentence: Int; public var splitBySex: Bool }
public enum PeopleCounts {
    public static func find(in text: TokenizedText, mentions: [Mention], lexicon: Lexicon) -> [PeopleCount] { [] }
    public static func headersSplitBySex(_ headerTexts: [String], lexicon: Lexicon) -> Bool { false }
}

