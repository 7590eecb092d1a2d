/// A finding as a rule kind reports it: where (block + scalar range, or the memo as a whole)
/// and the values for the message's `{placeholders}`.
public struct RawFinding: Sendable {
    /// Block index; nil points at the memo's title line.
    public var block: Int?
    public var scalars: Range<Int>
    /// A source byte range, for findings that are not about block text (comments, declarations).
    public var bytes: Range<Int>?
    public var values: [String: String]
    public var localizedValues: [String: LocalizedText]
    /// A severity of this finding's own in place of the rule file's (a misspelt directive is an
    /// error where an unknown rule id is a warning, both JAM019); a severity the configuration sets
    /// for the rule applies to all its findings.
    public var severity: Severity?

    public init(block: Int?, scalars: Range<Int> = 0..<0, bytes: Range<Int>? = nil, values: [String: String] = [:],
                localizedValues: [String: LocalizedText] = [:], severity: Severity? = nil) {
        self.block = block
        self.scalars = scalars
        self.bytes = bytes
        self.values = values
        self.localizedValues = localizedValues
        self.severity = severity
    }
}

/// What a rule kind sees while checking: the analysed memo and the lexicon.
public struct RuleContext: Sendable {
    /// What the contexts of one memo share, in one object: a context of its own per scope held a
    /// copy of the lexicon and of the structure lexicon (structs of many references), copied in
    /// and destroyed again per scope and memo (profile: ~1.8 M instructions on 880 memos).
    final class Shared: Sendable {
        let document: AnalyzedDocument
        let lexicon: Lexicon
        let structure: StructureLexicon
        let suppressionProblems: [SuppressionProblem]
        let scratch: RuleScratch

        init(document: AnalyzedDocument, lexicon: Lexicon, structure: StructureLexicon,
             suppressionProblems: [SuppressionProblem], scratch: RuleScratch) {
            self.document = document
            self.lexicon = lexicon
            self.structure = structure
            self.suppressionProblems = suppressionProblems
            self.scratch = scratch
        }
    }

    let shared: Shared
    public let scope: RuleScope

    public var document: AnalyzedDocument { shared.document }
    public var lexicon: Lexicon { shared.lexicon }
    public var structure: StructureLexicon { shared.structure }
    public var suppressionProblems: [SuppressionProblem] { shared.suppressionProblems }
    /// What one rule learnt about the memo for another's use (the contexts of one memo share it).
    var scratch: RuleScratch { shared.scratch }

    init(document: AnalyzedDocument, lexicon: Lexicon, structure: StructureLexicon, scope: RuleScope,
         suppressionProblems: [SuppressionProblem], scratch: RuleScratch = RuleScratch()) {
        shared = Shared(document: document, lexicon: lexicon, structure: structure,
                        suppressionProblems: suppressionProblems, scratch: scratch)
        self.scope = scope
    }

    /// A context of another scope over the same memo and data.
    init(_ shared: Shared, scope: RuleScope) {
        self.shared = shared
        self.scope = scope
    }

    public var scopeBlocks: [Int] { document.blocks(in: scope) }
}

extension Array where Element == AnalyzedBlock {
    /// `body(self[i])` without a retain and release of the block: the array (the analysed
    /// document's, borrowed for the call) holds the block for as long as `body` runs. Profile
    /// (callgrind, 880 memos): the rules' per-block loops retained and released each block they
    /// read, ~2 of each per block and rule (`claim-without-cue` alone ~82,000 retains).
    @inline(__always) func withBlock<R>(_ i: Int, _ body: (AnalyzedBlock) -> R) -> R {
        Unmanaged.passUnretained(self[i])._withUnsafeGuaranteedRef(body)
    }
}

/// Facts about one memo that a rule's check learns and its `applies` (or another's) reads, on the
/// memo's thread only.
final class RuleScratch: @unchecked Sendable {
    /// `claim-without-cue`: per block index, 0 when not known, 1 when no sentence of the block has
    /// a claim, 2 when one has; for the pattern set `claimOwner`. Profile (callgrind, 880 memos):
    /// JAM009's and JAM010's `skip_when: [JAM003]` searched the gender section's sentences for
    /// claims again after JAM003's check had searched every sentence of the memo.
    @exclusivity(unchecked) var claimStates: [UInt8] = []
    @exclusivity(unchecked) var claimOwner: ObjectIdentifier?
    /// `section-content`: whether the check of the kind with this id found something in the memo.
    /// The first kind's answer inline (a memo has one such rule, as a rule): an array made per memo
    /// was an allocation; further kinds' answers in `moreSectionContentAnswers`.
    @exclusivity(unchecked) private var sectionContentAnswer: (id: UInt64, found: Bool)?
    @exclusivity(unchecked) private var moreSectionContentAnswers: [(id: UInt64, found: Bool)] = []

    init() {}

    func record(sectionContent id: UInt64, _ found: Bool) {
        if sectionContentAnswer == nil || sectionContentAnswer?.id == id {
            sectionContentAnswer = (id, found)
        } else if let k = moreSectionContentAnswers.firstIndex(where: { $0.id == id }) {
            moreSectionContentAnswers[k].found = found
        } else {
            moreSectionContentAnswers.append((id, found))
        }
    }

