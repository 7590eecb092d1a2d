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
            if s.value < 0x80 {
                if (s.value | 0x20) >= 0x61 && (s.value | 0x20) <= 0x7A { n += 1 }
                continue
            }
            switch s.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: n += 1
            default: break
            }
        }
        return n
    }

    static func normalise(_ s: String) -> String {
        StructureLexicon.normalise(s).trimmingCharacters(in: .punctuationCharacters.union(.whitespaces))
    }

    func check(_ context: RuleContext) -> [RawFinding] {
        guard case .sections(let sections) = context.document.gender else { return [] }
        var out: [RawFinding] = []
        for section in sections {
            guard let heading = section.heading else { continue }
            let body = section.body.filter { context.document.blocks[$0].block.kind != .metadata }
            var words = 0
            var letters = 0
            for i in body {
                let b = context.document.blocks[i]
                for t in b.tokens.tokens where t.kind == .word || t.kind == .number { words += 1 }
                if letters <= maxPlaceholderLetters {
                    letters += Self.letters(in: b.block.text.scalars, upTo: maxPlaceholderLetters + 1 - letters)
                }
            }
            // The body's text is only needed for a placeholder check or a finding.
            var bodyText: String {
                var text = ""
                for i in body {
                    if !text.isEmpty { text += " " }
                    text += context.document.blocks[i].block.text.string
                }
                return text
            }
            func isPlaceholder() -> Bool {
                guard letters <= maxPlaceholderLetters else { return false }
                let normalised = Self.normalise(bodyText)
                return !normalised.isEmpty && placeholders.contains(normalised)
            }
            guard body.isEmpty || words < minWords || isPlaceholder() else { continue }
            if let first = body.first {
                let text = context.document.blocks[first].block.text
                let trimmed = text.trimmed()
                let start = text.count - trimmed.count > 0 ? (text.scalars.firstIndex { !$0.properties.isWhitespace } ?? 0) : 0
                let bodyText = bodyText
                out.append(RawFinding(block: first, scalars: start..<(start + trimmed.count),
                                      values: ["match": bodyText.trimmingCharacters(in: .whitespacesAndNewlines),
                                               "title": section.title]))
            } else {
                let h = context.document.blocks[heading].block.text
                out.append(RawFinding(block: heading, scalars: 0..<h.count, values: ["match": "", "title": section.title]))
            }
        }
        return out
    }
}
