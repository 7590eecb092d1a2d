import ArgumentParser
import JamlintCore

extension OutputFormat: ExpressibleByArgument {}
extension ColorChoice: ExpressibleByArgument {}
extension MessageLanguage: ExpressibleByArgument {}
extension Severity: ExpressibleByArgument {}
extension DocumentFormat: ExpressibleByArgument {}

struct Lint: ParsableCommand {
    /// The default of every option: `LintOptions()`, which `FastLintCommandLine` starts from too, so the two cannot drift apart.
    static let defaults = LintOptions()

    static let configuration = CommandConfiguration(
        abstract: "Lint memo files and folders.",
        discussion: """
            Folders are walked recursively for .md, .markdown, .xhtml, .html, .htm, .txt, .docx and .odt files, \
            skipping hidden entries; files named on the command line are linted whatever their extension.

            Exit codes:
              0  nothing at or above --fail-on (and no more warnings than --max-warnings)
              1  findings that fail the run
              2  usage or configuration error, or a file that could not be read or parsed
            """
    )

    @Argument(help: "Files and folders to lint.")
    var paths: [String] = Lint.defaults.paths

    @Option(name: [.short, .long], help: ArgumentHelp("Report format.", valueName: "format"))
    var format: OutputFormat = Lint.defaults.format

    @Option(name: [.short, .long], help: ArgumentHelp("Write the report to FILE (atomically) instead of standard output (\"-\").", valueName: "FILE"))
    var output: String?

    @Option(help: ArgumentHelp("Colour the text report: auto = on a terminal unless NO_COLOR is set; never in an --output file.", valueName: "when"))
    var color: ColorChoice = Lint.defaults.color

    @Option(name: .customLong("lang"), help: ArgumentHelp("Language of messages and report.", valueName: "language"))
    var language: MessageLanguage = Lint.defaults.language

    @Option(help: ArgumentHelp("Lowest severity that fails the run (exit code 1).", valueName: "severity"))
    var failOn: Severity = Lint.defaults.failOn

    @Option(help: ArgumentHelp("Also fail when there are more than N warnings.", valueName: "N"))
    var maxWarnings: Int?

    @Option(name: [.short, .long], help: ArgumentHelp("Files linted in parallel (default: number of active processors).", valueName: "N"))
    var jobs: Int?

    @Option(help: ArgumentHelp("Skip paths matching GLOB (fnmatch; repeatable). A pattern without / matches any path component.", valueName: "GLOB"))
    var exclude: [String] = Lint.defaults.excludes

    @Flag(help: "Lint standard input.")
    var stdin = Lint.defaults.stdin

    @Option(help: ArgumentHelp("Name of the standard input in the report (picks its format and configuration).", valueName: "NAME"))
    var stdinFilename: String?

    @Flag(help: "Lint the staged content of staged memo files (what the pre-commit hook runs).")
    var staged = Lint.defaults.staged

    @Option(help: ArgumentHelp("Hide findings recorded in this baseline file.", valueName: "FILE"))
    var baseline: String?

    @Option(help: ArgumentHelp("Record the current findings in this baseline file (exit 0 unless a file is unreadable).", valueName: "FILE"))
    var writeBaseline: String?

    @Option(help: ArgumentHelp("Use this configuration file instead of searching for .jamlint.yml.", valueName: "FILE"))
    var config: String?

    @Option(help: ArgumentHelp("Read rules from this folder instead of the shipped ones.", valueName: "DIR"))
    var rules: String?

    @Option(help: ArgumentHelp("Parse every input as this format instead of choosing by extension.", valueName: "format"))
    var inputFormat: DocumentFormat?

    @Option(help: ArgumentHelp("Refuse (exit code 2) inputs larger than BYTES instead of reading them (default: 64 MiB; over 2 GiB always).",
                               valueName: "BYTES"))
    var maxFileSize: Int = Lint.defaults.maxFileSize

    @Flag(help: "After the report, print on standard error where the time went: reading, parsing, analysis, each rule, the report.")
    var timings = Lint.defaults.timings

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
        o.maxFileSize = maxFileSize
        o.timings = timings
        var session = LintSession(options: o)
        session.exitsAfterRun = true
        let code = session.run()
        if code != 0 { throw ExitCode(code) }
    }
}
