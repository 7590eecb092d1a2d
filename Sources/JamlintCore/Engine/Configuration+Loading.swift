#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Yams

extension Configuration {
    /// The top-level keys of `.jamlint.yml`, in the order docs/configuration.md describes them.
    public static let knownKeys = ["rules", "sections", "lexicon", "cues", "rule_folders", "ignore", "procedural",
                                   "language"]

    /// Reads and checks one configuration file. Every problem is reported at its line and column.
    public static func load(path: String) throws(ConfigError) -> Configuration {
        let text = try YAMLFile.read(path: path)
        return try parse(yaml: text, path: path)
    }

    /// Parses configuration text; `path` names it in errors and anchors its relative paths.
    public static func parse(yaml text: String, path: String) throws(ConfigError) -> Configuration {
        let file = YAMLFile(path: path, text: text)
        let absolute = ConfigurationResolver.absolutePath(path)
        let directory = ConfigurationResolver.parentDirectory(absolute)
        var config = Configuration(sourcePath: path, directory: directory)
        guard let root = try file.compose() else { return config }
        guard case .mapping(let mapping) = root else {
            throw file.error(at: root, sv: "konfigurationen ska vara en mappning med nycklar som `rules` och `ignore`",
                             en: "the configuration must be a mapping with keys such as `rules` and `ignore`")
        }
        for (keyNode, value) in mapping {
            let key = try file.key(keyNode)
            switch key {
            case "rules": config.rules = try parseRules(value, file: file)
            case "sections": config.sections = try file.categoryLists(value, key: key)
            case "lexicon": config.lexicon = try file.categoryLists(value, key: key)
            case "cues": config.cues = try file.categoryLists(value, key: key)
            case "rule_folders":
                config.ruleFolders = try file.stringList(value, key: key).map { folder in
                    folder.hasPrefix("/") ? folder : ConfigurationResolver.absolutePath(folder, relativeTo: directory)
                }
            case "ignore": config.ignore = try file.stringList(value, key: key)
            case "procedural": config.procedural = try file.stringList(value, key: key)
            case "language":
                let word = try file.scalar(value, key: key)
                guard let language = MessageLanguage(rawValue: word.lowercased()) else {
                    throw file.error(at: value, sv: "okänt språk `\(word)`: använd sv eller en",
                                     en: "unknown language `\(word)`: use sv or en")
                }
                config.language = language
            default:
                let known = knownKeys.map { "`\($0)`" }.joined(separator: ", ")
                throw file.error(at: keyNode, sv: "okänd nyckel `\(key)`; kända nycklar: \(known)",
                                 en: "unknown key `\(key)`; known keys: \(known)")
            }
        }
        return config
    }

    private static func parseRules(_ node: Node, file: YAMLFile) throws(ConfigError) -> [String: RuleSetting] {
        if file.isNull(node) { return [:] }
        guard case .mapping(let mapping) = node else {
            throw file.error(at: node, sv: "`rules` ska mappa regel-id eller alias till en inställning",
                             en: "`rules` must map rule ids or aliases to a setting")
        }
        var result: [String: RuleSetting] = [:]
        for (keyNode, value) in mapping {
            let id = try file.key(keyNode)
            let (line, column) = file.position(of: keyNode)
            var setting = RuleSetting(line: line, column: column)
            switch value {
            case .scalar:
                try applySwitch(value, to: &setting, rule: id, file: file)
            case .mapping(let fields):
                // `enabled:` wins over the enabling implied by a severity, whatever the order of the keys.
                var enabled: Bool? = nil
                for (fieldNode, fieldValue) in fields {
                    let field = try file.key(fieldNode)
                    switch field {
                    case "severity":
                        try applySwitch(fieldValue, to: &setting, rule: id, file: file)
                    case "enabled":
                        guard let value = file.bool(fieldValue) else {
                            throw file.error(at: fieldValue, sv: "`enabled` ska vara true eller false",
                                             en: "`enabled` must be true or false")
                        }
                        enabled = value
                    case "options":
                        guard case .map(let options) = try file.value(fieldValue) else {
                            throw file.error(at: fieldValue, sv: "`options` ska vara en mappning (namn: värde)",
                                             en: "`options` must be a mapping (name: value)")
                        }
                        setting.options = options
                    default:
                        let known = "`severity`, `enabled`, `options`"
                        throw file.error(at: fieldNode,
                                         sv: "okänd nyckel `\(field)` för regeln \(id); kända nycklar: \(known)",
                                         en: "unknown key `\(field)` for rule \(id); known keys: \(known)")
                    }
                }
                if let enabled { setting.enabled = enabled }
            default:
                throw file.error(at: value,
                                 sv: "inställningen för \(id) ska vara off, error, warning, note eller en mappning",
                                 en: "the setting for \(id) must be off, error, warning, note or a mapping")
            }
            result[id] = setting
        }
        return result
    }

