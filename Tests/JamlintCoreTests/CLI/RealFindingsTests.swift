import Foundation
import Testing

/// `jamlint lint` end to end with findings of the shipped rules: the report, the exit thresholds, the
/// baseline, suppression comments and `.jamlint.yml`. The memos are in `Memo`.
@Suite struct RealFindingsTests {
    @Test func missingGenderSectionIsAnErrorWithACaret() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        try dir.write("färdtjänst.md", Memo.missingGenderSection)
        let r = try JamlintBinary.run(["lint", "färdtjänst.md"], in: dir.path)
        #expect(r.status == 1)
        #expect(r.stdout == """
            färdtjänst.md:1:3: error: beslutsunderlaget saknar en beskrivning av konsekvenser för kvinnor och män, \
            flickor och pojkar [JAM001]
             1 | # Ny taxa för färdtjänst
               |   ^^^^^^^^^^^^^^^^^^^^^^
               = hjälp: lägg till ett avsnitt "Jämställdhet" (eller "Konsekvenser för kvinnor och män") efter \
            Bedömning, före Beslutsunderlag; är jämställdhet inte relevant, skriv det och motivera varför

            Totalt: 1 fel, 0 varningar, 0 anmärkningar i 1 fil

            """)
    }

    @Test func englishMessages() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        try dir.write("a.md", Memo.oneCount)
        let r = try JamlintBinary.run(["lint", "--lang", "en", "a.md"], in: dir.path)
        #expect(r.status == 0, "a warning does not fail by default")
        #expect(r.stdout == """
            a.md:9:18: warning: the figure "320 brukare" is not broken down by sex [JAM006]
             9 | Verksamheten har 320 brukare.
               |                  ^^^^^^^^^^^
               = help: give the number of women and men, girls and boys, e.g. "320 brukare, varav 190 kvinnor och \
            130 män"

            Total: 0 errors, 1 warning, 0 notes in 1 file

            """)
    }

    @Test func failOnThresholds() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        try dir.write("varning.md", Memo.onlyWarning)
        try dir.write("anm.md", Memo.onlyNote)
        try dir.write("ren.md", Memo.relevant())

        let warning = try JamlintBinary.run(["lint", "--lang", "en", "varning.md"], in: dir.path)
        #expect(warning.status == 0)
        #expect(warning.stdout.hasPrefix("varning.md:5:26: warning: the memo contains a template placeholder that was "
            + "not filled in: \"[Ange namn]\" [MEMO002]\n"))
        #expect(warning.stdout.hasSuffix("Total: 0 errors, 1 warning, 0 notes in 1 file\n"))
        #expect(try JamlintBinary.run(["lint", "--fail-on", "warning", "varning.md"], in: dir.path).status == 1)
        #expect(try JamlintBinary.run(["lint", "--fail-on", "note", "varning.md"], in: dir.path).status == 1)
        #expect(try JamlintBinary.run(["lint", "--fail-on", "error", "varning.md"], in: dir.path).status == 0)

        let note = try JamlintBinary.run(["lint", "--lang", "en", "anm.md"], in: dir.path)
        #expect(note.status == 0)
        #expect(note.stdout.hasPrefix("anm.md:1:3: note: the memo header has no registration number (diarienummer) "
            + "[MEMO001]\n"))
        #expect(note.stdout.hasSuffix("Total: 0 errors, 0 warnings, 1 note in 1 file\n"))
        #expect(try JamlintBinary.run(["lint", "--fail-on", "warning", "anm.md"], in: dir.path).status == 0)
        #expect(try JamlintBinary.run(["lint", "--fail-on", "note", "anm.md"], in: dir.path).status == 1)

        // A memo that concerns residents and has a complete gender section passes even the strictest threshold.
        let clean = try JamlintBinary.run(["lint", "--fail-on", "note", "--lang", "en", "ren.md"], in: dir.path)
        #expect(clean.status == 0)
        #expect(clean.stdout == "Total: 0 errors, 0 warnings, 0 notes in 1 file\n")
    }

    @Test func maxWarnings() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        try dir.write("a.md", Memo.twoCounts)
        let two = try JamlintBinary.run(["lint", "--lang", "en", "--max-warnings", "2", "a.md"], in: dir.path)
        #expect(two.status == 0)
        #expect(two.stdout.hasPrefix("a.md:9:18: warning: the figure \"320 brukare\" is not broken down by sex [JAM006]\n"))
        #expect(two.stdout.contains("\n\na.md:11:17: warning: the figure \"210 brukare\" is not broken down by sex [JAM006]\n"))
        #expect(two.stdout.hasSuffix("Total: 0 errors, 2 warnings, 0 notes in 1 file\n"))
        #expect(try JamlintBinary.run(["lint", "--max-warnings", "1", "a.md"], in: dir.path).status == 1)
        #expect(try JamlintBinary.run(["lint", "--max-warnings", "0", "a.md"], in: dir.path).status == 1)
    }

    @Test func baselineHidesMovedFindingsAndFailsOnNewOnes() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        try dir.write("a.md", Memo.oneCount)
        let write = try JamlintBinary.run(["lint", "a.md", "--write-baseline", "baseline.json", "--lang", "en"],
                                          in: dir.path)
        #expect(write.status == 0)
        #expect(write.stderr == "jamlint: wrote 1 finding to the baseline baseline.json\n")
        let recorded = try #require(dir.read("baseline.json"))
        #expect(recorded.components(separatedBy: "\"ruleId\"").count == 2)
        #expect(recorded.contains(#""ruleId": "JAM006""#) && recorded.contains(#""text": "320 brukare""#))

        // Two paragraphs inserted above the recorded finding move it from line 9 to line 13: still hidden.
        try dir.write("a.md", Memo.relevant(background: "Lokalerna är gamla.\n\nFlytten sker i höst.\n\n"
            + "Verksamheten har 320 brukare.\n\n"))
        let moved = try JamlintBinary.run(["lint", "a.md", "--baseline", "baseline.json", "--fail-on", "warning",
                                           "--lang", "en"], in: dir.path)
        #expect(moved.status == 0, "\(moved.stdout)")
        #expect(moved.stdout == "Total: 0 errors, 0 warnings, 0 notes in 1 file; 1 hidden by the baseline\n")

        // A new count of people is a new finding and fails the run.
        try dir.write("a.md", Memo.twoCounts)
        let added = try JamlintBinary.run(["lint", "a.md", "--baseline", "baseline.json", "--fail-on", "warning",
                                           "--lang", "en"], in: dir.path)
        #expect(added.status == 1)
        #expect(added.stdout == """
            a.md:11:17: warning: the figure "210 brukare" is not broken down by sex [JAM006]
             11 | Hemtjänsten har 210 brukare.
                |                 ^^^^^^^^^^^
                = help: give the number of women and men, girls and boys, e.g. "320 brukare, varav 190 kvinnor och \
            130 män"

