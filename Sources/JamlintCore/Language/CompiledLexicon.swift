/// The lexicon turned into lookup structures: one dictionary probe per word for full forms,
/// byte tries for compound prefixes, heads and exclusions, and phrase tables.
struct CompiledLexicon: Sendable {
    struct Hit: Sendable, Hashable {
        var category: Int32
        var isAdjective: Bool
    }

    struct Phrase: Sendable {
        var words: [CueList.Word]
        var category: Int32
        var isAdjective: Bool
        /// An exclusion ("gemene man", "man ur huse"): its tokens never count for `category`.
        var isExclusion: Bool
    }

    var names: [String] = []
    var index: [String: Int32] = [:]
    var exact: [String: [Hit]] = [:]
    var phrases: [String: [Phrase]] = [:]
    /// Value: category << 1 | 1 when the prefix only counts in suspended compounds ("dam- och herrlag").
    var prefixes = ByteTrie()
    var suffixes = ByteTrie()
    var excludeExact: [String: [Int32]] = [:]
    var excludePrefixes = ByteTrie()
    var also: [[Int32]] = []

    var pronounForms: Set<String> = []
    var pronounCategory: Int32 = -1
    var coordinatedCategories: Set<Int32> = []
    var coordinators: Set<String> = []
    var determiners: Set<String> = []
    var subordinators: Set<String> = []
    var finiteVerbs: Set<String> = []

    var queueForms: Set<String> = []
    var queueCategory: Int32 = -1
    var sexBefore: Set<String> = []
    var sexAfter: Set<String> = []
    var queueBefore: Set<String> = []
    var queueAfter: Set<String> = []
    var queueWords = CueList(name: "queue-words", phrases: [])

    var countCategories: Set<Int32> = []
    var sexedCategories: Set<Int32> = []
    var shareWords: Set<String> = []
    var percentWords: Set<String> = []
    var measureWords: Set<String> = []
    var fillerWords: Set<String> = []
    var splitMarkers: Set<String> = []

    var cueLists: [String: CueList] = [:]

    init(specs: [String: Lexicon.CategorySpec], cues: [String: [String]], pronoun: Lexicon.PronounTrap,
         queue: Lexicon.QueueTrap, counts: Lexicon.CountSettings) {
        names = specs.keys.sorted()
        for (i, name) in names.enumerated() { index[name] = Int32(i) }
        also = Array(repeating: [], count: names.count)
        for (i, name) in names.enumerated() {
            guard let spec = specs[name] else { continue }
            let cat = Int32(i)
            for form in spec.forms { addForm(form, cat, isAdjective: false) }
            for form in spec.adjectives { addForm(form, cat, isAdjective: true) }
            for p in spec.prefixes { prefixes.insert(Self.stem(p).utf8, value: cat << 1) }
            for p in spec.suspendedPrefixes { prefixes.insert(Self.stem(p).utf8, value: cat << 1 | 1) }
            for s in spec.suffixes { suffixes.insert(LexiconText.single(s).utf8.reversed(), value: cat) }
            for e in spec.exclude { addExclusion(e, cat) }
            also[i] = spec.also.compactMap { index[$0] }.filter { $0 != cat }
        }

        pronounForms = Set(pronoun.forms.map(LexiconText.single))
        pronounCategory = index[pronoun.category] ?? -1
        coordinatedCategories = Set(pronoun.coordinatedWith.compactMap { index[$0] })
        coordinators = Set(pronoun.coordinators.map(LexiconText.single))
        determiners = Set(pronoun.determiners.map(LexiconText.single))
        subordinators = Set(pronoun.subordinators.map(LexiconText.single))
        finiteVerbs = Set(pronoun.finiteVerbs.map(LexiconText.single))
        if pronounCategory >= 0 { for idiom in pronoun.idioms { addExclusion(idiom, pronounCategory) } }

        queueForms = Set(queue.forms.map(LexiconText.single))
        queueCategory = index[queue.category] ?? -1
        sexBefore = Set(queue.sexBefore.map(LexiconText.single))
        sexAfter = Set(queue.sexAfter.map(LexiconText.single))
        queueBefore = Set(queue.queueBefore.map(LexiconText.single))
        queueAfter = Set(queue.queueAfter.map(LexiconText.single))
        queueWords = CueList(name: "queue-words", phrases: queue.queueWords)

        countCategories = Set(counts.countCategories.compactMap { index[$0] })
        sexedCategories = Set(counts.sexedCategories.compactMap { index[$0] })
        shareWords = Set(counts.shareWords.map(LexiconText.single))
        percentWords = Set(counts.percentWords.map(LexiconText.single))
        measureWords = Set(counts.measureWords.map(LexiconText.single))
        fillerWords = Set(counts.fillerWords.map(LexiconText.single))
        splitMarkers = Set(counts.splitMarkers.map(LexiconText.single))

        for (name, list) in cues { cueLists[name] = CueList(name: name, phrases: list) }
    }

    /// "kvinno-" and "kvinno" name the same prefix.
    private static func stem(_ p: String) -> String {
        var s = LexiconText.single(p)
        while s.hasSuffix("-") || s.hasSuffix("*") { s.removeLast() }
        return s
    }

    private mutating func addForm(_ form: String, _ cat: Int32, isAdjective: Bool) {
        let words = LexiconText.words(form)
        if words.count == 1 && !words[0].isPrefix {
            let hit = Hit(category: cat, isAdjective: isAdjective)
            if !(exact[words[0].text]?.contains(hit) ?? false) { exact[words[0].text, default: []].append(hit) }
        } else if words.count == 1 {
            prefixes.insert(words[0].text.utf8, value: cat << 1)
        } else if let first = words.first {
            phrases[first.text, default: []].append(
                Phrase(words: words, category: cat, isAdjective: isAdjective, isExclusion: false))
        }
    }

    private mutating func addExclusion(_ entry: String, _ cat: Int32) {
        let words = LexiconText.words(entry)
        if words.count == 1 {
            if words[0].isPrefix {
                excludePrefixes.insert(words[0].text.utf8, value: cat)
            } else {
                excludeExact[words[0].text, default: []].append(cat)
            }
        } else if let first = words.first {
            phrases[first.text, default: []].append(
                Phrase(words: words, category: cat, isAdjective: false, isExclusion: true))
        }
    }

    func isExcluded(_ word: String, _ cat: Int32) -> Bool {
        if let list = excludeExact[word], list.contains(cat) { return true }
        var found = false
        excludePrefixes.forEachPrefix(of: word.utf8) { c, _ in if c == cat { found = true } }
        return found
    }
}
