import CYaml
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
            let composed: Node?
            switch YAMLFastComposer.compose(text) {
            case .root(let node): composed = node
            case .fallback: composed = try Yams.compose(yaml: text, .basic, .default, .utf8)
            }
            guard let node = composed else {
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
        // `dictionary(allowed: ["sv", "en"], what:)` spelt out for two keys, in the same order of checks and with
        // the same errors: profile showed the sets and dictionary of the general path for the ~80 texts of the rules.
        guard case .mapping(let map) = node else { throw error("\(what) must be a mapping") }
        var sv: YAMLValue?
        var en: YAMLValue?
        for (k, v) in map {
            let key = YAMLValue(node: k, path: path)
            guard let name = k.string else { throw key.error("keys must be strings") }
            switch name {
            case "sv":
                if sv != nil { throw key.error("duplicate key `sv`") }
                sv = YAMLValue(node: v, path: path)
            case "en":
                if en != nil { throw key.error("duplicate key `en`") }
                en = YAMLValue(node: v, path: path)
            default:
                throw key.error("unknown key `\(name)` in \(what); expected one of: en, sv")
            }
        }
        guard let sv else { throw error("\(what) needs a Swedish text (`sv`)") }
        guard let en else { throw error("\(what) needs an English text (`en`)") }
        return LocalizedText(sv: try sv.string(what: "\(what).sv"), en: try en.string(what: "\(what).en"))
    }
}

/// Composes libyaml's events straight into the `Node` tree that `Yams.compose(yaml:, .basic, .default, .utf8)`
/// builds, for the data files jamlint reads at every start (rules, lexicon).
///
/// Why: the profile of linting one memo showed Yams' composer at ~17 M instructions on top of libyaml's own
/// ~13 M: a class instance per event, Foundation's `String(bytes:encoding:)` per scalar and a hashed
/// duplicate-key check per mapping. Only the plain subset of YAML is handled here; anything else — a
/// syntax error, anchors, aliases, explicit tags, keys that are not scalars, two keys with the same text,
/// a second document — gives `.fallback`, and the caller composes with Yams, whose nodes and errors are
/// then exactly as before.
enum YAMLFastComposer {
    enum Outcome {
        case root(Node?)
        case fallback
    }

    private struct Fallback: Error {}

    /// Yams keeps `Mark`'s initialiser internal; a mark is two `Int`s (line, column), checked here once.
    private struct MarkLayout {
        var line: Int
        var column: Int
    }

    private static let markLayoutHolds: Bool = {
        guard MemoryLayout<Mark>.size == MemoryLayout<MarkLayout>.size,
              MemoryLayout<Mark>.alignment == MemoryLayout<MarkLayout>.alignment else { return false }
        let mark = unsafeBitCast(MarkLayout(line: 3, column: 2), to: Mark.self)
        return mark.line == 3 && mark.column == 2
    }()

    /// `nullTags`: instead of the basic resolver's tags, plain untagged scalars that YAML 1.1 (Yams' default
    /// resolver) reads as null get the null tag, the others `str`. Enough for a reader that asks only whether a
    /// value is null (`ProceduralList`), and it skips the default resolver's seven regular expressions.
    static func compose(_ text: String, nullTags: Bool = false) -> Outcome {
        guard markLayoutHolds, !text.isEmpty else { return .fallback }
        let outcome = text.utf8.withContiguousStorageIfAvailable { bytes -> Outcome in
            guard let base = bytes.baseAddress else { return .fallback }
            // libyaml keeps a pointer to the parser in it: the parser must not move, hence the allocation.
            let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
            parser.initialize(to: yaml_parser_t())
            defer { parser.deinitialize(count: 1); parser.deallocate() }
            guard yaml_parser_initialize(parser) == 1 else { return .fallback }
            defer { yaml_parser_delete(parser) }
            yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
            yaml_parser_set_input_string(parser, base, bytes.count)
            let reader = EventReader(parser: parser, constructor: Constructor.default, nullTags: nullTags)
            do { return .root(try reader.document()) } catch { return .fallback }
        }
        return outcome ?? .fallback
    }

    private struct EventReader {
        let parser: UnsafeMutablePointer<yaml_parser_t>
        /// One constructor for the whole file, as Yams' `Parser` shares its own with every tag.
        let constructor: Constructor
        let nullTags: Bool

        /// The next event; the caller deletes it.
        func next() throws(Fallback) -> yaml_event_t {
            var event = yaml_event_t()
            guard yaml_parser_parse(parser, &event) == 1 else { throw Fallback() }
            return event
        }