            Total: 0 errors, 1 warning, 0 notes in 1 file; 1 hidden by the baseline

            """)
    }

    @Test func suppressionCommentRemovesTheFinding() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let comment = "<!-- jamlint-disable-next-line JAM006 -- uppdelningen på kön finns i bilaga 2 -->\n"
        try dir.write("a.md", Memo.relevant(background: comment + "Verksamheten har 320 brukare.\n\n"))
        let r = try JamlintBinary.run(["lint", "--fail-on", "note", "--lang", "en", "a.md"], in: dir.path)
        #expect(r.status == 0, "\(r.stdout)")
        #expect(r.stdout == "Total: 0 errors, 0 warnings, 0 notes in 1 file\n")

        // A comment for another rule leaves the finding, now one line lower.
        let other = "<!-- jamlint-disable-next-line JAM007 -- en tabell -->\n"
        try dir.write("b.md", Memo.relevant(background: other + "Verksamheten har 320 brukare.\n\n"))
        let kept = try JamlintBinary.run(["lint", "--fail-on", "warning", "--lang", "en", "b.md"], in: dir.path)
        #expect(kept.status == 1)
        #expect(kept.stdout.hasPrefix("b.md:10:18: warning: the figure \"320 brukare\" is not broken down by sex [JAM006]\n"))
    }

    @Test func configurationAboveTheMemoTurnsARuleOffAndIgnoresFiles() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        try dir.write("kommun/.jamlint.yml", "rules:\n  JAM006: off\nignore:\n  - \"utkast/\"\n")
        try dir.write("kommun/nämnd/a.md", Memo.oneCount)
        try dir.write("kommun/nämnd/utkast/b.md", Memo.missingGenderSection)
        try dir.write("annan/a.md", Memo.oneCount)

        let configured = try JamlintBinary.run(["lint", "--fail-on", "note", "--lang", "en", "."],
                                               in: dir.path + "/kommun/nämnd")
        #expect(configured.status == 0, "\(configured.stdout)")
        #expect(configured.stdout == "Total: 0 errors, 0 warnings, 0 notes in 1 file\n")

        // The same memo with no configuration above it keeps its warning.
        let unconfigured = try JamlintBinary.run(["lint", "--fail-on", "warning", "--lang", "en", "annan/a.md"],
                                                 in: dir.path)
        #expect(unconfigured.status == 1)
        #expect(unconfigured.stdout.hasPrefix("annan/a.md:9:18: warning: the figure \"320 brukare\""))
    }

    @Test func aNamedFileThatIsIgnoredOrExcludedSaysSoOnStandardError() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        try dir.write(".jamlint.yml", "ignore: [\"arkiv/**\"]\n")
        try dir.write("arkiv/gammal.md", Memo.missingGenderSection)
        try dir.write("utkast/ny.md", Memo.missingGenderSection)
        let config = dir.path + "/.jamlint.yml"

        // Named: skipped, with the reason and the configuration file; the run still succeeds.
        let named = try JamlintBinary.run(["lint", "--lang", "en", "./arkiv/gammal.md"], in: dir.path)
        #expect(named.status == 0, "\(named.stderr)")
        #expect(named.stdout == "Total: 0 errors, 0 warnings, 0 notes in 0 files\n")
        #expect(named.stderr == "jamlint: skipping arkiv/gammal.md: the path is ignored by `ignore` in \(config)\n")

        let swedish = try JamlintBinary.run(["lint", "arkiv/gammal.md"], in: dir.path)
        #expect(swedish.stderr == "jamlint: hoppar över arkiv/gammal.md: sökvägen ignoreras av `ignore` i \(config)\n")

        let excluded = try JamlintBinary.run(["lint", "--lang", "en", "--exclude", "utkast", "utkast/ny.md"],
                                             in: dir.path)
        #expect(excluded.status == 0)
        #expect(excluded.stderr == "jamlint: skipping utkast/ny.md: the path matches --exclude\n")

        // Standard input under an ignored name says so too.
        let piped = try JamlintBinary.run(["lint", "--lang", "en", "--stdin", "--stdin-filename", "arkiv/ny.md"],
                                          in: dir.path, stdin: Array(Memo.missingGenderSection.utf8))
        #expect(piped.status == 0)
        #expect(piped.stderr == "jamlint: skipping arkiv/ny.md: the path is ignored by `ignore` in \(config)\n")

        // Found by walking a folder: skipped quietly, as before.
        let walked = try JamlintBinary.run(["lint", "--lang", "en", "--exclude", "utkast", "."], in: dir.path)
        #expect(walked.status == 0)
        #expect(walked.stderr == "")
        #expect(walked.stdout == "Total: 0 errors, 0 warnings, 0 notes in 0 files\n")
    }

    @Test func timingsGoToStandardErrorAndLeaveTheReportAlone() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        try dir.write("a.md", Memo.oneCount)
        try dir.write("b.md", Memo.missingGenderSection)
        let plain = try JamlintBinary.run(["lint", "--lang", "en", "--jobs", "1", "."], in: dir.path)
        let timed = try JamlintBinary.run(["lint", "--lang", "en", "--jobs", "1", "--timings", "."], in: dir.path)
        #expect(timed.status == plain.status)
        #expect(timed.stdout == plain.stdout)
        #expect(plain.stderr == "")
        let lines = timed.stderr.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("jamlint: timings for 2 files, 1 thread, ") == true, "\(timed.stderr)")
        // Every phase, then every rule of the shipped set with its alias, each with seconds and a share.
        for label in ["load rules", "find files", "read files", "parse", "analyse text", "rules", "free memory", "report"] {
            #expect(lines.contains { $0.hasPrefix("  \(label) ") && $0.hasSuffix(" %") }, "\(label)")
        }
        let ruleLines = lines.drop { $0 != "  rules one by one:" }.dropFirst()
        #expect(ruleLines.contains { $0.hasPrefix("    JAM006 statistik-ej-konsuppdelad ") && $0.contains(" ms ") })
        let shipped = try FileManager.default.contentsOfDirectory(atPath: RuleExamplesTests.rulesDirectory)
            .filter { $0.hasSuffix(".yml") && ($0.hasPrefix("JAM") || $0.hasPrefix("MEMO")) }
        // JAM016 is off unless a configuration turns it on.
        #expect(ruleLines.count == shipped.count - 1, "\(timed.stderr)")

        let swedish = try JamlintBinary.run(["lint", "--timings", "a.md"], in: dir.path)
        #expect(swedish.stderr.hasPrefix("jamlint: tider för 1 fil, "))
        #expect(swedish.stderr.contains("  läsa regler "))
    }

    @Test func configurationErrorExitsTwoWithItsPosition() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        try dir.write("x/.jamlint.yml", "rules:\n  JAM006: off\nrulez:\n  - JAM007\n")
        try dir.write("x/m.md", Memo.clean)

        let found = try JamlintBinary.run(["lint", "x/m.md"], in: dir.path)
        #expect(found.status == 2)
        #expect(found.stdout.contains(".jamlint.yml:3:1: error: okänd nyckel `rulez`; kända nycklar: `rules`, "))

        let named = try JamlintBinary.run(["lint", "--config", "x/.jamlint.yml", "x/m.md"], in: dir.path)
        #expect(named.status == 2)
        #expect(named.stdout.isEmpty)
        #expect(named.stderr.contains("x/.jamlint.yml:3:1: error: okänd nyckel `rulez`"))
    }
}
