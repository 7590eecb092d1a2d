import Testing
@testable import JamlintCore

@Suite struct SentenceTests {
    private func split(_ s: String) -> [String] { LanguageTestSupport.sentences(s) }

    @Test func splitsAtTerminalPunctuation() {
        #expect(split("Förslaget godkänns. Kostnaden är låg! Vad händer sedan?") ==
                ["Förslaget godkänns.", "Kostnaden är låg!", "Vad händer sedan?"])
    }

    @Test func abbreviationsDoNotEndSentences() {
        #expect(split("Se t.ex. Malmö och bl.a. Lund. Nästa mening.") == ["Se t.ex. Malmö och bl.a. Lund.", "Nästa mening."])
        #expect(split("Det gäller s.k. Hemtjänst, dvs. Stöd i hemmet, jfr Bilaga 2.") ==
                ["Det gäller s.k. Hemtjänst, dvs. Stöd i hemmet, jfr Bilaga 2."])
        #expect(split("Kostnaden är ca. 5 kr. per invånare, enl. Rapporten resp. Bilagan.") ==
                ["Kostnaden är ca. 5 kr. per invånare, enl. Rapporten resp. Bilagan."])
        #expect(split("Se nr. 5 och st. 2.") == ["Se nr. 5 och st. 2."])
    }

    @Test func endingAbbreviationBeforeCapitalEndsSentence() {
        #expect(split("Avgiften är 500 kr. Nästa år höjs den.") == ["Avgiften är 500 kr.", "Nästa år höjs den."])
        #expect(split("Skolor, förskolor m.m. Dessutom bibliotek.") == ["Skolor, förskolor m.m.", "Dessutom bibliotek."])
        #expect(split("Malmö, Lund m.fl. Det är städer.") == ["Malmö, Lund m.fl.", "Det är städer."])
    }

    @Test func lowercaseAfterPeriodContinues() {
        #expect(split("Se kap. 3 och avsn. fyra.") == ["Se kap. 3 och avsn. fyra."])
    }

    @Test func closingQuotesAndBracketsStayWithTheSentence() {
        #expect(split("Han sa \"nej.\" Sedan gick han. (Se bilaga.) Slut.") ==
                ["Han sa \"nej.\"", "Sedan gick han.", "(Se bilaga.)", "Slut."])
    }

    @Test func listItemsWithoutPunctuationAreSentences() {
        #expect(split("Förslaget innebär:\n- fler platser\n- kortare kö\n• lägre avgift") ==
                ["Förslaget innebär:", "- fler platser", "- kortare kö", "• lägre avgift"])
        #expect(split("Steg:\n1. kartlägg\n2) analysera") == ["Steg:", "1. kartlägg", "2) analysera"])
        #expect(split("Första stycket utan punkt\n\nAndra stycket") == ["Första stycket utan punkt", "Andra stycket"])
        // A wrapped line is not a break.
        #expect(split("En mening som\nfortsätter här.") == ["En mening som\nfortsätter här."])
    }

    @Test func numberingAndInitials() {
        #expect(split("1. Bakgrund") == ["1. Bakgrund"])
        #expect(split("Anna B. Svensson har beslutat.") == ["Anna B. Svensson har beslutat."])
        #expect(split("Detta hände 2023. Sedan kom 2024.") == ["Detta hände 2023.", "Sedan kom 2024."])
    }

    @Test func sentenceRangesAndIndexOfToken() {
        let t = Tokenizer.tokenize("Ett två. Tre fyra fem. Sex")
        #expect(t.sentences.map(\.tokens) == [0..<3, 3..<7, 7..<8])
        #expect(t.sentences.map(\.scalars) == [0..<8, 9..<22, 23..<26])
        #expect((0..<8).map { t.sentenceIndex(ofToken: $0) } == [0, 0, 0, 1, 1, 1, 1, 2])
        #expect(t.sentenceIndex(ofToken: 99) == 2)
    }
}
