/// SARIF 2.1.0 for code-scanning upload. Columns are Unicode code points (`columnKind`), counted
/// from the source because the finding's own columns count grapheme clusters; regions also carry
/// byte offsets. Unreadable files become tool execution notifications, not results.
public final class SARIFReporter: Reporter {
    let context: ReportContext
    var results: [JSONValue] = []
    var notifications: [JSONValue] = []

    public init(context: ReportContext) { self.context = context }

    public func begin() -> String { "" }

    public func add(_ result: FileResult) -> String {
        if let error = result.error {
            notifications.append(.object([
                ("level", .string("error")),
                ("message", .object([("text", .string(error.message))])),
                ("locations", .array([.object([("physicalLocation", .object([
                    ("artifactLocation", Self.artifact(error.path)),
                    ("region", .object([("startLine", .int(max(1, error.line))), ("startColumn", .int(max(1, error.column)))])),
                ]))])])),
                ("descriptor", .object([("id", .string("parse"))])),
            ]))
        }
        let fingerprints = FindingKey.fingerprints(for: result.findings)
        var starts = CodePointCursor(), ends = CodePointCursor()
        for (finding, fingerprint) in zip(result.findings, fingerprints) {
            var members: [(String, JSONValue)] = [("ruleId", .string(finding.ruleID))]
            if let index = context.ruleIndex(finding.ruleID) {
                members.append(("ruleIndex", .int(index)))
            }
            var message = finding.message
            if let help = finding.help, !help.isEmpty { message += "\n" + help }
            members.append(("level", .string(Self.level(finding.severity))))
            members.append(("message", .object([("text", .string(message))])))
            members.append(("locations", .array([.object([("physicalLocation", .object([
                ("artifactLocation", Self.artifact(finding.path)),
                ("region", region(finding, source: result.source, starts: &starts, ends: &ends)),
            ]))])])))
            members.append(("partialFingerprints", .object([("jamlint/v1", .string(fingerprint))])))
            if result.source?.positionUnit == .paragraphs {
                // Word/OpenDocument: startLine is the paragraph number, columns count within it.
                members.append(("properties", .object([("positionUnit", .string("paragraphs"))])))
            }
            results.append(.object(members))
        }
        return ""
    }

    public func finish(_ summary: Summary) -> String {
        let rules: [JSONValue] = context.rules.map { rule in
            var members: [(String, JSONValue)] = [
                ("id", .string(rule.id)),
                ("name", .string(rule.alias)),
                ("shortDescription", .object([("text", .string(rule.summary.text(context.language)))])),
                ("fullDescription", .object([("text", .string(rule.rationale.text(context.language)))])),
            ]
            let help = rule.help?.text(context.language) ?? rule.summary.text(context.language)
            members.append(("help", .object([("text", .string(help))])))
            members.append(("defaultConfiguration", .object([("level", .string(Self.level(rule.severity)))])))
            members.append(("properties", .object([("kind", .string(rule.kind))])))
            return .object(members)
        }
        let driver: JSONValue = .object([
            ("name", .string(ToolInfo.name)),
            ("version", .string(ToolInfo.version)),
            ("semanticVersion", .string(ToolInfo.version)),
            ("rules", .array(rules)),
        ])
        var invocation: [(String, JSONValue)] = [("executionSuccessful", .bool(summary.unreadable == 0))]
        if !notifications.isEmpty { invocation.append(("toolExecutionNotifications", .array(notifications))) }
        let run: JSONValue = .object([
            ("tool", .object([("driver", driver)])),
            ("invocations", .array([.object(invocation)])),
            ("columnKind", .string("unicodeCodePoints")),
            ("results", .array(results)),
        ])
        let log: JSONValue = .object([
            ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")),
            ("version", .string("2.1.0")),
            ("runs", .array([run])),
        ])
        return log.rendered(pretty: true) + "\n"
    }

    func region(_ f: Finding, source: SourceFile?, starts: inout CodePointCursor, ends: inout CodePointCursor)
        -> JSONValue {
        let startColumn = starts.column(f.start, in: source)
        var endColumn = ends.column(f.end, in: source)
        if f.end.line == f.start.line && endColumn <= startColumn { endColumn = startColumn + 1 }
        return .object([
            ("startLine", .int(f.start.line)),
            ("startColumn", .int(startColumn)),
            ("endLine", .int(max(f.end.line, f.start.line))),
            ("endColumn", .int(endColumn)),
            ("byteOffset", .int(f.start.offset)),
            ("byteLength", .int(max(0, f.end.offset - f.start.offset))),
        ])
    }

    /// The code-point column of `l` (1-based), counted from its line's start; `CodePointCursor`
    /// gives the same for a file's findings in turn.
    static func codePointColumn(_ l: SourceLocation, in source: SourceFile?) -> Int {
        guard let source, l.line >= 1, l.line <= source.lineCount else { return max(1, l.column) }
        let start = source.lineStarts[l.line - 1]
        let end = min(max(l.offset, start), source.bytes.count)
        var n = 0
        for b in source.bytes[start..<end] where b & 0xC0 != 0x80 { n += 1 }
        return n + 1
    }

    static func level(_ s: Severity) -> String { s.rawValue }

    /// A relative path as a URI reference (percent-encoded UTF-8); an absolute one as a file URI.
    static func artifact(_ path: String) -> JSONValue {
        let normalized = FindingKey.normalizedPath(path)
        if normalized.hasPrefix("/") {
            return .object([("uri", .string("file://" + percentEncode(normalized)))])
        }
        return .object([("uri", .string(percentEncode(normalized))), ("uriBaseId", .string("%SRCROOT%"))])
    }

    static func percentEncode(_ path: String) -> String {
        var out = ""
        for b in path.utf8 {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                 UInt8(ascii: "~"), UInt8(ascii: "/"):
                out.unicodeScalars.append(Unicode.Scalar(b))
            default:
                let hex = String(b, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }
}

/// `SARIFReporter.codePointColumn` for the findings of one file in turn, counted on (or back) from
/// the previous location on the same line: counted from the line's start for each, the findings
/// of one long line (a memo converted with a paragraph or the whole text on one line) took time
/// quadratic in their number (32,000 on one line: 13 s).
struct CodePointCursor {
    private var line = 0
    private var offset = 0
    private var count = 0

    mutating func column(_ l: SourceLocation, in source: SourceFile?) -> Int {
        guard let source, l.line >= 1, l.line <= source.lineCount else { return max(1, l.column) }
        let start = source.lineStarts[l.line - 1]
        let end = min(max(l.offset, start), source.bytes.count)
        if l.line != line {
            line = l.line
            offset = start
            count = 0
        }
        source.bytes.withUnsafeBufferPointer { bytes in
            if end >= offset {
                for i in offset..<end where bytes[i] & 0xC0 != 0x80 { count += 1 }
            } else {
                for i in end..<offset where bytes[i] & 0xC0 != 0x80 { count -= 1 }
            }
        }
        offset = end
        return count + 1
    }
}
