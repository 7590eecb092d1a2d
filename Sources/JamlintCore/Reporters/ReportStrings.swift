/// The fixed words of the reports in Swedish and English. Finding messages arrive translated;
/// the severity keywords of the GNU line stay English in both languages because editors and CI
/// problem matchers look for exactly `error:`, `warning:` and `note:`.
struct ReportStrings {
    let language: MessageLanguage

    var help: String { language == .sv ? "hjälp" : "help" }
    var note: String { language == .sv ? "obs" : "note" }
    var parseRule: String { "parse" }

    /// Where a finding in a Word/OpenDocument file sits, for clerks who have no line numbers there.
    func paragraphNote(_ paragraph: Int, section: String?) -> String {
        switch language {
        case .sv:
            return "stycke \(paragraph)" + (section.map { " under rubriken «\($0)»" } ?? "")
        case .en:
            return "paragraph \(paragraph)" + (section.map { " under the heading «\($0)»" } ?? "")
        }
    }

    func summaryLine(_ s: Summary) -> String {
        var line: String
        switch language {
        case .sv:
            line = "Totalt: \(s.errors) fel, \(s.warnings) \(s.warnings == 1 ? "varning" : "varningar"), "
                + "\(s.notes) \(s.notes == 1 ? "anmärkning" : "anmärkningar") i \(s.files) \(s.files == 1 ? "fil" : "filer")"
            if s.unreadable > 0 {
                line += "; \(s.unreadable) \(s.unreadable == 1 ? "fil" : "filer") kunde inte läsas"
            }
            if s.baselined > 0 { line += "; \(s.baselined) \(s.baselined == 1 ? "dold" : "dolda") av baslinjen" }
        case .en:
            line = "Total: \(s.errors) \(s.errors == 1 ? "error" : "errors"), \(s.warnings) "
                + "\(s.warnings == 1 ? "warning" : "warnings"), \(s.notes) \(s.notes == 1 ? "note" : "notes") "
                + "in \(s.files) \(s.files == 1 ? "file" : "files")"
            if s.unreadable > 0 {
                line += "; \(s.unreadable) \(s.unreadable == 1 ? "file" : "files") could not be read"
            }
            if s.baselined > 0 { line += "; \(s.baselined) hidden by the baseline" }
        }
        return line
    }

    var summaryHeading: String { language == .sv ? "jamlint: resultat" : "jamlint: results" }
    var tableHeader: String {
        language == .sv ? "| Fil | Rad | Allvar | Regel | Meddelande |" : "| File | Line | Severity | Rule | Message |"
    }
    func moreFindings(_ n: Int) -> String {
        language == .sv ? "… och \(n) till." : "… and \(n) more."
    }
    var noProblems: String { language == .sv ? "Inga problem hittades." : "No problems found." }
}