    /// `off` (or false/no) disables a rule, `on` (true/yes) enables it at its default severity, and a
    /// severity enables it at that severity. YAML 1.1 reads a bare `off` as a boolean, so the scalar's
    /// text is used, not its resolved value.
    private static func applySwitch(_ node: Node, to setting: inout RuleSetting, rule: String,
                                    file: YAMLFile) throws(ConfigError) {
        let word = (file.scalarText(node) ?? "").lowercased()
        switch word {
        case "off", "false", "no": setting.enabled = false
        case "on", "true", "yes": setting.enabled = true
        default:
            guard let severity = Severity(rawValue: word) else {
                guard case .scalar = node else {
                    throw file.error(at: node,
                                     sv: "inställningen för \(rule) ska vara off, error, warning eller note",
                                     en: "the setting for \(rule) must be off, error, warning or note")
                }
                let shown = file.scalarText(node) ?? ""
                if shown.isEmpty {
                    throw file.error(at: node,
                                     sv: "inställningen för \(rule) saknas: använd off, error, warning eller note",
                                     en: "the setting for \(rule) is missing: use off, error, warning or note")
                }
                throw file.error(
                    at: node,
                    sv: "okänd inställning `\(shown)` för \(rule): använd off, error, warning eller note",
                    en: "unknown setting `\(shown)` for \(rule): use off, error, warning or note")
            }
            setting.enabled = true
            setting.severity = severity
        }
    }
}

/// The text of one YAML file with its line table, so that Yams' marks (1-based, columns in Unicode scalars)
/// become the line and character column jamlint reports everywhere else.
struct YAMLFile {
    let path: String
    let text: String
    let source: SourceFile

    init(path: String, text: String) {
        self.path = path
        self.text = text
        self.source = SourceFile(path: path, text: text)
    }

