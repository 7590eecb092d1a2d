import ArgumentParser

// PLACEHOLDER (helper D)
struct InstallHook: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "install-hook", abstract: "Install a git pre-commit hook.")
    func run() throws {}
}
