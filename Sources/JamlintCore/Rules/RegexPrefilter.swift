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
                    guard let lookaround = Self.groupOpening(p, &i) else { return nil }
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
        mutating func skipClass() -> Bool { Self.skipClass(p, &i) }

        /// Reads what follows a group's `(` (at `i`): nothing, `?:`, `?>`, a named group's `?<name>`
        /// (false), or a lookaround's `?=`, `?!`, `?<=`, `?<!` (true), moving `i` past it; nil for
        /// anything else (flags, comments, conditionals), which is not understood.
        /// `CompiledRegex.WidthParser` reads groups the same way.
        static func groupOpening(_ p: [Unicode.Scalar], _ i: inout Int) -> Bool? {
            guard i < p.count && p[i] == "?" else { return false }
            guard i + 1 < p.count else { return nil }
            let k = p[i + 1]
            if k == ":" || k == ">" { i += 2; return false }
            if k == "=" || k == "!" { i += 2; return true }
            guard k == "<", i + 2 < p.count else { return nil }
            let n = p[i + 2]
            if n == "=" || n == "!" { i += 3; return true }
            guard n.properties.isAlphabetic else { return nil }
            // named group (?<name>…)
            var j = i + 2
            while j < p.count && p[j] != ">" { j += 1 }
            guard j < p.count else { return nil }
            i = j + 1
            return false
        }

        /// Moves `i` from a class's `[` past its `]`: false for a nested class (or set operation)
        /// and for a class left open. `CompiledRegex.WidthParser` reads classes the same way.
        static func skipClass(_ p: [Unicode.Scalar], _ i: inout Int) -> Bool {
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

/// Block text as `RegexPrefilter` reads it: the scalars, folded as they are compared.
///
/// Nothing is computed up front. Profile (callgrind, 880 memos): recording the hashed scalar
/// pairs of every block (~24 instructions a scalar, 4 % of a run) and testing each rule's
/// literals against them per block (`RegexPrefilterSet.mask`, 2.5 %) cost more than a direct
/// scan for a few rare key scalars per set of expressions (see `RegexPrefilterSet`).
struct FoldedText: Sendable {
    let scalars: [Unicode.Scalar]

    init(_ scalars: [Unicode.Scalar]) { self.scalars = scalars }

    /// Contains a letter outside Latin-1 (or ß, µ, ÿ) whose case folding the simple fold does not model.
    var exotic: Bool {
        for s in scalars where Self.isExotic(s.value) { return true }
        return false
    }

    /// µ, ß and ÿ (case relations outside Latin-1), and alphabetic scalars from U+0100 on.
    @inline(__always) static func isExotic(_ v: UInt32) -> Bool {
        if v < 0x100 { return v == 0xB5 || v == 0xDF || v == 0xFF }
        return mayBeAlphabetic(v) && isAlphabetic(v)
    }

    /// Out of line: the property lookup's set-up cost every caller's entry when inlined (profile:
    /// the key scan's prologue).
    @inline(never) static func isAlphabetic(_ v: UInt32) -> Bool {
        guard let s = Unicode.Scalar(v) else { return false }
        return s.properties.isAlphabetic
    }

    /// False for the General Punctuation block (U+2000–U+206F: spaces, dashes, quotes, bullets; no
    /// letters), whose dashes and quotes are common in memos: the property lookup is costly.
    @inline(__always) static func mayBeAlphabetic(_ v: UInt32) -> Bool { v < 0x2000 || v > 0x206F }

    /// A cheap hash of a scalar pair (below 2048), for the first-byte-pair tables of other indexes.
    @inline(__always) static func bigram(_ a: UInt32, _ b: UInt32) -> Int { Int(((a &* 33) ^ b) & 0x7FF) }

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
/// Each expression's prefilter is a conjunction of clauses ("one of these literals occurs"). One
/// clause per expression is watched: the one whose literals have the rarest scalars (see
/// `RegexPrefilterSet.frequency`). Each watched literal has one key scalar (its rarest), and one
/// pass over the block looks up every scalar in a 256-entry table of keys (four scalars per
/// step); only at a key is a literal compared. An expression whose watched clause has a literal
/// in the text has its other clauses scanned for (rare: the watched literals are rare words).
/// The answer is the same as testing every clause of every expression by a scan: the pass
/// finds exactly the watched literals that occur.
///
/// Profile (callgrind, 880 memos): the hashed scalar pairs this set used to test per block cost
/// ~24 instructions a scalar to record for every block, and the tests per rule and block ~2.5 %
/// of a run; the key pass is ~6 instructions a scalar.
struct RegexPrefilterSet: Sendable {
    /// Flat tables: literal `l` is `scalarPool[literalScalars[l]]`; clause `c` is literals
    /// `clauseLiterals[c]`; expression `k` is clauses `expressionClauses[k]`, or nil without a
    /// prefilter (it may always match).
    private let scalarPool: [UInt32]
    private let literalScalars: [Range<Int>]
    private let clauseLiterals: [Range<Int>]
    private let expressionClauses: [Range<Int>?]
    /// Per expression of the first 64: its watched clause and that clause's literals as bits of
    /// the scanner's; nil when not watched (no prefilter, or more than 64 watched literals in
    /// the set: every clause is then scanned for).
    private let watched: [(clause: Int, bits: UInt64)?]
    /// Bits of the expressions (of the first 64) without a prefilter, and of those with a
    /// prefilter that is not watched.
    private let unfiltered: UInt64
    private let unwatched: UInt64
    let scanner: KeyScanner

    init(_ prefilters: [RegexPrefilter?]) {
        var scalarPool: [UInt32] = [], literalScalars: [Range<Int>] = []
        var clauseLiterals: [Range<Int>] = [], expressionClauses: [Range<Int>?] = []
        for p in prefilters {
            guard let p else { expressionClauses.append(nil); continue }
            let firstClause = clauseLiterals.count
            for clause in p.clauses {
                let firstLiteral = literalScalars.count
                // Shortest first: a clause holds when any literal occurs, and the scan for the other
                // clauses (`mask(found:_:)`) stops at the first that does ("i" before "enligt").
                for literal in clause.sorted(by: { $0.count < $1.count }) {
                    let s = scalarPool.count
                    scalarPool.append(contentsOf: literal)
                    literalScalars.append(s..<scalarPool.count)
                }
                clauseLiterals.append(firstLiteral..<literalScalars.count)
            }
            expressionClauses.append(firstClause..<clauseLiterals.count)
        }
        // The watched clause of each expression and the scanner's literals (shared by value).
        var keyLiterals: [[UInt32]] = [], keyIndex: [[UInt32]: Int] = [:]
        var watched: [(clause: Int, bits: UInt64)?] = []
        var unfiltered: UInt64 = 0, unwatched: UInt64 = 0
        for (k, clauses) in expressionClauses.prefix(64).enumerated() {
            guard let clauses, !clauses.isEmpty else {
                if expressionClauses[k] == nil { unfiltered |= 1 << UInt64(k) } else { unwatched |= 1 << UInt64(k) }
                watched.append(nil)
                continue
            }
            func literals(_ c: Int) -> [[UInt32]] { clauseLiterals[c].map { Array(scalarPool[literalScalars[$0]]) } }
            func cost(_ c: Int) -> Int { literals(c).reduce(0) { $0 + Self.frequency(Self.keyPosition($1).scalar) } }
            let best = clauses.min { cost($0) < cost($1) } ?? clauses.lowerBound
            let new = Set(literals(best).filter { keyIndex[$0] == nil })
            guard keyLiterals.count + new.count <= 64 else {
                unwatched |= 1 << UInt64(k)
                watched.append(nil)
                continue
            }
            var bits: UInt64 = 0
            for literal in literals(best) {
                let id: Int
                if let known = keyIndex[literal] { id = known } else {
                    id = keyLiterals.count
                    keyIndex[literal] = id
                    keyLiterals.append(literal)
                }
                bits |= 1 << UInt64(id)
            }
            watched.append((best, bits))
        }
        self.scalarPool = scalarPool
        self.literalScalars = literalScalars
        self.clauseLiterals = clauseLiterals
        self.expressionClauses = expressionClauses
        self.watched = watched
        self.unfiltered = unfiltered
        self.unwatched = unwatched
        scanner = KeyScanner(keyLiterals.map { ($0, Self.keyPosition($0).offset) })
        allBits = expressionClauses.count >= 64 ? ~0 : (1 << UInt64(expressionClauses.count)) - 1
        ownBits = keyLiterals.count >= 64 ? ~0 : (1 << UInt64(keyLiterals.count)) - 1
    }

    /// Rough frequency (per mille) of a folded scalar in memo text (counted on the benchmark
    /// subset), to pick rare keys. Only the speed depends on it.
    static func frequency(_ f: UInt32) -> Int {
        switch f {
        case 0x20: return 127
        case 0x61...0x7A:
            // a … z
            let table = [63, 12, 7, 31, 77, 20, 28, 14, 42, 5, 23, 39, 29, 78, 28, 10, 1, 70, 40, 56, 17, 19, 1, 1, 3, 1]
            return table[Int(f - 0x61)]
        case 0xE5: return 7          // å
        case 0xE4: return 13         // ä
        case 0xF6: return 15         // ö
        case 0x32: return 19         // 2, in every date
        case 0x30...0x39: return 6
        case 0x0A: return 18
        case 0x2E: return 9          // .
        case 0x2D: return 6          // -
        case 0x2C, 0x7C: return 5    // , |
        case 0x3A: return 2          // :
        default: return 1
        }
    }

    /// The rarest scalar of a literal (the first of equally rare ones) and its offset.
    static func keyPosition(_ literal: [UInt32]) -> (offset: Int, scalar: UInt32) {
        var best = 0
        for i in literal.indices where frequency(literal[i]) < frequency(literal[best]) { best = i }
        return (best, literal.isEmpty ? 0 : literal[best])
    }

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
        guard unfiltered != allBits else { return allBits }
        return mask(found: text.scalars.withUnsafeBufferPointer { scanner.scan($0) }, text)
    }

    /// `mask(_:)` of a block's text, from the block's scan for all shared sets (see
    /// `PrefilterUnion`) when this set is among them.
    func mask(_ block: AnalyzedBlock) -> UInt64 {
        guard unfiltered != allBits else { return allBits }
        // The offset alone from the union: holding the reference across the scan was a retain
        // and release per block and rule in profiles.
        if let offset = block.prefilterUnion?.offset(of: scanner) { return mask(block, offset: offset) }
        return mask(block.folded)
    }

    /// False only when `mask(block)` is 0 for every block of `doc` (the rule reading them cannot
    /// fire): the set has at most 64 expressions, each waiting for watched literals
    /// (`unfiltered` and `unwatched` empty), and none of its literals occurs in any block, as
    /// the document's union of the blocks' scans says (`AnalyzedDocument.unionFound`). Then each
    /// block's own bits are clear too, and `mask(block, offset:)` gives `unfiltered`, 0.
    /// True otherwise (the blocks are asked one by one).
    func mayMatchSomeBlock(of doc: AnalyzedDocument) -> Bool {
        guard let offset = judgedOffset(doc) else { return true }
        // offset + width <= 64 (see `PrefilterUnion.init`), so the shift is below 64.
        return (doc.unionFound >> UInt64(offset)) & ownBits != 0
    }

    /// This set's offset in the document's union when the union's scans can say that a block's
    /// `mask` is 0 (see `mayMatchSomeBlock(of:)`); nil otherwise.
    @inline(__always) private func judgedOffset(_ doc: AnalyzedDocument) -> Int? {
        guard count <= 64, unfiltered == 0, unwatched == 0, let union = doc.prefilterUnion else { return nil }
        return union.offset(of: scanner)
    }

    /// Per block of `doc`, whether its `mask` may be nonzero, when the union's scans can say (nil:
    /// every block is to be asked). A block whose scan found no literal of the union (none of this
    /// set's either) has the mask `unfiltered`, 0 here. Profile (callgrind, 880 memos): the
    /// `attachment-reference` loop over every block of every memo, a mask each, was ~4 M
    /// instructions, nearly all for blocks the union's scan had found nothing in.
    func blocksToAsk(of doc: AnalyzedDocument) -> [Bool]? {
        guard judgedOffset(doc) != nil else { return nil }
        var ask = [Bool].filled(with: false, count: doc.blocks.count)
        for i in doc.unionHits where i >= 0 && i < ask.count { ask[i] = true }
        return ask
    }

    /// `mask(_:)` of a block whose union has this set's scanner at `offset`.
    @inline(__always) private func mask(_ block: AnalyzedBlock, offset: Int) -> UInt64 {
        let own = ownBits
        // offset + width <= 64 (see `PrefilterUnion.init`), so the shift is below 64.
        guard let found = block.unionScan() else { return allBits }
        let mine = (found >> UInt64(offset)) & own
        if mine == 0 && unwatched == 0 { return unfiltered }
        return mask(found: mine, block.folded)
    }

    /// `mask(_:)` for the blocks of one memo, with the set's place in their union looked up once:
    /// the search of the union's members per block and rule was a third of a mask in profiles.
    struct Masker {
        let set: RegexPrefilterSet
        /// The union of the first block asked about and the set's offset in it (nil: not a member).
        private let union: PrefilterUnion?
        private let offset: Int?

        init(_ set: RegexPrefilterSet, union: PrefilterUnion?) {
            self.set = set
            self.union = union
            offset = union?.offset(of: set.scanner)
        }

        /// `set.mask(block)`: by the known offset when the block has the same union.
        @inline(__always) func mask(_ block: AnalyzedBlock) -> UInt64 {
            guard set.unfiltered != set.allBits else { return set.allBits }
            if let offset, let union, block.prefilterUnion === union { return set.mask(block, offset: offset) }
            return set.mask(block)
        }
    }

    /// A masker for the blocks of `document` (their union is the document's).
    func masker(_ blocks: [AnalyzedBlock]) -> Masker { Masker(self, union: blocks.first?.prefilterUnion) }

    /// Bits of the first `min(count, 64)` expressions.
    private let allBits: UInt64
    /// Bits of the scanner's literals.
    private let ownBits: UInt64

    /// The mask given the scanner's answer for the text (nil: exotic).
    private func mask(found: UInt64?, _ text: FoldedText) -> UInt64 {
        let n = min(count, 64)
        guard let found else { return allBits }
        var out = unfiltered
        guard found != 0 || unwatched != 0 else { return out }
        for k in 0..<n where out & (1 << UInt64(k)) == 0 {
            guard let clauses = expressionClauses[k] else { continue }
            let watch = watched[k]
            if let watch, watch.bits & found == 0 { continue }
            var holds = true
            for c in clauses where c != watch?.clause {
                if !clauseLiterals[c].contains(where: { occurs($0, in: text) }) { holds = false; break }
            }
            if holds { out |= 1 << UInt64(k) }
        }
        return out
    }

    /// Whether bit `k` of a `mask` lets expression `k` run.
    @inline(__always) static func mayMatch(_ mask: UInt64, _ k: Int) -> Bool { k >= 64 || mask & (1 << UInt64(k)) != 0 }

    /// Whether the mask lets any of the set's expressions run.
    @inline(__always) func any(_ mask: UInt64) -> Bool { mask != 0 || count > 64 }

    private func occurs(_ l: Int, in text: FoldedText) -> Bool {
        let r = literalScalars[l]
        return scalarPool.withUnsafeBufferPointer { pool in
            text.contains(UnsafeBufferPointer(rebasing: pool[r]))
        }
    }
}

/// Finds which of at most 64 folded literals occur in a text, by one key scalar each (see
/// `RegexPrefilterSet`). Tables in memory of its own, read through plain pointers: the scan is a
/// hot loop over every scalar of every block, and array accesses inside closures reloaded the
/// buffers in profiles. Immutable after `init`.
final class KeyScanner: @unchecked Sendable {
    /// One literal that a key scalar may be part of: its bit, the key's offset in it, and its
    /// folded scalars `pool[start ..< start + count]`.
    private struct Entry {
        var bit: UInt64
        var offset: Int
        var start: Int
        var count: Int
    }

    /// Per scalar value below 256: 1 when the scalar folds to a key, or is µ, ß or ÿ (entry 0xFF
    /// also stands for every scalar from U+00FF on); else 0. Eight copies, copy `k` (at
    /// `table + 256 * k`) holding `1 << k` for 1: lane `k` of the scan's eight-scalar step reads its
    /// bit from copy `k` (a shift per scalar less in the hot loop).
    private let table: UnsafeMutablePointer<UInt8>
    /// Per folded key `f` (below 0xFF), 256 bits in four words at `next + 4 * f`: the folded scalars
    /// that follow the key in its literals, every bit for a key that ends one of them. A key
    /// followed by a scalar below U+0100 whose bit is clear starts no literal there. Profile
    /// (callgrind, 880 memos): most keys found are in common words ("o" of "todo"), and comparing
    /// each of their literals was a fifth of the scan.
    private let next: UnsafeMutablePointer<UInt64>
    /// `RegexPrefilter.fold` of each value below 256.
    private let fold: UnsafeMutablePointer<UInt8>
    /// Entries of folded key `f`: `entries[keyStart[f] ..< keyStart[f + 1]]` (257 values).
    private let keyStart: UnsafeMutablePointer<Int>
    private let entries: UnsafeMutablePointer<Entry>
    private let pool: UnsafeMutablePointer<UInt32>

    /// The literals and their key offsets, as given.
    let literals: [(scalars: [UInt32], key: Int)]

    /// Literals (at most 64, non-empty, of `RegexPrefilter.isComparable` scalars, folded) with
    /// the offset of their key scalar.
    init(_ literals: [(scalars: [UInt32], key: Int)]) {
        precondition(literals.count <= 64)
        self.literals = literals
        var flags = [UInt8](repeating: 0, count: 256)
        fold = .allocate(capacity: 256)
        for v in 0..<256 { fold[v] = UInt8(truncatingIfNeeded: RegexPrefilter.fold(UInt32(v))) }
        flags[0xB5] = 1
        flags[0xDF] = 1
        flags[0xFF] = 1
        next = .allocate(capacity: 4 * 256)
        next.initialize(repeating: 0, count: 4 * 256)
        let poolCount = literals.reduce(0) { $0 + $1.scalars.count }
        pool = .allocate(capacity: max(poolCount, 1))
        var byKey = [[Entry]](repeating: [], count: 256)
        var s = 0
        for (l, literal) in literals.enumerated() {
            let start = s
            for v in literal.scalars { pool[s] = v; s += 1 }
            guard literal.key >= 0, literal.key < literal.scalars.count else { continue }
            let f = literal.scalars[literal.key]
            // Literal scalars are comparable, so below 0xFF; anything else could never be found.
            guard f < 0xFF else { continue }
            byKey[Int(f)].append(Entry(bit: 1 << UInt64(l), offset: literal.key, start: start, count: literal.scalars.count))
            for v in 0..<0xFF where RegexPrefilter.fold(UInt32(v)) == f { flags[v] = 1 }
            // Literal scalars are below 0xFF (comparable), so a bit of the four words.
            if literal.key + 1 < literal.scalars.count {
                let after = Int(literal.scalars[literal.key + 1] & 0xFF)
                next[4 * Int(f) + after >> 6] |= 1 << UInt64(after & 63)
            } else {
                for w in 0..<4 { next[4 * Int(f) + w] = ~0 }
            }
        }
        table = .allocate(capacity: 8 * 256)
        for k in 0..<8 {
            for v in 0..<256 { table[256 * k + v] = flags[v] << UInt8(k) }
        }
        keyStart = .allocate(capacity: 257)
        let count = byKey.reduce(0) { $0 + $1.count }
        entries = .allocate(capacity: max(count, 1))
        var e = 0
        for f in 0..<256 {
            keyStart[f] = e
            for entry in byKey[f] {
                (entries + e).initialize(to: entry)
                e += 1
            }
        }
        keyStart[256] = e
    }

    deinit {
        table.deallocate()
        next.deallocate()
        fold.deallocate()
        keyStart.deallocate()
        entries.deallocate()
        pool.deallocate()
    }

    /// Bits of the literals that occur in the text; nil when it has an exotic scalar (see
    /// `FoldedText.exotic`: then every literal may occur).
    func scan(_ text: UnsafeBufferPointer<Unicode.Scalar>) -> UInt64? {
        guard let p = text.baseAddress else { return 0 }
        let n = text.count
        let t = table
        var found: UInt64 = 0
        var i = 0
        // Little-endian layout: a scalar's low byte is its first.
        #if _endian(little)
        // Eight scalars a step: the table entry of each one's low byte (a byte load each), and one
        // test that all eight are below U+0100 (so that the low byte is the scalar). Most steps
        // have no entry set and no high scalar: no branch per scalar. Reads stay within the text's
        // 4 * n bytes (i + 8 <= n); wrapping arithmetic, as n is an array's count.
        let high: UInt64 = 0xFFFF_FF00_FFFF_FF00
        // Most blocks are Latin-1 throughout: one pass finds that (two scalars a load), and the
        // steps then need no test for high scalars. Profile (callgrind, 880 memos): the step below
        // was ~57 instructions for eight scalars (the loaded words kept for the test, with spills);
        // the pass and a step of byte loads are about half of that.
        if Self.belowU0100(p, n) {
            let raw = UnsafeRawPointer(p)
            while i &+ 8 <= n {
                // Lane k's entry at bit k from the table's copy k; the low byte of scalar i + k is
                // byte 4(i + k) (little-endian), within the text's 4 * n bytes as i + 8 <= n.
                let q = raw + (i &* 4)
                var lanes = UInt32(t[Int(q.load(fromByteOffset: 0, as: UInt8.self))])
                lanes |= UInt32(t[256 &+ Int(q.load(fromByteOffset: 4, as: UInt8.self))])
                lanes |= UInt32(t[512 &+ Int(q.load(fromByteOffset: 8, as: UInt8.self))])
                lanes |= UInt32(t[768 &+ Int(q.load(fromByteOffset: 12, as: UInt8.self))])
                lanes |= UInt32(t[1024 &+ Int(q.load(fromByteOffset: 16, as: UInt8.self))])
                lanes |= UInt32(t[1280 &+ Int(q.load(fromByteOffset: 20, as: UInt8.self))])
                lanes |= UInt32(t[1536 &+ Int(q.load(fromByteOffset: 24, as: UInt8.self))])
                lanes |= UInt32(t[1792 &+ Int(q.load(fromByteOffset: 28, as: UInt8.self))])
                while lanes != 0 {
                    if !visit(i &+ lanes.trailingZeroBitCount, p, n, &found) { return nil }
                    lanes &= lanes &- 1
                }
                i &+= 8
            }
        }
        while i &+ 8 <= n {
            let q = UnsafeRawPointer(p + i)
            let w0 = q.loadUnaligned(as: UInt64.self), w1 = q.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
            let w2 = q.loadUnaligned(fromByteOffset: 16, as: UInt64.self), w3 = q.loadUnaligned(fromByteOffset: 24, as: UInt64.self)
            // Lane k's entry at bit k, from the table's copy k (indices below 8 * 256).
            var lanes = UInt32(t[Int(truncatingIfNeeded: UInt8(truncatingIfNeeded: w0))])
            lanes |= UInt32(t[256 &+ Int(truncatingIfNeeded: UInt8(truncatingIfNeeded: w0 &>> 32))])
            lanes |= UInt32(t[512 &+ Int(truncatingIfNeeded: UInt8(truncatingIfNeeded: w1))])
            lanes |= UInt32(t[768 &+ Int(truncatingIfNeeded: UInt8(truncatingIfNeeded: w1 &>> 32))])
            lanes |= UInt32(t[1024 &+ Int(truncatingIfNeeded: UInt8(truncatingIfNeeded: w2))])
            lanes |= UInt32(t[1280 &+ Int(truncatingIfNeeded: UInt8(truncatingIfNeeded: w2 &>> 32))])
            lanes |= UInt32(t[1536 &+ Int(truncatingIfNeeded: UInt8(truncatingIfNeeded: w3))])
            lanes |= UInt32(t[1792 &+ Int(truncatingIfNeeded: UInt8(truncatingIfNeeded: w3 &>> 32))])
            if (w0 | w1 | w2 | w3) & high != 0 {
                // A scalar from U+0100 on: its low byte says nothing; every lane is looked at.
                lanes = 0
                for k in 0..<8 where t[Int(min(p[i &+ k].value, 0xFF))] != 0 { lanes |= 1 &<< UInt32(k) }
            }
            while lanes != 0 {
                if !visit(i &+ lanes.trailingZeroBitCount, p, n, &found) { return nil }
                lanes &= lanes &- 1
            }
            i &+= 8
        }
        #endif
        while i < n {
            if t[Int(min(p[i].value, 0xFF))] != 0, !visit(i, p, n, &found) { return nil }
            i &+= 1
        }
        return found
    }

    /// Whether all `n` scalars at `p` are below U+0100.
    @inline(__always) private static func belowU0100(_ p: UnsafePointer<Unicode.Scalar>, _ n: Int) -> Bool {
        let raw = UnsafeRawPointer(p)
        var bits: UInt64 = 0
        var k = 0
        // Two scalars a load while two fit (byte offsets below 4 * n), then the last one.
        while k &+ 2 <= n {
            bits |= raw.loadUnaligned(fromByteOffset: k &* 4, as: UInt64.self)
            k &+= 2
        }
        if k < n { bits |= UInt64(p[k].value) }
        return bits & 0xFFFF_FF00_FFFF_FF00 == 0
    }

    /// A scalar the table flags, at `k` (below `n`): false when it makes the text exotic; else
    /// records the literals whose key it is and which occur around it.
    @inline(__always)
    private func visit(_ k: Int, _ p: UnsafePointer<Unicode.Scalar>, _ n: Int, _ found: inout UInt64) -> Bool {
        let v = p[k].value
        if v >= 0xFF || v == 0xB5 || v == 0xDF { return !FoldedText.isExotic(v) }
        // v < 0xFF: in bounds of `fold`; f < 0xFF, so f + 1 is within `keyStart`'s 257 values.
        let f = Int(fold[Int(v)])
        // The scalar after the key, when there is one below U+0100 (else the literals are compared):
        // its folded bit in `next` row f (f < 0xFF, so within the 4 * 256 words).
        if k &+ 1 < n {
            let w = p[k &+ 1].value
            if w < 0x100 {
                let a = Int(fold[Int(w)])
                if next[4 &* f &+ a &>> 6] & (1 &<< UInt64(a & 63)) == 0 { return true }
            }
        }
        var e = keyStart[f]
        let end = keyStart[f &+ 1]
        while e < end {
            let entry = entries[e]
            e &+= 1
            guard found & entry.bit == 0 else { continue }
            // The literal would cover j ..< j + count: within the text (offset < count).
            let j = k &- entry.offset
            guard j >= 0, j &+ entry.count <= n else { continue }
            var m = 0
            while m < entry.count {
                let w = p[j &+ m].value
                if w >= 0x100 || UInt32(fold[Int(w)]) != pool[entry.start &+ m] { break }
                m &+= 1
            }
            if m == entry.count { found |= entry.bit }
        }
        return true
    }
}

/// The watched literals of the sets that read every block (`pattern`, `attachment-reference`) in
/// one scanner, so that a block is scanned once for all of them (`AnalyzedBlock.unionScan`).
/// Profile (callgrind, 880 memos): a scan per set was ~60 M instructions, two passes over every
/// block. A member set reads its literals' bits at its offset; the answer is the one its own
/// scanner gives, as the union scanner finds exactly the member literals that occur.
final class PrefilterUnion: Sendable {
    let scanner: KeyScanner
    /// Member scanners (held, so that identity stays unique) and the offset of their bits.
    private let members: [(scanner: KeyScanner, offset: Int)]

    /// Sets beyond 64 literals in all are left out (they scan on their own).
    init(_ sets: [RegexPrefilterSet]) {
        var literals: [(scalars: [UInt32], key: Int)] = []
        var members: [(scanner: KeyScanner, offset: Int)] = []
        for set in sets {
            let own = set.scanner.literals
            guard !own.isEmpty, literals.count + own.count <= 64,
                  !members.contains(where: { $0.scanner === set.scanner }) else { continue }
            members.append((set.scanner, literals.count))
            literals += own
        }
        self.members = members
        scanner = KeyScanner(literals)
    }

    var isEmpty: Bool { members.isEmpty }

    /// The offset of `scanner`'s bits, when it is a member.
    @inline(__always) func offset(of scanner: KeyScanner) -> Int? {
        for m in members where m.scanner === scanner { return m.offset }
        return nil
    }
}
