import Testing

/// `jamlint rules` and `jamlint explain`: the offline rule documentation.
@Suite struct RulesCommandTests {
    @Test func rulesListsEveryRuleWithAliasAndSeverity() throws {
        let r = try JamlintBinary.run(["rules"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 21)
        #expect(lines.first?.hasPrefix("JAM001   saknat-jamstalldhetsavsnitt") == true)
        #expect(r.stdout.contains("JAM006   statistik-ej-konsuppdelad"))
        // JAM016 is optional: listed, but off.
        #expect(lines.contains { $0.hasPrefix("JAM016") && $0.contains(" av ") })
        let en = try JamlintBinary.run(["rules", "--lang", "en"])
        #expect(en.stdout.contains("Statistics about people are not broken down by sex"))
        #expect(en.stdout.split(separator: "\n").contains { $0.hasPrefix("JAM016") && $0.contains(" off ") })
    }

    @Test func explainShowsRationaleSourcesAndExamplesByIdOrAlias() throws {
        let byID = try JamlintBinary.run(["explain", "JAM003"])
        #expect(byID.status == 0)
        #expect(byID.stdout.hasPrefix("JAM003 omotiverad-ingen-paverkan (warning)\n"))
        #expect(byID.stdout.contains("Källor:\n  - Tillväxtverket"))
        #expect(byID.stdout.contains("    Ärendet bedöms inte ha några konsekvenser för jämställdheten."))
        #expect(byID.stdout.contains("<!-- jamlint-disable-next-line JAM003 -- skäl -->"))
        let byAlias = try JamlintBinary.run(["explain", "omotiverad-ingen-paverkan", "--lang", "en"])
        #expect(byAlias.stdout.contains("Sources:"))
        #expect(byAlias.stdout.contains("Examples that trigger:"))
        #expect(byAlias.stdout.contains("gender blindness"))
    }

    @Test func explainingAnUnknownRuleIsAUsageError() throws {
        let r = try JamlintBinary.run(["explain", "JAM999"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("unknown rule `JAM999`"))
    }

    @Test func helpDocumentsTheExitCodes() throws {
        let r = try JamlintBinary.run(["--help"])
        #expect(r.stdout.contains("Exit codes: 0"))
        let lint = try JamlintBinary.run(["lint", "--help"])
        #expect(lint.stdout.contains("--fail-on"))
        #expect(lint.stdout.contains("Exit codes:\n  0  nothing at or above --fail-on"))
    }
}
