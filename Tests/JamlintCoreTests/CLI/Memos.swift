/// Memo texts for the end-to-end tests, each checked against the shipped rules for exactly the findings
/// its comment names (`jamlint lint --format json`).
enum Memo {
    /// An election is a procedural item (Rules/procedural.yml), so the gender rules do not apply, and it
    /// has a registration number: no findings.
    static let clean = "# Val av ersättare i socialnämnden\n\nDiarienummer: KS 2024/0117\n\n"
        + "Kommunfullmäktige väljer Anna Berg till ersättare.\n"

    /// `clean` as plain text with CRLF line ends: no findings.
    static let cleanText = "Val av ersättare i socialnämnden\r\n\r\nDiarienummer: KS 2024/0117\r\n\r\n"
        + "Kommunfullmäktige väljer Anna Berg till ersättare.\r\n"

    /// Procedural but without a registration number: one note (MEMO001) at 1:3.
    static let onlyNote = "# Val av ersättare i socialnämnden\n\nKommunfullmäktige väljer Anna Berg till ersättare.\n"

    /// Procedural, with an unfilled template placeholder: one warning (MEMO002) at 5:26.
    static let onlyWarning = "# Val av ersättare i socialnämnden\n\nDiarienummer: KS 2024/0117\n\n"
        + "Kommunfullmäktige väljer [Ange namn] till ersättare.\n"

    /// A decision that concerns residents but has no gender section: one error (JAM001) at 1:3.
    static let missingGenderSection = "# Ny taxa för färdtjänst\n\nDiarienummer: KS 2024/0200\n\n"
        + "Förvaltningen föreslår en ny taxa för färdtjänst.\n"

    /// A decision that concerns residents with a complete gender section. `background` is inserted as
    /// paragraphs after the first paragraph of Bakgrund, whose first line is line 9. With an empty
    /// `background` there are no findings.
    static func relevant(background: String = "") -> String {
        "# Ny organisation för daglig verksamhet\n\nDiarienummer: VON 2024/0019\n\n## Bakgrund\n\n"
            + "Förvaltningen föreslår att daglig verksamhet organiseras i tre inriktningar.\n\n" + background
            + "## Konsekvenser för kvinnor och män\n\n"
            + "Av dem som har beslut om daglig verksamhet är 41 procent kvinnor och 59 procent män. Kvinnor är "
            + "överrepresenterade i kreativa verksamheter och män i arbetsinriktade verksamheter med praktik, ett "
            + "könsmönster som bland annat beror på hur aktiviteter har erbjudits. Förslaget väntas ge kvinnor större "
            + "möjlighet att prova praktik och män större möjlighet att välja kreativa aktiviteter. Yngre personer och "
            + "personer med omfattande funktionsnedsättning behöver särskilt stöd i valet.\n\n"
            + "Som åtgärd föreslås att varje person får ett samtal om önskemål. Förslaget bidrar till kommunens "
            + "jämställdhetsplan, mål 2 om jämställd service. Fördelningen följs upp per kön och inriktning i "
            + "verksamhetsberättelsen.\n"
    }

    /// One count of people not split by sex: a JAM006 warning at 9:18 ("320 brukare").
    static let oneCount = relevant(background: "Verksamheten har 320 brukare.\n\n")

    /// Two such counts: JAM006 warnings at 9:18 and 11:17.
    static let twoCounts = relevant(background: "Verksamheten har 320 brukare.\n\nHemtjänsten har 210 brukare.\n\n")
}
