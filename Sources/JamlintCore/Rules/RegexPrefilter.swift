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
    /// 2048 bits: `unigram(v)` for every folded scalar but letters (`recordsUnigram`), `bigram(a, b)`
    /// for every adjacent pair. Empty for an exotic text (every expression may match it then).
    let grams: GramBits

    init(_ scalars: [Unicode.Scalar]) {
        self.scalars = scalars
        var exotic = false
        var grams = GramBits()
        // Unsafe buffers: indexing per scalar showed up in profiles (a SIMD value was slower still).
        // Profile: this loop runs on every scalar of every block (~4 % of a whole run); Latin-1
        // folds by table, and the loop stops at the first exotic scalar.
        grams.withWords { words in scalars.withUnsafeBufferPointer { scalars in
            Self.latin1Fold.withUnsafeBufferPointer { table in
                exotic = Self.fill(words, scalars, table)
            }
        } }
        self.exotic = exotic
        self.grams = exotic ? GramBits() : grams
    }

    /// Sets the unigram and bigram bits of the scalars; returns true (and stops) at the first
    /// exotic scalar. A function of plain pointers: inside the nested closures the compiler kept
    /// the buffers in memory and reloaded them for every scalar.
    @inline(never) private static func fill(_ words: UnsafeMutableBufferPointer<UInt64>,
                                            _ scalars: UnsafeBufferPointer<Unicode.Scalar>,
                                            _ table: UnsafeBufferPointer<UInt16>) -> Bool {
        guard let w = words.baseAddress, words.count == GramBits.count / 64, let t = table.baseAddress,
              table.count == 256 else { return true }
        var prev: UInt32 = 0
        for s in scalars {
            let v = s.value
            let f: UInt32
            if v < 0x100 {
                // In bounds: v < 256 and the table has 256 entries.
                let entry = t[Int(v)]
                if entry == exoticEntry { return true }
                f = UInt32(entry & 0xFF)
                if entry & unigramFlag != 0 {
                    let u = unigram(f)
                    w[u >> 6] |= 1 << UInt64(u & 63)
                }
            } else {
                if mayBeAlphabetic(v) && s.properties.isAlphabetic { return true }
                f = v
                let u = unigram(f)
                w[u >> 6] |= 1 << UInt64(u & 63)
            }
            // Before the first scalar `prev` is 0, and bigram(0, f) is unigram(f). Both hashes are
            // below 2048, so the word index is below 32, the count of `words`.
            let b = bigram(prev, f)
            w[b >> 6] |= 1 << UInt64(b & 63)
            prev = f
        }
        return false
    }

    /// Per Latin-1 scalar: `RegexPrefilter.fold` in the low byte, `unigramFlag` when its unigram
    /// is recorded; `exoticEntry` for µ, ß and ÿ.
    static let latin1Fold: [UInt16] = {
        var table = [UInt16](repeating: 0, count: 256)
        for v in 0..<256 {
            let f = RegexPrefilter.fold(UInt32(v))
            table[v] = v == 0xB5 || v == 0xDF || v == 0xFF ? exoticEntry
                : UInt16(truncatingIfNeeded: f) | (recordsUnigram(f) ? unigramFlag : 0)
        }
        return table
    }()
    static let exoticEntry: UInt16 = 0xFFFF
    static let unigramFlag: UInt16 = 0x100

    /// Unigram bits are kept for scalars other than (folded) letters only: a one-letter literal
    /// ("i") is in almost every text anyway, and the bit per letter was a sixth of this loop.
    @inline(__always) static func recordsUnigram(_ f: UInt32) -> Bool {
        !((f >= 0x61 && f <= 0x7A) || (f >= 0xE0 && f <= 0xFE && f != 0xF7))
    }

    /// False for the General Punctuation block (U+2000–U+206F: spaces, dashes, quotes, bullets; no
    /// letters), whose dashes and quotes are common in memos: the property lookup is costly.
    @inline(__always) static func mayBeAlphabetic(_ v: UInt32) -> Bool { v < 0x2000 || v > 0x206F }

    /// Cheap hashes (this runs on every scalar of every block): the folded scalar, and a pair
    /// mixed by a shift; text scalars are mostly below U+0100, which spreads well over 2048 bits.
    @inline(__always) static func unigram(_ v: UInt32) -> Int { Int(v & 0x7FF) }
    @inline(__always) static func bigram(_ a: UInt32, _ b: UInt32) -> Int { Int(((a &* 33) ^ b) & 0x7FF) }

    /// The bits a literal's scalars set: all must be present where it occurs.
    static func signature(_ literal: [UInt32]) -> [Int] {
        guard literal.count > 1 else { return literal.filter(recordsUnigram).map(unigram) }
        return (1..<literal.count).map { bigram(literal[$0 - 1], literal[$0]) }
    }


    /// Whether the folded `literal` occurs in the text.
    func contains(_ literal: [UInt32]) -> Bool {
        literal.withUnsafeBufferPointer { contains($0) }
    }

    func contains(_ literal: UnsafeBufferPointer<UInt32>) -> Bool {
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
}

