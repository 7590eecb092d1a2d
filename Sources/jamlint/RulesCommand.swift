import ArgumentParser
import JamlintCore

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List the rules: id, alias, severity and what each checks."
    )

    @Option(help: "Message language: sv or en.") var lang: MessageLanguage = .sv
    @Option(help: "Rules folder (default: the shipped Rules/).") var rules: String?
    @Option(help: "Configuration file whose rule settings to show.") var config: String?

    func run() throws {
        let linter = try Linter(rulesDirectory: rules, language: lang, configPath: config)
        let set = config == nil ? linter.ruleSet : try linter.ruleSet(forFile: config!)
        print(RuleCatalog.list(set.rules, language: lang), terminator: "")
    }
}

