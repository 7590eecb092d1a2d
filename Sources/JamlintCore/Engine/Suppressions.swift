/// The `<!-- jamlint-… -->` suppression comments of one document, ready to answer "is this finding
/// suppressed?".
///
/// Directives (ids or aliases, separated by spaces or commas; none = every rule; ` -- ` starts a reason):
///
///     <!-- jamlint-disable JAM006 JAM007 -- statistiken redovisas i bilaga 2 -->
///     <!-- jamlint-enable JAM006 -->
///     <!-- jamlint-disable-next-line JAM006 -->
///     Verksamheten har 320 brukare. <!-- jamlint-disable-line statistik-ej-konsuppdelad -->
///     <!-- jamlint-disable-file JAM012 -->
///
/// A `disable` covers lines from its comment's line until the line of the next `enable` for that rule
/// (inclusive: a finding that shares a line with either comment is suppressed), or to the end of the
/// file. `disable-next-line` covers the next line that is neither blank nor only comments.
public struct Suppressions: Sendable {
    public private(set) var directives: [SuppressionDirective] = []
    public private(set) var problems: [SuppressionProblem] = []

    private var fileWide = DisabledRules()
    private var lineScopes: [Int: DisabledRules] = [:]
    /// Range switches, sorted by the line from which they take effect (stable in source order).
    private var switches: [(line: Int, disable: Bool, rules: Set<String>?)] = []
    /// For each known rule id, the switches that concern it (`switches` filtered): the last one at
    /// or before a line decides, found by a binary search. Walking every switch for every finding
    /// took time quadratic in a memo of many (32,000 inline `jamlint-disable` comments: 9.6 s).
    private var switchesByRule: [String: [(line: Int, disable: Bool)]] = [:]

    /// `knownRuleIDs` maps every rule id and alias to its canonical id; lookup ignores case.
    public init(document: Document, knownRuleIDs: [String: String]) {
        // Built on the first directive only: most memos have none, and lower-casing every id
        // and alias per memo showed in profiles.
        var lookupTable: [String: String]?
        func lookup() -> [String: String] {
            if let lookupTable { return lookupTable }
            var table: [String: String] = [:]
            for (key, id) in knownRuleIDs { table[key.lowercased()] = id }
            lookupTable = table
            return table
        }
        let comments = document.comments.sorted { $0.sourceRange.lowerBound < $1.sourceRange.lowerBound }
        let source = document.source
        // Locations counted on from the previous one on the same line (the comments come in order):
        // each counted from its line's start, many comments on one long line took quadratic time.
        var cursor = LocationCursor()
        func location(_ offset: Int) -> SourceLocation { Linter.locate(source, offset, cursor: &cursor).location }
        for comment in comments {
            guard let parsed = DirectiveText(comment: comment, source: source) else { continue }
            switch parsed.keyword {
            case "disable", "enable", "disable-line", "disable-next-line", "disable-file":
                add(parsed, comments: comments, source: source, lookup: lookup(), location: location)
            case "relevans", "relevance", "motivering", "reason":
                continue  // Relevance declarations, read by `Relevance`.
            default:
                problems.append(SuppressionProblem(
                    severity: .error, location: location(parsed.keywordOffset),
                    length: parsed.keywordEnd - parsed.keywordOffset,
                    message: LocalizedText(
                        sv: "okänt direktiv `jamlint-\(parsed.keyword)`; använd jamlint-disable, jamlint-enable, "
                            + "jamlint-disable-line, jamlint-disable-next-line eller jamlint-disable-file",
                        en: "unknown directive `jamlint-\(parsed.keyword)`; use jamlint-disable, jamlint-enable, "
                            + "jamlint-disable-line, jamlint-disable-next-line or jamlint-disable-file")))
            }
        }
        switches.sort { $0.line < $1.line }
        if !switches.isEmpty {
            for id in Set(knownRuleIDs.values) { switchesByRule[id] = Self.switches(switches, for: id) }
        }
    }

    private static func switches(_ all: [(line: Int, disable: Bool, rules: Set<String>?)], for id: String)
        -> [(line: Int, disable: Bool)] {
        all.compactMap { s in s.rules == nil || s.rules?.contains(id) == true ? (s.line, s.disable) : nil }
    }

    public var isEmpty: Bool { directives.isEmpty }

    /// The id-or-alias → id map `init` and `Configuration.resolvedRules` take, for a rule set.
    public static func knownRuleIDs(_ rules: [RuleDescriptor]) -> [String: String] {
        var map: [String: String] = [:]
        for rule in rules {
            map[rule.id] = rule.id
            if !rule.alias.isEmpty { map[rule.alias] = rule.id }
        }
        return map
    }

