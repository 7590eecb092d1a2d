/// The output formats `--format` accepts.
public enum OutputFormat: String, Sendable, CaseIterable {
    case text
    case json
    case sarif
    case github
    case gitlab
    case junit
    case checkstyle
}

/// What every reporter may need besides the results: language, colour, rule metadata and the
/// failure threshold (JUnit marks only findings at or above it as failures).
public struct ReportContext: Sendable {
    public var language: MessageLanguage
    public var color: Bool
    public var rules: [RuleDescriptor] { didSet { (aliases, indices) = Self.maps(rules) } }
    public var failOn: Severity
    /// Rule id → alias, for the reporters that print an alias beside each finding's id (a search
    /// through `rules` and a copy of the descriptor per finding showed in profiles).
    private var aliases: [String: String]
    /// Rule id → index in `rules` of the first rule with that id (SARIF's `ruleIndex`).
    private var indices: [String: Int]

    public init(language: MessageLanguage = .sv, color: Bool = false, rules: [RuleDescriptor] = [], failOn: Severity = .error) {
        self.language = language
        self.color = color
        self.rules = rules
        self.failOn = failOn
        (aliases, indices) = Self.maps(rules)
    }

    /// The alias of rule `id` (of the first rule with that id); nil for an unknown id.
    func alias(_ id: String) -> String? { aliases[id] }

    /// `rules.firstIndex { $0.id == id }`, without the search per finding.
    func ruleIndex(_ id: String) -> Int? { indices[id] }

    private static func maps(_ rules: [RuleDescriptor]) -> ([String: String], [String: Int]) {
        var aliases: [String: String] = [:]
        var indices: [String: Int] = [:]
        for (i, r) in rules.enumerated() where indices[r.id] == nil {
            aliases[r.id] = r.alias
            indices[r.id] = i
        }
        return (aliases, indices)
    }
}

/// Turns file results into text, one file at a time, so long runs stream their output and only
/// the results of the files in flight are held. Files arrive in report order.
public protocol Reporter: AnyObject {
    /// Text written before the first file (an XML prolog, a JSON opening bracket).
    func begin() -> String
    /// Text for one file; formats that need the whole run (SARIF, GitLab) keep what they need and return "".
    func add(_ result: FileResult) -> String
    /// `add(result)` appended to `out` as UTF-8 (a reporter that writes bytes skips the String).
    func add(_ result: FileResult, to out: inout [UInt8])
    /// Text written after the last file.
    func finish(_ summary: Summary) -> String
}

extension Reporter {
    public func add(_ result: FileResult, to out: inout [UInt8]) {
        out.append(contentsOf: add(result).utf8)
    }

    /// The whole report for results already in hand (tests, small runs).
    public func render(_ results: [FileResult], summary: Summary? = nil) -> String {
        var out = begin()
        for result in results { out += add(result) }
        out += finish(summary ?? Summary(results: results))
        return out
    }
}

/// The reporter for `format`.
public func reporter(for format: OutputFormat, context: ReportContext) -> any Reporter {
    switch format {
    case .text: return TextReporter(context: context)
    case .json: return JSONReporter(context: context)
    case .sarif: return SARIFReporter(context: context)
    case .github: return GitHubReporter(context: context)
    case .gitlab: return GitLabReporter(context: context)
    case .junit: return JUnitReporter(context: context)
    case .checkstyle: return CheckstyleReporter(context: context)
    }
}
