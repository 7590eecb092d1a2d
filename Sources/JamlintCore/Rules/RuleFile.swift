#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Yams

/// One example in a rule file: Markdown text, with `↓` marking where each finding must point.
public struct RuleExample: Sendable {
    public var text: String
    public var line: Int
}

/// The parsed content of one `Rules/*.yml` file.
public struct RuleFile: Sendable {
    public var descriptor: RuleDescriptor
    /// Which parts of the memo the rule reads (see `RuleScope`).
    public var scope: RuleScope
    /// False for rules that apply even when a memo is procedural or declared not relevant.
    public var gated: Bool
    /// False for optional rules that a configuration turns on (`JAM016: { enabled: true }`).
    public var enabledByDefault: Bool
    /// Rules whose condition, when it holds in the gender section, makes this rule pointless
    /// (no notes on missing goals under a section that is empty or only says "no impact").
    public var skipWhen: [String]
    public var options: [String: OptionValue]
    public var triggering: [RuleExample]
    public var nonTriggering: [RuleExample]
    public var path: String
    /// Line of each option key, for errors raised while a rule kind reads its options.
    var optionLines: [String: (line: Int, column: Int)]
    var skipWhenLine: (line: Int, column: Int)?

    static let topKeys: Set<String> = [
        "id", "alias", "kind", "severity", "enabled", "scope", "gated", "skip_when", "summary", "message", "help", "rationale", "sources",
        "options", "examples",
    ]

