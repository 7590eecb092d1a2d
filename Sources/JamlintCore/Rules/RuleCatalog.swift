import Foundation

/// Texts for `jamlint rules` and `jamlint explain`: what each rule checks, offline.
public enum RuleCatalog {
    /// One line per rule: id, alias, severity, summary.
    public static func list(_ rules: [CompiledRule], language: MessageLanguage) -> String {
        let idWidth = rules.map(\.id.count).max() ?? 6
        let aliasWidth = rules.map(\.file.descriptor.alias.count).max() ?? 10
        var out = ""
        for rule in rules {
            let d = rule.file.descriptor
            let state = rule.enabled ? rule.severity.rawValue : (language == .sv ? "av" : "off")
            out += d.id.padding(toLength: idWidth, withPad: " ", startingAt: 0) + "  "
            out += d.alias.padding(toLength: aliasWidth, withPad: " ", startingAt: 0) + "  "
            out += state.padding(toLength: 7, withPad: " ", startingAt: 0) + "  "
            out += d.summary.text(language) + "\n"
        }
        return out
    }

    /// Rationale, sources, options and examples of one rule.
    public static func explain(_ rule: CompiledRule, language: MessageLanguage) -> String {
        let d = rule.file.descriptor
        let sv = language == .sv
        var out = "\(d.id) \(d.alias) (\(rule.severity.rawValue))\n"
        out += d.summary.text(language) + "\n\n"
        out += d.rationale.text(language).trimmingTrailingNewlines() + "\n"
        if let help = d.help { out += "\n" + (sv ? "Så åtgärdar du det: " : "How to fix it: ") + help.text(language) + "\n" }
        out += "\n" + (sv ? "Källor:" : "Sources:") + "\n"
        for s in d.sources { out += "  - \(s)\n" }
        out += "\n" + (sv ? "Exempel som ger en anmärkning:" : "Examples that trigger:") + "\n"
        for e in rule.file.triggering { out += indent(e.text) + "\n" }
        out += (sv ? "Exempel som inte ger någon anmärkning:" : "Examples that do not trigger:") + "\n"
        for e in rule.file.nonTriggering { out += indent(e.text) + "\n" }
        out += (sv ? "Stäng av i .jamlint.yml:" : "Turn off in .jamlint.yml:") + "\n    rules:\n      \(d.id): off\n"
        out += (sv ? "eller i texten:" : "or in the text:") + " <!-- jamlint-disable-next-line \(d.id) -- " + (sv ? "skäl" : "reason") + " -->\n"
        return out
    }

    static func indent(_ text: String) -> String {
        text.trimmingTrailingNewlines().split(separator: "\n", omittingEmptySubsequences: false)
            .map { "    " + $0 }.joined(separator: "\n") + "\n"
    }
}

extension String {
    func trimmingTrailingNewlines() -> String {
        var s = self
        while s.hasSuffix("\n") { s.removeLast() }
        return s
    }
}
