/// A necessary condition for an expression that is one plain sequence of scalar sets with
/// quantifiers (`(?-i)\b[A-ZÅÄÖ]{2,6}[ -]?\d{4}[-/]\d{2,5}\b`): the text must hold a run of
/// scalars that the sequence, with its assertions dropped and each set widened to a superset of
/// what ICU matches, accepts.
///
/// Profile (callgrind, 880 memos): MEMO001's registration-number expression has no literal for
/// `RegexPrefilter`, and ICU ran on each of the first blocks with a digit (~20,600 instructions a
/// call, most of it bridging the block's text to UTF-16), nearly always without a match; a walk
/// of the scalars rejects almost all of them for a few instructions a scalar.
///
/// Conservative: an expression with anything else (groups, `|`, `.`, classes other than `\d` and
/// `\s`, negated or nested sets, possessive quantifiers, inline flags but a leading `(?-i)`), and
/// a case-insensitive one with a letter or a scalar beyond ASCII (case folding may match other
/// scalars, or several for one: "ss" and "ß"), gets no shape.
struct RegexShape: Sendable {
    /// A superset of the scalars an element matches.
    struct ScalarSet: Sendable, Equatable {
        /// Bits of the ASCII members (scalar `v < 128` at bit `v & 63` of word `v >> 6`).
        var low: UInt64 = 0
        var high: UInt64 = 0
        /// Members from U+0080 on.
        var ranges: [ClosedRange<UInt32>] = []
        /// `\d` beyond ASCII (`CompiledRegex.decimalDigitRanges`, a superset of ICU's).
        var digits = false
        /// `\s` beyond ASCII (`MatchWindow.mayBeSpace`, a superset of ICU's).
        var spaces = false

        mutating func insert(_ v: UInt32) { insert(v...v) }

        mutating func insert(_ r: ClosedRange<UInt32>) {
            var lo = r.lowerBound
            while lo <= r.upperBound && lo < 128 {
                if lo < 64 { low |= 1 << UInt64(lo) } else { high |= 1 << UInt64(lo - 64) }
                lo += 1
            }
            if lo <= r.upperBound { ranges.append(lo...r.upperBound) }
        }

        mutating func insertDigits() {
            insert(0x30...0x39)
            digits = true
        }

        mutating func insertSpaces() {
            // ICU's \s is [\t\n\f\r\p{Z}]; VT (0x0B) too, as `mayBeSpace` has it.
            insert(0x09...0x0D)
            insert(0x20)
            spaces = true
        }

        @inline(__always) func contains(_ v: UInt32) -> Bool {
            if v < 64 { return low & (1 << UInt64(v)) != 0 }
            if v < 128 { return high & (1 << UInt64(v - 64)) != 0 }
            return containsBeyondASCII(v)
        }

        private func containsBeyondASCII(_ v: UInt32) -> Bool {
            for r in ranges where r.contains(v) { return true }
            if digits && v >= 0x660 && CompiledRegex.isDecimalDigitBeyondASCII(v) { return true }
            if spaces && MatchWindow.mayBeSpace(v) { return true }
            return false
        }
    }

    struct Element: Sendable, Equatable {
        var set: ScalarSet
        var min: Int
        /// `Int.max`: unbounded.
        var max: Int
    }

    let elements: [Element]

    /// Steps of the backtracking walk per text; beyond it the text may match (a sequence of
    /// unbounded elements can make the walk quadratic or worse).
    static let stepBudget = 20_000

    init?(pattern: String, caseInsensitive: Bool) {
        var p = Array(pattern.unicodeScalars)
        var folding = caseInsensitive
        let caseSensitiveFlag = Array("(?-i)".unicodeScalars)
        if p.starts(with: caseSensitiveFlag) {
            p.removeFirst(caseSensitiveFlag.count)
            folding = false
        }
        var elements: [Element] = []
        var i = 0
        while i < p.count {
            var set = ScalarSet()
            let c = p[i]
            switch c {
            case "\\":
                guard i + 1 < p.count else { return nil }
                let e = p[i + 1]
                i += 2
                switch e {
                case "b", "B":
                    // An assertion: dropping it only lets more texts through.
                    if i < p.count && Self.isQuantifierStart(p[i]) { return nil }
                    continue
                case "d": set.insertDigits()
                case "s": set.insertSpaces()
                default:
                    guard Self.isEscapablePunctuation(e) else { return nil }
                    set.insert(e.value)
                }
            case "^", "$":
                if i + 1 < p.count && Self.isQuantifierStart(p[i + 1]) { return nil }
                i += 1
                continue
            case "[":
                guard let parsed = Self.parseSet(p, &i) else { return nil }
                set = parsed
            case "]", "(", ")", "{", "}", "|", ".", "*", "+", "?":
                return nil
            default:
                set.insert(c.value)
                i += 1
            }
            if folding {
                // Case-insensitive: only ASCII scalars that are not letters (nothing else folds to them).
                let letters: UInt64 = 0x07FF_FFFE_07FF_FFFE
                // `\d` and `\s` hold no scalar with a case mapping.
                guard set.ranges.isEmpty, set.high & letters == 0 else { return nil }
            }
            guard let (min, max) = Self.parseQuantifier(p, &i) else { return nil }
            elements.append(Element(set: set, min: min, max: max))
        }
        // An expression that can match the empty text matches every text.
        guard elements.contains(where: { $0.min > 0 }) else { return nil }
        self.elements = elements
    }

