/// One `.jamlint.yml`: rule settings, extra lexicon data, ignore globs and defaults for one folder tree.
///
/// The nearest file above a linted memo wins; files are not merged, so a municipality's settings live in
/// one place (see docs/configuration.md). Keys of `rules` are kept as written (an id such as `JAM006` or
/// an alias such as `saknar-uppfoljning`); `resolvedRules(knownRuleIDs:)` maps them onto the rule set.
public struct Configuration: Sendable {
    /// The file this configuration was read from, as given (absolute when found by the resolver).
    public var sourcePath: String
    /// The folder that holds `sourcePath`; relative paths and globs in the file are relative to it.
    public var directory: String
    public var rules: [String: RuleSetting]
    /// Category → extra section headings ("gender": ["Social hållbarhet"]).
    public var sections: [String: [String]]
    /// Category → extra lexicon forms ("people": ["Malmöbor"]).
    public var lexicon: [String: [String]]
    /// Category → extra cue phrases ("goals": ["Jämställdhetsprogram 2024–2027"]).
    public var cues: [String: [String]]
    /// Extra rule folders, already made absolute against `directory`.
    public var ruleFolders: [String]
    /// Ignore globs as written; see `isIgnored(_:)`.
    public var ignore: [String] { didSet { ignorePatterns = ignore.map(IgnorePattern.init) } }
    /// Extra procedural item titles, in the pattern syntax of `Rules/procedural.yml`.
    public var procedural: [String]
    /// Default message language; nil when the file does not say.
    public var language: MessageLanguage?

    private(set) var ignorePatterns: [IgnorePattern]

    public init(
        sourcePath: String, directory: String, rules: [String: RuleSetting] = [:],
        sections: [String: [String]] = [:], lexicon: [String: [String]] = [:], cues: [String: [String]] = [:],
        ruleFolders: [String] = [], ignore: [String] = [], procedural: [String] = [],
        language: MessageLanguage? = nil
    ) {
        self.sourcePath = sourcePath
        self.directory = directory
        self.rules = rules
        self.sections = sections
        self.lexicon = lexicon
        self.cues = cues
        self.ruleFolders = ruleFolders
        self.ignore = ignore
        self.procedural = procedural
        self.language = language
        self.ignorePatterns = ignore.map(IgnorePattern.init)
    }

    /// The rule settings keyed by canonical rule id. `knownRuleIDs` maps every id and alias (any case) to
    /// its canonical id. A key that names no rule, or a rule set twice (by id and by alias), is an error
    /// at the key's line and column.
    public func resolvedRules(knownRuleIDs: [String: String]) throws(ConfigError) -> [String: RuleSetting] {
        var lookup: [String: String] = [:]
        for (key, id) in knownRuleIDs { lookup[key.lowercased()] = id }
        var result: [String: RuleSetting] = [:]
        var writtenAs: [String: String] = [:]
        for key in rules.keys.sorted(by: { (rules[$0]?.line ?? 0, $0) < (rules[$1]?.line ?? 0, $1) }) {
            guard let setting = rules[key] else { continue }
            guard let id = lookup[key.lowercased()] else {
                throw ConfigError(
                    path: sourcePath, line: setting.line, column: setting.column,
                    message: LocalizedText(
                        sv: "okänd regel `\(key)` under `rules`",
                        en: "unknown rule `\(key)` under `rules`"))
            }
            if let earlier = writtenAs[id] {
                throw ConfigError(
                    path: sourcePath, line: setting.line, column: setting.column,
                    message: LocalizedText(
                        sv: "regeln \(id) är redan inställd som `\(earlier)`",
                        en: "rule \(id) is already set as `\(earlier)`"))
            }
            writtenAs[id] = key
            result[id] = setting
        }
        return result
    }

    /// True when `filePath` (absolute, or relative to the current folder) lies under `directory` and
    /// matches one of the `ignore` globs. Pass `isDirectory` for a folder, to prune a walk: a folder
    /// matched by a pattern ending in `/` is ignored itself, not only what it holds.
    public func isIgnored(_ filePath: String, isDirectory: Bool = false) -> Bool {
        guard !ignorePatterns.isEmpty else { return false }
        let absolute = ConfigurationResolver.absolutePath(filePath)
        let base = directory.hasSuffix("/") ? directory : directory + "/"
        guard absolute.hasPrefix(base) else { return false }
        let relative = String(absolute.dropFirst(base.count))
        guard !relative.isEmpty else { return false }
        return ignorePatterns.contains { $0.matches(relative, isDirectory: isDirectory) }
    }
}

/// How one rule is set in the configuration.
public struct RuleSetting: Sendable, Hashable {
    public var enabled: Bool
    /// Overrides the rule's default severity; nil keeps it.
    public var severity: Severity?
    /// Rule-specific options (`min_words: 12`); each rule file documents its own.
    public var options: [String: ConfigValue]
    /// Where the rule's key is written, for errors about it (1-based; 0 when not from a file).
    public var line: Int
    public var column: Int

    public init(enabled: Bool = true, severity: Severity? = nil, options: [String: ConfigValue] = [:],
                line: Int = 0, column: Int = 0) {
        self.enabled = enabled
        self.severity = severity
        self.options = options
        self.line = line
        self.column = column
    }
}

/// A value from the configuration file, typed as YAML resolved it (quoted scalars are strings).
public enum ConfigValue: Sendable, Hashable {
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case list([ConfigValue])
    case map([String: ConfigValue])

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    public var intValue: Int? {
        if case .int(let i) = self { return i }
        return nil
    }

    /// An int is accepted where a number is expected.
    public var doubleValue: Double? {
        switch self {
        case .double(let d): return d
        case .int(let i): return Double(i)
        default: return nil
        }
    }

    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// A list of strings; nil when the value is not a list or holds something else.
    public var stringList: [String]? {
        guard case .list(let items) = self else { return nil }
        var out: [String] = []
        for item in items {
            guard let s = item.stringValue else { return nil }
            out.append(s)
        }
        return out
    }
}

/// A problem with a configuration or data file, at a position a person can jump to.
public struct ConfigError: Error, Sendable, CustomStringConvertible, Equatable {
    public var path: String
    /// 1-based; nil when the problem is with the file as a whole (it cannot be read).
    public var line: Int?
    public var column: Int?
    public var message: LocalizedText

    public init(path: String, line: Int? = nil, column: Int? = nil, message: LocalizedText) {
        self.path = path
        self.line = line
        self.column = column
        self.message = message
    }

    /// `path:line:col: error: message` in Swedish.
    public var description: String { description(in: .sv) }

    public func description(in language: MessageLanguage) -> String {
        if let line, let column {
            return "\(path):\(line):\(column): error: \(message.text(language))"
        }
        return "\(path): error: \(message.text(language))"
    }
}