    /// Reads and validates a rule file. Unknown keys and bad values fail with the file's line.
    public static func load(path: String) throws(DataFileError) -> RuleFile {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw DataFileError(path: path, line: 1, column: 1, message: "cannot read rule file: \(error.localizedDescription)")
        }
        return try parse(text, path: path)
    }

    public static func parse(_ text: String, path: String) throws(DataFileError) -> RuleFile {
        let root = try YAMLValue.parse(text, path: path)
        var skipWhenLine: (line: Int, column: Int)?
        let map = try root.dictionary(allowed: topKeys, what: "a rule file")
        func required(_ key: String) throws(DataFileError) -> YAMLValue {
            guard let v = map[key] else { throw root.error("rule file needs `\(key)`") }
            return v
        }
        let idValue = try required("id")
        let id = try idValue.string(what: "id")
        guard isRuleID(id) else {
            throw idValue.error("id `\(id)` must look like JAM001 (capital letters then three digits)")
        }
        let fileStem = Self.fileStem(path)
        if fileStem != id { throw idValue.error("id `\(id)` must match the file name `\(fileStem)`") }
        let aliasValue = try required("alias")
        let alias = try aliasValue.string(what: "alias")
        guard isRuleAlias(alias) else {
            throw aliasValue.error("alias `\(alias)` must be lowercase ASCII words joined by hyphens")
        }
        let kindValue = try required("kind")
        let kind = try kindValue.string(what: "kind")
        guard RuleKinds.names.contains(kind) else {
            throw kindValue.error("unknown kind `\(kind)`; known kinds: \(RuleKinds.names.sorted().joined(separator: ", "))")
        }
        let severityValue = try required("severity")
        guard let severity = Severity(rawValue: try severityValue.string(what: "severity")) else {
            throw severityValue.error("severity must be error, warning or note")
        }
        var scope = RuleScope.document
        if let s = map["scope"] {
            guard let parsed = RuleScope(rawValue: try s.string(what: "scope")) else {
                throw s.error("scope must be one of: \(RuleScope.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            scope = parsed
        }
        let gated = try map["gated"]?.bool(what: "gated") ?? true
        let enabledByDefault = try map["enabled"]?.bool(what: "enabled") ?? true
        let skipWhen = try map["skip_when"]?.stringList(what: "skip_when") ?? []
        skipWhenLine = map["skip_when"].map { ($0.line, $0.column) }
        let message = try required("message").localized(what: "message")
        try checkMessage(message, at: map["message"]!)
        let descriptor = RuleDescriptor(
            id: id, alias: alias, kind: kind, severity: severity,
            summary: try required("summary").localized(what: "summary"),
            message: message,
            help: try map["help"]?.localized(what: "help"),
            rationale: try required("rationale").localized(what: "rationale"),
            sources: try required("sources").stringList(what: "sources")
        )
        var options: [String: OptionValue] = [:]
        var optionLines: [String: (Int, Int)] = [:]
        if let o = map["options"], !o.isNull {
            for (k, v) in try o.mapping(what: "options") {
                options[k] = try OptionValue(v)
                optionLines[k] = (v.line, v.column)
            }
        }
        var triggering: [RuleExample] = []
        var nonTriggering: [RuleExample] = []
        let examples = try required("examples").dictionary(allowed: ["triggering", "non-triggering"], what: "examples")
        for (key, value) in examples {
            let list = try value.list(what: "examples.\(key)").map { v throws(DataFileError) in
                RuleExample(text: try v.string(what: "an example"), line: v.line)
            }
            if key == "triggering" { triggering = list } else { nonTriggering = list }
        }
        for example in triggering where !Self.marksFinding(example.text) {
            throw DataFileError(path: path, line: example.line, column: 1,
                                message: "a triggering example must mark where the finding points with ↓")
        }
        return RuleFile(
            descriptor: descriptor, scope: scope, gated: gated, enabledByDefault: enabledByDefault, skipWhen: skipWhen, options: options, triggering: triggering,
            nonTriggering: nonTriggering, path: path, optionLines: optionLines, skipWhenLine: skipWhenLine
        )
    }

    /// The file name without folder and extension, as `NSString`'s `lastPathComponent` and
    /// `deletingPathExtension` give it. Profile showed those at ~60 K instructions a file; a plain
    /// `NAME.yml` / `NAME.yaml` after the last slash is cut here, anything else still goes through NSString.
    static func fileStem(_ path: String) -> String {
        let name = path.utf8.lastIndex(of: UInt8(ascii: "/")).map { path[path.index(after: $0)...] } ?? path[...]
        if let first = name.utf8.first, first != UInt8(ascii: ".") {
            for suffix in [".yml", ".yaml"] where name.hasSuffix(suffix) && name.utf8.count > suffix.utf8.count {
                return String(name.dropLast(suffix.count))
            }
        }
        return ((path as NSString).lastPathComponent as NSString).deletingPathExtension
    }

    /// `text.contains("↓")` as Foundation answers it. Profile showed that search at ~26 K instructions an
    /// example; a ↓ (U+2193) between scalars below U+0300 (which cannot join it into a larger character)
    /// is a match for any reading, and text without U+2193 cannot match (no character decomposes to it).
    static func marksFinding(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        guard scalars.contains("\u{2193}") else { return false }
        for (i, s) in scalars.enumerated() where s == "\u{2193}" {
            if (i == 0 || scalars[i - 1].value < 0x300) && (i == scalars.count - 1 || scalars[i + 1].value < 0x300) {
                return true
            }
        }
        return text.contains("↓")
    }

    /// `^[A-Z]{2,8}[0-9]{3}$` without compiling a regular expression at every start-up; like the
    /// regex's `$`, one final line end is allowed.
    static func isRuleID(_ id: String) -> Bool {
        let bytes = Array(withoutFinalLineEnd(id).utf8)
        guard bytes.count >= 5, bytes.count <= 11 else { return false }
        let letters = bytes.count - 3
        for (i, b) in bytes.enumerated() {
            if i < letters { guard b >= UInt8(ascii: "A"), b <= UInt8(ascii: "Z") else { return false } }
            else { guard b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") else { return false } }
        }
        return true
    }

    /// `^[a-z0-9]+(-[a-z0-9]+)*$`: lowercase ASCII words joined by single hyphens.
    static func isRuleAlias(_ alias: String) -> Bool {
        let bytes = Array(withoutFinalLineEnd(alias).utf8)
        guard let first = bytes.first, let last = bytes.last, first != UInt8(ascii: "-"), last != UInt8(ascii: "-")
        else { return false }
        var previous: UInt8 = 0
        for b in bytes {
            let word = (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9"))
            if !word {
                guard b == UInt8(ascii: "-"), previous != UInt8(ascii: "-") else { return false }
            }
            previous = b
        }
        return true
    }

    private static func withoutFinalLineEnd(_ text: String) -> Substring {
        var s = Substring(text)
        if s.hasSuffix("\r\n") || s.hasSuffix("\n") || s.hasSuffix("\r") { s = s.dropLast() }
        return s
    }

    /// Messages start lowercase and have no final period, like compiler diagnostics.
    static func checkMessage(_ message: LocalizedText, at value: YAMLValue) throws(DataFileError) {
        for text in [message.sv, message.en] {
            if let first = text.first, first.isUppercase {
                throw value.error("messages start with a lowercase letter: `\(text)`")
            }
            if text.hasSuffix(".") { throw value.error("messages have no final period: `\(text)`") }
        }
    }

    func optionError(_ key: String, _ message: String) -> DataFileError {
        let at = optionLines[key] ?? (1, 1)
        return DataFileError(path: path, line: at.line, column: at.column, message: "option `\(key)`: \(message)")
    }
}

/// Which blocks of the memo a rule reads.
public enum RuleScope: String, Sendable, CaseIterable {
    /// All prose of the memo.
    case document
    /// The gender-consequence section(s), or the paragraphs that analyse consequences for
    /// both sexes when the memo has no such section.
    case genderSection = "gender-section"
    /// The gender section plus the impact, assessment, social and children sections.
    case impact
}

/// A rule option value, as written in YAML.
public enum OptionValue: Sendable, Equatable {
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case list([OptionValue])
    case map([String: OptionValue])

    init(_ v: YAMLValue) throws(DataFileError) {
        switch v.node {
        case .scalar(let s):
            // The cheap text checks come first: Yams' number constructors copy the text through Foundation
            // (`replacingOccurrences`), which profile showed for every plain option value.
            if s.style == .plain, ["true", "false"].contains(s.string), let b = v.node.bool { self = .bool(b); return }
            if s.style == .plain, Self.mayBeInteger(s.string), let i = v.node.int { self = .int(i); return }
            if s.style == .plain, s.string.contains("."), let d = v.node.float { self = .double(d); return }
            self = .string(s.string)
        case .sequence:
            self = .list(try v.list().map { x throws(DataFileError) in try OptionValue(x) })
        case .mapping:
            var m: [String: OptionValue] = [:]
            for (k, x) in try v.mapping() { m[k] = try OptionValue(x) }
            self = .map(m)
        default:
            throw v.error("unsupported YAML value")
        }
    }

    /// False when Yams' `Int.construct` cannot succeed: it reads only ASCII digits, hex letters, radix
    /// prefixes (0x, 0o, 0b), signs, `_` and the `:` of sexagesimal numbers.
    static func mayBeInteger(_ text: String) -> Bool {
        guard !text.isEmpty else { return false }
        for b in text.utf8 {
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"),
                 UInt8(ascii: "A")...UInt8(ascii: "F"), UInt8(ascii: "x"), UInt8(ascii: "X"), UInt8(ascii: "o"),
                 UInt8(ascii: "O"), UInt8(ascii: "_"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: ":"):
                continue
            default:
                return false
            }
        }
        return true
    }

    var stringList: [String]? {
        switch self {
        case .string(let s): return [s]
        case .list(let l):
            var out: [String] = []
            for item in l { guard case .string(let s) = item else { return nil }; out.append(s) }
            return out
        default: return nil
        }
    }
}
