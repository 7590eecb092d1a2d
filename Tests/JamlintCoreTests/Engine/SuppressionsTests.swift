import Testing
@testable import JamlintCore

@Suite struct SuppressionsTests {
    static let known = [
        "JAM006": "JAM006", "statistik-ej-konsuppdelad": "JAM006",
        "JAM007": "JAM007", "tabell-utan-kon": "JAM007",
        "JAM012": "JAM012", "bara-kon": "JAM012",
    ]

    func suppressions(_ text: String) -> Suppressions {
        Suppressions(document: DocumentBuilder(text).document(), knownRuleIDs: Self.known)
    }

    /// The lines (1...lineCount) on which `rule` is suppressed.
    func suppressedLines(_ s: Suppressions, _ rule: String, lines: Int) -> [Int] {
        (1...lines).filter { s.isSuppressed(ruleID: rule, line: $0) }
    }

    @Test func noCommentsSuppressNothing() {
        let s = suppressions("Verksamheten har 320 brukare.\n<!-- en vanlig kommentar -->\n")
        #expect(s.isEmpty)
        #expect(s.problems.isEmpty)
        #expect(!s.isSuppressed(ruleID: "JAM006", line: 1))
    }

    @Test func disableUntilEnable() {
        let s = suppressions("""
            Rad ett.
            <!-- jamlint-disable JAM006 -->
            Rad tre.
            Rad fyra.
            <!-- jamlint-enable JAM006 -->
            Rad sex.
            """)
        #expect(suppressedLines(s, "JAM006", lines: 6) == [2, 3, 4, 5])
        #expect(suppressedLines(s, "JAM007", lines: 6) == [])
        #expect(s.problems.isEmpty)
        #expect(s.directives.map(\.kind) == [.disable, .enable])
        #expect(s.directives[0].ruleIDs == ["JAM006"])
        #expect(s.directives[0].location == SourceLocation(offset: 9, line: 2, column: 1))
    }

    @Test func disableWithoutEnableRunsToTheEndOfTheFile() {
        let s = suppressions("a\nb <!-- jamlint-disable JAM007 -->\nc\nd")
        #expect(suppressedLines(s, "JAM007", lines: 4) == [2, 3, 4])
    }

    @Test func disableAllThenEnableOne() {
        let s = suppressions("""
            <!-- jamlint-disable -->
            a
            <!-- jamlint-enable JAM006 -->
            b
            <!-- jamlint-enable -->
            c
            """)
        #expect(suppressedLines(s, "JAM006", lines: 6) == [1, 2, 3])
        #expect(suppressedLines(s, "JAM012", lines: 6) == [1, 2, 3, 4, 5])
        #expect(s.directives[0].ruleIDs == nil)
    }

    @Test func disableAndEnableOnOneLine() {
        let s = suppressions("a\n<!-- jamlint-disable JAM006 --> b <!-- jamlint-enable JAM006 -->\nc")
        #expect(suppressedLines(s, "JAM006", lines: 3) == [2])
    }

    @Test func disableNextLineSkipsBlankAndCommentLines() {
        let s = suppressions("""
            <!-- jamlint-disable-next-line JAM006 -- siffran gäller hushåll -->

            <!-- en annan kommentar -->
               <!-- två --> <!-- på en rad -->
            Verksamheten har 320 brukare.
            Nästa rad.
            """)
        #expect(suppressedLines(s, "JAM006", lines: 6) == [5])
        #expect(suppressedLines(s, "JAM007", lines: 6) == [])
        #expect(s.directives.first?.lines == 5...5)
        #expect(s.directives.first?.reason == "siffran gäller hushåll")
    }

    @Test func disableNextLineStopsAtALineWithTextAfterAComment() {
        let s = suppressions("<!-- jamlint-disable-next-line -->\n<!-- x --> text\nmer")
        #expect(suppressedLines(s, "JAM012", lines: 3) == [2])
    }

