/// GitHub Actions workflow commands (`::error file=…,line=…::message`), one per finding, plus a
/// Markdown table for `$GITHUB_STEP_SUMMARY` (GitHub shows only the first few annotations per step,
/// so the summary is where the rest can be read).
public final class GitHubReporter: Reporter {
    /// Rows beyond this go uncounted into "… and N more" to keep the step summary readable.
    public static let summaryRowLimit = 200
    let context: ReportContext
    let strings: ReportStrings
    var rows: [String] = []
    var hiddenRows = 0

    public init(context: ReportContext) {
        self.context = context
        self.strings = ReportStrings(language: context.language)
    }

    public func begin() -> String { "" }

    public func add(_ result: FileResult) -> String {
        var out = ""
        if let error = result.error {
            out += "::error file=\(Self.property(error.path)),line=\(error.line),col=\(error.column),"
                + "title=\(Self.property("jamlint parse"))::\(Self.data(error.message))\n"
            addRow(path: error.path, line: error.line, severity: .error, rule: strings.parseRule, message: error.message)
        }
        for f in result.findings {
            var title = f.ruleID
            if let alias = context.alias(f.ruleID) { title += " (\(alias))" }
            var message = f.message
            if let help = f.help, !help.isEmpty { message += "\n" + strings.help + ": " + help }
            let endLine = max(f.end.line, f.start.line)
            let endColumn = endLine == f.start.line ? max(f.end.column, f.start.column) : f.end.column
            out += "::\(Self.command(f.severity)) file=\(Self.property(f.path)),line=\(f.start.line),col=\(f.start.column),"
                + "endLine=\(endLine),endColumn=\(endColumn),"
                + "title=\(Self.property(title))::\(Self.data(message))\n"
            addRow(path: f.path, line: f.start.line, severity: f.severity, rule: f.ruleID, message: f.message)
        }
        return out
    }

    public func finish(_ summary: Summary) -> String { "" }

    /// The Markdown appended to `$GITHUB_STEP_SUMMARY`.
    public func stepSummary(_ summary: Summary) -> String {
        var out = "## \(strings.summaryHeading)\n\n\(strings.summaryLine(summary))\n\n"
        if rows.isEmpty {
            out += strings.noProblems + "\n"
        } else {
            out += strings.tableHeader + "\n| --- | ---: | --- | --- | --- |\n"
            out += rows.joined(separator: "\n") + "\n"
            if hiddenRows > 0 { out += "\n" + strings.moreFindings(hiddenRows) + "\n" }
        }
        return out + "\n"
    }

    func addRow(path: String, line: Int, severity: Severity, rule: String, message: String) {
        guard rows.count < Self.summaryRowLimit else { hiddenRows += 1; return }
        rows.append("| \(Self.cell(path)) | \(line) | \(severity.rawValue) | \(Self.cell(rule)) | \(Self.cell(message)) |")
    }

    static func command(_ s: Severity) -> String {
        switch s {
        case .error: return "error"
        case .warning: return "warning"
        case .note: return "notice"
        }
    }

    /// Escaping of a command's message, as the Actions runner decodes it.
    static func data(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "%": out += "%25"
            case "\r": out += "%0D"
            case "\n": out += "%0A"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Escaping of a property value, which additionally may not contain `:` or `,`.
    static func property(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "%": out += "%25"
            case "\r": out += "%0D"
            case "\n": out += "%0A"
            case ":": out += "%3A"
            case ",": out += "%2C"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func cell(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "|": out += "\\|"
            case "\n", "\r", "\r\n": out += " "
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.append(c)
            }
        }
        return out
    }
}
