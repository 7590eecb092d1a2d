/// Finds the headings and header fields of memos that were converted from Word or PDF and so
/// rarely use heading markup. Runs on every format's document, after its parser.
///
/// Only `.paragraph` blocks are looked at, line by line from the top (a line ends at "\n"):
/// - a header field: `Datum: 2024-01-23` anywhere, or `Dnr KS 2023-00738` without a colon in the
///   memo header (before the first real content; one title line is allowed) → `.metadata`;
/// - a line that is wholly bold and short (not a sentence ending in ".") → implicit heading;
/// - a short line that is a known section name ("3.2 Jämställdhet:") → implicit heading;
/// - a `Label: rest` prefix of at most four words → implicit heading + paragraph.
/// Implicit headings get the level below the last explicit heading (2 when there is none).
/// Every new block is a slice of the old text, so positions stay exact.
public struct ImplicitHeadings: Sendable {
    public let lexicon: StructureLexicon
    /// Longest line (in words) read as a bold or known-section heading.
    public var maxHeadingWords = 12
    /// Longest `Label:` (in words) read as a heading.
    public var maxLabelWords = 4
    /// Longest header line without a colon ("Dnr KS 2023-00738"), in words.
    public var maxHeaderLineWords = 8

    public init(lexicon: StructureLexicon) { self.lexicon = lexicon }

    public func apply(to document: inout Document) {
        var out: [Block] = []
        out.reserveCapacity(document.blocks.count + 8)
        var lastExplicitLevel: Int?
        var header = HeaderZone()
        for block in document.blocks {
            switch block.kind {
            case .paragraph:
                let level = min((lastExplicitLevel ?? 1) + 1, 6)
                let pieces = split(block, header: &header, headingLevel: level)
                out.append(contentsOf: pieces)
            case .heading:
                if !block.isImplicitHeading { lastExplicitLevel = block.level }
                header.saw(isTitle: block.level <= 1 && !lexicon.isKnownSection(block.text.string))
                out.append(block)
            case .metadata:
                out.append(block)
            case .listItem, .tableCell:
                header.saw(isTitle: false)
                out.append(block)
            }
        }
        document.blocks = out
    }

    /// The memo header: open until the first content that is not a header field, except one
    /// leading title line ("TJÄNSTESKRIVELSE", `# Motion om …`).
    struct HeaderZone {
        private(set) var isOpen = true
        private var titleSeen = false

        mutating func saw(isTitle: Bool) {
            guard isOpen else { return }
            if isTitle && !titleSeen { titleSeen = true } else { isOpen = false }
        }
    }

    // MARK: Splitting a paragraph

    func split(_ block: Block, header: inout HeaderZone, headingLevel: Int) -> [Block] {
        let text = block.text
        var pieces: [Block] = []
        var rest = skipBlank(text, 0..<text.count)
        func emit(_ kind: BlockKind, _ range: Range<Int>, covering: Range<Int>? = nil, key: String? = nil) {
            var piece = slice(block, range, covering: covering ?? range)
            piece.kind = kind
            piece.metadataKey = key
            if kind == .heading {
                piece.level = headingLevel
                piece.isImplicitHeading = true
            } else if kind == .metadata {
                piece.strong = []
            }
            pieces.append(piece)
        }
        while !rest.isEmpty {
            let lineEnd = firstNewline(text, rest) ?? rest.upperBound
            let line = trim(text, rest.lowerBound..<lineEnd)
            let afterLine = skipBlank(text, min(lineEnd + 1, rest.upperBound)..<rest.upperBound)
            if let field = headerField(text, line: line, next: afterLine, inHeader: header.isOpen) {
                emit(.metadata, field.value, covering: line.lowerBound..<max(field.end, line.upperBound), key: field.key)
                rest = skipBlank(text, min(field.end, rest.upperBound)..<rest.upperBound)
                continue
            }
            let words = wordCount(text, line)
            if words > 0 && words <= maxHeadingWords {
                let known = line.count <= 120 && lexicon.isKnownSection(text.string(line))
                if known || isBoldHeading(block, line) {
                    emit(.heading, line)
                    header.saw(isTitle: !known)
                    rest = afterLine
                    continue
                }
            }
            if let label = labelPrefix(text, line) {
                emit(.heading, label.label)
                header.saw(isTitle: false)
                let body = skipBlank(text, label.restStart..<rest.upperBound)
                if !body.isEmpty { emit(.paragraph, trim(text, body)) }
                rest = 0..<0
                break
            }
            // A title line directly above header fields, in one paragraph.
            if header.isOpen && !afterLine.isEmpty, words <= maxHeaderLineWords {
                let nextEnd = firstNewline(text, afterLine) ?? afterLine.upperBound
                let nextLine = trim(text, afterLine.lowerBound..<nextEnd)
                if headerField(text, line: nextLine, next: 0..<0, inHeader: true) != nil {
                    emit(.paragraph, line)
                    header.saw(isTitle: true)
                    rest = afterLine
                    continue
                }
            }
            emit(.paragraph, trim(text, rest))
            header.saw(isTitle: !text.scalars[rest].contains("\n") && words <= maxHeaderLineWords)
            break
        }
        guard !pieces.isEmpty else { return [block] }
        if pieces.count == 1 && pieces[0].kind == .paragraph && pieces[0].text.count == text.count {
            return [block]
        }
        pieces[0].sourceRange = min(block.sourceRange.lowerBound, pieces[0].sourceRange.lowerBound)
            ..< pieces[0].sourceRange.upperBound
        let last = pieces.count - 1
        pieces[last].sourceRange = pieces[last].sourceRange.lowerBound
            ..< max(block.sourceRange.upperBound, pieces[last].sourceRange.upperBound)
        return pieces
    }

