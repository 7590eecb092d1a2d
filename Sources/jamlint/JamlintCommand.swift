import ArgumentParser
import JamlintCore

@main
struct Jamlint: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jamlint",
        abstract: "Lint Swedish decision memos for gender-consequence analysis (SKR moment 6 and 7).",
        subcommands: [Lint.self, Inspect.self, RulesCommand.self, Explain.self, InstallHook.self],
        defaultSubcommand: Lint.self
    )
}
