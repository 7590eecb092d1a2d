import Foundation

/// The Swedish word lists the rules rely on: word categories (full forms, compound prefixes and
/// heads, exclusions), cue-phrase lists, the settings that resolve the `man` and `kön` traps, and
/// the words the people-count recogniser uses. Loaded from `Rules/lexicon/*.yml` (format in the
/// header of those files) and extendable by configuration.
public struct Lexicon: Sendable {
    /// One category as written in the files, before compilation.
    public struct CategorySpec: Sendable, Equatable {
        public var forms: [String] = []
        public var adjectives: [String] = []
        public var prefixes: [String] = []
        public var suffixes: [String] = []
        public var suspendedPrefixes: [String] = []
        public var exclude: [String] = []
        public var also: [String] = []
        public init() {}
    }

    /// The `man` pronoun trap.
    public struct PronounTrap: Sendable, Equatable {
        public var forms: [String] = []
        public var category = "men"
        public var coordinatedWith: [String] = []
        public var coordinators: [String] = []
        public var determiners: [String] = []
        public var subordinators: [String] = []
        public var finiteVerbs: [String] = []
        /// "Han är man.": after one of these, with a word before it and nothing but the sentence's
        /// end (". ! ? …") or a coordinating word after, `man` is a predicate noun.
        public var copulas: [String] = []
        public var idioms: [String] = []
        public init() {}
    }

    /// The `kön` (sex / "the queue") trap.
    public struct QueueTrap: Sendable, Equatable {
        public var forms: [String] = []
        public var category = "sex"
        public var sexBefore: [String] = []
        public var sexAfter: [String] = []
        public var queueBefore: [String] = []
        public var queueAfter: [String] = []
        public var queueWords: [String] = []
        public init() {}
    }

    /// Words of the people-count recogniser.
    public struct CountSettings: Sendable, Equatable {
        public var countCategories: [String] = []
        public var sexedCategories: [String] = []
        public var shareWords: [String] = []
        public var percentWords: [String] = []
        public var measureWords: [String] = []
        public var fillerWords: [String] = []
        public var splitMarkers: [String] = []
        public init() {}
    }

    /// The lists as loaded, in one immutable box replaced on change: the rule engine copies the
    /// lexicon into every rule's context, and a copy of some thirty arrays and strings (a retain
    /// and a release each) showed in profiles; now a copy is two references.
    private final class Sources: Sendable {
        let specs: [String: CategorySpec]
        let cues: [String: [String]]
        let pronoun: PronounTrap
        let queue: QueueTrap
        let counts: CountSettings

        init(specs: [String: CategorySpec], cues: [String: [String]], pronoun: PronounTrap, queue: QueueTrap,
             counts: CountSettings) {
            self.specs = specs
            self.cues = cues
            self.pronoun = pronoun
            self.queue = queue
            self.counts = counts
        }
    }

    private var sources: Sources
    public var specs: [String: CategorySpec] { sources.specs }
    public var cueSources: [String: [String]] { sources.cues }
    public var pronoun: PronounTrap { sources.pronoun }
    public var queue: QueueTrap { sources.queue }
    public var counts: CountSettings { sources.counts }
    var compiled: CompiledLexicon

    public init(categories: [String: CategorySpec] = [:], cues: [String: [String]] = [:],
                pronoun: PronounTrap = PronounTrap(), queue: QueueTrap = QueueTrap(),
                counts: CountSettings = CountSettings()) {
        self.sources = Sources(specs: categories, cues: cues, pronoun: pronoun, queue: queue, counts: counts)
        self.compiled = CompiledLexicon(specs: categories, cues: cues, pronoun: pronoun, queue: queue, counts: counts)
    }

    /// A lexicon whose matcher is not built yet: for the files of a folder, which are merged and
    /// then compiled once (compiling every file and every merge was half of start-up time).
    init(uncompiled categories: [String: CategorySpec], cues: [String: [String]], pronoun: PronounTrap,
         queue: QueueTrap, counts: CountSettings) {
        self.sources = Sources(specs: categories, cues: cues, pronoun: pronoun, queue: queue, counts: counts)
        self.compiled = Self.emptyCompiled
    }

