/// The lexicon turned into lookup structures: byte tries for full forms, phrase starts, compound
/// prefixes, heads and exclusions (no String hashing or NFC-aware comparison per word).
///
/// A class so that the hot paths share one reference instead of copying dozens of fields; it is
/// never mutated after `init`, hence `@unchecked Sendable`.
final class CompiledLexicon: @unchecked Sendable {
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

    // Unchecked exclusivity: the properties are written only during `init`, before the instance is
    // shared, and only read afterwards; the dynamic access checks on these class properties showed
    // in profiles of `Lexicon.mentions` (a hundred thousand `swift_beginAccess` calls on 880 memos).
    @exclusivity(unchecked) var names: [String] = []
    @exclusivity(unchecked) var index: [String: Int32] = [:]
    /// Build-time tables; lookups go through the tries below.
    @exclusivity(unchecked) private var exact: [String: [Hit]] = [:]
    @exclusivity(unchecked) private var phrases: [String: [Phrase]] = [:]
    @exclusivity(unchecked) private var exactTrie = ByteTrie()
    @exclusivity(unchecked) private var exactLists: [[Hit]] = []
    @exclusivity(unchecked) private var phraseTrie = ByteTrie()
    @exclusivity(unchecked) private var phraseLists: [[Phrase]] = []
    /// Value: category << 1 | 1 when the prefix only counts in suspended compounds ("dam- och herrlag").
    @exclusivity(unchecked) var prefixes = ByteTrie()
    @exclusivity(unchecked) var suffixes = ByteTrie()
    @exclusivity(unchecked) private var excludeExact: [String: [Int32]] = [:]
    @exclusivity(unchecked) private var excludeExactTrie = ByteTrie()
    @exclusivity(unchecked) var excludePrefixes = ByteTrie()
    @exclusivity(unchecked) var also: [[Int32]] = []

    @exclusivity(unchecked) var pronounForms = WordSet([])
    @exclusivity(unchecked) var pronounCategory: Int32 = -1
    @exclusivity(unchecked) var coordinatedCategories: Set<Int32> = []
    @exclusivity(unchecked) var coordinators = WordSet([])
    @exclusivity(unchecked) var determiners = WordSet([])
    @exclusivity(unchecked) var subordinators = WordSet([])
    @exclusivity(unchecked) var finiteVerbs = WordSet([])
    @exclusivity(unchecked) var copulas = WordSet([])

    @exclusivity(unchecked) var queueForms = WordSet([])
    @exclusivity(unchecked) var queueCategory: Int32 = -1
    @exclusivity(unchecked) var sexBefore = WordSet([])
    @exclusivity(unchecked) var sexAfter = WordSet([])
    @exclusivity(unchecked) var queueBefore = WordSet([])
    @exclusivity(unchecked) var queueAfter = WordSet([])
    @exclusivity(unchecked) var queueWords = CueList(name: "queue-words", phrases: [])

    @exclusivity(unchecked) var countCategories: Set<Int32> = []
    @exclusivity(unchecked) var sexedCategories: Set<Int32> = []
    /// The same categories by name, as mentions carry them (built once, not per block).
    @exclusivity(unchecked) var countNames: Set<String> = []
    @exclusivity(unchecked) var sexedNames: Set<String> = []
    @exclusivity(unchecked) var shareWords = WordSet([])
    @exclusivity(unchecked) var percentWords = WordSet([])
    @exclusivity(unchecked) var measureWords = WordSet([])
    @exclusivity(unchecked) var fillerWords = WordSet([])
    @exclusivity(unchecked) var splitMarkers = WordSet([])

    @exclusivity(unchecked) var cueLists: [String: CueList] = [:]
    @exclusivity(unchecked) var cueListCount = 0

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

        pronounForms = WordSet(pronoun.forms.map(LexiconText.single))
        pronounCategory = index[pronoun.category] ?? -1
        coordinatedCategories = Set(pronoun.coordinatedWith.compactMap { index[$0] })
        coordinators = WordSet(pronoun.coordinators.map(LexiconText.single))
        determiners = WordSet(pronoun.determiners.map(LexiconText.single))
        subordinators = WordSet(pronoun.subordinators.map(LexiconText.single))
        finiteVerbs = WordSet(pronoun.finiteVerbs.map(LexiconText.single))
        copulas = WordSet(pronoun.copulas.map(LexiconText.single))
        if pronounCategory >= 0 { for idiom in pronoun.idioms { addExclusion(idiom, pronounCategory) } }