    /// Reads a UTF-8 file; a leading byte order mark is dropped (libyaml would count it as a column).
    static func read(path: String) throws(ConfigError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(path: path, message: LocalizedText(
                sv: "filen kan inte läsas (finns den?)", en: "the file cannot be read (does it exist?)"))
        }
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ConfigError(path: path, line: 1, column: 1, message: LocalizedText(
                sv: "filen är inte giltig UTF-8", en: "the file is not valid UTF-8"))
        }
        return text
    }

    /// `onlyNullTags`: the caller reads no tag but null (see `YAMLFastComposer.compose(_:nullTags:)`), so a plain
    /// file may skip Yams and its default resolver, whose regular expressions profile showed at ~9 M instructions.
    func compose(onlyNullTags: Bool = false) throws(ConfigError) -> Node? {
        // Yams reads (and announces on standard output) an encoding override from the environment.
        if onlyNullTags, getenv("YAMS_DEFAULT_ENCODING") == nil,
           case .root(let node) = YAMLFastComposer.compose(text, nullTags: true) {
            return node
        }
        do {
            return try Yams.compose(yaml: text)
        } catch let error as YamlError {
            switch error {
            case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
                 .composer(let context, let problem, let mark, _):
                // libyaml's context says where the unfinished construct began ("while scanning a quoted scalar").
                var sv = "ogiltig YAML: \(problem)", en = "invalid YAML: \(problem)"
                if let context, context.mark.line != mark.line || context.mark.column != mark.column {
                    let (line, column) = position(of: context.mark)
                    sv += " (\(context.text) som börjar på \(line):\(column))"
                    en += " (\(context.text) that starts at \(line):\(column))"
                }
                throw self.error(mark: mark, sv: sv, en: en)
            case .duplicatedKeysInMapping(let duplicates, let context):
                let keys = duplicates.map { "`\($0)`" }.joined(separator: ", ")
                let (firstLine, firstColumn) = position(of: context.mark)
                let at = duplicates.first.flatMap { repeatedKey($0, after: context.mark) } ?? (firstLine, firstColumn)
                let first = at == (firstLine, firstColumn) ? "" : " (första gången på \(firstLine):\(firstColumn))"
                let firstEn = at == (firstLine, firstColumn) ? "" : " (first at \(firstLine):\(firstColumn))"
                throw ConfigError(path: path, line: at.0, column: at.1, message: LocalizedText(
                    sv: "nyckeln \(keys) förekommer flera gånger\(first)",
                    en: "the key \(keys) occurs more than once\(firstEn)"))
            default:
                throw ConfigError(path: path, line: 1, column: 1, message: LocalizedText(
                    sv: "ogiltig YAML: \(error)", en: "invalid YAML: \(error)"))
            }
        } catch {
            throw ConfigError(path: path, line: 1, column: 1, message: LocalizedText(
                sv: "ogiltig YAML: \(error)", en: "invalid YAML: \(error)"))
        }
    }

    /// Where a block-mapping key written at `first` is written again: the next line that has, at the same
    /// column and after only white space, the key followed by a colon. Yams reports only the first one.
    func repeatedKey(_ key: String, after first: Mark) -> (Int, Int)? {
        guard first.line >= 1, first.line < source.lineCount else { return nil }
        let prefix = String(repeating: " ", count: max(first.column - 1, 0)) + key
        for line in (first.line + 1)...source.lineCount {
            let text = source.lineText(line)
            guard text.hasPrefix(prefix) else { continue }
            let rest = text.dropFirst(prefix.count).drop { $0 == " " || $0 == "\t" }
            if rest.first == ":" { return position(line: line, column: first.column) }
        }
        return nil
    }

    /// Line and character column of a node; (1, 1) when Yams has no mark for it.
    func position(of node: Node) -> (Int, Int) {
        guard let mark = node.mark else { return (1, 1) }
        return position(of: mark)
    }

    func position(of mark: Mark) -> (Int, Int) { position(line: mark.line, column: mark.column) }

    /// `column` counts Unicode scalars, as libyaml does.
    func position(line: Int, column: Int) -> (Int, Int) {
        guard line >= 1, line <= source.lineCount else { return (max(line, 1), max(column, 1)) }
        // Walk (column - 1) scalars along the line's UTF-8 bytes, then let SourceFile count characters.
        let range = source.lineRange(line)
        var offset = range.lowerBound
        var remaining = column - 1
        while remaining > 0 && offset < range.upperBound {
            offset += 1
            while offset < range.upperBound && source.bytes[offset] & 0xC0 == 0x80 { offset += 1 }
            remaining -= 1
        }
        let location = source.location(ofByte: offset)
        return (location.line, location.column)
    }

    func error(at node: Node, sv: String, en: String) -> ConfigError {
        let (line, column) = position(of: node)
        return ConfigError(path: path, line: line, column: column, message: LocalizedText(sv: sv, en: en))
    }

    func error(mark: Mark, sv: String, en: String) -> ConfigError {
        let (line, column) = position(of: mark)
        return ConfigError(path: path, line: line, column: column, message: LocalizedText(sv: sv, en: en))
    }

    func isNull(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node else { return false }
        return scalar.style == .plain && node.tag.rawValue == Tag.Name.null.rawValue
    }

    func scalarText(_ node: Node) -> String? {
        guard case .scalar(let scalar) = node, !isNull(node) else { return nil }
        return scalar.string
    }

    func key(_ node: Node) throws(ConfigError) -> String {
        guard let text = scalarText(node), !text.isEmpty else {
            throw error(at: node, sv: "nyckeln ska vara en text", en: "the key must be a text")
        }
        return text
    }

    func scalar(_ node: Node, key: String) throws(ConfigError) -> String {
        guard let text = scalarText(node), !text.isEmpty else {
            throw error(at: node, sv: "`\(key)` ska vara en text", en: "`\(key)` must be a text")
        }
        return text
    }

    func bool(_ node: Node) -> Bool? {
        guard case .scalar = node, node.tag.rawValue == Tag.Name.bool.rawValue else { return nil }
        return node.bool
    }

    func stringList(_ node: Node, key: String) throws(ConfigError) -> [String] {
        if isNull(node) { return [] }
        guard case .sequence(let sequence) = node else {
            throw error(at: node, sv: "`\(key)` ska vara en lista med texter", en: "`\(key)` must be a list of texts")
        }
        var out: [String] = []
        for item in sequence {
            guard let text = scalarText(item), !text.isEmpty else {
                throw error(at: item, sv: "varje post i `\(key)` ska vara en icke-tom text",
                            en: "each entry of `\(key)` must be a non-empty text")
            }
            out.append(text)
        }
        return out
    }

    func categoryLists(_ node: Node, key: String) throws(ConfigError) -> [String: [String]] {
        if isNull(node) { return [:] }
        guard case .mapping(let mapping) = node else {
            throw error(at: node, sv: "`\(key)` ska mappa en kategori till en lista med texter",
                        en: "`\(key)` must map a category to a list of texts")
        }
        var out: [String: [String]] = [:]
        for (keyNode, value) in mapping {
            let category = try self.key(keyNode)
            out[category] = try stringList(value, key: "\(key).\(category)")
        }
        return out
    }

    /// Any YAML value as a `ConfigValue`; plain scalars keep the type YAML resolves them to.
    func value(_ node: Node) throws(ConfigError) -> ConfigValue {
        switch node {
        case .scalar(let scalar):
            if isNull(node) {
                throw error(at: node, sv: "värdet saknas", en: "the value is missing")
            }
            guard scalar.style == .plain else { return .string(scalar.string) }
            switch node.tag.rawValue {
            case Tag.Name.int.rawValue: if let i = node.int { return .int(i) }
            case Tag.Name.float.rawValue: if let d = node.float { return .double(d) }
            case Tag.Name.bool.rawValue: if let b = node.bool { return .bool(b) }
            default: break
            }
            return .string(scalar.string)
        case .sequence(let sequence):
            var items: [ConfigValue] = []
            for item in sequence { items.append(try value(item)) }
            return .list(items)
        case .mapping(let mapping):
            var map: [String: ConfigValue] = [:]
            for (keyNode, item) in mapping { map[try key(keyNode)] = try value(item) }
            return .map(map)
        case .alias:
            throw error(at: node, sv: "YAML-alias stöds inte här", en: "YAML aliases are not supported here")
        }
    }
}
