#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// When the text report uses colour.
public enum ColorChoice: String, Sendable, CaseIterable {
    case auto
    case always
    case never
}

/// Everything `jamlint lint` was asked to do, already parsed.
public struct LintOptions: Sendable {
    public var paths: [String] = []
    public var format: OutputFormat = .text
    public var outputPath: String?
    public var color: ColorChoice = .auto
    public var language: MessageLanguage = .sv
    public var failOn: Severity = .error
    public var maxWarnings: Int?
    /// nil: one job per active processor.
    public var jobs: Int?
    public var excludes: [String] = []
    public var stdin = false
    public var stdinFilename: String?
    public var staged = false
    public var baselinePath: String?
    public var writeBaselinePath: String?
    public var configPath: String?
    public var rulesDirectory: String?
    public var inputFormat: DocumentFormat?
    /// Larger inputs are reported as unreadable (exit code 2) instead of being read.
    public var maxFileSize = DocumentLoader.defaultMaxFileSize
    /// Print where the time went (phases and rules) on standard error after the report.
    public var timings = false

    public init() {}
}

/// One `jamlint lint` run: collects the inputs, lints them in parallel, streams the report in
/// order, applies and writes baselines, and returns the exit code. The CLI only fills in options.
public struct LintSession {
    public var options: LintOptions
    public var environment: [String: String]
    /// Reads standard input, keeping at most `limit` + 1 bytes; `total` counts all bytes read.
    public var readStandardInput: (_ limit: Int) -> (bytes: [UInt8], total: Int)
    public var writeError: (String) -> Void
    /// The process ends right after `run()` (the command line): the loaded rules are then left to
    /// the process's end instead of being freed one object at a time. Profile: freeing the rule
    /// set, its lexicons and compiled expressions was ~1.8 M of the 74 M instructions of linting
    /// one memo. Each such run keeps its linter for good: never set it in a process that runs many
    /// sessions.
    public var exitsAfterRun = false

    nonisolated(unsafe) private static var kept: [Linter] = []
    private static let keptLock = NSLock()

    /// How many linters are kept so (for the tests).
    static var keptCount: Int {
        keptLock.lock()
        defer { keptLock.unlock() }
        return kept.count
    }

    private static func keepUntilExit(_ linter: Linter) {
        keptLock.lock()
        kept.append(linter)
        keptLock.unlock()
    }

    public init(options: LintOptions, environment: [String: String] = ProcessInfo.processInfo.environment,
                readStandardInput: @escaping (_ limit: Int) -> (bytes: [UInt8], total: Int)
                    = LintSession.readStandardInput(limit:),
                writeError: @escaping (String) -> Void = LintSession.printToStandardError) {
        self.options = options
        self.environment = environment
        self.readStandardInput = readStandardInput
        self.writeError = writeError
    }

    public func run() -> Int32 {
        do throws(ToolError) {
            return try runChecked()
        } catch {
            writeError("jamlint: error: \(error.message)\n")
            return ExitPolicy.toolError
        }
    }