/// The prefilters of several expressions, tested together on a block.
///
/// Profiles showed `pattern` rules (run on every block of every memo) spending most of their
/// time in `RegexPrefilter.mayMatch`, which scans the whole text once per literal. Here each
/// literal is first checked against the block's hashed scalar pairs (`FoldedText.grams`): a
/// literal of n scalars whose n - 1 pairs are not all present cannot occur, and only the rare
/// block that has them all is scanned.
struct RegexPrefilterSet: Sendable {
    /// Flat tables (nested arrays of literals were copied and released per block in profiles):
    /// literal `l` is `scalarPool[literalScalars[l]]` with pair bits `signaturePool[literalSignatures[l]]`;
    /// clause `c` is literals `clauseLiterals[c]`; expression `k` is clauses `expressionClauses[k]`,
    /// or nil without a prefilter (it may always match).
    private let scalarPool: [UInt32]
    private let signaturePool: [Int]
    private let literalScalars: [Range<Int>]
    private let literalSignatures: [Range<Int>]
    private let clauseLiterals: [Range<Int>]
    private let expressionClauses: [Range<Int>?]

    init(_ prefilters: [RegexPrefilter?]) {
        var scalarPool: [UInt32] = [], signaturePool: [Int] = []
        var literalScalars: [Range<Int>] = [], literalSignatures: [Range<Int>] = []
        var clauseLiterals: [Range<Int>] = [], expressionClauses: [Range<Int>?] = []
        for p in prefilters {
            guard let p else { expressionClauses.append(nil); continue }
            let firstClause = clauseLiterals.count
            // Most selective clause first (the one whose shortest literal is longest): all must
            // hold, so the order does not change the answer, and a rare word rejects early.
            let ordered = p.clauses.enumerated().sorted { a, b in
                let la = a.element.map(\.count).min() ?? 0, lb = b.element.map(\.count).min() ?? 0
                return la != lb ? la > lb : a.offset < b.offset
            }.map(\.element)
            for clause in ordered {
                let firstLiteral = literalScalars.count
                for literal in clause {
                    let s = scalarPool.count
                    scalarPool.append(contentsOf: literal)
                    literalScalars.append(s..<scalarPool.count)
                    let g = signaturePool.count
                    signaturePool.append(contentsOf: FoldedText.signature(literal))
                    literalSignatures.append(g..<signaturePool.count)
                }
                clauseLiterals.append(firstLiteral..<literalScalars.count)
            }
            expressionClauses.append(firstClause..<clauseLiterals.count)
        }
        self.scalarPool = scalarPool
        self.signaturePool = signaturePool
        self.literalScalars = literalScalars
        self.literalSignatures = literalSignatures
        self.clauseLiterals = clauseLiterals
        self.expressionClauses = expressionClauses
        clauseMasks = literalScalars.count <= 64
            ? clauseLiterals.map { r in r.reduce(UInt64(0)) { $0 | 1 << UInt64($1) } } : nil
    }

    /// Per clause, the bits of its literals, when the set has at most 64 literals (else nil).
    private let clauseMasks: [UInt64]?

    var count: Int { expressionClauses.count }

    /// Per expression: whether it may match in the text (an expression without prefilter always may).
    func mayMatch(_ text: FoldedText) -> [Bool] {
        let m = mask(text)
        return (0..<count).map { $0 >= 64 || m & (1 << UInt64($0)) != 0 }
    }