    /// Whether findings of rule `ruleID` (canonical id) on 1-based `line` are suppressed.
    public func isSuppressed(ruleID: String, line: Int) -> Bool {
        if directives.isEmpty { return false }
        if fileWide.contains(ruleID) { return true }
        if let scope = lineScopes[line], scope.contains(ruleID) { return true }
        if switches.isEmpty { return false }
        let concerning = switchesByRule[ruleID] ?? Self.switches(switches, for: ruleID)
        var lo = 0, hi = concerning.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if concerning[mid].line <= line { lo = mid + 1 } else { hi = mid }
        }
        return lo > 0 && concerning[lo - 1].disable
    }

    /// `location`: of a source offset, asked in ascending order.
    private mutating func add(_ parsed: DirectiveText, comments: [SourceComment], source: SourceFile,
                              lookup: [String: String], location: (Int) -> SourceLocation) {
        guard let kind = SuppressionDirective.Kind(rawValue: parsed.keyword) else { return }
        var rules: [String]? = nil
        if !parsed.ids.isEmpty {
            var resolved: [String] = []
            for (token, bytes) in parsed.ids {
                if let id = lookup[token.lowercased()] {
                    if !resolved.contains(id) { resolved.append(id) }
                } else {
                    problems.append(SuppressionProblem(
                        severity: .warning, location: location(bytes.lowerBound), length: bytes.count,
                        message: LocalizedText(
                            sv: "okänd regel `\(token)` i jamlint-kommentaren",
                            en: "unknown rule `\(token)` in jamlint comment")))
                }
            }
            // Only unknown ids: the directive suppresses nothing rather than everything.
            rules = resolved
        }
        let range = parsed.commentRange
        let firstLine = source.line(ofByte: range.lowerBound)
        let lastLine = source.line(ofByte: max(range.lowerBound, range.upperBound - 1))
        var covered: ClosedRange<Int>? = nil
        let set = rules.map(Set.init)
        switch kind {
        case .disable:
            switches.append((firstLine, true, set))
        case .enable:
            switches.append((lastLine + 1, false, set))
        case .disableLine:
            covered = firstLine...lastLine
        case .disableNextLine:
            guard let target = Self.nextContentLine(after: lastLine, comments: comments, source: source) else {
                problems.append(SuppressionProblem(
                    severity: .warning, location: location(range.lowerBound),
                    length: parsed.keywordEnd - range.lowerBound,
                    message: LocalizedText(
                        sv: "`jamlint-disable-next-line` följs inte av någon rad med text",
                        en: "`jamlint-disable-next-line` is not followed by a line with text")))
                return
            }
            covered = target...target
        case .disableFile:
            fileWide.add(set)
        }
        if let covered {
            for line in covered { lineScopes[line, default: DisabledRules()].add(set) }
        }
        directives.append(SuppressionDirective(
            kind: kind, ruleIDs: rules, reason: parsed.reason, location: location(range.lowerBound),
            lines: covered))
    }

    /// The first line after `line` that has something other than white space and comments.
    private static func nextContentLine(after line: Int, comments: [SourceComment], source: SourceFile) -> Int? {
        var candidate = line + 1
        guard candidate <= source.lineCount else { return nil }
        // The first comment that ends after the line's start, by binary search (the comments are
        // sorted and do not overlap): walked from the first, a memo of many `disable-next-line`
        // comments took quadratic time.
        let from = source.lineRange(candidate).lowerBound
        var commentIndex = 0, hi = comments.count
        while commentIndex < hi {
            let mid = (commentIndex + hi) / 2
            if comments[mid].sourceRange.upperBound <= from { commentIndex = mid + 1 } else { hi = mid }
        }
        while candidate <= source.lineCount {
            let range = source.lineRange(candidate)
            var offset = range.lowerBound
            var hasContent = false
            while offset < range.upperBound {
                let byte = source.bytes[offset]
                if byte == 0x20 || byte == 0x09 || byte == 0x0C {
                    offset += 1
                    continue
                }
                while commentIndex < comments.count && comments[commentIndex].sourceRange.upperBound <= offset {
                    commentIndex += 1
                }
                if commentIndex < comments.count && comments[commentIndex].sourceRange.contains(offset) {
                    offset = comments[commentIndex].sourceRange.upperBound
                    continue
                }
                hasContent = true
                break
            }
            if hasContent { return candidate }
            candidate += 1
        }
        return nil
    }
}

/// One suppression comment as understood.
public struct SuppressionDirective: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable {
        case disable
        case enable
        case disableLine = "disable-line"
        case disableNextLine = "disable-next-line"
        case disableFile = "disable-file"
    }

    public var kind: Kind
    /// Canonical rule ids; nil means every rule. Empty when every id written was unknown.
    public var ruleIDs: [String]?
    /// The text after ` -- `, if any.
    public var reason: String?
    /// Where the comment starts.
    public var location: SourceLocation
    /// The lines a `disable-line` or `disable-next-line` covers.
    public var lines: ClosedRange<Int>?
}

/// A mistake in a `jamlint-…` comment or declaration, reported to the writer of the memo.
public struct DirectiveProblem: Sendable, Hashable {
    public var severity: Severity
    public var location: SourceLocation
    /// The source bytes at fault, from `location` on (the finding's span).
    public var bytes: Range<Int>
    public var message: LocalizedText

