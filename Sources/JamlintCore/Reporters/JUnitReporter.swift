/// JUnit XML for CI test tabs: one test case per finding (named `ID/alias`, class = file), a
/// failure for findings at or above `--fail-on` and a passing case with the message as output
/// below it, an `<error>` for an unreadable file, and one passing case for each clean file.
public final class JUnitReporter: Reporter {
    let context: ReportContext
    var cases: [String] = []
    var failures = 0
    var errors = 0

    public init(context: ReportContext) { self.context = context }

    public func begin() -> String { "" }

    public func add(_ result: FileResult) -> String {
        let file = XMLEscaping.escape(result.path)
        if let error = result.error {
            errors += 1
            cases.append("    <testcase classname=\"\(file)\" name=\"parse\" time=\"0\">\n"
                + "      <error message=\"\(XMLEscaping.escape(error.message))\">"
                + "\(XMLEscaping.escape(location(error.line, error.column)))</error>\n    </testcase>")
        }
        for f in result.findings {
            var name = f.ruleID
            if let alias = context.alias(f.ruleID) { name += "/" + alias }
            let head = "    <testcase classname=\"\(file)\" name=\"\(XMLEscaping.escape(name))\" time=\"0\">\n"
            let body = XMLEscaping.escape(location(f.start.line, f.start.column) + (f.help.map { "\n" + $0 } ?? ""))
            if f.severity >= context.failOn {
                failures += 1
                cases.append(head + "      <failure type=\"\(f.severity.rawValue)\" message=\"\(XMLEscaping.escape(f.message))\">"
                    + "\(body)</failure>\n    </testcase>")
            } else {
                cases.append(head + "      <system-out>\(f.severity.rawValue): \(XMLEscaping.escape(f.message)) (\(body))"
                    + "</system-out>\n    </testcase>")
            }
        }
        if result.error == nil && result.findings.isEmpty {
            cases.append("    <testcase classname=\"\(file)\" name=\"\(ToolInfo.name)\" time=\"0\"/>")
        }
        return ""
    }

    public func finish(_ summary: Summary) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n"
        out += "  <testsuite name=\"\(ToolInfo.name)\" tests=\"\(cases.count)\" failures=\"\(failures)\" "
            + "errors=\"\(errors)\" time=\"0\">\n"
        for c in cases { out += c + "\n" }
        return out + "  </testsuite>\n</testsuites>\n"
    }

    func location(_ line: Int, _ column: Int) -> String {
        context.language == .sv ? "rad \(line), kolumn \(column)" : "line \(line), column \(column)"
    }
}
