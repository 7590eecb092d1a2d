/// How serious a finding is. Ordered: note < warning < error.
public enum Severity: String, Sendable, Codable, Comparable, CaseIterable {
    case note
    case warning
    case error

    private var rank: Int {
        switch self {
        case .note: return 0
        case .warning: return 1
        case .error: return 2
        }
    }

    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// One problem found in one file: plain data, rendered by a reporter.
public struct Finding: Sendable, Hashable {
    public var ruleID: String
    public var severity: Severity
    public var path: String
    /// Start of the span (inclusive) and its end (exclusive), in the original file.
    public var start: SourceLocation
    public var end: SourceLocation
    /// Already in the chosen language: lowercase first letter, no final period.
    public var message: String
    public var help: String?
    public var notes: [String]
    /// The text the finding is about, as the rules saw it (NFC, entities decoded).
    public var matchedText: String
    /// Heading of the section the finding sits in, if any; used by reporters and baselines.
    public var section: String?

    public init(
        ruleID: String, severity: Severity, path: String, start: SourceLocation, end: SourceLocation,
        message: String, help: String? = nil, notes: [String] = [], matchedText: String = "", section: String? = nil
    ) {
        self.ruleID = ruleID
        self.severity = severity
        self.path = path
        self.start = start
        self.end = end
        self.message = message
        self.help = help
        self.notes = notes
        self.matchedText = matchedText
        self.section = section
    }

    /// Deterministic report order: file, line, column, rule.
    public static func reportOrder(_ a: Finding, _ b: Finding) -> Bool {
        if a.path != b.path { return a.path < b.path }
        if a.start != b.start { return a.start < b.start }
        if a.ruleID != b.ruleID { return a.ruleID < b.ruleID }
        return a.message < b.message
    }
}
