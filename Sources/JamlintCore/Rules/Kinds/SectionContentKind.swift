import Foundation

/// `section-content`: a gender section whose body is empty, shorter than `min_words` words,
/// or only a placeholder ("Ej aktuellt", "–", "Se ovan").
/// Lint: points at the placeholder, or at the heading when the body is empty.
struct SectionContentKind: RuleKind {
    static let name = "section-content"
    static let optionKeys: Set<String> = ["min_words", "placeholders"]

    let minWords: Int
    let placeholders: Set<String>

    init(rule: RuleFile, options: RuleOptions, lexicon: Lexicon) throws(DataFileError) {
        minWords = try options.int("min_words", default: 8)
        placeholders = Set(try options.strings("placeholders").map(Self.normalise))
        maxPlaceholderLetters = placeholders.map { Self.letters(in: $0.precomposedStringWithCanonicalMapping.unicodeScalars) }.max() ?? 0
    }

    /// The most letters any placeholder has. Normalising (lower case, NFC, dropping white space,
    /// numbering and edge punctuation) keeps every letter below U+1100 (the Hangul jamo are
    /// the letters NFC can merge), so a body with more such letters cannot be a placeholder and
    /// the whole-body normalisation, which profiles showed on every gender section, is skipped.
    let maxPlaceholderLetters: Int

    static func letters<S: Sequence>(in scalars: S, upTo limit: Int = .max) -> Int where S.Element == Unicode.Scalar {
        var n = 0
        for s in scalars where s.value < 0x1100 {
            if n >= limit { break }
            if s.value < 0x100 {
                if isLatin1Letter(s.value) { n += 1 }
                continue
            }
            switch s.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: n += 1
            default: break
            }
        }
        return n
    }

    /// Whether a scalar below U+0100 is a letter (General Category L*; checked by a test): the
    /// property look-up ran for every å, ä and ö of a gender section in profiles.
    @inline(__always) static func isLatin1Letter(_ v: UInt32) -> Bool {
        if v < 0x80 { return (v | 0x20) >= 0x61 && (v | 0x20) <= 0x7A }
        return (v >= 0xC0 && v != 0xD7 && v != 0xF7) || v == 0xAA || v == 0xB5 || v == 0xBA
    }

    static func normalise(_ s: String) -> String {
        let n = StructureLexicon.normalise(s)
        // Neither set holds an ASCII letter or digit: text that starts and ends with one is its own
        // trimmed form (building the union of the two sets cost more than the rest of the check).
        if let first = n.utf8.first, let last = n.utf8.last, isASCIIAlphanumeric(first), isASCIIAlphanumeric(last) {
            return n
        }
        return n.trimmingCharacters(in: .punctuationCharacters.union(.whitespaces))
    }

    @inline(__always) static func isASCIIAlphanumeric(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || ((b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A)
    }

    /// `text.trimmingCharacters(in: .whitespacesAndNewlines)`; text that starts and ends with a
    /// printable ASCII character other than the space is returned as it is (the set holds none).
    static func trimmedOfWhitespace(_ text: String) -> String {
        if let first = text.utf8.first, let last = text.utf8.last, first > 0x20 && first < 0x7F, last > 0x20 && last < 0x7F {
            return text
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Unique among the process's kinds of this type: the key of this kind's answer in a memo's
    /// `RuleScratch` (copies share it, and they answer alike).
    private let id = ProcessUniqueID.next()

    func check(_ context: RuleContext) -> [RawFinding] {
        let found = scan(context, first: false)
        context.scratch.record(sectionContent: id, !found.isEmpty)
        return found
    }

    /// Whether `check` would report anything, without making the findings' texts (other rules'
    /// `skip_when` asks for every memo). When this kind's `check` has run for the memo, its answer:
    /// `scan` reads the memo's gender sections alone (not the context's scope), and with `first`
    /// it stops at the first section that `check` reports, so it finds one exactly when `check`
    /// does (`SectionContentAnswerTests`). Profile: JAM004's `skip_when: [JAM002]` scanned the
    /// gender sections again right after JAM002's check (~1 M instructions on 880 memos).
    func applies(_ context: RuleContext) -> Bool {
        if let known = context.scratch.sectionContent(id) { return known }
        return !scan(context, first: true).isEmpty
    }

    /// The findings, or with `first` only the first (its values left empty).
    private func scan(_ context: RuleContext, first stopAtFirst: Bool) -> [RawFinding] {
        guard case .sections(let sections) = context.document.gender else { return [] }
        let blocks = context.document.blocks
        var out: [RawFinding] = []
        // By index: iterating the sections copied each one.
        for s in sections.indices {
            guard let heading = sections[s].heading else { continue }
            let range = sections[s].body
            // The body without header fields, read in place (a filtered array per section showed
            // in profiles).
            var first: Int?
            var words = 0
            var letters = 0
            // Both counts matter only up to their limits (`words < minWords`, `letters <=
            // maxPlaceholderLetters`), so they stop there: counting every word of a long gender
            // section read all its tokens again (cachegrind, 1,000 memos: 15 k cache misses).
            for i in range where blocks[i].block.kind != .metadata {
                if first == nil { first = i }
                let b = blocks[i]
                if words < minWords {
                    for t in b.tokens.tokens where t.kind == .word || t.kind == .number {
                        words += 1
                        if words >= minWords { break }
                    }
                }
                if letters <= maxPlaceholderLetters {
                    letters += Self.letters(in: b.block.text.scalars, upTo: maxPlaceholderLetters + 1 - letters)
                }
                if words >= minWords && letters > maxPlaceholderLetters { break }
            }
            // The body's text is only needed for a placeholder check or a finding.
            var bodyText: String {
                var text = ""
                for i in range where blocks[i].block.kind != .metadata {
                    if !text.isEmpty { text += " " }
                    text += blocks[i].block.text.string
                }
                return text
            }
            func isPlaceholder() -> Bool {
                guard letters <= maxPlaceholderLetters else { return false }
                let normalised = Self.normalise(bodyText)
                return !normalised.isEmpty && placeholders.contains(normalised)
            }
            guard first == nil || words < minWords || isPlaceholder() else { continue }
            if stopAtFirst { return [RawFinding(block: first ?? heading)] }
            let title = sections[s].title
            if let first {
                let text = blocks[first].block.text
                let trimmed = text.trimmed()
                let start = text.count - trimmed.count > 0 ? (text.scalars.firstIndex { !$0.properties.isWhitespace } ?? 0) : 0
                out.append(RawFinding(block: first, scalars: start..<(start + trimmed.count),
                                      values: ["match": Self.trimmedOfWhitespace(bodyText), "title": title]))
            } else {
                let h = blocks[heading].block.text
                out.append(RawFinding(block: heading, scalars: 0..<h.count, values: ["match": "", "title": title]))
            }
        }
        return out
    }
}
