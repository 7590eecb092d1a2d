import Foundation

/// A rule file ready to run: its kind compiled with the options in force.
public struct CompiledRule: Sendable {
    public let file: RuleFile
    public var kind: any RuleKind { runner.kind }
    public var severity: Severity
    /// Whether the configuration set `severity` (then it holds for every finding, `RawFinding.severity`
    /// or not).
    public var severityIsConfigured = false
    public var enabled: Bool
    /// Indices in the rule set's `rules` of the rules named by `file.skipWhen` (made by `RuleSet.load`:
    /// looking the names up per memo hashed about thirty strings a memo).
    var skipRules: [Int] = []
    /// The kind, in an object of its own for the linter's calls (see `RuleRunner`); `kind` reads it.
    let runner: RuleRunner

    public init(file: RuleFile, kind: any RuleKind, severity: Severity, enabled: Bool) {
        self.file = file
        self.severity = severity
        self.enabled = enabled
        runner = RuleRunner(kind)
    }

    public var id: String { file.descriptor.id }
}

/// A rule's kind in an object of its own, for the linter's per-memo calls: a method of this class
/// reads `kind`, a `let` of its own object, in place, while calling `check` on the existential read
/// from the rule set's array copied it first (an outlined copy, a projection and a destruction of
/// the existential per rule and memo: ~1.5 M instructions on 880 memos, callgrind).
final class RuleRunner: Sendable {
    let kind: any RuleKind

    init(_ kind: any RuleKind) { self.kind = kind }

    func check(_ context: RuleContext) -> [RawFinding] { kind.check(context) }
    func applies(_ context: RuleContext) -> Bool { kind.applies(context) }
}

/// Everything loaded from a rules folder (plus a configuration's additions): rules, lexicon,
/// section headings and the list of procedural items.
public struct RuleSet: Sendable {
    public private(set) var rules: [CompiledRule]
    public let lexicon: Lexicon
    public let structure: StructureLexicon
    public let procedural: ProceduralList
    /// Rule id or alias (as written, and lowercased) → canonical id.
    public let names: [String: String]
    /// The regex prefilters of the kinds that read every block, scanned once per block for all.
    let prefilterUnion: PrefilterUnion

    init(rules: [CompiledRule], lexicon: Lexicon, structure: StructureLexicon, procedural: ProceduralList,
         names: [String: String]) {
        self.rules = rules
        self.lexicon = lexicon
        self.structure = structure
        self.procedural = procedural
        self.names = names
        prefilterUnion = PrefilterUnion(rules.compactMap { rule in
            switch rule.kind {
            case let k as TextPatternKind: k.prefilters
            case let k as AttachmentReferenceKind: k.prefilters
            default: nil
            }
        })
    }

    public var descriptors: [RuleDescriptor] { rules.map { $0.file.descriptor } }

    /// Loads `directory` (the shipped `Rules/` by default): `*.yml` rule files, `lexicon/*.yml`,
    /// `sections.yml` and `procedural.yml`, then applies `configuration`.
    public static func load(directory: String, configuration: Configuration? = nil) throws -> RuleSet {
        var lexicon = try Lexicon.load(directory: directory + "/lexicon")
        var structure = try StructureLexicon.load(path: directory + "/sections.yml")
        var procedural = try ProceduralList.load(path: directory + "/procedural.yml")
        var files = try ruleFiles(in: directory)
        if let configuration {
            for (category, forms) in configuration.lexicon { lexicon.addForms(forms, to: category) }
            for (list, phrases) in configuration.cues { lexicon.addCues(phrases, to: list) }
            for (category, names) in configuration.sections { structure.add(names, to: category) }
            procedural.add(configuration.procedural)
            for folder in configuration.ruleFolders { files.append(contentsOf: try ruleFiles(in: folder)) }
        }
        var seen: [String: String] = [:]
        for f in files {
            if let other = seen[f.descriptor.id] {
                throw DataFileError(path: f.path, line: 1, column: 1, message: "rule id \(f.descriptor.id) is also defined in \(other)")
            }
            seen[f.descriptor.id] = f.path
        }
        var names: [String: String] = [:]
        for f in files {
            names[f.descriptor.id] = f.descriptor.id
            names[f.descriptor.id.lowercased()] = f.descriptor.id
            names[f.descriptor.alias] = f.descriptor.id
        }
        for f in files {
            for other in f.skipWhen where names[other] == nil {
                let at = f.skipWhenLine ?? (1, 1)
                throw DataFileError(path: f.path, line: at.line, column: at.column, message: "skip_when names unknown rule `\(other)`")
            }
        }
        let settings = try configuration?.resolvedRules(knownRuleIDs: names) ?? [:]
        var rules: [CompiledRule] = []
        for f in files.sorted(by: { $0.descriptor.id < $1.descriptor.id }) {
            var options = f.options
            var severity = f.descriptor.severity
            var configured = false
            var enabled = f.enabledByDefault
            if let setting = settings[f.descriptor.id] {
                enabled = setting.enabled
                if let s = setting.severity {
                    severity = s
                    configured = true
                }
                for (k, v) in setting.options { options[k] = v.optionValue }
            }
            let kind = try RuleKinds.make(f, options: options, lexicon: lexicon)
            var rule = CompiledRule(file: f, kind: kind, severity: severity, enabled: enabled)
            rule.severityIsConfigured = configured
            rules.append(rule)
        }
        var index: [String: Int] = [:]
        for (i, rule) in rules.enumerated() { index[rule.id] = i }
        for i in rules.indices {
            rules[i].skipRules = rules[i].file.skipWhen.compactMap { name in names[name].flatMap { index[$0] } }
        }
        return RuleSet(rules: rules, lexicon: lexicon, structure: structure, procedural: procedural, names: names)
    }

    static func ruleFiles(in directory: String) throws -> [RuleFile] {
        let fm = FileManager.default
        guard let entries = try? fm.contentsOfDirectory(atPath: directory) else {
            throw DataFileError(path: directory, line: 1, column: 1, message: "cannot read the rules folder")
        }
        var files: [RuleFile] = []
        for name in entries.sorted() where name.hasSuffix(".yml") || name.hasSuffix(".yaml") {
            if ["sections.yml", "procedural.yml"].contains(name) { continue }
            files.append(try RuleFile.load(path: directory + "/" + name))
        }
        return files
    }

    /// Only the named rules enabled (for the rule-example tests and `--only`).
    public func restricted(to ids: Set<String>) -> RuleSet {
        var copy = self
        for i in copy.rules.indices { copy.rules[i].enabled = ids.contains(copy.rules[i].id) }
        return copy
    }
}

extension ConfigValue {
    var optionValue: OptionValue {
        switch self {
        case .string(let s): return .string(s)
        case .int(let i): return .int(i)
        case .double(let d): return .double(d)
        case .bool(let b): return .bool(b)
        case .list(let l): return .list(l.map(\.optionValue))
        case .map(let m): return .map(m.mapValues(\.optionValue))
        }
    }
}
