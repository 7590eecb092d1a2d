import Testing
@testable import JamlintCore

/// The dangerous ambiguities of domain.md §3.2, one expectation per case.
@Suite struct TrapTests {
    private func men(_ s: String) -> [String] { LanguageTestSupport.labels(s, categories: ["men"]) }
    private func sex(_ s: String) -> [String] { LanguageTestSupport.labels(s, categories: ["sex"]) }
    private func labels(_ s: String, _ c: Set<String>) -> [String] { LanguageTestSupport.labels(s, categories: c) }

    @Test(arguments: [
        "Man kan se att insatserna ger resultat.",
        "Då kan man ansöka igen.",
        "Om man flyttar upphör rätten.",
        "När man fyller 65 år ändras avgiften.",
        "Det är viktigt att man läser beslutet.",
        "I Sverige har man länge arbetat med frågan.",
        "Därför bör man vänta.",
        "Hur länge man får vänta varierar.",
        "Genom att införa taxan kan man täcka kostnaden.",
        "Man behöver inte ansöka.",
        "Det kan man inte utesluta, man får se.",
        "Gemene man märker ingen skillnad.",
        "Till sista man var alla på plats.",
        "Brandkåren ryckte ut med 100 man.",
        "Är man sjuk ska man stanna hemma.",
        "I dag är man mer medveten om riskerna.",
        "Därför är man, som sagt, försiktig.",
        "Som vårdnadshavare är man, enligt lagen, skyldig att ansöka.",
        "I dag är man, enligt SCB, mer utsatt.",
        "Så länge det är man själv som ansöker räcker det.",
    ])
    func pronounManIsNotAMan(_ sentence: String) {
        #expect(men(sentence).isEmpty)
    }

    @Test(arguments: [
        ("Varje kvinna och man ska ha samma möjligheter.", ["men:man"]),
        ("En ensamstående man har rätt till stöd.", ["men:man"]),
        ("Kvinnor och män påverkas lika.", ["men:män"]),
        ("Man och kvinna ska behandlas lika.", ["men:man"]),
        ("En gammal man och en ung kvinna intervjuades.", ["men:man"]),
        ("Vilken man eller kvinna som helst kan söka.", ["men:man"]),
        ("Kvinna eller man spelar ingen roll.", ["men:man"]),
        ("Han är man och hon är kvinna.", ["men:man"]),
        ("Sökanden är man.", ["men:man"]),
        ("Är sökanden kvinna eller man?", ["men:man"]),
        ("Om sökanden var man eller kvinna framgår inte.", ["men:man"]),
        ("Mannen, männen, mäns och mannens behov.", ["men:mannen", "men:männen", "men:mäns", "men:mannens"]),
    ])
    func nounManIsAMan(_ sentence: String, _ expected: [String]) {
        #expect(men(sentence) == expected)
    }

    @Test func pronounAndNounInOneSentence() {
        // domain.md §6: one male mention, not two.
        #expect(men("Man kan se att fler kvinnor än män söker bistånd.") == ["men:män"])
    }

    @Test(arguments: [
        "Antalet tjänstemän är 40.", "Ombudsmannen har yttrat sig.", "Talesmannen svarade.",
        "Förtroendemannen deltog.", "En brandman per station.", "Riksdagsmän och lekmän.",
        "Sjömännen och fackmännen.", "Manskapet förstärks.", "Manschetten lossnade.",
    ])
    func manCompoundsAreNotMen(_ sentence: String) {
        #expect(men(sentence).isEmpty)
    }

    @Test func tjänstemänIsStaff() {
        #expect(labels("Antalet tjänstemän är 40.", ["staff", "people"]) == ["people:tjänstemän", "staff:tjänstemän"])
    }

    @Test(arguments: [
        "Kön till förskolan har vuxit.",
        "Familjen står i kön sedan mars.",
        "Bostadskön är lång.",
        "Den som står först i kön får platsen.",
        "Kön växer varje år.",
        "Vårdkön och förskolekön hanteras centralt.",
        "Kön har blivit längre och väntetiden ökar.",
    ])
    func queueKönIsNotSex(_ sentence: String) {
        #expect(sex(sentence).isEmpty)
    }