        queueForms = WordSet(queue.forms.map(LexiconText.single))
        queueCategory = index[queue.category] ?? -1
        sexBefore = WordSet(queue.sexBefore.map(LexiconText.single))
        sexAfter = WordSet(queue.sexAfter.map(LexiconText.single))
        queueBefore = WordSet(queue.queueBefore.map(LexiconText.single))
        queueAfter = WordSet(queue.queueAfter.map(LexiconText.single))
        queueWords = CueList(name: "queue-words", phrases: queue.queueWords)

        countCategories = Set(counts.countCategories.compactMap { index[$0] })
        sexedCategories = Set(counts.sexedCategories.compactMap { index[$0] })
        countNames = Set(countCategories.map { names[Int($0)] })
        sexedNames = Set(sexedCategories.map { names[Int($0)] })
        shareWords = WordSet(counts.shareWords.map(LexiconText.single))
        percentWords = WordSet(counts.percentWords.map(LexiconText.single))
        measureWords = WordSet(counts.measureWords.map(LexiconText.single))
        fillerWords = WordSet(counts.fillerWords.map(LexiconText.single))
        splitMarkers = WordSet(counts.splitMarkers.map(LexiconText.single))

        for (k, name) in cues.keys.sorted().enumerated() {
            var list = CueList(name: name, phrases: cues[name] ?? [])
            list.id = k
            cueLists[name] = list
        }
        cueListCount = cues.count

        for (word, hits) in exact {
            exactTrie.insert(word.utf8, value: Int32(exactLists.count))
            exactLists.append(hits)
        }
        for (word, list) in phrases {
            phraseTrie.insert(word.utf8, value: Int32(phraseLists.count))
            phraseLists.append(list)
        }
        for (word, cats) in excludeExact {
            for cat in cats { excludeExactTrie.insert(word.utf8, value: cat) }
        }
        exact = [:]
        phrases = [:]
    }

    /// The full-form hits of one token form.
    @inline(__always) func exactHits(_ word: String) -> [Hit] {
        guard let i = exactTrie.exactValues(of: word.utf8).first else { return [] }
        return exactLists[Int(i)]
    }

    /// The full-form hits of a token form given as UTF-8 bytes.
    @inline(__always) func exactHits(_ word: UnsafeBufferPointer<UInt8>) -> [Hit] {
        guard let i = exactTrie.exactValues(of: word).first else { return [] }
        return exactLists[Int(i)]
    }

    /// Names this lexicon's per-word results in each thread's form table (`LexiconFacts`).
    let id = ProcessUniqueID.next()

    /// The index of the phrase list for a token form (see `phraseList(_:)`), or -1.
    func phraseListIndex(_ word: UnsafeBufferPointer<UInt8>) -> Int32 {
        phraseTrie.exactValues(of: word).first ?? -1
    }

    func phraseList(_ index: Int32) -> [Phrase] { phraseLists[Int(index)] }

    /// The phrases (forms and exclusions) that start with a token form.
    @inline(__always) func phrases(startingWith word: String) -> [Phrase] {
        guard let i = phraseTrie.exactValues(of: word.utf8).first else { return [] }
        return phraseLists[Int(i)]
    }

    /// "kvinno-" and "kvinno" name the same prefix.
    private static func stem(_ p: String) -> String {
        var s = LexiconText.single(p)
        while s.hasSuffix("-") || s.hasSuffix("*") { s.removeLast() }
        return s
    }

    private func addForm(_ form: String, _ cat: Int32, isAdjective: Bool) {
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

    private func addExclusion(_ entry: String, _ cat: Int32) {
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
        if excludeExactTrie.exactValues(of: word.utf8).contains(cat) { return true }
        var found = false
        excludePrefixes.forEachPrefix(of: word.utf8) { c, _ in if c == cat { found = true } }
        return found
    }
}
