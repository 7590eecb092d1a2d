import ArgumentParser
import JamlintCore

struct InstallHook: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install-hook",
        abstract: "Install a git pre-commit hook that lints the staged memo files.",
        discussion: "An existing pre-commit hook is never replaced without --force."
    )

    @Flag(help: "Replace an existing pre-commit hook.")
    var force = false

    func run() throws {
        do throws(ToolError) {
            let path = try HookInstaller.install(force: force)
            print("jamlint: installed the pre-commit hook at \(path)")
        } catch {
            LintSession.printToStandardError("jamlint: error: \(error.message)\n")
            throw ExitCode(ExitPolicy.toolError)
        }
    }
}
