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
        var out: [UInt8] = []
        add(result, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    public func add(_ result: FileResult, to bytes: inout [UInt8]) {
        // Written straight as compact JSON bytes, in the member order of the documented schema: building
        // a `JSONValue` tree per finding first (boxes, tuples, their release) cost more than the writing.
        // The golden tests (ReporterGoldenTests, DocxFindingTests) pin the bytes.
        let fingerprints = FindingKey.fingerprints(for: result.findings)
        var out = JSONWriter()
        swap(&out.bytes, &bytes)
        // The caller's bytes are handed back (with what this file added) however this returns.
        defer { swap(&out.bytes, &bytes) }
        out.bytes.reserveCapacity(out.bytes.count + 160 + 700 * result.findings.count)
        out.raw(first ? "\n" : ",\n")
        out.raw("{\"path\":")
        out.string(result.path)
        // Word/OpenDocument files: `line` is a paragraph number and offsets index the paragraph text.
        if result.source?.positionUnit == .paragraphs { out.raw(",\"positionUnit\":\"paragraphs\"") }
        out.raw(",\"findings\":")
        out.array(result.findings.indices) { out, i in
            let finding = result.findings[i]
            out.raw("{\"ruleId\":")
            out.string(finding.ruleID)
            out.raw(",\"alias\":")
            out.optional(context.alias(finding.ruleID))
            out.raw(",\"severity\":")
            out.string(finding.severity.rawValue)
            out.raw(",\"message\":")
            out.string(finding.message)
            out.raw(",\"help\":")
            out.optional(finding.help)
            out.raw(",\"notes\":")
            out.array(finding.notes) { out, note in out.string(note) }
            out.raw(",\"matchedText\":")
            out.string(finding.matchedText)
            out.raw(",\"section\":")
            out.optional(finding.section)
            out.raw(",\"start\":")
            Self.write(finding.start, to: &out)
            out.raw(",\"end\":")
            Self.write(finding.end, to: &out)
            out.raw(",\"fingerprint\":")
            out.string(fingerprints[i])
            out.byte(UInt8(ascii: "}"))
        }
        out.raw(",\"error\":")
        if let error = result.error {
            out.raw("{\"message\":")
            out.string(error.message)
            out.raw(",\"line\":")
            out.int(error.line)
            out.raw(",\"column\":")
            out.int(error.column)
            out.byte(UInt8(ascii: "}"))
        } else {
            out.raw("null")
        }
        out.byte(UInt8(ascii: "}"))
        first = false
    }

    public func finish(_ summary: Summary) -> String {
        let s: JSONValue = .object([
            ("errors", .int(summary.errors)), ("warnings", .int(summary.warnings)), ("notes", .int(summary.notes)),
            ("files", .int(summary.files)), ("unreadable", .int(summary.unreadable)),
            ("baselined", .int(summary.baselined)),
        ])
        return "\n],\"summary\":" + s.rendered() + "}\n"
    }

    /// A location as `{"offset":…,"line":…,"column":…}`.
    static func write(_ l: SourceLocation, to out: inout JSONWriter) {
        out.raw("{\"offset\":")
        out.int(l.offset)
        out.raw(",\"line\":")
        out.int(l.line)
        out.raw(",\"column\":")
        out.int(l.column)
        out.byte(UInt8(ascii: "}"))
    }
}
