/// Counts shown on the last line of the text report and in every machine format.
public struct Summary: Sendable, Hashable {
    public var errors = 0
    public var warnings = 0
    public var notes = 0
    /// Files looked at, including those that could not be read.
    public var files = 0
    /// Files that could not be read or parsed (errors of the tool, not of the memo).
    public var unreadable = 0
    /// Findings hidden because the baseline already records them.
    public var baselined = 0

    public init() {}

    public init(results: [FileResult]) {
        for result in results { add(result) }
    }

    public mutating func add(_ result: FileResult) {
        files += 1
        if result.error != nil { unreadable += 1 }
        for finding in result.findings { count(finding.severity) }
    }

    public mutating func count(_ severity: Severity) {
        switch severity {
        case .error: errors += 1
        case .warning: warnings += 1
        case .note: notes += 1
        }
    }

    /// Findings at or above `severity`.
    public func count(atLeast severity: Severity) -> Int {
        switch severity {
        case .error: return errors
        case .warning: return errors + warnings
        case .note: return errors + warnings + notes
        }
    }

    public var findings: Int { errors + warnings + notes }
}
