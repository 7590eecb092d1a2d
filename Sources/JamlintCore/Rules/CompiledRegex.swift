import Foundation

/// A regular expression compiled once at rule load, matched against block text, with matches
/// reported as scalar ranges of that text.
public struct CompiledRegex: @unchecked Sendable {
    // NSRegularExpression is immutable and documented as safe to use from many threads.
    private let regex: NSRegularExpression
    public let pattern: String
    let prefilter: RegexPrefilter?

    public init?(_ pattern: String, caseInsensitive: Bool = true) {
        guard let r = try? NSRegularExpression(pattern: pattern, options: caseInsensitive ? [.caseInsensitive] : []) else {
            return nil
        }
        self.regex = r
        self.pattern = pattern
        self.prefilter = RegexPrefilter(pattern: pattern)
        self.prefilterSet = RegexPrefilterSet([prefilter])
        requiresDigit = Self.requiresDigit(pattern)
        isOneDigit = pattern == "\\d"
    }

    /// Every match has a `\d` (a scalar of General Category Nd): the expression has one at the top
    /// level, outside groups and classes, not optional, with no top-level `|`. Profile: MEMO001's
    /// registration-number expression (no literal, so no prefilter) ran through ICU on each of
    /// the first blocks of every memo without one.
    let requiresDigit: Bool
    /// The expression is `\d` alone: it matches exactly when the text has a decimal digit.
    let isOneDigit: Bool

    /// See `requiresDigit`. Conservative: anything not understood gives false.
    static func requiresDigit(_ pattern: String) -> Bool {
        var p = Array(pattern.unicodeScalars)
        // A leading case flag changes no digit.
        for flag in ["(?-i)", "(?i)"] where p.starts(with: flag.unicodeScalars) { p.removeFirst(flag.unicodeScalars.count) }
        var i = 0, depth = 0, found = false
        while i < p.count {
            switch p[i] {
            case "\\":
                guard i + 1 < p.count else { return false }
                if p[i + 1] == "Q" { return false }
                let digit = p[i + 1] == "d"
                i += 2
                if digit && depth == 0 {
                    // Optional when a quantifier allowing none follows.
                    var optional = false
                    if i < p.count {
                        if p[i] == "?" || p[i] == "*" { optional = true }
                        if p[i] == "{" { optional = i + 1 < p.count && p[i + 1] == "0" || i + 1 < p.count && p[i + 1] == "," }
                    }
                    if !optional { found = true }
                }
            case "[":
                // Skip the class; nested classes and set operations are not understood.
                i += 1
                if i < p.count && p[i] == "^" { i += 1 }
                if i < p.count && p[i] == "]" { i += 1 }
                while i < p.count && p[i] != "]" {
                    if p[i] == "[" { return false }
                    i += p[i] == "\\" ? 2 : 1
                }
                guard i < p.count else { return false }
                i += 1
            case "(":
                // Flags and comments inside the expression are not understood.
                if i + 1 < p.count && p[i + 1] == "?" && i + 2 < p.count
                    && !(p[i + 2] == ":" || p[i + 2] == "=" || p[i + 2] == "!" || p[i + 2] == "<" || p[i + 2] == ">") {
                    return false
                }
                depth += 1
                i += 1
            case ")":
                depth -= 1
                if depth < 0 { return false }
                i += 1
            case "|":
                if depth == 0 { return false }
                i += 1
            default:
                i += 1
            }
        }
        return found && depth == 0
    }

    /// Whether the scalars may hold a decimal digit (Nd): an ASCII digit, or any scalar from
    /// U+0660 on (below it, 0–9 are the only Nd scalars).
    static func mayHaveDigit<S: Sequence>(_ scalars: S) -> Bool where S.Element == Unicode.Scalar {
        for s in scalars where (s.value >= 0x30 && s.value <= 0x39) || s.value >= 0x660 { return true }
        return false
    }

    /// Whether the scalars hold an ASCII digit.
    static func hasASCIIDigit<S: Sequence>(_ scalars: S) -> Bool where S.Element == Unicode.Scalar {
        for s in scalars where s.value >= 0x30 && s.value <= 0x39 { return true }
        return false
    }

