/// A cheap necessary condition for a regular expression: literal texts of which at least one must
/// occur (case-folded) in any text the expression matches. Profiling showed that running every
/// rule pattern through NSRegularExpression on every block (building a String and a UTF-16 map
/// each time) was a third of all lint time, while almost no block contains a placeholder.
///
/// The analysis is conservative: anything it does not fully understand (flags, \Q…\E, unknown
/// escapes, nested classes) gives no prefilter, and the expression then always runs.
struct RegexPrefilter: Sendable {
    /// Folded literals (see `fold`); the text must contain one of them.
    let alternatives: [[UInt32]]
    /// Requirements that must all hold, each "one of these literals": for an expression without a
    /// top-level `|`, every required part ("\\[" and then "ange|skriv|…"); else `[alternatives]`.
    /// One part alone let common words through ("skriv" is in every "tjänsteskrivelse").
    let clauses: [[[UInt32]]]

    init?(pattern: String) {
        var parser = Parser(Array(pattern.unicodeScalars))
        guard let requirement = parser.sequence(untilClose: false), parser.atEnd,
              let best = requirement, !best.isEmpty, best.allSatisfy({ !$0.isEmpty }) else { return nil }
        alternatives = best
        let parts = parser.topLevelParts.filter { !$0.isEmpty && $0.allSatisfy { !$0.isEmpty } }
        clauses = parts.isEmpty ? [best] : parts
    }

    /// Whether the text may contain a match. Texts with letters whose case folding reaches ASCII
    /// or Latin-1 from elsewhere (ß, ſ, the Kelvin sign, ligatures, İ …) always may.
    func mayMatch(_ text: FoldedText) -> Bool {
        if text.exotic { return true }
        return clauses.allSatisfy { clause in clause.contains { text.contains($0) } }
    }

    /// Simple case folding for ASCII and Latin-1 letters; other scalars stand for themselves.
    static func fold(_ v: UInt32) -> UInt32 {
        if v >= 0x41 && v <= 0x5A { return v + 0x20 }
        if v >= 0xC0 && v <= 0xDE && v != 0xD7 { return v + 0x20 }
        return v
    }

    /// Literal pattern scalars the prefilter can compare: printable ASCII and Latin-1, except
    /// those with case relations outside Latin-1 (µ, ß, ÿ) and ASCII letters that other
    /// scalars fold to (handled by `exotic`, so they are fine here).
    static func isComparable(_ v: UInt32) -> Bool {
        (v >= 0x20 && v < 0x7F) || (v >= 0xA0 && v <= 0xFE && v != 0xB5 && v != 0xDF)
    }

    /// A requirement: one of these literals must occur; nil: nothing known.
    typealias Requirement = [[UInt32]]?

    /// Picks the stronger of two requirements (the one whose shortest literal is longest).
    static func better(_ a: Requirement, _ b: Requirement) -> Requirement {
        guard let a, !a.isEmpty else { return b }
        guard let b, !b.isEmpty else { return a }
        let sa = a.map(\.count).min() ?? 0, sb = b.map(\.count).min() ?? 0
        return sb > sa ? b : a
    }

    struct Parser {
        let p: [Unicode.Scalar]
        var i = 0
        /// After a top-level `sequence` without `|`: the requirement of each required part.
        var topLevelParts: [[[UInt32]]] = []
        init(_ p: [Unicode.Scalar]) { self.p = p }
        var atEnd: Bool { i >= p.count }