    @Test func disableNextLineOverAMultiLineComment() {
        let s = suppressions("<!-- jamlint-disable-next-line\n  JAM006 JAM007 -->\n<!--\nanteckning\n-->\ntext")
        #expect(suppressedLines(s, "JAM006", lines: 6) == [6])
        #expect(suppressedLines(s, "JAM007", lines: 6) == [6])
    }

    @Test func disableNextLineAtTheEndIsAProblem() {
        let s = suppressions("text\n<!-- jamlint-disable-next-line JAM006 -->\n\n")
        #expect(s.directives.isEmpty)
        #expect(s.problems.count == 1)
        #expect(s.problems.first?.location.line == 2)
        #expect(s.problems.first?.severity == .warning)
        #expect(s.problems.first?.message.en == "`jamlint-disable-next-line` is not followed by a line with text")
    }

    @Test func disableLineCoversTheCommentsLine() {
        let s = suppressions("a\nVerksamheten har 320 brukare. <!-- jamlint-disable-line JAM006 -->\nc")
        #expect(suppressedLines(s, "JAM006", lines: 3) == [2])
        #expect(s.directives.first?.lines == 2...2)
    }

    @Test func disableFileAppliesEverywhereWhereverItIs() {
        let s = suppressions("a\nb\n<!-- jamlint-disable-file JAM012 -- analysen görs i bilaga -->")
        #expect(suppressedLines(s, "JAM012", lines: 3) == [1, 2, 3])
        #expect(suppressedLines(s, "JAM006", lines: 3) == [])
        #expect(s.directives.first?.reason == "analysen görs i bilaga")
        let all = suppressions("a\n<!-- jamlint-disable-file -->")
        #expect(suppressedLines(all, "JAM007", lines: 2) == [1, 2])
    }

    @Test func aliasesCaseAndCommasResolveToIds() {
        let s = suppressions("<!-- JAMLINT-Disable-Line Statistik-ej-konsuppdelad,tabell-utan-kon, jam012 -->")
        #expect(s.directives.first?.ruleIDs == ["JAM006", "JAM007", "JAM012"])
        #expect(s.isSuppressed(ruleID: "JAM006", line: 1))
        #expect(s.isSuppressed(ruleID: "JAM007", line: 1))
        #expect(s.isSuppressed(ruleID: "JAM012", line: 1))
        #expect(s.problems.isEmpty)
    }