    static let emptyCompiled = CompiledLexicon(specs: [:], cues: [:], pronoun: PronounTrap(), queue: QueueTrap(),
                                               counts: CountSettings())

    /// The lexicon shipped in `Rules/lexicon`, or an empty one when no rules folder is found.
    public static let builtin: Lexicon = {
        guard let dir = RulesLocation.defaultDirectory(),
              let lexicon = try? Lexicon.load(directory: dir + "/lexicon") else {
            return Lexicon()
        }
        return lexicon
    }()

    public var categories: [String] { specs.keys.sorted() }

    /// Adds full forms to a category (created when new). Multi-word forms are phrases; a final `*`
    /// on a single word makes it a compound prefix.
    public mutating func addForms(_ forms: [String], to category: String) {
        var specs = self.specs
        var spec = specs[category] ?? CategorySpec()
        for form in forms {
            if form.hasSuffix("*"), !form.contains(" ") {
                spec.prefixes.append(String(form.dropLast()))
            } else {
                spec.forms.append(form)
            }
        }
        specs[category] = spec
        sources = Sources(specs: specs, cues: cueSources, pronoun: pronoun, queue: queue, counts: counts)
        recompile()
    }

    /// Adds phrases to a cue list (created when new).
    public mutating func addCues(_ phrases: [String], to list: String) {
        var cues = cueSources
        cues[list, default: []].append(contentsOf: phrases)
        sources = Sources(specs: specs, cues: cues, pronoun: pronoun, queue: queue, counts: counts)
        recompile()
    }

    /// Merges another lexicon (a later file or a municipality's extension) into this one.
    public mutating func merge(_ other: Lexicon) {
        merge(other, compile: true)
    }

    mutating func merge(_ other: Lexicon, compile: Bool) {
        var specs = self.specs, cueSources = self.cueSources
        var pronoun = self.pronoun, queue = self.queue, counts = self.counts
        for (name, spec) in other.specs {
            var mine = specs[name] ?? CategorySpec()
            mine.forms += spec.forms
            mine.adjectives += spec.adjectives
            mine.prefixes += spec.prefixes
            mine.suffixes += spec.suffixes
            mine.suspendedPrefixes += spec.suspendedPrefixes
            mine.exclude += spec.exclude
            mine.also += spec.also
            specs[name] = mine
        }
        for (name, list) in other.cueSources { cueSources[name, default: []] += list }
        pronoun.merge(other.pronoun)
        queue.merge(other.queue)
        counts.merge(other.counts)
        sources = Sources(specs: specs, cues: cueSources, pronoun: pronoun, queue: queue, counts: counts)
        if compile { recompile() }
    }

    public func cueList(_ name: String) -> CueList? { compiled.cueLists[name] }

    mutating func recompile() {
        compiled = CompiledLexicon(specs: specs, cues: cueSources, pronoun: pronoun, queue: queue, counts: counts)
    }
}

extension Lexicon.PronounTrap {
    mutating func merge(_ o: Self) {
        forms += o.forms; coordinatedWith += o.coordinatedWith; coordinators += o.coordinators
        determiners += o.determiners; subordinators += o.subordinators; finiteVerbs += o.finiteVerbs
        copulas += o.copulas; idioms += o.idioms
        if o.category != Self().category { category = o.category }
    }
}

extension Lexicon.QueueTrap {
    mutating func merge(_ o: Self) {
        forms += o.forms; sexBefore += o.sexBefore; sexAfter += o.sexAfter; queueBefore += o.queueBefore
        queueAfter += o.queueAfter; queueWords += o.queueWords
        if o.category != Self().category { category = o.category }
    }
}

extension Lexicon.CountSettings {
    mutating func merge(_ o: Self) {
        countCategories += o.countCategories; sexedCategories += o.sexedCategories
        shareWords += o.shareWords; percentWords += o.percentWords; measureWords += o.measureWords
        fillerWords += o.fillerWords; splitMarkers += o.splitMarkers
    }
}
