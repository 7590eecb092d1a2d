import Yams

/// Positions of YAML nodes and errors, so strict loaders can say "path:line:col: message".
///
/// Reusable by any data loader (lexicons, rule files): compose with `compose(_:path:)`, walk the
/// `Node` tree, and report problems at `position(of:)` of the offending key or value.
public enum YAMLLocation {
    /// 1-based line and column of a node (1:1 when Yams kept no mark).
    public static func position(of node: Node) -> (line: Int, column: Int) {
        guard let mark = node.mark else { return (1, 1) }
        return (mark.line, mark.column)
    }

    /// An error located at `node`.
    public static func error(_ message: String, at node: Node, path: String) -> LexiconError {
        let (line, column) = position(of: node)
        return LexiconError(path: path, line: line, column: column, message: message)
    }

    /// The position and a one-line message of a Yams error (1:1 and the error text otherwise).
    public static func position(of error: Error) -> (line: Int, column: Int, message: String) {
        guard let yaml = error as? YamlError else { return (1, 1, "\(error)") }
        switch yaml {
        case let .scanner(context, problem, mark, _),
             let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            let text = [context?.text, problem].compactMap { $0 }.joined(separator: ": ")
            return (mark.line, mark.column, "invalid YAML: \(text)")
        case let .duplicatedKeysInMapping(duplicates, context):
            return (context.mark.line, context.mark.column,
                    "duplicate key \(duplicates.map { "`\($0)`" }.joined(separator: ", "))")
        case let .reader(problem, _, _, _):
            return (1, 1, "unreadable YAML: \(problem)")
        default:
            return (1, 1, "invalid YAML: \(yaml)")
        }
    }

    /// Composes one YAML document into a node tree; syntax errors become `LexiconError`s with
    /// the position libyaml reported. An empty document gives nil.
    public static func compose(_ yaml: String, path: String) throws(LexiconError) -> Node? {
        do {
            // Lexicon values are all read as strings: skip the default resolver's regexes (run on every
            // mapping key) and the environment look-up of the default encoding. The fast composer builds the
            // same tree without Yams' per-event overhead; Yams takes over for anything it leaves (and errors).
            if case .root(let node) = YAMLFastComposer.compose(yaml) { return node }
            return try Yams.compose(yaml: yaml, .basic, .default, .utf8)
        } catch {
            let (line, column, message) = position(of: error)
            throw LexiconError(path: path, line: line, column: column, message: message)
        }
    }

    /// The pairs of a mapping node, or an error naming what was expected.
    public static func mapping(_ node: Node, path: String, what: String) throws(LexiconError) -> [(key: String, keyNode: Node, value: Node)] {
        guard case let .mapping(map) = node else {
            throw error("\(what) must be a mapping", at: node, path: path)
        }
        var out: [(key: String, keyNode: Node, value: Node)] = []
        for (k, v) in map {
            guard case let .scalar(scalar) = k else {
                throw error("\(what): keys must be plain strings", at: k, path: path)
            }
            out.append((scalar.string, k, v))
        }
        return out
    }

    /// A list of non-empty strings.
    public static func stringList(_ node: Node, path: String, what: String) throws(LexiconError) -> [String] {
        guard case let .sequence(seq) = node else {
            throw error("`\(what)` must be a list of strings", at: node, path: path)
        }
        var out: [String] = []
        for item in seq {
            guard case let .scalar(scalar) = item, scalar.string.hasNonSpace else {
                throw error("`\(what)` must contain only non-empty strings", at: item, path: path)
            }
            out.append(scalar.string)
        }
        return out
    }

    /// A plain string value.
    public static func string(_ node: Node, path: String, what: String) throws(LexiconError) -> String {
        guard case let .scalar(scalar) = node, !scalar.string.isEmpty else {
            throw error("`\(what)` must be a string", at: node, path: path)
        }
        return scalar.string
    }
}

extension String {
    /// `!trimmingSpaces.isEmpty`, decided by the first byte when that is ASCII and not white space (a
    /// `Character` is white space when its first scalar is). Profile showed trimming every lexicon entry
    /// Character by Character at ~2.4 M instructions per start.
    var hasNonSpace: Bool {
        if let b = utf8.first, b < 0x80, b != 0x20, !(0x09...0x0D).contains(b) { return true }
        return !trimmingSpaces.isEmpty
    }

    var trimmingSpaces: Substring {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return s
    }
}
