/// The languages jamlint speaks to clerks. Swedish is the default.
public enum MessageLanguage: String, Sendable, CaseIterable, Codable {
    case sv
    case en
}

/// A text in Swedish and English.
public struct LocalizedText: Sendable, Hashable, Codable {
    public var sv: String
    public var en: String

    public init(sv: String, en: String) {
        self.sv = sv
        self.en = en
    }

    public func text(_ language: MessageLanguage) -> String {
        switch language {
        case .sv: return sv
        case .en: return en
        }
    }
}

/// What reporters and `jamlint rules`/`explain` need to know about a rule.
public struct RuleDescriptor: Sendable, Hashable {
    public var id: String
    /// Readable Swedish alias, e.g. "omotiverad-ingen-paverkan".
    public var alias: String
    public var kind: String
    public var severity: Severity
    /// One line saying what the rule checks.
    public var summary: LocalizedText
    public var message: LocalizedText
    public var help: LocalizedText?
    public var rationale: LocalizedText
    public var sources: [String]

    public init(
        id: String, alias: String, kind: String, severity: Severity, summary: LocalizedText,
        message: LocalizedText, help: LocalizedText?, rationale: LocalizedText, sources: [String]
    ) {
        self.id = id
        self.alias = alias
        self.kind = kind
        self.severity = severity
        self.summary = summary
        self.message = message
        self.help = help
        self.rationale = rationale
        self.sources = sources
    }
}
