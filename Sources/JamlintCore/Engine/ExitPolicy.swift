/// Exit codes: 0 nothing at or above the threshold, 1 findings that fail the run, 2 the tool
/// could not do its job (usage, configuration, unreadable input). 2 wins over 1.
public struct ExitPolicy: Sendable {
    public static let success: Int32 = 0
    public static let findings: Int32 = 1
    public static let toolError: Int32 = 2

    public var failOn: Severity
    /// Fail when there are more warnings than this, even below the `failOn` threshold.
    public var maxWarnings: Int?

    public init(failOn: Severity = .error, maxWarnings: Int? = nil) {
        self.failOn = failOn
        self.maxWarnings = maxWarnings
    }

    public func exitCode(for summary: Summary) -> Int32 {
        if summary.unreadable > 0 { return Self.toolError }
        if summary.count(atLeast: failOn) > 0 { return Self.findings }
        if let maxWarnings, summary.warnings > maxWarnings { return Self.findings }
        return Self.success
    }
}