    private func slice(_ block: Block, _ range: Range<Int>, covering: Range<Int>) -> Block {
        var piece = block
        piece.text = block.text.slice(range)
        piece.strong = block.strong.compactMap { r in
            let a = max(r.lowerBound, range.lowerBound), b = min(r.upperBound, range.upperBound)
            return a < b ? (a - range.lowerBound)..<(b - range.lowerBound) : nil
        }
        let span = covering.isEmpty ? range : covering
        if span.isEmpty {
            let at = span.lowerBound < block.text.count ? block.text.starts[span.lowerBound]
                : (block.text.ends.last ?? block.sourceRange.lowerBound)
            piece.sourceRange = at..<at
        } else {
            piece.sourceRange = block.text.sourceRange(span)
        }
        return piece
    }

    // MARK: Header fields

    struct HeaderField {
        var key: String
        var value: Range<Int>
        /// Scalar index after the last scalar the field used (its line, or the next for `Datum:` + value).
        var end: Int
    }

    /// `Datum: 2024-01-23` (any field name, anywhere), or, in the header, `Dnr KS 2023-00738`.
    func headerField(_ text: BlockText, line: Range<Int>, next: Range<Int>, inHeader: Bool) -> HeaderField? {
        guard !line.isEmpty else { return nil }
        if let label = labelPrefix(text, line, allowEmptyRest: true) {
            let key = text.string(label.label)
            guard lexicon.isMetadataField(key) else { return nil }
            let value = trim(text, label.restStart..<line.upperBound)
            if value.isEmpty && inHeader && !next.isEmpty {
                // "Datum:" with the date on the next line, as Word tables often flatten.
                let nextEnd = firstNewline(text, next) ?? next.upperBound
                let nextLine = trim(text, next.lowerBound..<nextEnd)
                if wordCount(text, nextLine) <= maxHeaderLineWords {
                    return HeaderField(key: key, value: nextLine, end: nextEnd)
                }
            }
            return HeaderField(key: key, value: value, end: line.upperBound)
        }
        guard inHeader else { return nil }
        let words = wordRanges(text, line)
        guard words.count >= 2, words.count <= maxHeaderLineWords else { return nil }
        for j in stride(from: min(3, words.count - 1), through: 1, by: -1) {
            let keyRange = words[0].lowerBound..<words[j - 1].upperBound
            let key = text.string(keyRange)
            if lexicon.isMetadataField(key) {
                return HeaderField(key: key, value: words[j].lowerBound..<line.upperBound, end: line.upperBound)
            }
        }
        return nil
    }

    // MARK: Labels

    struct Label {
        var label: Range<Int>
        /// Scalar index after the colon.
        var restStart: Int
    }

