/// Checkstyle XML (the format Jenkins' warnings plugin and many review bots read): one `<file>`
/// per linted file, one `<error>` per finding with `source="jamlint.rules.ID"`.
public final class CheckstyleReporter: Reporter {
    let context: ReportContext

    public init(context: ReportContext) { self.context = context }

    public func begin() -> String { "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n" }

    public func add(_ result: FileResult) -> String {
        guard result.error != nil || !result.findings.isEmpty else { return "" }
        var out = "  <file name=\"\(XMLEscaping.escape(result.path))\">\n"
        if let e = result.error {
            out += "    <error line=\"\(e.line)\" column=\"\(e.column)\" severity=\"error\" "
                + "message=\"\(XMLEscaping.escape(e.message))\" source=\"\(ToolInfo.name).parse\"/>\n"
        }
        for f in result.findings {
            out += "    <error line=\"\(f.start.line)\" column=\"\(f.start.column)\" severity=\"\(Self.severity(f.severity))\" "
                + "message=\"\(XMLEscaping.escape(f.message))\" source=\"\(ToolInfo.name).rules.\(XMLEscaping.escape(f.ruleID))\"/>\n"
        }
        return out + "  </file>\n"
    }

    public func finish(_ summary: Summary) -> String { "</checkstyle>\n" }

    static func severity(_ s: Severity) -> String {
        switch s {
        case .error: return "error"
        case .warning: return "warning"
        case .note: return "info"
        }
    }
}
