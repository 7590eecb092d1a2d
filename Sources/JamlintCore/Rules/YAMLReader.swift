import Yams

/// A problem in a data file (rule, lexicon, configuration) with the line and column to fix.
public struct DataFileError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var line: Int
    public var column: Int
    public var message: String

    public init(path: String, line: Int, column: Int, message: String) {
        self.path = path
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String { "\(path):\(line):\(column): error: \(message)" }
}

/// A YAML node that remembers its file and position, with typed accessors that fail with a
/// `DataFileError` pointing at the offending value.
struct YAMLValue {
    let node: Node
    let path: String

    var line: Int { node.mark?.line ?? 1 }
    var column: Int { node.mark?.column ?? 1 }

    func error(_ message: String) -> DataFileError {
        DataFileError(path: path, line: line, column: column, message: message)
    }

    /// Parses `text`; YAML syntax errors carry their position.
    static func parse(_ text: String, path: String) throws(DataFileError) -> YAMLValue {
        do {
            // No implicit tag resolution: values are read through the raw tag (quoted = string), so the
            // default resolver's regexes only cost time (they ran on every mapping key for the duplicate check).
            guard let node = try Yams.compose(yaml: text, .basic, .default, .utf8) else {
                throw DataFileError(path: path, line: 1, column: 1, message: "empty file")
            }
            return YAMLValue(node: node, path: path)
        } catch let error as DataFileError {
            throw error
        } catch let error as YamlError {
            throw Self.convert(error, path: path)
        } catch {
            throw DataFileError(path: path, line: 1, column: 1, message: "\(error)")
        }
    }

    static func convert(_ error: YamlError, path: String) -> DataFileError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
             .composer(_, let problem, let mark, _):
            return DataFileError(path: path, line: mark.line, column: mark.column, message: "YAML: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, _):
            return DataFileError(path: path, line: 1, column: 1,
                                 message: "YAML: duplicated keys \(duplicates.joined(separator: ", "))")
        default:
            return DataFileError(path: path, line: 1, column: 1, message: "YAML: \(error)")
        }
    }

    /// The entries of a mapping, in file order; keys outside `allowed` are errors.
    func mapping(allowed: Set<String>? = nil, what: String = "value") throws(DataFileError) -> [(key: String, value: YAMLValue)] {
        guard case .mapping(let map) = node else { throw error("\(what) must be a mapping") }
        var result: [(String, YAMLValue)] = []
        var seen = Set<String>()
        for (k, v) in map {
            let key = YAMLValue(node: k, path: path)
            guard let name = k.string else { throw key.error("keys must be strings") }
            if let allowed, !allowed.contains(name) {
                throw key.error("unknown key `\(name)` in \(what); expected one of: \(allowed.sorted().joined(separator: ", "))")
            }
            if !seen.insert(name).inserted { throw key.error("duplicate key `\(name)`") }
            result.append((name, YAMLValue(node: v, path: path)))
        }
        return result
    }

    func dictionary(allowed: Set<String>? = nil, what: String = "value") throws(DataFileError) -> [String: YAMLValue] {
        var result: [String: YAMLValue] = [:]
        for (k, v) in try mapping(allowed: allowed, what: what) { result[k] = v }
        return result
    }

    var isNull: Bool {
        if case .scalar(let s) = node { return s.tag == .init(.null) || (s.string.isEmpty && s.style == .plain) || s.string == "~" || s.string == "null" }
        return false
    }

    func string(what: String = "value") throws(DataFileError) -> String {
        guard case .scalar(let s) = node else { throw error("\(what) must be a text") }
        return s.string
    }

    func stringList(what: String = "value") throws(DataFileError) -> [String] {
        if case .scalar = node { return [try string(what: what)] }
        guard case .sequence(let seq) = node else { throw error("\(what) must be a list of texts") }
        var out: [String] = []
        for item in seq { out.append(try YAMLValue(node: item, path: path).string(what: "each item of \(what)")) }
        return out
    }

    func list(what: String = "value") throws(DataFileError) -> [YAMLValue] {
        guard case .sequence(let seq) = node else { throw error("\(what) must be a list") }
        return seq.map { YAMLValue(node: $0, path: path) }
    }

    func int(what: String = "value") throws(DataFileError) -> Int {
        guard let v = node.int else { throw error("\(what) must be a whole number") }
        return v
    }

    func bool(what: String = "value") throws(DataFileError) -> Bool {
        guard let v = node.bool else { throw error("\(what) must be true or false") }
        return v
    }

    /// `{sv: …, en: …}`; both languages are required.
    func localized(what: String) throws(DataFileError) -> LocalizedText {
        let map = try dictionary(allowed: ["sv", "en"], what: what)
        guard let sv = map["sv"] else { throw error("\(what) needs a Swedish text (`sv`)") }
        guard let en = map["en"] else { throw error("\(what) needs an English text (`en`)") }
        return LocalizedText(sv: try sv.string(what: "\(what).sv"), en: try en.string(what: "\(what).en"))
    }
}