        func skip(_ type: yaml_event_type_t) throws(Fallback) {
            var event = try next()
            let found = event.type
            yaml_event_delete(&event)
            guard found == type else { throw Fallback() }
        }

        /// The single document of the stream, nil for an empty stream (as `Parser.singleRoot`).
        func document() throws(Fallback) -> Node? {
            try skip(YAML_STREAM_START_EVENT)
            var event = try next()
            let type = event.type
            yaml_event_delete(&event)
            if type == YAML_STREAM_END_EVENT { return nil }
            guard type == YAML_DOCUMENT_START_EVENT else { throw Fallback() }
            var first = try next()
            let root = try node(from: &first)
            try skip(YAML_DOCUMENT_END_EVENT)
            try skip(YAML_STREAM_END_EVENT)
            return root
        }

        /// Yams' null rule, `^(?:~|null|Null|NULL|)$`. Its `$` would also match before a final line break,
        /// which a plain scalar cannot end with.
        static func isYAMLNull(_ text: String) -> Bool {
            text.isEmpty || text == "~" || text == "null" || text == "Null" || text == "NULL"
        }

        func mark(_ m: yaml_mark_t) -> Mark {
            unsafeBitCast(MarkLayout(line: m.line + 1, column: m.column + 1), to: Mark.self)
        }

        /// The node that starts with `event`, which this deletes.
        func node(from event: inout yaml_event_t) throws(Fallback) -> Node {
            defer { yaml_event_delete(&event) }
            let mark = mark(event.start_mark)
            switch event.type {
            case YAML_SCALAR_EVENT:
                let s = event.data.scalar
                guard s.anchor == nil else { throw Fallback() }
                let tag: Tag.Name
                if s.quoted_implicit == 1 { tag = .str } else if s.tag == nil { tag = .implicit } else { throw Fallback() }
                guard let style = Node.Scalar.Style(rawValue: numericCast(s.style.rawValue)) else { throw Fallback() }
                let bytes = UnsafeBufferPointer(start: s.value, count: s.length)
                // libyaml hands out valid UTF-8 (it rejects invalid input and escapes), so decoding cannot repair
                // anything; `String(validating:)` cost three times as much. Foundation's decoding, which Yams
                // uses, might treat a leading byte order mark differently: left to Yams.
                guard !bytes.starts(with: [0xEF, 0xBB, 0xBF]) else { throw Fallback() }
                let string = String(decoding: bytes, as: UTF8.self)
                if nullTags, tag == .implicit, style == .plain, Self.isYAMLNull(string) {
                    return .scalar(.init(string, Tag(.null, .basic, constructor), style, mark, nil))
                }
                return .scalar(.init(string, Tag(tag, .basic, constructor), style, mark, nil))
            case YAML_SEQUENCE_START_EVENT:
                let s = event.data.sequence_start
                guard s.anchor == nil, s.implicit != 0 else { throw Fallback() }
                var nodes: [Node] = []
                var item = try next()
                while item.type != YAML_SEQUENCE_END_EVENT {
                    nodes.append(try node(from: &item))
                    item = try next()
                }
                // Yams takes the style from the end event.
                let raw = item.data.sequence_start.style.rawValue
                yaml_event_delete(&item)
                guard let style = Node.Sequence.Style(rawValue: numericCast(raw)) else { throw Fallback() }
                return .sequence(.init(nodes, Tag(.implicit, .basic, constructor), style, mark, nil))
            case YAML_MAPPING_START_EVENT:
                let m = event.data.mapping_start
                guard m.anchor == nil, m.implicit != 0 else { throw Fallback() }
                var pairs: [(Node, Node)] = []
                var keys = Set<String>()
                var item = try next()
                while item.type != YAML_MAPPING_END_EVENT {
                    let key = try node(from: &item)
                    // With the basic resolver, scalar keys without explicit tags are equal exactly when their
                    // texts are; Yams words the duplicate-key error.
                    guard case .scalar(let k) = key, keys.insert(k.string).inserted else { throw Fallback() }
                    var valueEvent = try next()
                    pairs.append((key, try node(from: &valueEvent)))
                    item = try next()
                }
                let raw = item.data.mapping_start.style.rawValue
                yaml_event_delete(&item)
                guard let style = Node.Mapping.Style(rawValue: numericCast(raw)) else { throw Fallback() }
                return .mapping(.init(pairs, Tag(.implicit, .basic, constructor), style, mark, nil))
            default:
                throw Fallback()
            }
        }
    }
}