    func runChecked() throws(ToolError) -> Int32 {
        let started = Timings.now()
        var o = options
        // `--output -` is standard output, as for most command-line tools (it made a file named "-").
        if o.outputPath == "-" { o.outputPath = nil }
        // A baseline is a file that later runs read; "-" would make one named "-".
        for (option, path) in [("--baseline", o.baselinePath), ("--write-baseline", o.writeBaselinePath)] where path == "-" {
            throw ToolError("\(option) needs a file name, not -")
        }
        if o.staged {
            // --staged moves to the top of the working tree; paths given relative to where jamlint
            // was started must keep meaning the same files.
            let cwd = FileManager.default.currentDirectoryPath
            func absolute(_ p: String?) -> String? { p.map { $0.hasPrefix("/") ? $0 : cwd + "/" + $0 } }
            o.outputPath = absolute(o.outputPath)
            o.baselinePath = absolute(o.baselinePath)
            o.writeBaselinePath = absolute(o.writeBaselinePath)
            o.configPath = absolute(o.configPath)
            o.rulesDirectory = absolute(o.rulesDirectory)
        }
        if o.stdin && o.staged { throw ToolError("--stdin and --staged cannot be combined") }
        if (o.stdin || o.staged) && !o.paths.isEmpty {
            throw ToolError("give either paths or \(o.stdin ? "--stdin" : "--staged"), not both")
        }
        if !o.stdin && !o.staged && o.paths.isEmpty {
            throw ToolError("nothing to lint: give files or folders, or use --stdin or --staged")
        }
        if o.stdinFilename != nil && !o.stdin { throw ToolError("--stdin-filename needs --stdin") }
        if let jobs = o.jobs, jobs < 1 { throw ToolError("--jobs must be at least 1") }
        if let max = o.maxWarnings, max < 0 { throw ToolError("--max-warnings must be 0 or more") }
        if o.maxFileSize < 1 { throw ToolError("--max-file-size must be at least 1") }

        let timings = o.timings ? Timings() : nil
        let linter: Linter
        do {
            linter = try Linter(rulesDirectory: o.rulesDirectory, language: o.language, configPath: o.configPath,
                                maxFileSize: o.maxFileSize, timings: timings)
        } catch {
            throw ToolError("cannot load the rules: \(error)")
        }
        if exitsAfterRun { Self.keepUntilExit(linter) }
        let collectStart = Timings.now()
        timings?.add(.setup, nanoseconds: collectStart &- started)
        let baseline = try o.baselinePath.map { (path: String) throws(ToolError) in try Baseline.load(path: path) }

        let walker = FileWalker(excludes: o.excludes)
        var listed: [LintInput] = []
        var walk: FileWalker.Inputs?
        if o.stdin {
            let (bytes, total) = readStandardInput(o.maxFileSize)
            let path = o.stdinFilename ?? "<stdin>"
            if total > o.maxFileSize {
                // The same message the loader gives for bytes over the limit, without holding them.
                let limit = o.maxFileSize
                listed = [.failure(ParseError(path: path, message:
                    "input is \(total) bytes, larger than the limit of \(limit) bytes (see --max-file-size)"))]
            } else {
                listed = [.bytes(path: path, load: { .success(bytes) })]
            }
        } else if o.staged {
            let top = try Git.topLevel()
            guard chdir(top) == 0 else { throw ToolError("cannot change to \(top)") }
            listed = try Git.stagedInputs(walker: walker)
        } else {
            // Folders are walked while the files are linted (`FileWalker.Inputs`): a list of every
            // file first made peak memory grow with the number of files.
            var excluded: [String] = []
            walk = walker.inputs(o.paths, skippedNamedFiles: &excluded)
            for path in excluded { writeError(skipNote(path, reason: nil)) }
        }
        // From here on the current folder stays as it is (--staged has moved to the top of the
        // working tree): relative paths resolve against it without asking the system per file.
        linter.pinCurrentDirectory()
        // Paths a `.jamlint.yml` ignores (`ignore:`) are skipped like --exclude. A file named on
        // the command line (or standard input's --stdin-filename) says so on standard error: a
        // report of "0 files" alone left a clerk guessing. Files from folder walks and from
        // --staged (the hook) are skipped quietly.
        // The notes come before the report, in path order (written as the inputs came, they fell
        // in the middle of it).
        let namedFiles = o.stdin ? [o.stdinFilename ?? "<stdin>"] : walk?.namedFiles ?? []
        for path in namedFiles {
            if let configuration = linter.ignoringConfiguration(path) { writeError(skipNote(path, reason: configuration)) }
        }
        let outputs = [o.outputPath, o.writeBaselinePath].compactMap { $0 }.map(OutputCollision.init(output:))
        let inputs = SessionInputs(
            source: walk.map { AnyIterator($0) } ?? AnyIterator(listed.makeIterator()),
            timings: timings,
            keep: { input in
                if case .failure = input { return true }
                return linter.ignoringConfiguration(input.path) == nil
            },
            collides: { input in
                guard case .file(let path) = input else { return nil }
                return outputs.first { $0.collides(with: path) }?.output
            })
        // `inputs` adds the time it takes to find each file to the same phase.
        timings?.add(.collect, nanoseconds: Timings.now() &- collectStart)
        // An output that may be one of the inputs: they are all listed first, and a collision is
        // refused before anything is written. Otherwise they stream.
        var prepared: [LintInput]?
        let arguments = o.stdin || o.staged ? [] : o.paths
        let folders = outputs.isEmpty ? [] : arguments.compactMap { path -> String? in
            guard FileStatus(path: path)?.isDirectory == true, let real = realpath(path, nil) else { return nil }
            defer { free(real) }
            return String(cString: real)
        }
        if outputs.contains(where: { $0.mayBeLinted(named: arguments, folders: folders) }) {
            prepared = Array(inputs)
            if let collided = inputs.collided {
                throw ToolError("refusing to write \(collided): it is one of the files being linted")
            }
        }

        // A file being written that turns out to be one of the inputs stops the run before anything
        // is written: --output and --write-baseline go to their files only at the end, and a report
        // written as it comes (standard output, a device) is held back while an existing file being
        // written could still turn out to be an input.
        let sink = try o.outputPath.map { (path: String) throws(ToolError) in try OutputSink.atomicFile(path) }
            ?? OutputSink.standardOutput()
        if prepared == nil && outputs.contains(where: \.exists) { sink.holdUntilCommit() }
        let context = ReportContext(language: o.language, color: useColor(sink: sink), rules: linter.rules,
                                    failOn: o.failOn)
        let report = reporter(for: o.format, context: context)
        let runner = LintRunner(linter: linter, jobs: o.jobs ?? ProcessInfo.processInfo.activeProcessorCount,
                                format: o.inputFormat)
        var summary = Summary()
        var baselineWriter = o.writeBaselinePath.map { _ in BaselineWriter() }

        sink.write(report.begin())
        func deliver(_ result: FileResult) {
            baselineWriter?.add(result)
            var shown = result
            if let baseline {
                let filtered = baseline.filter(result)
                shown = filtered.result
                summary.baselined += filtered.hidden
            }
            summary.add(shown)
            let reportStart = timings == nil ? 0 : Timings.now()
            sink.write { report.add(shown, to: &$0) }
            timings?.add(.report, nanoseconds: Timings.now() &- reportStart)
        }
        if let prepared {
            runner.run(prepared, deliver: deliver)
        } else {
            runner.run(stream: inputs, deliver: deliver)
        }
        if let collided = inputs.collided {
            sink.discard()
            throw ToolError("refusing to write \(collided): it is one of the files being linted")
        }
        sink.write(report.finish(summary))
        do {
            try sink.commit()
        } catch {
            sink.discard()
            throw error
        }
        if let timings {
            let names = Dictionary(linter.rules.map { ($0.id, $0.alias) }, uniquingKeysWith: { a, _ in a })
            writeError(timings.render(language: o.language, wall: Double(Timings.now() &- started) / 1e9,
                                      jobs: runner.jobs, names: names))
        }

        if let github = report as? GitHubReporter, let path = environment["GITHUB_STEP_SUMMARY"], !path.isEmpty {
            try OutputSink.append(path, github.stepSummary(summary))
        }
        if let path = o.writeBaselinePath, let baselineWriter {
            try OutputSink.writeFile(path, baselineWriter.render())
            let count = baselineWriter.count
            writeError(o.language == .sv
                ? "jamlint: skrev \(count) fynd till baslinjen \(path)\n"
                : "jamlint: wrote \(count) \(count == 1 ? "finding" : "findings") to the baseline \(path)\n")
            // Recording a baseline is the adoption step; it succeeds unless files could not be read.
            return summary.unreadable > 0 ? ExitPolicy.toolError : ExitPolicy.success
        }
        return ExitPolicy(failOn: o.failOn, maxWarnings: o.maxWarnings).exitCode(for: summary)
    }