    /// `length`: of the bytes at fault from `location` (at least 0).
    public init(severity: Severity, location: SourceLocation, length: Int, message: LocalizedText) {
        self.severity = severity
        self.location = location
        self.bytes = location.offset..<(location.offset + max(0, length))
        self.message = message
    }
}

public typealias SuppressionProblem = DirectiveProblem

/// Rules that are off in some scope: all of them, or a set.
private struct DisabledRules: Sendable {
    var all = false
    var rules: Set<String> = []

    mutating func add(_ set: Set<String>?) {
        if let set { rules.formUnion(set) } else { all = true }
    }

    func contains(_ id: String) -> Bool { all || rules.contains(id) }
}

/// The parts of a `jamlint-<keyword> ids… -- reason` comment, with source offsets of the pieces.
struct DirectiveText {
    /// Lower-cased, without the `jamlint-` prefix and a trailing colon.
    let keyword: String
    /// Where `jamlint-keyword` starts and ends in the source (the comment's range when the
    /// comment's text is not the source's bytes).
    let keywordOffset: Int
    let keywordEnd: Int
    /// Id tokens with the source bytes of each (as `keywordOffset`).
    let ids: [(String, Range<Int>)]
    /// The text after ` -- `, trimmed; nil when absent or empty.
    let reason: String?
    /// Everything after the keyword, trimmed (used by relevance declarations).
    let argument: String
    let commentRange: Range<Int>

    /// Nil when the comment is not a `jamlint-` comment.
    init?(comment: SourceComment, source: SourceFile) {
        let bytes = Array(comment.text.utf8)
        var i = 0
        while i < bytes.count && Self.isSpace(bytes[i]) { i += 1 }
        let prefix = Array("jamlint-".utf8)
        guard bytes.count - i > prefix.count else { return nil }
        for k in 0..<prefix.count where Self.lower(bytes[i + k]) != prefix[k] { return nil }
        // Map offsets in the comment text to the source: exact when the text is the source's bytes after `<!--`.
        let range = comment.sourceRange
        var base = range.lowerBound
        if source.bytes.count >= base + 4, source.bytes[base..<base + 4].elementsEqual("<!--".utf8) { base += 4 }
        let exact = base + bytes.count <= source.bytes.count
            && source.bytes[base..<base + bytes.count].elementsEqual(bytes)
        func sourceOffset(_ k: Int) -> Int { exact ? base + k : range.lowerBound }
        func sourceEnd(_ k: Int) -> Int { exact ? base + k : range.upperBound }

        let keywordStart = i
        i += prefix.count
        var keyword: [UInt8] = []
        while i < bytes.count, Self.isKeywordByte(bytes[i]) {
            keyword.append(Self.lower(bytes[i]))
            i += 1
        }
        self.keywordEnd = sourceEnd(i)
        if i < bytes.count && bytes[i] == UInt8(ascii: ":") { i += 1 }
        self.keyword = String(decoding: keyword, as: UTF8.self)
        self.keywordOffset = sourceOffset(keywordStart)
        self.commentRange = range

        // The reason starts at a `--` that stands alone (white space or the text's edge on both sides).
        var end = bytes.count
        var reasonStart: Int? = nil
        var k = i
        while k + 1 < bytes.count {
            if bytes[k] == UInt8(ascii: "-") && bytes[k + 1] == UInt8(ascii: "-")
                && (k == i || Self.isSpace(bytes[k - 1]))
                && (k + 2 == bytes.count || Self.isSpace(bytes[k + 2])) {
                end = k
                reasonStart = k + 2
                break
            }
            k += 1
        }
        var ids: [(String, Range<Int>)] = []
        var t = i
        while t < end {
            while t < end && (Self.isSpace(bytes[t]) || bytes[t] == UInt8(ascii: ",")) { t += 1 }
            let start = t
            while t < end && !Self.isSpace(bytes[t]) && bytes[t] != UInt8(ascii: ",") { t += 1 }
            if t > start {
                ids.append((String(decoding: bytes[start..<t], as: UTF8.self), sourceOffset(start)..<sourceEnd(t)))
            }
        }
        self.ids = ids
        self.argument = Self.trim(bytes[i..<bytes.count])
        if let reasonStart {
            let reason = Self.trim(bytes[reasonStart..<bytes.count])
            self.reason = reason.isEmpty ? nil : reason
        } else {
            self.reason = nil
        }
    }

    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0C }

    private static func isKeywordByte(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
            || b == UInt8(ascii: "-")
    }

    private static func lower(_ b: UInt8) -> UInt8 {
        b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") ? b + 32 : b
    }

    static func trim(_ slice: ArraySlice<UInt8>) -> String {
        var lo = slice.startIndex, hi = slice.endIndex
        while lo < hi && isSpace(slice[lo]) { lo += 1 }
        while hi > lo && isSpace(slice[hi - 1]) { hi -= 1 }
        return String(decoding: slice[lo..<hi], as: UTF8.self)
    }
}
