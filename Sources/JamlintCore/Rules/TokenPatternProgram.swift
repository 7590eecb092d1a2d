/// `TokenPattern` flattened into plain values for matching: profiles of `claim-without-cue`
/// showed reference counting (copying the alternatives' Strings and each token's `lower` for
/// every token × pattern) as the dominant cost. Here the words are bytes in one pool and each
/// element keeps a set of possible first bytes, so most tokens are rejected by one lookup.
final class TokenPatternProgram: Sendable {
    enum Kind: UInt8, Sendable { case words, category, number, gap }
    enum AltKind: UInt8, Sendable { case exact, prefix, suffix }

    struct Element: Sendable {
        var kind: Kind
        var optional: Bool
        /// Gap length, or index into `categories`.
        var n: Int
        var alternatives: Range<Int>
        /// First bytes of exact and prefix alternatives; a suffix alternative disables the test.
        var first = Latin1Bits()
        var anyFirst = false
    }

    struct Alternative: Sendable {
        var kind: AltKind
        var bytes: Range<Int>
        /// Index into `strings`, for the String test where a byte seam may split a character.
        var string: Int
        /// Not known to be NFC (prefixes and suffixes are not normalised on load): bytes cannot decide.
        var stringOnly: Bool
    }

    let elements: [Element]
    let alternatives: [Alternative]
    let pool: [UInt8]
    let strings: [String]
    let categories: [String]

    init(_ source: [TokenPattern.Element]) {
        var elements: [Element] = []
        var alternatives: [Alternative] = []
        var pool: [UInt8] = []
        var strings: [String] = []
        var categories: [String] = []
        for element in source {
            switch element {
            case .gap(let n):
                elements.append(Element(kind: .gap, optional: false, n: n, alternatives: 0..<0))
            case .number(let optional):
                elements.append(Element(kind: .number, optional: optional, n: 0, alternatives: 0..<0))
            case .category(let c, let optional):
                categories.append(c)
                elements.append(Element(kind: .category, optional: optional, n: categories.count - 1, alternatives: 0..<0))
            case .words(let alts, let optional):
                let lo = alternatives.count
                var e = Element(kind: .words, optional: optional, n: 0, alternatives: 0..<0)
                for alt in alts {
                    let kind: AltKind, text: String
                    switch alt {
                    case .exact(let w): kind = .exact; text = w
                    case .prefix(let w): kind = .prefix; text = w
                    case .suffix(let w): kind = .suffix; text = w
                    }
                    let start = pool.count
                    pool.append(contentsOf: text.utf8)
                    strings.append(text)
                    let stringOnly = kind != .exact && text.unicodeScalars.contains { $0.value >= 0x300 }
                    alternatives.append(Alternative(kind: kind, bytes: start..<pool.count, string: strings.count - 1,
                                                    stringOnly: stringOnly))
                    if kind == .suffix || pool.count == start || stringOnly {
                        e.anyFirst = true
                    } else {
                        e.first.insert(Int(pool[start]))
                    }
                }
                e.alternatives = lo..<alternatives.count
                elements.append(e)
            }
        }
        self.elements = elements
        self.alternatives = alternatives
        self.pool = pool
        self.strings = strings
        self.categories = categories
    }

    /// Index (into `positions`) just after the first match starting at each position in turn;
    /// returns the token range of the first match, as `TokenPattern.firstMatch` defines it.
    func firstMatch(_ subject: PatternSubject, positions: [Int], mentionStarts: [Int: [String]]) -> Range<Int>? {
        guard !positions.isEmpty else { return nil }
        return withMatcher(subject, positions: positions, mentionStarts: mentionStarts) { m in
            for start in 0..<m.pos.count {
                if let end = m.match(0, start), end > start {
                    return m.pos[start]..<(m.pos[end - 1] + 1)
                }
            }
            return nil
        }
    }

