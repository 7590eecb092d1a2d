import ArgumentParser
import JamlintCore

extension OutputFormat: ExpressibleByArgument {}
extension ColorChoice: ExpressibleByArgument {}
extension MessageLanguage: ExpressibleByArgument {}
extension Severity: ExpressibleByArgument {}
extension DocumentFormat: ExpressibleByArgument {}

struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Lint memo files and folders.",
        discussion: """
            Folders are walked recursively for .md, .markdown, .xhtml, .html, .htm and .txt files, \
            skipping hidden entries; files named on the command line are linted whatever their extension.

            Exit codes:
              0  nothing at or above --fail-on (and no more warnings than --max-warnings)
              1  findings that fail the run
              2  usage or configuration error, or a file that could not be read or parsed
            """
    )

    @Argument(help: "Files and folders to lint.")
    var paths: [String] = []

    @Option(name: [.short, .long], help: "Report format: \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: OutputFormat = .text

    @Option(name: [.short, .long], help: "Write the report to FILE (atomically) instead of standard output.")
    var output: String?

    @Option(help: "Colour the text report: auto (on a terminal, unless NO_COLOR is set), always, never.")
    var color: ColorChoice = .auto

    @Option(name: .customLong("lang"), help: "Language of messages and report: sv (default) or en.")
    var language: MessageLanguage = .sv

    @Option(help: "Lowest severity that fails the run: error (default), warning or note.")
    var failOn: Severity = .error

    @Option(help: "Fail when there are more than N warnings.")
    var maxWarnings: Int?

    @Option(name: [.short, .long], help: "Files linted in parallel (default: number of active processors).")
    var jobs: Int?

    @Option(help: "Skip paths matching GLOB (fnmatch; repeatable). A pattern without / matches any path component.")
    var exclude: [String] = []

    @Flag(help: "Lint standard input.")
    var stdin = false

    @Option(help: "Name of the standard input in the report (picks its format and configuration).")
    var stdinFilename: String?

    @Flag(help: "Lint the staged content of staged memo files (what the pre-commit hook runs).")
    var staged = false

    @Option(help: "Hide findings recorded in this baseline file.")
    var baseline: String?

    @Option(help: "Record the current findings in this baseline file and exit 0.")
    var writeBaseline: String?

    @Option(help: "Use this configuration file instead of searching for .jamlint.yml.")
    var config: String?

    @Option(help: "Read rules from this folder instead of the shipped ones.")
    var rules: String?

    @Option(help: "Parse every input as this format: markdown, xhtml, html, text.")
    var inputFormat: DocumentFormat?

    func run() throws {
        var o = LintOptions()
        o.paths = paths
        o.format = format
        o.outputPath = output
        o.color = color
        o.language = language
        o.failOn = failOn
        o.maxWarnings = maxWarnings
        o.jobs = jobs
        o.excludes = exclude
        o.stdin = stdin
        o.stdinFilename = stdinFilename
        o.staged = staged
        o.baselinePath = baseline
        o.writeBaselinePath = writeBaseline
        o.configPath = config
        o.rulesDirectory = rules
        o.inputFormat = inputFormat
        let code = LintSession(options: o).run()
        if code != 0 { throw ExitCode(code) }
    }
}
