@testable import JamlintCore

/// Hand-built findings over small sources with å/ä/ö, a tab, CRLF line ends and a multi-line span,
/// shared by the golden tests of every format.
enum ReportFixture {
    static let memoText = "# Beslut om förskola\r\n\r\nFörvaltningen\tföreslår att nämnden\r\nbeslutar. Åtgärden påverkar flickor.\r\n"
    static let memo = SourceFile(path: "agenda/ks-2025-041.md", text: memoText)
    static let statsText = "Andel 50 % kvinnor\n"
    static let stats = SourceFile(path: "agenda/statistik.md", text: statsText)

    static let rules: [RuleDescriptor] = [
        RuleDescriptor(
            id: "JAM001", alias: "konsekvensanalys-saknas", kind: "requiredSection", severity: .error,
            summary: LocalizedText(sv: "Konsekvensanalys saknas", en: "Consequence analysis missing"),
            message: LocalizedText(sv: "konsekvensanalys saknas", en: "consequence analysis missing"),
            help: LocalizedText(sv: "lägg till ett avsnitt om konsekvenser", en: "add a section on consequences"),
            rationale: LocalizedText(sv: "SKR moment 7.", en: "SKR step 7."), sources: []),
        RuleDescriptor(
            id: "JAM006", alias: "barn-saknas", kind: "mentions", severity: .warning,
            summary: LocalizedText(sv: "Flickor och pojkar nämns inte", en: "Girls and boys not mentioned"),
            message: LocalizedText(sv: "flickor och pojkar saknas", en: "girls and boys missing"),
            help: nil,
            rationale: LocalizedText(sv: "Barn berörs.", en: "Children are affected."), sources: []),
    ]

    /// The span of the `occurrence`-th `needle` in `source` (through `through`, if given).
    static func span(_ source: SourceFile, _ needle: String, through: String? = nil) -> (SourceLocation, SourceLocation) {
        let bytes = source.bytes
        func find(_ n: String, from: Int) -> Int {
            let pattern = Array(n.utf8)
            var i = from
            while i + pattern.count <= bytes.count {
                if Array(bytes[i..<(i + pattern.count)]) == pattern { return i }
                i += 1
            }
            fatalError("fixture text \(n) not found")
        }
        let start = find(needle, from: 0)
        let endNeedle = through ?? needle
        let endStart = through == nil ? start : find(endNeedle, from: start)
        let end = endStart + Array(endNeedle.utf8).count
        return (source.location(ofByte: start), source.location(ofByte: end))
    }

    static func finding(_ id: String, _ severity: Severity, _ source: SourceFile, _ needle: String, through: String? = nil,
                        message: String, help: String? = nil, notes: [String] = [], section: String? = nil) -> Finding {
        let (start, end) = span(source, needle, through: through)
        return Finding(ruleID: id, severity: severity, path: source.path, start: start, end: end, message: message,
                       help: help, notes: notes, matchedText: needle, section: section)
    }

    static var results: [FileResult] {
        let memoFindings = [
            finding("JAM006", .warning, memo, "föreslår", message: "flickor och pojkar saknas", section: "Beslut om förskola"),
            finding("JAM001", .error, memo, "nämnden", through: "beslutar", message: "konsekvensanalys saknas",
                    help: "lägg till ett avsnitt om konsekvenser", notes: ["gäller beslut om förskola"]),
            finding("JAM010", .note, memo, "Åtgärden", message: "överväg att nämna kvinnor och män"),
        ]
        let statsFindings = [
            finding("JAM008", .warning, stats, "50 %", message: "andel \"50 %\" <utan> kön & ålder, x: y"),
        ]
        return [
            FileResult(path: memo.path, findings: memoFindings, source: memo),
            FileResult(path: stats.path, findings: statsFindings, source: stats),
            FileResult(path: "agenda/trasig.md", findings: [],
                       error: ParseError(path: "agenda/trasig.md", line: 2, column: 4, message: "invalid UTF-8 at byte offset 9; save the file as UTF-8")),
            FileResult(path: "agenda/ren.md", findings: [], source: SourceFile(path: "agenda/ren.md", text: "# Ren\n")),
        ]
    }

    static func render(_ format: OutputFormat, language: MessageLanguage = .sv, color: Bool = false,
                       failOn: Severity = .error) -> String {
        let context = ReportContext(language: language, color: color, rules: rules, failOn: failOn)
        return reporter(for: format, context: context).render(results)
    }
}
