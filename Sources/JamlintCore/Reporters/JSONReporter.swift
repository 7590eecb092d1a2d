/// The documented JSON report (docs/output.md, schema "jamlint-report" version 1): one file object
/// per line so the report streams, byte offsets plus 1-based line/column ranges (end exclusive).
public final class JSONReporter: Reporter {
    public static let schemaVersion = 1
    let context: ReportContext
    var first = true

    public init(context: ReportContext) { self.context = context }

    public func begin() -> String {
        let head: JSONValue = .object([
            ("schema", .string("jamlint-report")),
            ("version", .int(Self.schemaVersion)),
            ("tool", .object([("name", .string(ToolInfo.name)), ("version", .string(ToolInfo.version))])),
            ("language", .string(context.language.rawValue)),
        ])
        let text = head.rendered()
        return String(text.dropLast()) + ",\"files\":["
    }

    public func add(_ result: FileResult) -> String {
        let keys = FindingKey.keys(for: result.findings)
        var findings: [JSONValue] = []
        for (finding, key) in zip(result.findings, keys) {
            findings.append(.object([
                ("ruleId", .string(finding.ruleID)),
                ("alias", .optional(context.rule(finding.ruleID)?.alias)),
                ("severity", .string(finding.severity.rawValue)),
                ("message", .string(finding.message)),
                ("help", .optional(finding.help)),
                ("notes", .array(finding.notes.map { .string($0) })),
                ("matchedText", .string(finding.matchedText)),
                ("section", .optional(finding.section)),
                ("start", Self.location(finding.start)),
                ("end", Self.location(finding.end)),
                ("fingerprint", .string(key.fingerprint)),
            ]))
        }
        let error: JSONValue = result.error.map {
            .object([("message", .string($0.message)), ("line", .int($0.line)), ("column", .int($0.column))])
        } ?? .null
        var members: [(String, JSONValue)] = [("path", .string(result.path))]
        // Word/OpenDocument files: `line` is a paragraph number and offsets index the paragraph text.
        if result.source?.positionUnit == .paragraphs { members.append(("positionUnit", .string("paragraphs"))) }
        members += [("findings", .array(findings)), ("error", error)]
        let file: JSONValue = .object(members)
        defer { first = false }
        return (first ? "\n" : ",\n") + file.rendered()
    }

    public func finish(_ summary: Summary) -> String {
        let s: JSONValue = .object([
            ("errors", .int(summary.errors)), ("warnings", .int(summary.warnings)), ("notes", .int(summary.notes)),
            ("files", .int(summary.files)), ("unreadable", .int(summary.unreadable)),
            ("baselined", .int(summary.baselined)),
        ])
        return "\n],\"summary\":" + s.rendered() + "}\n"
    }

    static func location(_ l: SourceLocation) -> JSONValue {
        .object([("offset", .int(l.offset)), ("line", .int(l.line)), ("column", .int(l.column))])
    }
}