        /// Parses alternatives up to the end (or a `)` when inside a group). Returns nil when
        /// the pattern uses something not understood; .some(nil) when nothing is required.
        mutating func sequence(untilClose: Bool) -> Requirement? {
            var alternatives: [Requirement] = []
            var best: Requirement = nil
            // Every required part of the current branch (the branch needs them all).
            var parts: [[[UInt32]]] = []
            func require(_ r: Requirement) {
                if let r, !r.isEmpty { parts.append(r) }
                best = RegexPrefilter.better(best, r)
            }
            var run: [UInt32] = []
            func endRun() {
                if !run.isEmpty { require([run]) }
                run = []
            }
            var lastWasRunLiteral = false
            while i < p.count {
                let c = p[i]
                switch c {
                case "|":
                    endRun()
                    alternatives.append(best)
                    best = nil
                    parts = []
                    i += 1
                    lastWasRunLiteral = false
                case ")":
                    guard untilClose else { return nil }
                    endRun()
                    alternatives.append(best)
                    return Self.union(alternatives)
                case "(":
                    endRun()
                    lastWasRunLiteral = false
                    i += 1
                    var lookaround = false
                    if i < p.count && p[i] == "?" {
                        guard i + 1 < p.count else { return nil }
                        let k = p[i + 1]
                        if k == ":" || k == ">" { i += 2 }
                        else if k == "=" || k == "!" { i += 2; lookaround = true }
                        else if k == "<" {
                            guard i + 2 < p.count else { return nil }
                            let n = p[i + 2]
                            if n == "=" || n == "!" { i += 3; lookaround = true }
                            else if n.properties.isAlphabetic {
                                // named group (?<name>…)
                                var j = i + 2
                                while j < p.count && p[j] != ">" { j += 1 }
                                guard j < p.count else { return nil }
                                i = j + 1
                            } else { return nil }
                        } else { return nil }   // flags, comments, conditionals
                    }
                    guard let inner = sequence(untilClose: true) else { return nil }
                    guard i < p.count, p[i] == ")" else { return nil }
                    i += 1
                    guard let optional = quantifier() else { return nil }
                    if !optional && !lookaround { require(inner) }
                case "[":
                    endRun()
                    lastWasRunLiteral = false
                    guard skipClass() else { return nil }
                    guard quantifier() != nil else { return nil }
                case "?", "*", "+", "{":
                    guard let optional = quantifier() else { return nil }
                    if lastWasRunLiteral && optional { run.removeLast() }
                    endRun()
                    lastWasRunLiteral = false
                case ".", "^", "$":
                    endRun()
                    lastWasRunLiteral = false
                    i += 1
                case "\\":
                    guard i + 1 < p.count else { return nil }
                    let e = p[i + 1]
                    i += 2
                    if e.properties.isAlphabetic || (e.value >= 0x30 && e.value <= 0x39) {
                        guard "bBsSdDwWAzZ".unicodeScalars.contains(e) else { return nil }
                        endRun()
                        lastWasRunLiteral = false
                    } else {
                        lastWasRunLiteral = RegexPrefilter.isComparable(e.value)
                        if lastWasRunLiteral { run.append(RegexPrefilter.fold(e.value)) } else { endRun() }
                    }
                default:
                    i += 1
                    lastWasRunLiteral = RegexPrefilter.isComparable(c.value)
                    if lastWasRunLiteral { run.append(RegexPrefilter.fold(c.value)) } else { endRun() }
                }
            }
            guard !untilClose else { return nil }
            endRun()
            if alternatives.isEmpty { topLevelParts = parts }
            alternatives.append(best)
            return Self.union(alternatives)
        }


        /// A top-level alternation requires one literal of each alternative; any alternative
        /// without a requirement leaves nothing required.
        static func union(_ alternatives: [Requirement]) -> Requirement? {
            var out: [[UInt32]] = []
            for a in alternatives {
                guard let a, !a.isEmpty else { return .some(nil) }
                out.append(contentsOf: a)
            }
            return .some(out)
        }

        /// Consumes a quantifier (and a lazy/possessive suffix) if one follows. Returns whether
        /// the preceding item may be absent; nil for a malformed `{`.
        mutating func quantifier() -> Bool? {
            guard i < p.count else { return false }
            var optional: Bool
            switch p[i] {
            case "?", "*": optional = true; i += 1
            case "+": optional = false; i += 1
            case "{":
                var j = i + 1
                var digits = ""
                while j < p.count, p[j].value >= 0x30 && p[j].value <= 0x39 { digits.unicodeScalars.append(p[j]); j += 1 }
                guard let min = Int(digits), j < p.count else { return nil }
                while j < p.count && p[j] != "}" {
                    guard p[j] == "," || (p[j].value >= 0x30 && p[j].value <= 0x39) else { return nil }
                    j += 1
                }
                guard j < p.count else { return nil }
                i = j + 1
                optional = min == 0
            default: return false
            }
            if i < p.count && (p[i] == "?" || p[i] == "+") { i += 1 }
            return optional
        }

        /// Skips a character class `[…]`; nested classes and set operations are not understood.
        mutating func skipClass() -> Bool {
            i += 1
            if i < p.count && p[i] == "^" { i += 1 }
            if i < p.count && p[i] == "]" { i += 1 }
            while i < p.count {
                let c = p[i]
                if c == "\\" { i += 2; continue }
                if c == "[" { return false }
                if c == "]" { i += 1; return true }
                i += 1
            }
            return false
        }
    }
}

/// Block text as `RegexPrefilter` reads it: the scalars (folded as they are compared) and a
/// hashed set of the folded scalars and scalar pairs they contain. No folded copy is kept: an
/// array per block was an allocation per paragraph, and only the rare block whose pairs admit a
/// literal is scanned.
struct FoldedText: Sendable {
    let scalars: [Unicode.Scalar]
    /// Contains a letter outside Latin-1 (or ß, µ, ÿ) whose case folding the simple fold does not model.
    let exotic: Bool
    /// 2048 bits: `unigram(v)` for every folded scalar, `bigram(a, b)` for every adjacent pair.
    let grams: GramBits