    @Test func reasonsAreKeptAndMayContainDashes() {
        let s = suppressions("""
            <!-- jamlint-disable JAM006 -- statistiken finns i bilaga 2 -- se s. 3 -->
            <!-- jamlint-enable: JAM006 -->
            <!-- jamlint-disable -- hela avsnittet är citat -->
            <!-- jamlint-disable-line JAM007 -- -->
            <!-- jamlint-disable-next-line JAM-x--y -->
            x
            """)
        #expect(s.directives.map(\.reason) == [
            "statistiken finns i bilaga 2 -- se s. 3", nil, "hela avsnittet är citat", nil, nil,
        ])
        #expect(s.directives[1].kind == .enable)
        #expect(s.directives[1].ruleIDs == ["JAM006"])
        #expect(s.directives[2].ruleIDs == nil)
        // `--` inside a word is not the reason separator.
        #expect(s.problems.map(\.message.en) == ["unknown rule `JAM-x--y` in jamlint comment"])
    }

    @Test func unknownRuleIsAWarningAtItsPosition() {
        let text = "Åäö text <!-- jamlint-disable-line JAM006 JAM999 -->\n<!-- jamlint-disable\n   nej-regel -->\nx"
        let s = suppressions(text)
        #expect(s.problems.count == 2)
        let first = s.problems[0]
        #expect(first.severity == .warning)
        #expect(first.location.line == 1)
        #expect(first.location.column == 43)
        #expect(first.message.sv == "okänd regel `JAM999` i jamlint-kommentaren")
        #expect(first.message.en == "unknown rule `JAM999` in jamlint comment")
        #expect((s.problems[1].location.line, s.problems[1].location.column) == (3, 4))
        // The known id still applies; a directive with only unknown ids suppresses nothing.
        #expect(s.isSuppressed(ruleID: "JAM006", line: 1))
        #expect(s.directives[1].ruleIDs == [])
        #expect(suppressedLines(s, "JAM006", lines: 4) == [1])
    }

    @Test func unknownDirectiveIsAnError() {
        let s = suppressions("a\n  <!--  jamlint-disabel JAM006 -->\n<!-- jamlint-relevans: ej-relevant -->")
        #expect(s.directives.isEmpty)
        #expect(s.problems.count == 1)
        #expect(s.problems.first?.severity == .error)
        #expect(s.problems.first?.location == SourceLocation(offset: 10, line: 2, column: 9))
        #expect(s.problems.first?.message.en.hasPrefix("unknown directive `jamlint-disabel`") == true)
    }

    @Test func commentsThatAreNotDirectivesAreIgnored() {
        let s = suppressions("<!-- jamlint -->\n<!-- jamlintdisable -->\n<!-- TODO: jamlint-disable -->\nx")
        #expect(s.isEmpty)
        #expect(s.problems.isEmpty)
    }

    @Test func knownRuleIDsFromDescriptors() {
        let text = LocalizedText(sv: "x", en: "x")
        let rule = RuleDescriptor(id: "JAM006", alias: "statistik-ej-konsuppdelad", kind: "people-number-without-sex",
                                  severity: .warning, summary: text, message: text, help: nil, rationale: text,
                                  sources: [])
        #expect(Suppressions.knownRuleIDs([rule]) == ["JAM006": "JAM006", "statistik-ej-konsuppdelad": "JAM006"])
    }

    @Test func worksOnCRLFAndPlainTextDocuments() throws {
        let document = try DocumentBuilder.plain("Rubrik\r\n\r\n<!-- jamlint-disable-next-line JAM006 -->\r\n\r\n320 brukare.\r\n")
        let s = Suppressions(document: document, knownRuleIDs: Self.known)
        #expect(suppressedLines(s, "JAM006", lines: 5) == [5])
    }
}

extension SuppressionsTests {
    /// Random `disable` / `enable` switches, for some rules or all, against the rule in words: the
    /// last switch at or before a line that concerns the rule decides (an `enable` from the line
    /// after its comment). Also the directives' locations, counted on from one to the next, against
    /// `SourceFile.location(ofByte:)`.
    @Test func switchesAgreeWithTheLastOneThatConcernsTheRule() {
        var random = SeededGenerator(seed: 2027)
        let ids = ["JAM006", "JAM007", "bara-kon", ""]
        for _ in 0..<60 {
            var lines: [String] = []
            var model: [(line: Int, disable: Bool, rule: String?)] = []
            for n in 1...40 {
                var line = Int.random(in: 0..<3, using: &random) == 0 ? "Text på rad åäö \(n)." : ""
                for _ in 0..<Int.random(in: 0..<3, using: &random) {
                    let disable = Bool.random(using: &random)
                    let id = ids[Int.random(in: 0..<ids.count, using: &random)]
                    line += " <!-- jamlint-\(disable ? "disable" : "enable") \(id) -->"
                    let rule = id.isEmpty ? nil : Self.known[id]
                    model.append((disable ? n : n + 1, disable, rule))
                }
                lines.append(line)
            }
            let text = lines.joined(separator: "\n")
            let s = suppressions(text)
            let ordered = model.enumerated().sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }.map(\.element)
            for rule in ["JAM006", "JAM007", "JAM012"] {
                for line in 1...40 {
                    let decisive = ordered.last { $0.line <= line && ($0.rule == nil || $0.rule == rule) }
                    #expect(s.isSuppressed(ruleID: rule, line: line) == (decisive?.disable ?? false), "\(rule) \(line)\n\(text)")
                }
            }
            let source = SourceFile(path: "t.md", text: text)
            for d in s.directives { #expect(d.location == source.location(ofByte: d.location.offset)) }
        }
    }
}
