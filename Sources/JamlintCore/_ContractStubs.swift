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

public enum ConfigValue: Sendable { case string(String), int(Int), double(Double), bool(Bool), list([ConfigValue]), map([String: ConfigValue]) }
public struct RuleSetting: Sendable { public var enabled: Bool; public var severity: Severity?; public var options: [String: ConfigValue] }
public struct ConfigError: Error, Sendable { public init(path: String, line: Int, column: Int, message: String) {} }
public struct Configuration: Sendable {
    public var sourcePath: String = ""; public var directory: String = ""
    public var rules: [String: RuleSetting] = [:]; public var sections: [String: [String]] = [:]
    public var lexicon: [String: [String]] = [:]; public var cues: [String: [String]] = [:]
    public var ruleFolders: [String] = []; public var ignore: [String] = []; public var procedural: [String] = []
    public func setting(forRule id: String, alias: String) -> RuleSetting? { nil }
    public func line(ofRule key: String) -> Int? { nil }
    public func isIgnored(_ path: String) -> Bool { false }
}
public final class ConfigurationResolver: Sendable {
    public init(explicitPath: String?) throws {}
    public func configuration(forFile path: String) throws -> Configuration? { nil }
}
public struct SuppressionProblem: Sendable { public var location: SourceLocation; public var message: LocalizedText }
public struct Suppressions: Sendable {
    public init(document: Document, knownRuleIDs: [String: String]) {}
    public func isSuppressed(ruleID: String, line: Int) -> Bool { false }
    public var problems: [SuppressionProblem] { [] }
}
public struct ProceduralList: Sendable {
    public static func load(path: String) throws -> ProceduralList { ProceduralList() }
    public mutating func add(_ items: [String]) {}
    public func match(title: String) -> String? { nil }
}
public struct Relevance: Sendable {
    public enum Status: Sendable { case relevant, procedural(matched: String), declaredNotRelevant(reason: String), declaredWithoutReason }
    public var status: Status; public var location: SourceLocation?
    public static func assess(_ document: Document, procedural: ProceduralList) -> Relevance { Relevance(status: .relevant, location: nil) }
}
