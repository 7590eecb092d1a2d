import ArgumentParser
import Foundation
import JamlintCore

@main
struct Jamlint: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jamlint",
        abstract: "Lint Swedish decision memos for gender-consequence analysis (SKR moment 6 and 7).",
        discussion: """
            Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it (or more than \
            --max-warnings warnings), 2 usage, configuration or unreadable-input errors.
            """,
        version: ToolInfo.version,
        subcommands: [Lint.self, Inspect.self, RulesCommand.self, Explain.self, InstallHook.self],
        defaultSubcommand: Lint.self
    )

    /// ArgumentParser exits with 64 on a usage error and 1 on other errors; jamlint documents
    /// 2 for every usage, configuration or input error, and keeps 1 for "findings".
    static func main() {
        // The common `jamlint lint PATH…` skips ArgumentParser's reflection (see `FastLintCommandLine`).
        if let options = FastLintCommandLine.options(Array(CommandLine.arguments.dropFirst())) {
            var session = LintSession(options: options)
            session.exitsAfterRun = true
            let code = session.run()
            if code != 0 { Foundation.exit(code) }
            return
        }
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)
        } catch {
            if exitCode(for: error) == .success { exit(withError: error) }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(ExitPolicy.toolError)
        }
    }
}
