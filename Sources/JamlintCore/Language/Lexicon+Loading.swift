import Foundation
import Yams

extension Lexicon {
    /// Reads every `*.yml` in `directory` (sorted by name) and merges them. Syntax errors, unknown
    /// keys and values of the wrong shape are `LexiconError`s carrying the file and line.
    public static func load(directory: String) throws -> Lexicon {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw LexiconError(path: directory, message: "cannot read the lexicon folder")
        }
        var lexicon = Lexicon(uncompiled: [:], cues: [:], pronoun: PronounTrap(), queue: QueueTrap(), counts: CountSettings())
        for name in names.sorted() where name.hasSuffix(".yml") || name.hasSuffix(".yaml") {
            let path = (directory as NSString).appendingPathComponent(name)
            lexicon.merge(try load(path: path, compile: false), compile: false)
        }
        lexicon.recompile()
        if let problem = lexicon.unknownReferences().first {
            throw LexiconError(path: directory, message: problem)
        }
        return lexicon
    }

    /// Names used as references (`also`, trap and count categories) that no file defines.
    public func unknownReferences() -> [String] {
        var problems: [String] = []
        for name in categories {
            for other in specs[name]?.also ?? [] where specs[other] == nil {
                problems.append("category `\(name)`: `also` names the unknown category `\(other)`")
            }
        }
        if !pronoun.forms.isEmpty, specs[pronoun.category] == nil {
            problems.append("`traps.pronoun.category` names the unknown category `\(pronoun.category)`")
        }
        if !queue.forms.isEmpty, specs[queue.category] == nil {
            problems.append("`traps.queue.category` names the unknown category `\(queue.category)`")
        }
        for name in pronoun.coordinatedWith where specs[name] == nil {
            problems.append("`traps.pronoun.coordinated_with` names the unknown category `\(name)`")
        }
        for name in counts.countCategories + counts.sexedCategories where specs[name] == nil {
            problems.append("`counts` names the unknown category `\(name)`")
        }
        return problems
    }

    public static func load(path: String) throws -> Lexicon { try load(path: path, compile: true) }

    static func load(path: String, compile: Bool) throws -> Lexicon {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LexiconError(path: path, message: "cannot read the file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw LexiconError(path: path, message: "the file is not UTF-8")
        }
        return try parse(yaml: text, path: path, compile: compile)
    }

    /// Parses one lexicon file. Top-level keys: `categories`, `cues`, `traps`, `counts`.
    public static func parse(yaml: String, path: String) throws -> Lexicon { try parse(yaml: yaml, path: path, compile: true) }

    static func parse(yaml: String, path: String, compile: Bool) throws -> Lexicon {
        guard let root = try YAMLLocation.compose(yaml, path: path) else { return Lexicon() }
        var categories: [String: CategorySpec] = [:]
        var cues: [String: [String]] = [:]
        var pronoun = PronounTrap()
        var queue = QueueTrap()
        var counts = CountSettings()
        for (key, keyNode, value) in try YAMLLocation.mapping(root, path: path, what: "a lexicon file") {
            switch key {
            case "categories":
                for (name, nameNode, body) in try YAMLLocation.mapping(value, path: path, what: "`categories`") {
                    guard categories[name] == nil else {
                        throw YAMLLocation.error("category `\(name)` is defined twice", at: nameNode, path: path)
                    }
                    categories[name] = try parseCategory(body, name: name, path: path)
                }
            case "cues":
                for (name, _, list) in try YAMLLocation.mapping(value, path: path, what: "`cues`") {
                    cues[name, default: []] += try YAMLLocation.stringList(list, path: path, what: "cues.\(name)")
                }
            case "traps":
                for (trap, trapNode, body) in try YAMLLocation.mapping(value, path: path, what: "`traps`") {
                    switch trap {
                    case "pronoun": pronoun = try parsePronoun(body, path: path)
                    case "queue": queue = try parseQueue(body, path: path)
                    default:
                        throw YAMLLocation.error("unknown trap `\(trap)` (expected `pronoun` or `queue`)",
                                                 at: trapNode, path: path)
                    }
                }
            case "counts":
                counts = try parseCounts(value, path: path)
            default:
                throw YAMLLocation.error(
                    "unknown key `\(key)` (expected `categories`, `cues`, `traps` or `counts`)", at: keyNode, path: path)
            }
        }
        if !compile {
            return Lexicon(uncompiled: categories, cues: cues, pronoun: pronoun, queue: queue, counts: counts)
        }
        return Lexicon(categories: categories, cues: cues, pronoun: pronoun, queue: queue, counts: counts)
    }

    private static func parseCategory(_ node: Node, name: String, path: String) throws -> CategorySpec {
        var spec = CategorySpec()
        for (key, keyNode, value) in try YAMLLocation.mapping(node, path: path, what: "category `\(name)`") {
            let list = { () throws -> [String] in
                try YAMLLocation.stringList(value, path: path, what: "\(name).\(key)")
            }
            switch key {
            case "description": _ = try YAMLLocation.string(value, path: path, what: "\(name).description")
            case "forms": spec.forms = try list()
            case "adjectives": spec.adjectives = try list()
            case "prefixes": spec.prefixes = try list()
            case "suffixes": spec.suffixes = try list()
            case "suspended_prefixes": spec.suspendedPrefixes = try list()
            case "exclude": spec.exclude = try list()
            case "also": spec.also = try list()
            default:
                throw YAMLLocation.error(
                    "unknown key `\(key)` in category `\(name)` (expected description, forms, adjectives, "
                        + "prefixes, suffixes, suspended_prefixes, exclude, also)", at: keyNode, path: path)
            }
        }
        return spec
    }

    private static func parsePronoun(_ node: Node, path: String) throws -> PronounTrap {
        var t = PronounTrap()
        for (key, keyNode, value) in try YAMLLocation.mapping(node, path: path, what: "`traps.pronoun`") {
            let list = { () throws -> [String] in try YAMLLocation.stringList(value, path: path, what: "pronoun.\(key)") }
            switch key {
            case "forms": t.forms = try list()
            case "category": t.category = try YAMLLocation.string(value, path: path, what: "pronoun.category")
            case "coordinated_with": t.coordinatedWith = try list()
            case "coordinators": t.coordinators = try list()
            case "determiners": t.determiners = try list()
            case "subordinators": t.subordinators = try list()
            case "finite_verbs": t.finiteVerbs = try list()
            case "copulas": t.copulas = try list()
            case "idioms": t.idioms = try list()
            default: throw YAMLLocation.error("unknown key `\(key)` in `traps.pronoun`", at: keyNode, path: path)
            }
        }
        return t
    }

    private static func parseQueue(_ node: Node, path: String) throws -> QueueTrap {
        var t = QueueTrap()
        for (key, keyNode, value) in try YAMLLocation.mapping(node, path: path, what: "`traps.queue`") {
            let list = { () throws -> [String] in try YAMLLocation.stringList(value, path: path, what: "queue.\(key)") }
            switch key {
            case "forms": t.forms = try list()
            case "category": t.category = try YAMLLocation.string(value, path: path, what: "queue.category")
            case "sex_before": t.sexBefore = try list()
            case "sex_after": t.sexAfter = try list()
            case "queue_before": t.queueBefore = try list()
            case "queue_after": t.queueAfter = try list()
            case "queue_words": t.queueWords = try list()
            default: throw YAMLLocation.error("unknown key `\(key)` in `traps.queue`", at: keyNode, path: path)
            }
        }
        return t
    }

    private static func parseCounts(_ node: Node, path: String) throws -> CountSettings {
        var t = CountSettings()
        for (key, keyNode, value) in try YAMLLocation.mapping(node, path: path, what: "`counts`") {
            let list = { () throws -> [String] in try YAMLLocation.stringList(value, path: path, what: "counts.\(key)") }
            switch key {
            case "count_categories": t.countCategories = try list()
            case "sexed_categories": t.sexedCategories = try list()
            case "share_words": t.shareWords = try list()
            case "percent_words": t.percentWords = try list()
            case "measure_words": t.measureWords = try list()
            case "filler_words": t.fillerWords = try list()
            case "split_markers": t.splitMarkers = try list()
            default: throw YAMLLocation.error("unknown key `\(key)` in `counts`", at: keyNode, path: path)
            }
        }
        return t
    }
}
