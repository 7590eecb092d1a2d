import ArgumentParser
import JamlintCore

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Explain a rule: rationale, sources and examples (offline)."
    )

    @Argument(help: "Rule id or alias, e.g. JAM003 or omotiverad-ingen-paverkan.") var rule: String
    @Option(help: "Message language: sv or en.") var lang: MessageLanguage = .sv
    @Option(help: "Rules folder (default: the shipped Rules/).") var rules: String?

    func run() throws {
        let linter = try Linter(rulesDirectory: rules, language: lang, useConfiguration: false)
        let set = linter.ruleSet
        guard let id = set.names[rule] ?? set.names[rule.lowercased()],
              let compiled = set.rules.first(where: { $0.id == id }) else {
            throw ValidationError("unknown rule `\(rule)`; `jamlint rules` lists them")
        }
        print(RuleCatalog.explain(compiled, language: lang), terminator: "")
    }
}