    /// Whether some run of the text matches the sequence (or the walk gave up: true).
    func mayMatch(_ text: UnsafeBufferPointer<Unicode.Scalar>) -> Bool {
        var budget = Self.stepBudget
        let n = text.count
        // Elements before the first required one may match nothing, so a match may start where
        // the first required element does; runs of the optional ones before it are not needed.
        guard let firstRequired = elements.firstIndex(where: { $0.min > 0 }) else { return true }
        let head = elements[firstRequired].set
        var start = 0
        while start < n {
            if head.contains(text[start].value) {
                if walk(text, firstRequired, start, &budget) { return true }
                if budget <= 0 { return true }
            }
            start += 1
        }
        return false
    }

    /// Whether elements `e...` match a run from `position` on.
    private func walk(_ text: UnsafeBufferPointer<Unicode.Scalar>, _ e: Int, _ position: Int, _ budget: inout Int) -> Bool {
        if e == elements.count { return true }
        budget -= 1
        if budget <= 0 { return true }
        let element = elements[e]
        var k = 0
        while k < element.max && position + k < text.count && element.set.contains(text[position + k].value) { k += 1 }
        // The run counted is charged too: with two unbounded elements, every start position would
        // otherwise count a long run again for each length of the one before (quadratic).
        budget -= k
        if budget <= 0 { return true }
        guard k >= element.min else { return false }
        var c = k
        while c >= element.min {
            if walk(text, e + 1, position + c, &budget) { return true }
            if budget <= 0 { return true }
            c -= 1
        }
        return false
    }

    private static func isQuantifierStart(_ s: Unicode.Scalar) -> Bool {
        s == "?" || s == "*" || s == "+" || s == "{"
    }

    /// ASCII punctuation and symbols: an escaped one is the scalar itself in ICU.
    private static func isEscapablePunctuation(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        guard v > 0x20 && v < 0x7F else { return false }
        let isDigit = v >= 0x30 && v <= 0x39
        let isLetter = (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A)
        return !isDigit && !isLetter
    }

    /// A set `[…]` of scalars, ranges, `\d`, `\s` and escaped punctuation starting at `p[i]`;
    /// nil for anything else (negation, nesting, set operations, properties).
    private static func parseSet(_ p: [Unicode.Scalar], _ i: inout Int) -> ScalarSet? {
        var set = ScalarSet()
        var k = i + 1
        // `^` negates, `]` first is a member in ICU, `:` may open a POSIX-style property (`[:L:]`).
        guard k < p.count, p[k] != "^", p[k] != "]", p[k] != ":" else { return nil }
        var first = true
        while k < p.count && p[k] != "]" {
            let c = p[k]
            if c == "[" || c == "&" || c == "{" || c == "}" { return nil }
            // `--` (ICU may read it as set difference) is not understood.
            if c == "-" && k + 1 < p.count && p[k + 1] == "-" { return nil }
            var value: UInt32
            if c == "\\" {
                guard k + 1 < p.count else { return nil }
                let e = p[k + 1]
                k += 2
                if e == "d" { set.insertDigits(); first = false; continue }
                if e == "s" { set.insertSpaces(); first = false; continue }
                guard isEscapablePunctuation(e) else { return nil }
                value = e.value
            } else if c == "-" && !first && !(k + 1 < p.count && p[k + 1] == "]") {
                // A `-` between members that is not a range's (as in `[\d-x]`) is not understood.
                return nil
            } else {
                value = c.value
                k += 1
            }
            first = false
            // A range `value-upper`, unless the `-` ends the set.
            if k + 1 < p.count && p[k] == "-" && p[k + 1] != "]" {
                let u = p[k + 1]
                guard u != "\\", u != "[", u != "&", u.value >= value else { return nil }
                set.insert(value...u.value)
                k += 2
            } else {
                set.insert(value)
            }
        }
        guard k < p.count else { return nil }
        i = k + 1
        return set
    }

    /// The quantifier at `p[i]` (none: exactly one), moving past it; nil for a possessive one or
    /// one not understood. A lazy one (`?` after it) changes which match is found, not whether.
    private static func parseQuantifier(_ p: [Unicode.Scalar], _ i: inout Int) -> (Int, Int)? {
        guard i < p.count else { return (1, 1) }
        var bounds: (Int, Int)
        switch p[i] {
        case "?": bounds = (0, 1); i += 1
        case "*": bounds = (0, Int.max); i += 1
        case "+": bounds = (1, Int.max); i += 1
        case "{":
            var k = i + 1
            func number() -> Int? {
                var n = 0, digits = 0
                while k < p.count && p[k].value >= 0x30 && p[k].value <= 0x39 {
                    n = n * 10 + Int(p[k].value - 0x30)
                    digits += 1
                    k += 1
                    if n > 100_000 { return nil }
                }
                return digits > 0 ? n : nil
            }
            guard let lo = number() else { return nil }
            var hi = lo
            if k < p.count && p[k] == "," {
                k += 1
                if k < p.count && p[k] == "}" { hi = Int.max } else {
                    guard let h = number(), h >= lo else { return nil }
                    hi = h
                }
            }
            guard k < p.count && p[k] == "}" else { return nil }
            i = k + 1
            bounds = (lo, hi)
        default:
            return (1, 1)
        }
        if i < p.count {
            if p[i] == "+" { return nil }
            if p[i] == "?" { i += 1 }
        }
        // A second quantifier (`a{2}{3}`, `a??*`) is not understood.
        if i < p.count && isQuantifierStart(p[i]) { return nil }
        return bounds
    }
}