    /// The prefilter as a set of one: its pair bits reject a block before any scan (profile:
    /// `RegexPrefilter.mayMatch` scanned the text once per literal).
    let prefilterSet: RegexPrefilterSet

    /// Matches in an analysed block, skipping the regex engine when the block cannot match.
    func matches(in block: AnalyzedBlock, group name: String? = nil) -> [(whole: Range<Int>, group: Range<Int>?)] {
        if prefilter != nil, prefilterSet.mask(block) == 0 { return [] }
        if requiresDigit && !Self.mayHaveDigit(block.block.text.scalars) { return [] }
        return matches(in: block.block.text, group: name)
    }

    /// Whether the expression matches in an analysed block's text, skipping the regex engine
    /// when the block cannot match.
    func firstMatch(in block: AnalyzedBlock) -> Bool {
        if prefilter != nil, prefilterSet.mask(block) == 0 { return false }
        let text = block.block.text
        if requiresDigit && !Self.mayHaveDigit(text.scalars) { return false }
        if isOneDigit && Self.hasASCIIDigit(text.scalars) { return true }
        var supplementary = 0
        for s in text.scalars where s.value > 0xFFFF { supplementary += 1 }
        return regex.firstMatch(in: text.string, range: NSRange(location: 0, length: text.count + supplementary)) != nil
    }

    /// Scalar ranges of every match.
    public func matches(in text: BlockText) -> [Range<Int>] {
        matches(in: text, group: nil).map(\.whole)
    }

    /// Scalar ranges of every match and of its named capture group, when that took part.
    public func matches(in text: BlockText, group name: String?) -> [(whole: Range<Int>, group: Range<Int>?)] {
        guard !text.isEmpty else { return [] }
        let string = text.string
        // Without scalars beyond U+FFFF a UTF-16 offset is the scalar index, and no map is built.
        // The UTF-16 length from the scalars: `NSString.length` of a bridged String counted it
        // again (~2,500 instructions a call in profiles).
        var supplementary = 0
        for s in text.scalars where s.value > 0xFFFF { supplementary += 1 }
        let bmpOnly = supplementary == 0
        let length = text.count + supplementary
        var utf16ToScalar: [Int] = []
        if !bmpOnly {
            utf16ToScalar.reserveCapacity(length + 1)
            for (i, s) in text.scalars.enumerated() {
                utf16ToScalar.append(i)
                if s.value > 0xFFFF { utf16ToScalar.append(i) }
            }
            utf16ToScalar.append(text.count)
        }
        let units = bmpOnly ? text.count + 1 : utf16ToScalar.count
        func convert(_ r: NSRange) -> Range<Int>? {
            guard r.location != NSNotFound, r.location + r.length < units else { return nil }
            if bmpOnly { return r.location..<(r.location + r.length) }
            return utf16ToScalar[r.location]..<utf16ToScalar[r.location + r.length]
        }
        var out: [(Range<Int>, Range<Int>?)] = []
        for m in regex.matches(in: string, range: NSRange(location: 0, length: length)) {
            guard let whole = convert(m.range) else { continue }
            out.append((whole, name.flatMap { convert(m.range(withName: $0)) }))
        }
        return out
    }

    /// Capture group texts of each match.
    public func captures(in string: String) -> [[String?]] {
        let ns = string as NSString
        return regex.matches(in: string, range: NSRange(location: 0, length: ns.length)).map { m in
            (0..<m.numberOfRanges).map { i in
                let r = m.range(at: i)
                return r.location == NSNotFound ? nil : ns.substring(with: r)
            }
        }
    }

    public func firstMatch(in string: String) -> Bool {
        if requiresDigit && !Self.mayHaveDigit(string.unicodeScalars) { return false }
        if isOneDigit && Self.hasASCIIDigit(string.unicodeScalars) { return true }
        return regex.firstMatch(in: string, range: NSRange(location: 0, length: (string as NSString).length)) != nil
    }
}
