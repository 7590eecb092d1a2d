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
        addThroughPointer(result, to: &bytes)
    }

    /// `add(result, to: &bytes)`; true when the file was written through the pointer (its size
    /// bound held), false when the checked writer wrote it. The tests check both.
    @discardableResult
    func addThroughPointer(_ result: FileResult, to bytes: inout [UInt8]) -> Bool {
        // Into memory sized for the worst case (every byte escaped) through a pointer: the checked
        // appends of `JSONWriter` (capacity and uniqueness per piece) were most of the report's
        // cost in profiles. Should the bound be short after all, the file is written that way.
        let fingerprints = FindingKey.fingerprintHashes(for: result.findings)
        let bound = bound(result)
        var fits = true
        let file = [UInt8](unsafeUninitializedCapacity: bound) { buffer, count in
            var out = PointerJSONWriter(buffer)
            write(result, fingerprints: fingerprints, to: &out)
            fits = !out.overflowed
            count = fits ? out.at : 0
        }
        if fits {
            bytes.append(contentsOf: file)
            first = false
        } else {
            addChecked(result, fingerprints: fingerprints, to: &bytes)
        }
        return fits
    }

    /// At least the bytes `add` writes for `result`: each string escaped at most sixfold (a
    /// control character as `\u00XX`), numbers of at most 20 characters, and the keys and
    /// punctuation.
    private let fingerprintPlaceholder = String(repeating: "0", count: 32)

    func bound(_ result: FileResult) -> Int {
        @inline(__always) func text(_ s: String?) -> Int { 6 * (s?.utf8.count ?? 0) + 8 }
        var n = 160 + text(result.path) + text(result.error?.message)
        let findings = result.findings
        for i in findings.indices {
            // The constant parts (keys, punctuation, six numbers, the 32-digit fingerprint) take
            // fewer than 400 bytes.
            n += 400 + text(findings[i].ruleID) + text(context.alias(findings[i].ruleID)) + text(findings[i].message)
                + text(findings[i].help) + text(findings[i].matchedText) + text(findings[i].section)
                + text(findings[i].severity.rawValue) + text(fingerprintPlaceholder)
            for note in findings[i].notes { n += text(note) + 1 }
        }
        return n
    }

    /// The JSON of one file, in the member order of the documented schema. Written straight as
    /// compact JSON bytes: building a `JSONValue` tree per finding first (boxes, tuples, their
    /// release) cost more than the writing. The golden tests (ReporterGoldenTests,
    /// DocxFindingTests) pin the bytes.
    private func write<W: JSONPieceWriter>(_ result: FileResult, fingerprints: [(UInt64, UInt64)], to out: inout W) {
        out.raw(first ? "\n" : ",\n")
        out.raw("{\"path\":")
        out.string(result.path)
        if result.source?.positionUnit == .paragraphs { out.raw(",\"positionUnit\":\"paragraphs\"") }
        out.raw(",\"findings\":")
        if result.findings.isEmpty {
            out.raw("[]")
        } else {
            out.byte(UInt8(ascii: "["))
            // By index: iterating copied each finding.
            for i in result.findings.indices {
                if i > 0 { out.byte(UInt8(ascii: ",")) }
                out.raw("{\"ruleId\":")
                out.string(result.findings[i].ruleID)
                out.raw(",\"alias\":")
                out.optional(context.alias(result.findings[i].ruleID))
                out.raw(",\"severity\":")
                out.string(result.findings[i].severity.rawValue)
                out.raw(",\"message\":")
                out.string(result.findings[i].message)
                out.raw(",\"help\":")
                out.optional(result.findings[i].help)
                out.raw(",\"notes\":")
                let notes = result.findings[i].notes
                if notes.isEmpty {
                    out.raw("[]")
                } else {
                    out.byte(UInt8(ascii: "["))
                    for (k, note) in notes.enumerated() {
                        if k > 0 { out.byte(UInt8(ascii: ",")) }
                        out.string(note)
                    }
                    out.byte(UInt8(ascii: "]"))
                }
                out.raw(",\"matchedText\":")
                out.string(result.findings[i].matchedText)
                out.raw(",\"section\":")
                out.optional(result.findings[i].section)
                out.raw(",\"start\":")
                Self.write(result.findings[i].start, to: &out)
                out.raw(",\"end\":")
                Self.write(result.findings[i].end, to: &out)
                out.raw(",\"fingerprint\":")
                out.fingerprint(fingerprints[i])
                out.byte(UInt8(ascii: "}"))
            }
            out.byte(UInt8(ascii: "]"))
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
    }

    /// `add(result, to: &bytes)` through `JSONWriter`'s checked appends: the reference the
    /// pointer writing is tested against, and its fallback.
    func addChecked(_ result: FileResult, fingerprints: [(UInt64, UInt64)]? = nil, to bytes: inout [UInt8]) {
        let fingerprints = fingerprints ?? FindingKey.fingerprintHashes(for: result.findings)
        var out = JSONWriter()
        swap(&out.bytes, &bytes)
        // The caller's bytes are handed back (with what this file added) however this returns.
        defer { swap(&out.bytes, &bytes) }
        out.bytes.reserveCapacity(out.bytes.count + 160 + 700 * result.findings.count)
        write(result, fingerprints: fingerprints, to: &out)
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
    static func write<W: JSONPieceWriter>(_ l: SourceLocation, to out: inout W) {
        out.raw("{\"offset\":")
        out.int(l.offset)
        out.raw(",\"line\":")
        out.int(l.line)
        out.raw(",\"column\":")
        out.int(l.column)
        out.byte(UInt8(ascii: "}"))
    }
}