    /// The note for a file named on the command line and not linted: excluded by --exclude
    /// (`configuration` nil) or ignored by that configuration file's `ignore` globs.
    func skipNote(_ path: String, reason configuration: String?) -> String {
        switch (options.language, configuration) {
        case (.sv, nil): "jamlint: hoppar över \(path): sökvägen matchar --exclude\n"
        case (.sv, let config?): "jamlint: hoppar över \(path): sökvägen ignoreras av `ignore` i \(config)\n"
        case (.en, nil): "jamlint: skipping \(path): the path matches --exclude\n"
        case (.en, let config?): "jamlint: skipping \(path): the path is ignored by `ignore` in \(config)\n"
        }
    }

    /// Colour only for the text format on a terminal, unless forced; NO_COLOR (non-empty) and
    /// TERM=dumb turn `auto` off. Never in an `--output` file, even with `always` (docs/output.md):
    /// a report kept as a file or a CI artifact is read where escape codes are noise.
    func useColor(sink: OutputSink) -> Bool {
        guard options.format == .text, options.outputPath == nil else { return false }
        switch options.color {
        case .always: return true
        case .never: return false
        case .auto:
            if let v = environment["NO_COLOR"], !v.isEmpty { return false }
            if environment["TERM"] == "dumb" { return false }
            return sink.isTerminal
        }
    }

