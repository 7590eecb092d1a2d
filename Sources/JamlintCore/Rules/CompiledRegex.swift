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
        cacheID = RegexMatchCache.nextOwner()
        self.prefilter = RegexPrefilter(pattern: pattern)
        self.prefilterSet = RegexPrefilterSet([prefilter])
        requiresDigit = Self.requiresDigit(pattern)
        isOneDigit = pattern == "\\d"
        looksBackOneScalar = Self.looksBackOneScalar(pattern)
        shape = RegexShape(pattern: pattern, caseInsensitive: caseInsensitive)
        window = prefilter.flatMap { p in
            p.clauses.lazy.compactMap { $0.count == 1 ? MatchWindow(pattern: pattern, literal: $0[0]) : nil }.first
        }
    }

    /// This expression's key in the threads' `RegexMatchCache`s (shared by copies, which match alike).
    let cacheID: UInt64

    /// A walk of the scalars that rejects most texts ICU finds no match in, for an expression
    /// that is a plain sequence (see `RegexShape`); nil for others.
    let shape: RegexShape?

    /// Where in a block a match can start at the earliest (see `MatchWindow`); nil: anywhere.
    let window: MatchWindow?
    /// See `looksBackOneScalar(_:)`.
    let looksBackOneScalar: Bool

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

    /// Whether the scalars may hold a decimal digit (Nd), which `\d` needs: an ASCII digit, or a
    /// scalar from U+0660 on that lies in `decimalDigitRanges` (below U+0660, 0–9 are the only Nd
    /// scalars). Profile: any scalar from U+0660 on counted before, and the dashes and quotes of
    /// almost every memo's first blocks sent MEMO001's registration-number expression through ICU
    /// (~21,600 instructions a call) on blocks without a digit.
    static func mayHaveDigit<S: Sequence>(_ scalars: S) -> Bool where S.Element == Unicode.Scalar {
        for s in scalars where s.value >= 0x30 {
            if s.value <= 0x39 { return true }
            if s.value >= 0x660 && isDecimalDigitBeyondASCII(s.value) { return true }
        }
        return false
    }

    /// Whether a scalar from U+0660 on lies in `decimalDigitRanges`: a binary search for the last
    /// range starting at or before it.
    static func isDecimalDigitBeyondASCII(_ v: UInt32) -> Bool {
        decimalDigitRanges.withUnsafeBufferPointer { r in
            // r holds (first, last) pairs sorted by first; find the last pair whose first is <= v.
            var lo = 0, hi = r.count / 2
            while lo < hi {
                let mid = (lo + hi) / 2
                if r[2 * mid] <= v { lo = mid + 1 } else { hi = mid }
            }
            return lo > 0 && v <= r[2 * (lo - 1) + 1]
        }
    }

    /// The decimal digits, as (first, last) pairs: the union of the scalars whose General Category
    /// is Nd in the Swift standard library and those ICU's `\d` matches (the standard library's
    /// newer Unicode also has U+11DE0–U+11DE9). A superset does no harm (the regex then runs); a
    /// missing digit would skip a match, so `DigitTableTests` checks it against both over every scalar.
    static let decimalDigitRanges: [UInt32] = [
        0x30, 0x39, 0x660, 0x669, 0x6F0, 0x6F9, 0x7C0, 0x7C9, 0x966, 0x96F, 0x9E6, 0x9EF,
        0xA66, 0xA6F, 0xAE6, 0xAEF, 0xB66, 0xB6F, 0xBE6, 0xBEF, 0xC66, 0xC6F, 0xCE6, 0xCEF,
        0xD66, 0xD6F, 0xDE6, 0xDEF, 0xE50, 0xE59, 0xED0, 0xED9, 0xF20, 0xF29, 0x1040, 0x1049,
        0x1090, 0x1099, 0x17E0, 0x17E9, 0x1810, 0x1819, 0x1946, 0x194F, 0x19D0, 0x19D9, 0x1A80, 0x1A89,
        0x1A90, 0x1A99, 0x1B50, 0x1B59, 0x1BB0, 0x1BB9, 0x1C40, 0x1C49, 0x1C50, 0x1C59, 0xA620, 0xA629,
        0xA8D0, 0xA8D9, 0xA900, 0xA909, 0xA9D0, 0xA9D9, 0xA9F0, 0xA9F9, 0xAA50, 0xAA59, 0xABF0, 0xABF9,
        0xFF10, 0xFF19, 0x104A0, 0x104A9, 0x10D30, 0x10D39, 0x10D40, 0x10D49, 0x11066, 0x1106F, 0x110F0, 0x110F9,
        0x11136, 0x1113F, 0x111D0, 0x111D9, 0x112F0, 0x112F9, 0x11450, 0x11459, 0x114D0, 0x114D9, 0x11650, 0x11659,
        0x116C0, 0x116C9, 0x116D0, 0x116E3, 0x11730, 0x11739, 0x118E0, 0x118E9, 0x11950, 0x11959, 0x11BF0, 0x11BF9,
        0x11C50, 0x11C59, 0x11D50, 0x11D59, 0x11DA0, 0x11DA9, 0x11DE0, 0x11DE9, 0x11F50, 0x11F59, 0x16130, 0x16139,
        0x16A60, 0x16A69, 0x16AC0, 0x16AC9, 0x16B50, 0x16B59, 0x16D70, 0x16D79, 0x1CCF0, 0x1CCF9, 0x1D7CE, 0x1D7FF,
        0x1E140, 0x1E149, 0x1E2F0, 0x1E2F9, 0x1E4F0, 0x1E4F9, 0x1E5F1, 0x1E5FA, 0x1E950, 0x1E959, 0x1FBF0, 0x1FBF9
    ]

    /// Whether the scalars hold an ASCII digit.
    static func hasASCIIDigit<S: Sequence>(_ scalars: S) -> Bool where S.Element == Unicode.Scalar {
        for s in scalars where s.value >= 0x30 && s.value <= 0x39 { return true }
        return false
    }

    /// The prefilter as a set of one: its key scan rejects a block before the regex engine runs
    /// (profile: `RegexPrefilter.mayMatch` scanned the text once per literal).
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
        if let shape, !text.scalars.withUnsafeBufferPointer({ shape.mayMatch($0) }) { return false }
        // A text met before on this thread (see `RegexMatchCache`) is not handed to ICU again.
        guard text.count <= RegexMatchCache.maxScalars else { return uncachedFirstMatch(in: text) }
        return RegexMatchCache.current()._withUnsafeGuaranteedRef { cache in
            cache.firstMatch(owner: cacheID, scalars: text.scalars) { uncachedFirstMatch(in: text) }
        }
    }

    /// `firstMatch(in:)` of a block's text by ICU (which the tests above leave to it).
    func uncachedFirstMatch(in text: BlockText) -> Bool {
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
        if let shape, !text.scalars.withUnsafeBufferPointer({ shape.mayMatch($0) }) { return [] }
        // A text met before on this thread (see `RegexMatchCache`) is not handed to ICU again.
        guard text.count <= RegexMatchCache.maxScalars else { return uncachedMatches(in: text, group: name) }
        return RegexMatchCache.current()._withUnsafeGuaranteedRef { cache in
            cache.matches(owner: cacheID, group: name, scalars: text.scalars) { uncachedMatches(in: text, group: name) }
        }
    }

    /// `matches(in:group:)` by ICU, for a text that is not empty.
    func uncachedMatches(in text: BlockText, group name: String?) -> [(whole: Range<Int>, group: Range<Int>?)] {
        // Where no match can start before (see `MatchWindow`), and where the literal last occurs.
        var start = 0
        var lastLiteral = Int.max
        if let window, let bounds = text.scalars.withUnsafeBufferPointer({ window.bounds(in: $0) }) {
            start = bounds.start
            lastLiteral = bounds.last
        }
        // The text handed to ICU begins a few scalars before the window, at a scalar that `\b`
        // does not look back over (not a combining mark or format character: below U+0300 and
        // not U+00AD), when the expression looks back no further (`looksBackOneScalar`).
        // Profile: bridging the block's String to UTF-16 for ICU was about a third of the cost.
        var base = 0
        if looksBackOneScalar && start > 8 {
            base = start - 8
            while base > 0 && (text.scalars[base].value >= 0x300 || text.scalars[base].value == 0xAD) { base -= 1 }
        }
        let scalars = text.scalars[base...]
        let string = BlockText.string(scalars)
        // Without scalars beyond U+FFFF a UTF-16 offset is the scalar index, and no map is built.
        // The UTF-16 length from the scalars: `NSString.length` of a bridged String counted it
        // again (~2,500 instructions a call in profiles).
        var supplementary = 0
        for s in scalars where s.value > 0xFFFF { supplementary += 1 }
        let bmpOnly = supplementary == 0
        let length = scalars.count + supplementary
        var utf16ToScalar: [Int] = []
        if !bmpOnly {
            utf16ToScalar.reserveCapacity(length + 1)
            for (i, s) in scalars.enumerated() {
                utf16ToScalar.append(i)
                if s.value > 0xFFFF { utf16ToScalar.append(i) }
            }
            utf16ToScalar.append(scalars.count)
        }
        let units = bmpOnly ? scalars.count + 1 : utf16ToScalar.count
        // Ranges in the handed text, as scalar ranges of the block's.
        func convert(_ r: NSRange) -> Range<Int>? {
            guard r.location != NSNotFound, r.location + r.length < units else { return nil }
            if bmpOnly { return (base + r.location)..<(base + r.location + r.length) }
            return (base + utf16ToScalar[r.location])..<(base + utf16ToScalar[r.location + r.length])
        }
        // From the window's start on, with the text around it visible to `\b` and lookarounds and
        // `^` only at the real start: no match starts before it, so ICU finds the same matches.
        // Profile: `attachment-reference` spent ~38,000 instructions a block in ICU, mostly
        // trying start positions before and after the one "bilaga" of the block.
        var from = 0
        if start > base {
            from = start - base
            for s in scalars[..<start] where s.value > 0xFFFF { from += 1 }
        }
        var out: [(Range<Int>, Range<Int>?)] = []
        let options: NSRegularExpression.MatchingOptions = from > 0 || base > 0 ? [.withTransparentBounds, .withoutAnchoringBounds] : []
        regex.enumerateMatches(in: string, options: options, range: NSRange(location: from, length: length - from)) { m, _, stop in
            guard let m, let whole = convert(m.range) else { return }
            out.append((whole, name.flatMap { convert(m.range(withName: $0)) }))
            // A later match starts at or after this one's end and holds the literal at or after its
            // start: there is none when the literal's last occurrence starts before this end.
            if lastLiteral < whole.upperBound { stop.pointee = true }
        }
        return out
    }

    /// The expression looks back at most one scalar from where it is tried (`\b`, `\B` and `^`, over
    /// combining marks): no lookbehind, no `\G`, no inline flags (which might turn on Unicode
    /// word boundaries or multi-line anchors).
    static func looksBackOneScalar(_ pattern: String) -> Bool {
        let p = Array(pattern.unicodeScalars)
        var i = 0
        while i < p.count {
            if p[i] == "\\" {
                guard i + 1 < p.count else { return false }
                if p[i + 1] == "G" { return false }
                i += 2
                continue
            }
            if p[i] == "(" && i + 1 < p.count && p[i + 1] == "?" {
                guard i + 2 < p.count else { return false }
                let k = p[i + 2]
                if k == "<" {
                    // A named group, not a lookbehind.
                    guard i + 3 < p.count, p[i + 3].properties.isAlphabetic else { return false }
                } else if !(k == ":" || k == "=" || k == "!" || k == ">") {
                    return false
                }
            }
            i += 1
        }
        return true
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

/// A bound on where a match can start: every match contains `literal` (one of the expression's
/// top-level literal runs), and what the expression matches before it has at most `width`
/// scalars that are not white space. So no match starts before the point from which the text
/// up to the literal's first occurrence has more than `width` such scalars.
///
/// Conservative: anything before the literal that is not understood (an unbounded repetition of
/// something other than `\s`, a top-level `|`, back references, literal scalars whose case
/// folding may change their length) gives no window, and so does text with an exotic scalar
/// (`FoldedText.isExotic`: its case folding is not modelled).
struct MatchWindow: Sendable {
    /// Folded, as `RegexPrefilter` keeps literals.
    let literal: [UInt32]
    let width: Int

    init?(pattern: String, literal: [UInt32]) {
        guard !literal.isEmpty else { return nil }
        var parser = WidthParser(Array(pattern.unicodeScalars), literal: literal)
        guard let width = parser.widthBeforeLiteral() else { return nil }
        self.literal = literal
        self.width = width
    }

    /// The earliest index a match can start at, and where the literal's last occurrence starts;
    /// nil when the whole text must be searched.
    func bounds(in text: UnsafeBufferPointer<Unicode.Scalar>) -> (start: Int, last: Int)? {
        guard text.count >= literal.count, let head = literal.first else { return nil }
        // The first and last occurrences of the literal (folded as the prefilter folds), and the
        // exotic test, in one pass.
        var first: Int?, lastOccurrence = 0
        let last = text.count - literal.count
        for i in 0..<text.count {
            let v = text[i].value
            // µ (U+00B5) is the first exotic scalar.
            if v >= 0xB5 && FoldedText.isExotic(v) { return nil }
            guard i <= last, RegexPrefilter.fold(v) == head else { continue }
            var k = 1
            while k < literal.count && RegexPrefilter.fold(text[i + k].value) == literal[k] { k += 1 }
            if k == literal.count {
                if first == nil { first = i }
                lastOccurrence = i
            }
        }
        guard let first else { return nil }
        var k = first, count = 0
        while k > 0 {
            if !Self.mayBeSpace(text[k - 1].value) {
                if count == width { break }
                count += 1
            }
            k -= 1
        }
        return (k, lastOccurrence)
    }

    /// True for every scalar ICU's `\s` matches ([\t\n\f\r\p{Z}]) and more (any White_Space):
    /// counting fewer scalars as not white space only moves the window's start earlier.
    static func mayBeSpace(_ v: UInt32) -> Bool {
        if v < 0x80 { return v == 0x20 || (v >= 0x09 && v <= 0x0D) }
        guard let s = Unicode.Scalar(v) else { return false }
        if s.properties.isWhitespace { return true }
        switch s.properties.generalCategory {
        case .spaceSeparator, .lineSeparator, .paragraphSeparator: return true
        default: return false
        }
    }

    /// Reads the expression's top-level sequence up to the literal, adding up the widest number
    /// of scalars each element can take (`\s` none, as it matches white space only).
    struct WidthParser {
        let p: [Unicode.Scalar]
        let literal: [UInt32]
        var i = 0

        init(_ p: [Unicode.Scalar], literal: [UInt32]) {
            self.p = p
            self.literal = literal
        }

        /// The width before the first top-level run of literal scalars that ends with `literal`.
        mutating func widthBeforeLiteral() -> Int? {
            var width = 0
            var run: [UInt32] = []
            var runStart = 0
            while i < p.count {
                let c = p[i]
                if let literalScalar = literalAt() {
                    // A literal scalar: part of the run unless a quantifier follows it.
                    let next = i + literalScalar.length
                    if next < p.count, "?*+{".unicodeScalars.contains(p[next]) {
                        i = next
                        guard let reps = quantifier(), let w = Self.times(1, reps) else { return nil }
                        width += w
                        run = []
                        continue
                    }
                    i = next
                    if run.isEmpty { runStart = width }
                    run.append(literalScalar.folded)
                    width += 1
                    if run.count >= literal.count && Array(run.suffix(literal.count)) == literal {
                        return runStart + run.count - literal.count
                    }
                    continue
                }
                run = []
                switch c {
                case "|", ")":
                    return nil
                default:
                    guard let w = element() else { return nil }
                    width += w
                }
            }
            return nil
        }

        /// A literal scalar at `i` (folded, with its length in the pattern), if one is there.
        func literalAt() -> (folded: UInt32, length: Int)? {
            let c = p[i]
            if c == "\\" {
                guard i + 1 < p.count else { return nil }
                let e = p[i + 1]
                guard !e.properties.isAlphabetic, !(e.value >= 0x30 && e.value <= 0x39),
                      RegexPrefilter.isComparable(e.value) else { return nil }
                return (RegexPrefilter.fold(e.value), 2)
            }
            guard !"\\[](){}|.^$?*+".unicodeScalars.contains(c), RegexPrefilter.isComparable(c.value) else { return nil }
            return (RegexPrefilter.fold(c.value), 1)
        }

        /// One element other than a literal scalar at `i`, with its quantifier: its widest width.
        mutating func element() -> Int? {
            let c = p[i]
            var w: Int
            switch c {
            case "^", "$":
                i += 1
                return 0
            case ".":
                i += 1
                w = 1
            case "[":
                guard skipClass() else { return nil }
                w = 1
            case "(":
                guard let inner = group() else { return nil }
                w = inner
            case "\\":
                guard i + 1 < p.count else { return nil }
                let e = p[i + 1]
                i += 2
                switch e {
                case "b", "B", "A", "z", "Z": return 0
                case "s": w = 0
                case "d", "D", "w", "W", "S": w = 1
                default: return nil
                }
            default:
                // A literal scalar not comparable (its folding may change its length), or a stray
                // quantifier.
                return nil
            }
            guard let reps = quantifier() else { return nil }
            return Self.times(w, reps)
        }

        /// A group at `i` (with `(`): the widest of its alternatives; lookarounds take none.
        mutating func group() -> Int? {
            i += 1
            guard let lookaround = RegexPrefilter.Parser.groupOpening(p, &i) else { return nil }
            var best = 0, current = 0
            while i < p.count {
                let c = p[i]
                if c == ")" {
                    i += 1
                    return lookaround ? 0 : max(best, current)
                }
                if c == "|" {
                    best = max(best, current)
                    current = 0
                    i += 1
                    continue
                }
                if let literalScalar = literalAt() {
                    i += literalScalar.length
                    guard let reps = quantifier(), let w = Self.times(1, reps) else { return nil }
                    current += w
                    continue
                }
                guard let w = element() else { return nil }
                current += w
            }
            return nil
        }

        /// Consumes a quantifier (and a lazy or possessive suffix) if one follows: the most
        /// repetitions it allows (nil inside: unbounded); 1 without one. Nil for a malformed one.
        mutating func quantifier() -> Int?? {
            guard i < p.count else { return .some(1) }
            var reps: Int?
            switch p[i] {
            case "?": reps = 1; i += 1
            case "*", "+": reps = nil; i += 1
            case "{":
                var j = i + 1
                var digits = ""
                while j < p.count, p[j].value >= 0x30 && p[j].value <= 0x39 { digits.unicodeScalars.append(p[j]); j += 1 }
                guard let low = Int(digits), j < p.count else { return nil }
                if p[j] == "}" {
                    reps = low
                } else if p[j] == "," {
                    j += 1
                    var high = ""
                    while j < p.count, p[j].value >= 0x30 && p[j].value <= 0x39 { high.unicodeScalars.append(p[j]); j += 1 }
                    guard j < p.count, p[j] == "}" else { return nil }
                    reps = high.isEmpty ? nil : Int(high)
                    if !high.isEmpty && reps == nil { return nil }
                } else {
                    return nil
                }
                i = j + 1
            default:
                return .some(1)
            }
            if i < p.count && (p[i] == "?" || p[i] == "+") { i += 1 }
            return .some(reps)
        }

        /// Width times repetitions; nil when unbounded and not zero, or absurdly large.
        static func times(_ w: Int, _ reps: Int?) -> Int? {
            guard w > 0 else { return 0 }
            guard let reps, reps <= 10_000 else { return nil }
            return w * reps
        }

        /// Skips a character class `[…]`; nested classes and set operations are not understood.
        mutating func skipClass() -> Bool { RegexPrefilter.Parser.skipClass(p, &i) }
    }
}
