/// GitLab Code Quality (a CodeClimate subset): a JSON array of issues. Fingerprints come from
/// `FindingKey`, so they are unique per finding and survive edits above it; severities map
/// error → major, warning → minor, note → info, and an unreadable file → blocker.
public final class GitLabReporter: Reporter {
    let context: ReportContext
    var issues: [JSONValue] = []

    public init(context: ReportContext) { self.context = context }

    public func begin() -> String { "" }

    public func add(_ result: FileResult) -> String {
        if let error = result.error {
            let key = FindingKey(path: error.path, ruleID: "parse", text: error.message, section: "", occurrence: 0)
            issues.append(issue(description: "parse: " + error.message, check: "parse", fingerprint: key.fingerprint,
                                severity: "blocker", path: error.path, begin: error.line, end: error.line))
        }
        let fingerprints = FindingKey.fingerprints(for: result.findings)
        for (f, fingerprint) in zip(result.findings, fingerprints) {
            issues.append(issue(description: "\(f.ruleID): \(f.message)", check: f.ruleID, fingerprint: fingerprint,
                                severity: Self.severity(f.severity), path: f.path, begin: f.start.line,
                                end: max(f.end.line, f.start.line)))
        }
        return ""
    }

    public func finish(_ summary: Summary) -> String {
        JSONValue.array(issues).rendered(pretty: true) + "\n"
    }

    func issue(description: String, check: String, fingerprint: String, severity: String, path: String,
               begin: Int, end: Int) -> JSONValue {
        .object([
            ("description", .string(description)),
            ("check_name", .string(check)),
            ("fingerprint", .string(fingerprint)),
            ("severity", .string(severity)),
            ("location", .object([
                ("path", .string(FindingKey.normalizedPath(path))),
                ("lines", .object([("begin", .int(begin)), ("end", .int(end))])),
            ])),
        ])
    }

    static func severity(_ s: Severity) -> String {
        switch s {
        case .error: return "major"
        case .warning: return "minor"
        case .note: return "info"
        }
    }
}