    func sectionContent(_ id: UInt64) -> Bool? {
        if let answer = sectionContentAnswer, answer.id == id { return answer.found }
        for answer in moreSectionContentAnswers where answer.id == id { return answer.found }
        return nil
    }
}

/// One generic check, implemented once; each rule file picks a kind and configures it.
public protocol RuleKind: Sendable {
    static var name: String { get }
    /// Option keys the kind understands; others are load errors.
    static var optionKeys: Set<String> { get }
    init(rule: RuleFile, options: RuleOptions, lexicon: Lexicon) throws(DataFileError)
    func check(_ context: RuleContext) -> [RawFinding]
    /// Whether the rule's condition holds (used by other rules' `skip_when`). By default: it
    /// would report something.
    func applies(_ context: RuleContext) -> Bool
}

extension RuleKind {
    public func applies(_ context: RuleContext) -> Bool { !check(context).isEmpty }
}

/// The registry of rule kinds.
public enum RuleKinds {
    static let all: [any RuleKind.Type] = [
        RequiredSectionKind.self,
        SectionContentKind.self,
        ClaimWithoutCueKind.self,
        LexiconBalanceKind.self,
        CooccurrenceKind.self,
        OnlyInContextKind.self,
        PeopleCountKind.self,
        TableHeaderKind.self,
        AttachmentReferenceKind.self,
        MetadataFieldKind.self,
        TextPatternKind.self,
        RelevanceDeclarationKind.self,
        SuppressionProblemKind.self,
    ]

    public static var names: Set<String> { Set(all.map { $0.name }) }

    static func make(_ rule: RuleFile, options: [String: OptionValue], lexicon: Lexicon) throws(DataFileError) -> any RuleKind {
        guard let type = all.first(where: { $0.name == rule.descriptor.kind }) else {
            throw DataFileError(path: rule.path, line: 1, column: 1, message: "unknown kind `\(rule.descriptor.kind)`")
        }
        for key in options.keys where !type.optionKeys.contains(key) {
            throw rule.optionError(key, "unknown option for kind `\(type.name)`; known: \(type.optionKeys.sorted().joined(separator: ", "))")
        }
        return try type.init(rule: rule, options: RuleOptions(rule: rule, values: options), lexicon: lexicon)
    }
}

/// Typed access to a rule's options, with errors that point at the rule file.
public struct RuleOptions: Sendable {
    let rule: RuleFile
    let values: [String: OptionValue]

    func raw(_ key: String) -> OptionValue? { values[key] }

    func strings(_ key: String, default fallback: [String] = []) throws(DataFileError) -> [String] {
        guard let v = values[key] else { return fallback }
        guard let list = v.stringList else { throw rule.optionError(key, "must be a list of texts") }
        return list
    }

    func string(_ key: String, default fallback: String) throws(DataFileError) -> String {
        guard let v = values[key] else { return fallback }
        guard case .string(let s) = v else { throw rule.optionError(key, "must be a text") }
        return s
    }

    func int(_ key: String, default fallback: Int) throws(DataFileError) -> Int {
        guard let v = values[key] else { return fallback }
        guard case .int(let i) = v, i >= 0 else { throw rule.optionError(key, "must be a whole number ≥ 0") }
        return i
    }

    func bool(_ key: String, default fallback: Bool) throws(DataFileError) -> Bool {
        guard let v = values[key] else { return fallback }
        guard case .bool(let b) = v else { throw rule.optionError(key, "must be true or false") }
        return b
    }

    func terms(_ key: String, lexicon: Lexicon, default fallback: [String]? = nil) throws(DataFileError) -> TermGroup? {
        if let group = try TermGroup.parse(values[key], key: key, rule: rule, lexicon: lexicon) { return group }
        guard let fallback else { return nil }
        return try TermGroup.parse(.list(fallback.map { .string($0) }), key: key, rule: rule, lexicon: lexicon)
    }

    func termGroups(_ key: String, lexicon: Lexicon) throws(DataFileError) -> [TermGroup] {
        try TermGroup.parseAll(values[key], key: key, rule: rule, lexicon: lexicon)
    }

    func patterns(_ key: String, lexicon: Lexicon) throws(DataFileError) -> [TokenPattern] {
        var out: [TokenPattern] = []
        for text in try strings(key) {
            do {
                let p = try TokenPattern(text)
                for c in p.categories where !lexicon.categories.contains(c) {
                    throw rule.optionError(key, "unknown lexicon category `@\(c)`")
                }
                out.append(p)
            } catch let e as PatternError {
                throw rule.optionError(key, e.message)
            } catch let e as DataFileError {
                throw e
            } catch {
                throw rule.optionError(key, "\(error)")
            }
        }
        return out
    }

    func regexes(_ key: String) throws(DataFileError) -> [CompiledRegex] {
        var out: [CompiledRegex] = []
        for text in try strings(key) {
            guard let r = CompiledRegex(text) else { throw rule.optionError(key, "invalid regular expression `\(text)`") }
            out.append(r)
        }
        return out
    }
}