    /// `Label: rest` — at most `maxLabelWords` words starting with an upper-case letter (after
    /// optional numbering), a colon, then white space or the end of the line.
    func labelPrefix(_ text: BlockText, _ line: Range<Int>, allowEmptyRest: Bool = true) -> Label? {
        let s = text.scalars
        var i = line.lowerBound
        // Optional numbering: "3.2 ", "4) "
        var j = i
        while j < line.upperBound, s[j].properties.numericType == .decimal || s[j] == "." || s[j] == ")" { j += 1 }
        if j > i, j < line.upperBound, s[j].properties.isWhitespace,
           s[i..<j].contains(where: { $0.properties.numericType == .decimal }) {
            i = j
            while i < line.upperBound && s[i].properties.isWhitespace { i += 1 }
        }
        guard i < line.upperBound, s[i].properties.isUppercase else { return nil }
        var k = i
        var words = 1
        var previousSpace = false
        while k < line.upperBound && s[k] != ":" {
            let c = s[k]
            if c.properties.isWhitespace {
                if !previousSpace { words += 1 }
                previousSpace = true
            } else {
                previousSpace = false
                let ok = c.properties.isAlphabetic || c.properties.numericType != nil
                    || c == "-" || c == "\u{2013}" || c == "/" || c == "&"
                    || c.properties.generalCategory == .nonspacingMark
                if !ok { return nil }
            }
            if words > maxLabelWords { return nil }
            k += 1
        }
        guard k < line.upperBound, k > i, !s[k - 1].properties.isWhitespace else { return nil }
        let after = k + 1
        if after < line.upperBound {
            guard s[after].properties.isWhitespace else { return nil }
        } else if !allowEmptyRest {
            return nil
        }
        return Label(label: line.lowerBound..<k, restStart: after)
    }

    // MARK: Bold lines

    /// Every non-space scalar of the line is bold (a trailing colon may be outside), the line has
    /// a letter, and it does not end like a sentence.
    func isBoldHeading(_ block: Block, _ line: Range<Int>) -> Bool {
        guard !block.strong.isEmpty, !line.isEmpty else { return false }
        let s = block.text.scalars
        var end = line.upperBound
        if s[end - 1] == ":" { end -= 1 }
        var hasLetter = false
        var r = 0
        let strong = block.strong
        for i in line.lowerBound..<end {
            if s[i].properties.isWhitespace { continue }
            while r < strong.count && strong[r].upperBound <= i { r += 1 }
            guard r < strong.count, strong[r].contains(i) else { return false }
            if s[i].properties.isAlphabetic { hasLetter = true }
        }
        guard hasLetter else { return false }
        if s[end - 1] == "." {
            // "**Bilaga 1.**" is numbering; "**Detta gäller.**" is a sentence.
            var w = end - 1
            while w > line.lowerBound && !s[w - 1].properties.isWhitespace { w -= 1 }
            if s[w..<(end - 1)].contains(where: { $0.properties.isAlphabetic }) { return false }
        }
        return true
    }

    // MARK: Scalar helpers

    private func firstNewline(_ text: BlockText, _ range: Range<Int>) -> Int? {
        text.scalars[range].firstIndex(of: "\n")
    }

    private func trim(_ text: BlockText, _ range: Range<Int>) -> Range<Int> {
        var lo = range.lowerBound, hi = range.upperBound
        while lo < hi && text.scalars[lo].properties.isWhitespace { lo += 1 }
        while hi > lo && text.scalars[hi - 1].properties.isWhitespace { hi -= 1 }
        return lo..<hi
    }

    private func skipBlank(_ text: BlockText, _ range: Range<Int>) -> Range<Int> {
        var lo = range.lowerBound
        while lo < range.upperBound && text.scalars[lo].properties.isWhitespace { lo += 1 }
        return lo..<range.upperBound
    }

    private func wordRanges(_ text: BlockText, _ range: Range<Int>) -> [Range<Int>] {
        var words: [Range<Int>] = []
        var start: Int?
        for i in range {
            if text.scalars[i].properties.isWhitespace {
                if let s = start { words.append(s..<i); start = nil }
            } else if start == nil {
                start = i
            }
        }
        if let s = start { words.append(s..<range.upperBound) }
        return words
    }

    private func wordCount(_ text: BlockText, _ range: Range<Int>) -> Int {
        var count = 0
        var inWord = false
        for i in range {
            let space = text.scalars[i].properties.isWhitespace
            if !space && !inWord { count += 1 }
            inWord = !space
        }
        return count
    }
}
