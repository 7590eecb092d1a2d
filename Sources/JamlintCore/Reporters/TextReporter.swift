/// Compiler-style text: a GNU line `path:line:col: severity: message [ID]` that editors can jump
/// to, the source line with a caret under the span, `help`/`note` lines, a blank line, and a
/// summary at the end. Unreadable files print as `path:line:col: error: message [parse]`.
public final class TextReporter: Reporter {
    let context: ReportContext
    let strings: ReportStrings

    public init(context: ReportContext) {
        self.context = context
        self.strings = ReportStrings(language: context.language)
    }

    public func begin() -> String { "" }

    public func add(_ result: FileResult) -> String {
        var out = ""
        if let error = result.error {
            out += header(path: error.path, line: error.line, column: error.column, severity: .error,
                          message: error.message, id: strings.parseRule)
            out += "\n\n"
        }
        for finding in result.findings {
            out += render(finding, source: result.source)
        }
        return out
    }

    public func finish(_ summary: Summary) -> String {
        paint(strings.summaryLine(summary), Style.bold) + "\n"
    }

    func render(_ finding: Finding, source: SourceFile?) -> String {
        var out = header(path: finding.path, line: finding.start.line, column: finding.start.column,
                         severity: finding.severity, message: finding.message, id: finding.ruleID)
        out += "\n"
        let snippet = source.flatMap { SourceSnippet(source: $0, start: finding.start, end: finding.end) }
        let gutterWidth = String(snippet?.lineNumber ?? finding.start.line).count
        let blank = String(repeating: " ", count: gutterWidth + 2)
        if let snippet {
            out += paint(" \(snippet.lineNumber) |", Style.gutter) + (snippet.text.isEmpty ? "" : " " + snippet.text) + "\n"
            out += paint(blank + "|", Style.gutter) + " " + paint(snippet.caretLine, Style.severity(finding.severity)) + "\n"
        }
        if let help = finding.help, !help.isEmpty {
            out += paint(blank + "=", Style.gutter) + " " + paint(strings.help + ":", Style.bold) + " " + Self.clean(help) + "\n"
        }
        if source?.positionUnit == .paragraphs {
            let note = strings.paragraphNote(finding.start.line, section: finding.section)
            out += paint(blank + "=", Style.gutter) + " " + paint(strings.note + ":", Style.bold) + " " + Self.clean(note) + "\n"
        }
        for note in finding.notes {
            out += paint(blank + "=", Style.gutter) + " " + paint(strings.note + ":", Style.bold) + " " + Self.clean(note) + "\n"
        }
        return out + "\n"
    }

    func header(path: String, line: Int, column: Int, severity: Severity, message: String, id: String) -> String {
        paint("\(Self.clean(path)):\(line):\(column):", Style.bold) + " "
            + paint(severity.rawValue + ":", Style.severity(severity)) + " "
            + paint(Self.clean(message), Style.bold) + " " + paint("[\(id)]", Style.dim)
    }

    func paint(_ text: String, _ style: String) -> String {
        context.color ? style + text + Style.reset : text
    }

    /// One line of text with control characters made visible, so messages cannot break the layout.
    static func clean(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v == 0x0A || v == 0x0D || v == 0x09 { out.append(" ") } else if v < 0x20 || (v >= 0x7F && v < 0xA0) {
                out.append("\u{FFFD}")
            } else { out.append(scalar) }
        }
        return String(out)
    }

    enum Style {
        static let reset = "\u{1B}[0m"
        static let bold = "\u{1B}[1m"
        static let dim = "\u{1B}[2m"
        static let gutter = "\u{1B}[1;34m"
        static func severity(_ s: Severity) -> String {
            switch s {
            case .error: return "\u{1B}[1;31m"
            case .warning: return "\u{1B}[1;33m"
            case .note: return "\u{1B}[1;36m"
            }
        }
    }
}