    /// Bit `k` set when expression `k` (of the first 64) may match in the text; expressions from
    /// the 65th on are not represented and always may (`mayMatch(_:_:)` says so). Profile: the
    /// `[Bool]` per block and rule was an allocation for every block of every memo.
    func mask(_ text: FoldedText) -> UInt64 {
        let n = min(count, 64)
        if text.exotic { return n == 64 ? ~0 : (1 << UInt64(n)) - 1 }
        // One copy of the bits per block (reading them from the stored value copied all 256
        // bytes for every literal).
        var grams = text.grams
        var out: UInt64 = 0
        if let clauseMasks {
            // Each literal's pair test at most once per block (a literal may serve several
            // expressions), on demand, most selective clause first; the scan only where every
            // clause has a literal whose pairs are present. Profile: testing clause by clause
            // per expression was ~130 instructions per expression and block.
            var tested: UInt64 = 0, present: UInt64 = 0, scanned: UInt64 = 0, found: UInt64 = 0
            grams.withWords { words in
                signaturePool.withUnsafeBufferPointer { pool in
                    literalSignatures.withUnsafeBufferPointer { signatures in
                        clauseMasks.withUnsafeBufferPointer { clauseMasks in
                            // Whether literal `l`'s pairs are all present, tested once.
                            func pairs(_ l: Int, _ bit: UInt64) -> Bool {
                                if tested & bit == 0 {
                                    tested |= bit
                                    var all = true
                                    for i in signatures[l] {
                                        let g = pool[i]
                                        if words[g >> 6] & (1 << UInt64(g & 63)) == 0 { all = false; break }
                                    }
                                    if all { present |= bit }
                                }
                                return present & bit != 0
                            }
                            expressions: for k in 0..<n {
                                guard let clauses = expressionClauses[k] else { out |= 1 << UInt64(k); continue }
                                for c in clauses {
                                    var candidates = clauseMasks[c]
                                    var some = false
                                    while candidates != 0 {
                                        let l = candidates.trailingZeroBitCount
                                        if pairs(l, UInt64(1) << UInt64(l)) { some = true; break }
                                        candidates &= candidates - 1
                                    }
                                    if !some { continue expressions }
                                }
                                for c in clauses {
                                    var candidates = clauseMasks[c]
                                    var some = false
                                    while candidates != 0 {
                                        let l = candidates.trailingZeroBitCount
                                        let bit = UInt64(1) << UInt64(l)
                                        if pairs(l, bit) {
                                            if scanned & bit == 0 {
                                                scanned |= bit
                                                if occurs(l, in: text) { found |= bit }
                                            }
                                            if found & bit != 0 { some = true; break }
                                        }
                                        candidates &= candidates - 1
                                    }
                                    if !some { continue expressions }
                                }
                                out |= 1 << UInt64(k)
                            }
                        }
                    }
                }
            }
            return out
        }
        grams.withWords { words in
            for k in 0..<n {
                guard let clauses = expressionClauses[k] else { out |= 1 << UInt64(k); continue }
                if passes(clauses, words, text) { out |= 1 << UInt64(k) }
            }
        }
        return out
    }

    /// Whether bit `k` of a `mask` lets expression `k` run.
    @inline(__always) static func mayMatch(_ mask: UInt64, _ k: Int) -> Bool { k >= 64 || mask & (1 << UInt64(k)) != 0 }

    /// Whether the mask lets any of the set's expressions run.
    @inline(__always) func any(_ mask: UInt64) -> Bool { mask != 0 || count > 64 }

    /// Every clause has a literal whose pair bits are all present and which occurs: the pair
    /// test first for every clause, then the scan for the literals it lets through.
    private func passes(_ clauses: Range<Int>, _ words: UnsafeMutableBufferPointer<UInt64>, _ text: FoldedText) -> Bool {
        for c in clauses {
            var some = false
            for l in clauseLiterals[c] where bitsPresent(l, words) { some = true; break }
            if !some { return false }
        }
        for c in clauses {
            var some = false
            for l in clauseLiterals[c] where bitsPresent(l, words) && occurs(l, in: text) { some = true; break }
            if !some { return false }
        }
        return true
    }

    @inline(__always) private func bitsPresent(_ l: Int, _ words: UnsafeMutableBufferPointer<UInt64>) -> Bool {
        for i in literalSignatures[l] {
            let bit = signaturePool[i]
            if words[bit >> 6] & (1 << UInt64(bit & 63)) == 0 { return false }
        }
        return true
    }

    private func occurs(_ l: Int, in text: FoldedText) -> Bool {
        let r = literalScalars[l]
        return scalarPool.withUnsafeBufferPointer { pool in
            text.contains(UnsafeBufferPointer(rebasing: pool[r]))
        }
    }
}