    /// Standard input to its end, keeping at most `limit` + 1 bytes: the rest is read in chunks
    /// and only counted, so an endless or huge stream cannot exhaust memory (reading it whole
    /// first did), and the size in the error is exact.
    public static func readStandardInput(limit: Int) -> (bytes: [UInt8], total: Int) {
        var bytes: [UInt8] = []
        var total = 0
        let chunk = 1 << 16
        var buffer = [UInt8](repeating: 0, count: chunk)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(0, $0.baseAddress, chunk) }
            if n < 0 {
                if errno == EINTR { continue }
                break
            }
            if n == 0 { break }
            total += n
            // Room for `limit` + 1 bytes in all (no overflow for a limit of Int.max).
            let room = bytes.count > limit ? 0 : limit - bytes.count
            let keep = room >= n ? n : room + 1
            if keep > 0 { bytes.append(contentsOf: buffer[0..<min(keep, n)]) }
        }
        return (bytes, total)
    }

    public static func printToStandardError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}

/// The inputs of a run as the runner takes them (one thread at a time): the files of the walk or
/// the list, without those a configuration ignores, stopping at a file that is also one being
/// written (`collided`). Time spent here is the "find files" phase of `--timings`.
final class SessionInputs: Sequence, IteratorProtocol, @unchecked Sendable {
    private var source: AnyIterator<LintInput>
    private let timings: Timings?
    private let keep: (LintInput) -> Bool
    private let collides: (LintInput) -> String?
    /// The file being written that turned out to be an input; nothing more is given after it.
    private(set) var collided: String?

    init(source: AnyIterator<LintInput>, timings: Timings?, keep: @escaping (LintInput) -> Bool,
         collides: @escaping (LintInput) -> String?) {
        self.source = source
        self.timings = timings
        self.keep = keep
        self.collides = collides
    }

    func next() -> LintInput? {
        guard collided == nil else { return nil }
        let start = timings == nil ? 0 : Timings.now()
        defer { timings?.add(.collect, nanoseconds: Timings.now() &- start) }
        while let input = source.next() {
            guard keep(input) else { continue }
            if let output = collides(input) {
                collided = output
                return nil
            }
            return input
        }
        return nil
    }
}