    private func withMatcher<R>(_ subject: PatternSubject, positions: [Int], mentionStarts: [Int: [String]],
                                _ body: (inout Matcher) -> R) -> R {
        elements.withUnsafeBufferPointer { els in
            alternatives.withUnsafeBufferPointer { alts in
                pool.withUnsafeBufferPointer { pool in
                    subject.bytes.withUnsafeBufferPointer { bytes in
                        subject.starts.withUnsafeBufferPointer { starts in
                            positions.withUnsafeBufferPointer { pos in
                                subject.kinds.withUnsafeBufferPointer { kinds in
                                    var m = Matcher(els: els, alts: alts, pool: pool, bytes: bytes, starts: starts, pos: pos,
                                                    kinds: kinds, strings: strings, categories: categories, subject: subject,
                                                    mentions: mentionStarts)
                                    return body(&m)
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    struct Matcher {
        let els: UnsafeBufferPointer<Element>
        let alts: UnsafeBufferPointer<Alternative>
        let pool: UnsafeBufferPointer<UInt8>
        let bytes: UnsafeBufferPointer<UInt8>
        let starts: UnsafeBufferPointer<Int>
        let pos: UnsafeBufferPointer<Int>
        let kinds: UnsafeBufferPointer<TokenKind>
        // References only (no copies of the program or the subject per call).
        let strings: [String]
        let categories: [String]
        let subject: PatternSubject
        let mentions: [Int: [String]]

        /// Same recursion as `TokenPattern.match`.
        mutating func match(_ e: Int, _ p: Int) -> Int? {
            if e == els.count { return p }
            let el = els[e]
            switch el.kind {
            case .gap:
                var k = 0
                while k <= el.n && p + k <= pos.count {
                    if let end = match(e + 1, p + k) { return end }
                    k += 1
                }
                return nil
            case .words:
                if p < pos.count, word(el, token: pos[p]) {
                    if let end = match(e + 1, p + 1) { return end }
                }
                return el.optional ? match(e + 1, p) : nil
            case .category:
                if p < pos.count, mentions[pos[p]]?.contains(categories[el.n]) == true {
                    if let end = match(e + 1, p + 1) { return end }
                }
                return el.optional ? match(e + 1, p) : nil
            case .number:
                if p < pos.count, kinds[pos[p]] == .number {
                    if let end = match(e + 1, p + 1) { return end }
                }
                return el.optional ? match(e + 1, p) : nil
            }
        }

        /// `TokenPattern.matches` on bytes: both sides are NFC, so equal bytes is String
        /// equality; where a prefix/suffix seam has a non-ASCII byte next to it the String
        /// (Character-wise) test decides.
        func word(_ el: Element, token t: Int) -> Bool {
            let lo = starts[t], hi = starts[t + 1]
            let count = hi - lo
            if !el.anyFirst {
                guard count > 0, el.first.contains(Int(bytes[lo])) else { return false }
            }
            for a in el.alternatives {
                let alt = alts[a]
                if alt.stringOnly {
                    let lower = subject.text.tokens[t].lower, w = strings[alt.string]
                    if alt.kind == .prefix ? lower.hasPrefix(w) : lower.hasSuffix(w) { return true }
                    continue
                }
                let n = alt.bytes.count
                guard n <= count else { continue }
                switch alt.kind {
                case .exact:
                    if n == count && same(alt.bytes.lowerBound, lo, n) { return true }
                case .prefix:
                    guard same(alt.bytes.lowerBound, lo, n) else { continue }
                    if n == count || (bytes[lo + n] < 0x80 && (n == 0 || pool[alt.bytes.upperBound - 1] < 0x80)) { return true }
                    if subject.text.tokens[t].lower.hasPrefix(strings[alt.string]) { return true }
                case .suffix:
                    let offset = lo + count - n
                    guard same(alt.bytes.lowerBound, offset, n) else { continue }
                    if n == count || (bytes[offset - 1] < 0x80 && (n == 0 || pool[alt.bytes.lowerBound] < 0x80)) { return true }
                    if subject.text.tokens[t].lower.hasSuffix(strings[alt.string]) { return true }
                }
            }
            return false
        }

        func same(_ p: Int, _ b: Int, _ n: Int) -> Bool {
            var k = 0
            while k < n {
                if pool[p + k] != bytes[b + k] { return false }
                k += 1
            }
            return true
        }
    }
}

/// A block's tokens as one UTF-8 byte buffer, built once and shared by all patterns (a class:
/// it is passed to every pattern and sentence without copying its arrays' references).
final class PatternSubject: Sendable {
    let text: TokenizedText
    let bytes: [UInt8]
    /// Byte start of each token, plus the end.
    let starts: [Int]
    let kinds: [TokenKind]

    init(_ text: TokenizedText) {
        self.text = text
        var bytes: [UInt8] = []
        var starts: [Int] = []
        var kinds: [TokenKind] = []
        starts.reserveCapacity(text.tokens.count + 1)
        kinds.reserveCapacity(text.tokens.count)
        bytes.reserveCapacity(2 * text.text.scalars.count)
        for t in text.tokens {
            starts.append(bytes.count)
            // Copied as one buffer: appending a `String.UTF8View` goes byte by byte.
            var lower = t.lower
            lower.withUTF8 { bytes.append(contentsOf: $0) }
            kinds.append(t.kind)
        }
        starts.append(bytes.count)
        self.bytes = bytes
        self.starts = starts
        self.kinds = kinds
    }
}
