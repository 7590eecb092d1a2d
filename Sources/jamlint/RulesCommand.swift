import ArgumentParser

// PLACEHOLDER (lead)
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rules", abstract: "List the rules.")
    func run() throws {}
}