    init(_ scalars: [Unicode.Scalar]) {
        self.scalars = scalars
        var exotic = false
        var grams = GramBits()
        // Unsafe buffers: indexing per scalar showed up in profiles (a SIMD value was slower still).
        grams.withWords { grams in scalars.withUnsafeBufferPointer { scalars in
            var prev: UInt32 = 0
            for s in scalars {
                let v = s.value
                if v >= 0xB5 && !exotic {
                    if v == 0xB5 || v == 0xDF || v == 0xFF || (v >= 0x100 && s.properties.isAlphabetic) { exotic = true }
                }
                let f = RegexPrefilter.fold(v)
                let u = Self.unigram(f)
                grams[u >> 6] |= 1 << UInt64(u & 63)
                // Before the first scalar `prev` is 0, and bigram(0, f) is unigram(f): no extra bit.
                let b = Self.bigram(prev, f)
                grams[b >> 6] |= 1 << UInt64(b & 63)
                prev = f
            }
        } }
        self.exotic = exotic
        self.grams = grams
    }

    /// Cheap hashes (this runs on every scalar of every block): the folded scalar, and a pair
    /// mixed by a shift; text scalars are mostly below U+0100, which spreads well over 2048 bits.
    @inline(__always) static func unigram(_ v: UInt32) -> Int { Int(v & 0x7FF) }
    @inline(__always) static func bigram(_ a: UInt32, _ b: UInt32) -> Int { Int(((a &* 33) ^ b) & 0x7FF) }

    /// The bits a literal's scalars set: all must be present where it occurs.
    static func signature(_ literal: [UInt32]) -> [Int] {
        guard literal.count > 1 else { return literal.map(unigram) }
        return (1..<literal.count).map { bigram(literal[$0 - 1], literal[$0]) }
    }


    /// Whether the folded `literal` occurs in the text.
    func contains(_ literal: [UInt32]) -> Bool {
        guard let first = literal.first, literal.count <= scalars.count else { return false }
        return scalars.withUnsafeBufferPointer { t in
            let last = t.count - literal.count
            var i = 0
            while i <= last {
                if RegexPrefilter.fold(t[i].value) == first {
                    var k = 1
                    while k < literal.count && RegexPrefilter.fold(t[i + k].value) == literal[k] { k += 1 }
                    if k == literal.count { return true }
                }
                i += 1
            }
            return false
        }
    }
}

/// 2048 bits held inline (an array per block was an allocation per paragraph).
struct GramBits: Sendable {
    private var words: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                        UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                        UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                        UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)
        = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)

    static let count = 32 * 64

    /// The 32 words as a buffer, for setting bits (`bit >> 6` is the word, `bit & 63` the bit).
    mutating func withWords<R>(_ body: (UnsafeMutableBufferPointer<UInt64>) -> R) -> R {
        withUnsafeMutableBytes(of: &words) { raw in body(raw.bindMemory(to: UInt64.self)) }
    }

    static func all(_ bits: [Int], in words: UnsafeMutableBufferPointer<UInt64>) -> Bool {
        for bit in bits where words[bit >> 6] & (1 << UInt64(bit & 63)) == 0 { return false }
        return true
    }
}

/// The prefilters of several expressions, tested together on a block.
///
/// Profiles showed `pattern` rules (run on every block of every memo) spending most of their
/// time in `RegexPrefilter.mayMatch`, which scans the whole text once per literal. Here each
/// literal is first checked against the block's hashed scalar pairs (`FoldedText.grams`): a
/// literal of n scalars whose n - 1 pairs are not all present cannot occur, and only the rare
/// block that has them all is scanned.
struct RegexPrefilterSet: Sendable {
    private struct Literal: Sendable {
        var scalars: [UInt32]
        var signature: [Int]
    }

    /// Per expression: nil without a prefilter (it may always match), else its clauses.
    private let expressions: [[[Literal]]?]

    init(_ prefilters: [RegexPrefilter?]) {
        expressions = prefilters.map { p in
            p.map { $0.clauses.map { clause in clause.map { Literal(scalars: $0, signature: FoldedText.signature($0)) } } }
        }
    }

    /// Per expression: whether it may match in the text (an expression without prefilter always may).
    func mayMatch(_ text: FoldedText) -> [Bool] {
        if text.exotic { return Array(repeating: true, count: expressions.count) }
        // One copy of the bits per block (reading them from the stored value copied all 256
        // bytes for every literal).
        var grams = text.grams
        return grams.withWords { words in
            expressions.map { clauses in
                guard let clauses else { return true }
                // The pair test first for every literal, then the scan for those it lets through.
                return clauses.allSatisfy { clause in clause.contains { GramBits.all($0.signature, in: words) } }
                    && clauses.allSatisfy { clause in
                        clause.contains { GramBits.all($0.signature, in: words) && text.contains($0.scalars) }
                    }
            }
        }
    }
}