    @Test(arguments: [
        "Statistiken är uppdelat på kön.",
        "Stödet ges oavsett kön.",
        "Vi använder kön som indelningsgrund.",
        "Kön, ålder och bostadsområde ingår.",
        "Resultaten redovisas efter kön och ålder.",
        "Kön är en viktig faktor.",
        "Personer av annat kön deltar.",
        "Redovisa per kön.",
    ])
    func sexKönIsSex(_ sentence: String) {
        #expect(!sex(sentence).isEmpty)
    }

    @Test func queueAndSexInOneSentence() {
        let t = Tokenizer.tokenize("Kön till förskolan är lång, men uppdelat på kön ser det annorlunda ut.")
        let m = LanguageTestSupport.lexicon.mentions(in: t).filter { $0.category == "sex" }
        #expect(m.map(\.tokens) == [9..<10])
        #expect(m.map(\.scalars) == [44..<47])
    }

    @Test func suspendedCompoundsCountBothHalves() {
        let sexes: Set<String> = ["women", "men", "girls", "boys"]
        #expect(labels("kvinno- och mansdominerade yrken", sexes) == ["women:kvinno-", "men:mansdominerade"])
        #expect(labels("flick- och pojklag", sexes) == ["girls:flick-", "boys:pojklag"])
        #expect(labels("dam- och herrlag", sexes) == ["women:dam-", "men:herrlag"])
        #expect(labels("mans- eller kvinnojourer", sexes) == ["men:mans-", "women:kvinnojourer"])
        #expect(labels("damm- och herrgårdar", sexes).isEmpty)
        // "herr" alone is not productive: "herrgård" is a manor.
        #expect(labels("En herrgård vid sjön.", sexes).isEmpty)
        #expect(labels("Barn- och utbildningsnämnden", ["children", "people"]).isEmpty)
    }

    @Test func adjectivesAreSexMentions() {
        let t = Tokenizer.tokenize("Kvinnliga chefer och manliga sjuksköterskor.")
        let m = LanguageTestSupport.lexicon.mentions(in: t).filter { $0.category == "women" || $0.category == "men" }
        #expect(m.map(\.form) == ["kvinnliga", "manliga"])
        #expect(m.allSatisfy { $0.isAdjective })
        #expect(LanguageTestSupport.lexicon.mentions(in: Tokenizer.tokenize("kvinnor")).first?.isAdjective == false)
    }

    @Test func categoryWordsAndVariants() {
        for s in ["könsuppdelad", "könsuppdelade", "jämställdhet", "jämställdheten", "genus", "icke-binär",
                  "icke\u{2011}binära", "ickebinär", "icke binära", "könsidentitet", "jämställdhetsanalysen"] {
            #expect(!sex(s).isEmpty, "\(s)")
        }
        #expect(sex("personer som identifierar sig på annat sätt") == ["sex:personer som identifierar sig på annat sätt"])
        // "jämlikhet" is about all groups, not women and men.
        #expect(sex("jämlikhet").isEmpty)
    }

    @Test func nfdAndSoftHyphenInputGiveTheSameMentions() {
        let plain = LanguageTestSupport.labels("Män och kvinnor, oavsett kön, i kön till förskolan.")
        #expect(LanguageTestSupport.labels("Ma\u{308}n och kvinnor, oavsett ko\u{308}n, i ko\u{308}n till fo\u{308}rskolan.") == plain)
        #expect(LanguageTestSupport.labels("Män och kvin\u{AD}nor, oav\u{AD}sett kön, i kön till förskolan.") == plain)
        #expect(plain == ["men:män", "women:kvinnor", "sex:kön"])
    }

    @Test func mentionPositionsUseScalarIndices() {
        let t = Tokenizer.tokenize("Åtta kvinnor")
        let m = LanguageTestSupport.lexicon.mentions(in: t)
        #expect(m == [Mention(category: "women", tokens: 1..<2, scalars: 5..<12, form: "kvinnor", isAdjective: false)])
    }
}
