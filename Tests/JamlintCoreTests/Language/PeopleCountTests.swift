import Testing
@testable import JamlintCore

@Suite struct PeopleCountTests {
    private func counts(_ s: String) -> [PeopleCount] {
        let lexicon = LanguageTestSupport.lexicon
        let t = Tokenizer.tokenize(s)
        return PeopleCounts.find(in: t, mentions: lexicon.mentions(in: t), lexicon: lexicon)
    }

    @Test func numberNoun() throws {
        let c = counts("Verksamheten har 320 brukare.")
        #expect(c.count == 1)
        let first = try #require(c.first)
        #expect(first.numberText == "320")
        #expect(first.noun == "brukare")
        #expect(first.pattern == .numberNoun)
        #expect(first.tokens == 2..<4)
        #expect(first.scalars == 17..<28)
        #expect(first.sentence == 0)
        #expect(!first.splitBySex)
    }

    @Test(arguments: [
        ("Verksamheten har 320 brukare.", "brukare", PeopleCountPattern.numberNoun),
        ("Skolan har 45 nyanlända elever.", "elever", .numberNoun),
        ("Ca 70 st deltagare gick kursen.", "deltagare", .numberNoun),
        ("Det finns 1 200 äldre brukare.", "brukare", .numberNoun),
        ("45 av eleverna klarade provet.", "eleverna", .numberNoun),
        ("45 av 320 elever klarade provet.", "elever", .numberNoun),
        ("Gården har 120 barn inskrivna.", "barn", .numberNoun),
        ("45 procent av eleverna når målen.", "eleverna", .percentOf),
        ("12,5 % av de sökande fick avslag.", "sökande", .percentOf),
        ("Andelen elever som når målen ökar.", "elever", .share),
        ("Andelen av invånarna som röstar.", "invånarna", .share),
        ("Kommunen har 6 765 månadsanställda.", "månadsanställda", .numberNoun),
        ("Drygt 400 personer besökte mässan.", "personer", .numberNoun),
    ])
    func triggers(_ sentence: String, _ noun: String, _ pattern: PeopleCountPattern) {
        let c = counts(sentence)
        #expect(c.map(\.noun) == [noun], "\(sentence)")
        #expect(c.map(\.pattern) == [pattern], "\(sentence)")
        #expect(c.allSatisfy { !$0.splitBySex }, "\(sentence)")
    }

    @Test(arguments: [
        "Kommunen har 320 hushåll med försörjningsstöd.",
        "Det finns 1 200 företag i kommunen.",
        "Totalt deltog 1 204 kvinnor och 1 187 män.",
        "Andelen kvinnor är 60 procent.",
        "Ärendet KS 2023-00738 gäller brukare.",
        "Under 2023 ökade antalet brukare.",
        "Det kostar 500 kronor per brukare.",
    ])
    func nonTriggers(_ sentence: String) {
        #expect(counts(sentence).isEmpty, "\(sentence)")
    }

    @Test(arguments: [
        "Verksamheten har 320 brukare, varav 190 kvinnor och 130 män.",
        // Modelled on Kungsbacka KS 2023-00738 (moggleif/kommunhandlingar): one sex named with its figure.
        "Kommunen har 6 765 månadsanställda, varav 5 310 kvinnor.",
        "Verksamheten har 320 brukare. Av dem är 190 kvinnor och 130 män.",
        "Skolan har 450 elever. Statistiken redovisas uppdelat på kön i bilagan.",
        "Av de 320 brukarna är 60 % kvinnor.",
        "45 procent av eleverna når målen, 48 procent av flickorna och 42 procent av pojkarna.",
        "Projektet har 25 deltagare; kvinnorna utgör 60 procent.",
        "Nämnden har 300 brukare. Könsfördelningen är jämn.",
    ])
    func splitBySex(_ sentence: String) {
        let c = counts(sentence)
        #expect(!c.isEmpty, "\(sentence)")
        #expect(c.allSatisfy { $0.splitBySex }, "\(sentence)")
    }

    @Test func splitOnlyLooksAtTheSameAndNextSentence() {
        let c = counts("Verksamheten har 320 brukare. Lokalerna är nya. Av dem är 190 kvinnor och 130 män.")
        #expect(c.count == 1)
        #expect(c.first?.splitBySex == false)
        // An age after the sexed noun is not a figure by sex.
        #expect(counts("Bland de 240 hyresgästerna finns många ensamstående kvinnor över 80 år.").first?.splitBySex == false)
        // Naming both sexes without figures is not a split.
        #expect(counts("Verksamheten har 320 brukare. Kvinnor och män påverkas lika.").first?.splitBySex == false)
    }

    @Test func numberTextKeepsTheSourceSpelling() {
        #expect(counts("Kommunen har 6\u{A0}765 anställda.").first?.numberText == "6\u{A0}765")
        #expect(counts("12,5 % av eleverna").first?.numberText == "12,5")
        #expect(counts("Andelen brukare ökar").first?.numberText == "Andelen")
    }

    @Test func tableHeaders() {
        let lexicon = LanguageTestSupport.lexicon
        #expect(PeopleCounts.headersSplitBySex(["År", "Kvinnor", "Män", "Totalt"], lexicon: lexicon))
        #expect(PeopleCounts.headersSplitBySex(["Skola", "Flickor", "Pojkar"], lexicon: lexicon))
        #expect(PeopleCounts.headersSplitBySex(["Enhet", "Kön", "Antal"], lexicon: lexicon))
        #expect(PeopleCounts.headersSplitBySex(["Enhet", "K", "M", "Totalt"], lexicon: lexicon))
        #expect(PeopleCounts.headersSplitBySex(["Nämnd", "Andel kvinnor (%)"], lexicon: lexicon))
        #expect(!PeopleCounts.headersSplitBySex(["Enhet", "Antal brukare", "Kostnad"], lexicon: lexicon))
        #expect(!PeopleCounts.headersSplitBySex(["Storlek", "M", "L"], lexicon: lexicon))
        #expect(!PeopleCounts.headersSplitBySex(["Tjänstemän", "Kö till förskolan"], lexicon: lexicon))
        #expect(!PeopleCounts.headersSplitBySex([], lexicon: lexicon))
        #expect(PeopleCounts.headersSplitBySex(["Ålder", "Man"], lexicon: lexicon))
        #expect(!PeopleCounts.headersSplitBySex(["Vad man betalar"], lexicon: lexicon))
    }
}
