import Foundation

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

    /// First words of the known section names and header fields (normalised), so that most
    /// paragraphs are ruled out without normalising their text.
    private let sectionWords: FirstWordIndex
    private let fieldWords: FirstWordIndex

    public init(lexicon: StructureLexicon) {
        self.lexicon = lexicon
        (sectionWords, fieldWords) = FirstWordIndexCache.shared.indexes(for: lexicon)
    }

    public func apply(to document: inout Document) {
        var (splits, extra) = splits(of: document.blocks)
        guard !splits.isEmpty else { return }
        Self.rebuild(&document.blocks, splits: &splits, extra: extra)
    }

    /// The paragraphs that split, in document order, with their pieces; `extra` is how many more
    /// blocks the list has afterwards.
    private func splits(of blocks: [Block]) -> (splits: [(index: Int, pieces: [Block])], extra: Int) {
        // On the buffer, whose entries can be passed without a copy (the array's subscript copied
        // every paragraph, retaining its arrays).
        blocks.withUnsafeBufferPointer { splits(of: $0) }
    }

    private func splits(of blocks: UnsafeBufferPointer<Block>) -> (splits: [(index: Int, pieces: [Block])], extra: Int) {
        var splits: [(index: Int, pieces: [Block])] = []
        var extra = 0
        var lastExplicitLevel: Int?
        var header = HeaderZone()
        for index in blocks.indices {
            switch blocks[index].kind {
            case .paragraph:
                let level = min((lastExplicitLevel ?? 1) + 1, 6)
                // By address: passing `blocks[index]` copied the block (retaining its arrays) per paragraph.
                guard let base = blocks.baseAddress else { break }
                // Most paragraphs are prose after the header: decided by the test below alone.
                if !header.isOpen && blocks[index].strong.isEmpty && Self.staysWhole(base + index, self) { break }
                if let pieces = pieces(at: base + index, header: &header, headingLevel: level) {
                    // Room for the usual few at once: growing from empty reallocated the list three
                    // times per memo in profiles.
                    if splits.isEmpty { splits.reserveCapacity(16) }
                    splits.append((index, pieces))
                    extra += pieces.count - 1
                }
            case .heading:
                if !blocks[index].isImplicitHeading { lastExplicitLevel = blocks[index].level }
                if header.isOpen {
                    header.saw(isTitle: blocks[index].level <= 1 && !lexicon.isKnownSection(scalars: blocks[index].text.scalars[...]))
                }
            case .metadata:
                break
            case .listItem, .tableCell:
                header.saw(isTitle: false)
            }
        }
        return (splits, extra)
    }

    /// True when `pieces(at:)` would keep the paragraph whole without changing the header zone,
    /// given that the zone is closed and the paragraph has no bold text: its text has no white
    /// space at either end, its first line no colon (so no label or field) and it cannot be a
    /// known section. Those pieces(at:) then reads nothing but the first line; this test reads
    /// the same, without setting up the splitting (which profiles showed for every paragraph).
    static func staysWhole(_ block: UnsafePointer<Block>, _ headings: ImplicitHeadings) -> Bool {
        let text = block.pointee.text
        let n = text.count
        guard n > 0, !text.scalars[0].isSpaceScalar, !text.scalars[n - 1].isSpaceScalar else { return false }
        let (newline, colon) = headings.lineEndAndColon(text, 0..<n)
        guard colon == nil else { return false }
        let line = headings.trim(text, 0..<(newline ?? n))
        return !(line.count <= 120 && headings.mayBeKnownSection(text, line))
    }

    /// Replaces each split paragraph by its pieces in place, from the back: blocks that stay are
    /// moved with `swapAt` rather than copied into a new list (copying every `Block` retained and
    /// later released each of its arrays, which profiles showed).
    private static func rebuild(_ blocks: inout [Block], splits: inout [(index: Int, pieces: [Block])], extra: Int) {
        let oldCount = blocks.count
        if extra > 0 {
            // Room at the end; these entries are overwritten below (all-empty arrays: nothing to retain).
            let filler = Block(kind: .paragraph, text: .empty, sourceRange: 0..<0)
            blocks.append(contentsOf: repeatElement(filler, count: extra))
        }
        // Entries above `dst` are final; those from `src + 1` to `dst` are free (fillers, moved-out
        // slots or split paragraphs), as many as pieces still to be written.
        // On the buffer: its `swapAt` moves the two entries, `Array.swapAt` copies them.
        blocks.withUnsafeMutableBufferPointer { buffer in
            var dst = oldCount + extra - 1
            var split = splits.count - 1
            var src = oldCount - 1
            while src >= 0 {
                if split >= 0 && splits[split].index == src {
                    // Swapped in, not copied: the piece moves into place and the free entry it
                    // replaces goes to `splits`, destroyed with it.
                    splits[split].pieces.withUnsafeMutableBufferPointer { pieces in
                        for k in stride(from: pieces.count - 1, through: 0, by: -1) {
                            swap(&buffer[dst], &pieces[k])
                            dst -= 1
                        }
                    }
                    split -= 1
                } else {
                    buffer.swapAt(src, dst)
                    dst -= 1
                }
                src -= 1
            }
        }
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
        pieces(of: block, header: &header, headingLevel: headingLevel) ?? [block]
    }

    /// The blocks a paragraph splits into, or nil when it stays one block as it is.
    func pieces(of block: Block, header: inout HeaderZone, headingLevel: Int) -> [Block]? {
        withUnsafePointer(to: block) { pieces(at: $0, header: &header, headingLevel: headingLevel) }
    }

    /// `pieces(of:)` for the block at `block` (which must stay valid and unchanged meanwhile).
    private func pieces(at block: UnsafePointer<Block>, header: inout HeaderZone, headingLevel: Int) -> [Block]? {
        let text = block.pointee.text
        let strong = block.pointee.strong
        let strongIndex = StrongIndex(strong)
        let sourceRange = block.pointee.sourceRange
        // Only compared with these limits, so counting stops beyond them.
        let wordLimit = max(maxHeadingWords, maxHeaderLineWords, 0) + 1
        var pieces: [Block] = []
        var rest = skipBlank(text, 0..<text.count)
        func emit(_ kind: BlockKind, _ range: Range<Int>, covering: Range<Int>? = nil, key: String? = nil) {
            // Room for a few pieces at once (a split paragraph has two or three): growing the list
            // from empty moved its blocks twice, which profiles showed per split.
            if pieces.isEmpty { pieces.reserveCapacity(4) }
            pieces.append(slice(
                block, range, covering: covering ?? range, strongIndex: strongIndex, kind: kind, key: key,
                headingLevel: headingLevel))
        }
        // After a field that ended inside its line, the rest of that line starts with the next
        // field's label: its end and colon are known (scanning to the line's end again per field
        // made a line of many fields quadratic).
        var carried: (newline: Int?, colon: Int?)?
        while !rest.isEmpty {
            // One scan finds the line's end and whether it has a colon (which every label needs).
            let (newline, colon) = carried ?? lineEndAndColon(text, rest)
            carried = nil
            let lineEnd = newline ?? rest.upperBound
            let line = trim(text, rest.lowerBound..<lineEnd)
            let afterLine = skipBlank(text, min(lineEnd + 1, rest.upperBound)..<rest.upperBound)
            let label = colon == nil ? nil : labelPrefix(text, line)
            if let field = headerField(text, line: line, next: afterLine, inHeader: header.isOpen, label: label) {
                // A field that ends inside its line (another follows on it) covers only its part.
                let covered = field.end < line.upperBound ? field.value.upperBound : max(field.end, line.upperBound)
                emit(.metadata, field.value, covering: line.lowerBound..<covered, key: field.key)
                rest = skipBlank(text, min(field.end, rest.upperBound)..<rest.upperBound)
                // The next label starts right at `field.end` (not white space) and has its colon
                // before the line's end.
                if field.end < line.upperBound && rest.lowerBound == field.end { carried = (newline, field.end) }
                continue
            }
            // The count only matters for a line that can be a heading (bold, or short enough to be
            // a known section) or in the header zone, which never reopens; elsewhere `wordLimit`
            // (more than any limit) has the same effect as counting.
            // Outside the header and without bold text, only a line that may be a known section
            // can be a heading, so the first-word test decides first whether counting is needed.
            let mayBeSection = line.count <= 120 && mayBeKnownSection(text, line)
            let words = header.isOpen || !strong.isEmpty || mayBeSection
                ? wordCount(text, line, atMost: wordLimit) : wordLimit
            if words > 0 && words <= maxHeadingWords {
                let known = mayBeSection && lexicon.isKnownSection(scalars: text.scalars[line])
                if known || Self.isBoldHeading(text, strong, line, from: strongIndex.first(endingAfter: line.lowerBound)) {
                    emit(.heading, line)
                    header.saw(isTitle: !known)
                    rest = afterLine
                    continue
                }
            }
            if let label {
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
            if pieces.isEmpty && trim(text, rest) == 0..<text.count {
                if header.isOpen { header.saw(isTitle: firstNewline(text, 0..<text.count) == nil && words <= maxHeaderLineWords) }
                return nil
            }
            emit(.paragraph, trim(text, rest))
            if header.isOpen { header.saw(isTitle: firstNewline(text, rest) == nil && words <= maxHeaderLineWords) }
            break
        }
        guard !pieces.isEmpty else { return nil }
        if pieces.count == 1 && pieces[0].kind == .paragraph && pieces[0].text.count == text.count {
            return nil
        }
        pieces[0].sourceRange = min(sourceRange.lowerBound, pieces[0].sourceRange.lowerBound)
            ..< pieces[0].sourceRange.upperBound
        let last = pieces.count - 1
        pieces[last].sourceRange = pieces[last].sourceRange.lowerBound
            ..< max(sourceRange.upperBound, pieces[last].sourceRange.upperBound)
        return pieces
    }

    /// The piece of the block at `block` that holds the scalars `range` and the source of
    /// `covering`, as a block of `kind`. Built in one go from the old block's fields: copying the
    /// whole block first and then replacing fields (as well as copying the finished piece into
    /// the list) retained and released all of its arrays, which profiles showed per piece.
    private func slice(
        _ block: UnsafePointer<Block>, _ range: Range<Int>, covering: Range<Int>, strongIndex: StrongIndex,
        kind: BlockKind, key: String?, headingLevel: Int
    ) -> Block {
        let text = block.pointee.text
        // Only the bold ranges that can overlap `range` (the others give nothing): testing all of
        // them for every piece made a paragraph of many bold header lines quadratic. A header
        // field keeps none.
        var strong: [Range<Int>] = []
        if kind != .metadata {
            let all = block.pointee.strong
            let lo = strongIndex.first(endingAfter: range.lowerBound)
            let hi = strongIndex.end(startingBefore: range.upperBound)
            if lo < hi {
                strong = all[lo..<hi].compactMap { r in
                    let a = max(r.lowerBound, range.lowerBound), b = min(r.upperBound, range.upperBound)
                    return a < b ? (a - range.lowerBound)..<(b - range.lowerBound) : nil
                }
            }
        }
        let span = covering.isEmpty ? range : covering
        let sourceRange: Range<Int>
        if span.isEmpty {
            let at = span.lowerBound < text.count ? text.starts[span.lowerBound]
                : (text.ends.last ?? block.pointee.sourceRange.lowerBound)
            sourceRange = at..<at
        } else {
            sourceRange = text.sourceRange(span)
        }
        let heading = kind == .heading
        return Block(
            sourceRange: sourceRange, kind: kind, level: heading ? headingLevel : block.pointee.level,
            text: text.slice(range), isImplicitHeading: heading || block.pointee.isImplicitHeading,
            inQuote: block.pointee.inQuote, table: block.pointee.table, metadataKey: key, strong: strong)
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
        return headerField(text, line: line, next: next, inHeader: inHeader, label: labelPrefix(text, line))
    }

    /// `headerField` with the line's `labelPrefix(text, line)` already known.
    private func headerField(
        _ text: BlockText, line: Range<Int>, next: Range<Int>, inHeader: Bool, label: Label?
    ) -> HeaderField? {
        guard !line.isEmpty else { return nil }
        if let label {
            guard fieldWords.matches(text, label.label) else { return nil }
            let key = text.string(label.label)
            guard lexicon.isMetadataField(key) else { return nil }
            let value = trim(text, label.restStart..<line.upperBound)
            if value.isEmpty && inHeader && !next.isEmpty {
                // "Datum:" with the date on the next line, as Word tables often flatten.
                let nextEnd = firstNewline(text, next) ?? next.upperBound
                let nextLine = trim(text, next.lowerBound..<nextEnd)
                if wordCount(text, nextLine, atMost: max(maxHeaderLineWords, 0) + 1) <= maxHeaderLineWords {
                    return HeaderField(key: key, value: nextLine, end: nextEnd)
                }
            }
            // "Datum: 2024-03-12    Vår beteckning: KS 2024/0117": one field per label, the
            // next one read from where it starts (Word headers put several on a line).
            if let next = nextFieldLabel(text, in: value) {
                return HeaderField(key: key, value: trim(text, value.lowerBound..<next), end: next)
            }
            return HeaderField(key: key, value: value, end: line.upperBound)
        }
        guard inHeader else { return nil }
        // Only up to one word more than the limit matters (the line is then too long).
        let words = firstWords(text, line, atMost: max(maxHeaderLineWords, 0) + 1)
        guard words.count >= 2, words.count <= maxHeaderLineWords else { return nil }
        guard fieldWords.matches(text, line) else { return nil }
        for j in stride(from: min(3, words.count - 1), through: 1, by: -1) {
            let keyRange = words[0].lowerBound..<words[j - 1].upperBound
            let key = text.string(keyRange)
            if lexicon.isMetadataField(key) {
                // Prose that happens to start with a field name ("Dnr är viktigt att ange") is
                // longer and has no number; a value such as "Anna Svensson" is short.
                let value = words[j].lowerBound..<line.upperBound
                guard words.count <= 4 || text.scalars[value].contains(where: isDigit) else { return nil }
                return HeaderField(key: key, value: value, end: line.upperBound)
            }
        }
        return nil
    }

    /// Where a further field starts inside a field's value: after white space, a label that
    /// names a known header field and ends in a colon ("… 2024-03-12  Dnr: KS 2024/0117").
    /// nil when there is none, or when it would leave the first value empty.
    ///
    /// Linear in the value's length: a label ends at the first colon after its start and has at
    /// most `maxLabelWords` words of label characters, so only starts that close to the next colon
    /// are tried (trying every word start searched to the colon each time, which made a long
    /// value with one late colon quadratic).
    private func nextFieldLabel(_ text: BlockText, in value: Range<Int>) -> Int? {
        guard value.count >= 3 else { return nil }
        return text.scalars.withUnsafeBufferPointer { s -> Int? in
            precondition(value.lowerBound >= 0 && value.upperBound <= s.count)
            // The first colon at or after `i`, and the first start a label ending there can have.
            var colon = -1
            var earliest = Int.max
            var i = value.lowerBound + 1
            while i < value.upperBound {
                if colon < i {
                    guard let c = Self.firstIndex(of: ":", in: s, i..<value.upperBound) else { return nil }
                    colon = c
                    earliest = Self.earliestLabelStart(s, endingAt: c, notBefore: i, maxWords: maxLabelWords)
                    if earliest > i { i = earliest }
                    continue
                }
                if isUnicodeWhiteSpace(s[i - 1]), !isUnicodeWhiteSpace(s[i]),
                   let label = labelPrefix(text, i..<value.upperBound),
                   fieldWords.matches(text, label.label), lexicon.isMetadataField(scalars: text.scalars[label.label]),
                   !trim(text, value.lowerBound..<i).isEmpty {
                    return i
                }
                i += 1
            }
            return nil
        }
    }

    /// The smallest index from `floor` on from which a label can reach the colon at `colon`: back
    /// over label characters, numbering ("3.2") and at most `maxWords` runs of white space. A
    /// superset of what `labelPrefix` accepts, so no start it would take is skipped.
    private static func earliestLabelStart(
        _ s: UnsafeBufferPointer<Unicode.Scalar>, endingAt colon: Int, notBefore floor: Int, maxWords: Int
    ) -> Int {
        var k = colon
        var spaceRuns = 0
        var inSpace = false
        while k > floor {
            let c = s[k - 1]
            if c.isSpaceScalar {
                if !inSpace { spaceRuns += 1 }
                inSpace = true
                if spaceRuns > maxWords { break }
            } else {
                inSpace = false
                guard Self.isLabelScalar(c) else { break }
            }
            k -= 1
        }
        return k
    }

    /// Scalars a label (or its numbering) may hold besides white space.
    @inline(__always) private static func isLabelScalar(_ c: Unicode.Scalar) -> Bool {
        isLabelWordScalar(c) || c == "." || c == ")"
    }

    /// Scalars the words of a label may hold (`labelPrefix`): letters, digits, "-", "–", "/", "&".
    @inline(__always) private static func isLabelWordScalar(_ c: Unicode.Scalar) -> Bool {
        isLetterOrDigit(c) || c == "-" || c == "\u{2013}" || c == "/" || c == "&"
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
        // On the scalars' buffer: the checked array accesses and slice searches showed in profiles
        // (this runs for every line of every paragraph).
        text.scalars.withUnsafeBufferPointer { labelPrefix($0, line, allowEmptyRest: allowEmptyRest) }
    }

    private func labelPrefix(
        _ s: UnsafeBufferPointer<Unicode.Scalar>, _ line: Range<Int>, allowEmptyRest: Bool
    ) -> Label? {
        precondition(line.lowerBound >= 0 && line.upperBound <= s.count)
        var i = line.lowerBound
        // Optional numbering: "3.2 ", "4) "
        var j = i
        var hasDigit = false
        while j < line.upperBound, isDigit(s[j]) || s[j] == "." || s[j] == ")" {
            if isDigit(s[j]) { hasDigit = true }
            j += 1
        }
        if j > i, j < line.upperBound, s[j].isSpaceScalar, hasDigit {
            i = j
            while i < line.upperBound && s[i].isSpaceScalar { i += 1 }
        }
        guard i < line.upperBound, isUpper(s[i]) else { return nil }
        // A label ends at a colon: a line without one (most lines of prose) is ruled out by one
        // vector scan instead of the word loop below (which showed in profiles).
        guard Self.firstIndex(of: ":", in: s, i..<line.upperBound) != nil else { return nil }
        var k = i
        var words = 1
        var previousSpace = false
        while k < line.upperBound && s[k] != ":" {
            let c = s[k]
            if c.isSpaceScalar {
                if !previousSpace { words += 1 }
                previousSpace = true
            } else {
                previousSpace = false
                if !Self.isLabelWordScalar(c) { return nil }
            }
            if words > maxLabelWords { return nil }
            k += 1
        }
        guard k < line.upperBound, k > i, !s[k - 1].isSpaceScalar else { return nil }
        let after = k + 1
        if after < line.upperBound {
            guard s[after].isSpaceScalar else { return nil }
        } else if !allowEmptyRest {
            return nil
        }
        return Label(label: line.lowerBound..<k, restStart: after)
    }

    /// The first index of `scalar` in `s[range]` (the range must be within `s`), eight scalars at
    /// a time up to the block that has it: most paragraphs are one long line, and the scalar loop
    /// over all of it showed in profiles.
    private static func firstIndex(of scalar: Unicode.Scalar, in s: UnsafeBufferPointer<Unicode.Scalar>,
                                   _ range: Range<Int>) -> Int? {
        precondition(range.lowerBound >= 0 && range.upperBound <= s.count)
        var i = range.lowerBound
        if let base = s.baseAddress {
            let wanted = SIMD8<UInt32>(repeating: scalar.value)
            while i + 8 <= range.upperBound {
                // In bounds: i + 8 <= range.upperBound <= s.count; Unicode.Scalar is a UInt32.
                let v = UnsafeRawPointer(base + i).loadUnaligned(as: SIMD8<UInt32>.self)
                if any(v .== wanted) { break }
                i += 8
            }
        }
        while i < range.upperBound {
            if s[i] == scalar { return i }
            i += 1
        }
        return nil
    }

    // MARK: Bold lines

    /// Finds the bold ranges of a block that can overlap a range, by binary search, when the
    /// ranges are sorted by their start (as every parser gives them); otherwise all of them.
    struct StrongIndex {
        let strong: [Range<Int>]
        /// The largest end among `strong[0...k]`; nil when the ranges are not sorted by start.
        private let maxEnd: [Int]?

        init(_ strong: [Range<Int>]) {
            self.strong = strong
            var sorted = true
            var ends: [Int] = []
            // Most paragraphs have no bold text: reserving room for none still allocated a
            // buffer (on the shared empty array), once per paragraph split.
            if !strong.isEmpty { ends.reserveCapacity(strong.count) }
            var m = Int.min
            for k in strong.indices {
                if k > 0 && strong[k].lowerBound < strong[k - 1].lowerBound { sorted = false; break }
                m = max(m, strong[k].upperBound)
                ends.append(m)
            }
            maxEnd = sorted ? ends : nil
        }

        /// The first index whose range, or one after it, ends after `position`: every range
        /// before it ends at or before `position`.
        func first(endingAfter position: Int) -> Int {
            guard let maxEnd else { return 0 }
            var lo = 0, hi = maxEnd.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if maxEnd[mid] > position { hi = mid } else { lo = mid + 1 }
            }
            return lo
        }

        /// The first index whose range starts at or after `position`: no range from it on
        /// starts before `position`.
        func end(startingBefore position: Int) -> Int {
            guard maxEnd != nil else { return strong.count }
            var lo = 0, hi = strong.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if strong[mid].lowerBound >= position { hi = mid } else { lo = mid + 1 }
            }
            return lo
        }
    }

    /// Every non-space scalar of the line is bold (a trailing colon may be outside), the line has
    /// a letter, and it does not end like a sentence.
    func isBoldHeading(_ block: Block, _ line: Range<Int>) -> Bool {
        Self.isBoldHeading(block.text, block.strong, line, from: 0)
    }

    /// `from`: an index of `strong` no range before which ends after the line's start (what the
    /// loop below would skip to), so that a block of many bold lines is not read from its first
    /// range for every line.
    private static func isBoldHeading(_ text: BlockText, _ strong: [Range<Int>], _ line: Range<Int>, from: Int) -> Bool {
        guard !strong.isEmpty, !line.isEmpty else { return false }
        let s = text.scalars
        var end = line.upperBound
        if s[end - 1] == ":" { end -= 1 }
        var hasLetter = false
        var r = max(0, min(from, strong.count))
        for i in line.lowerBound..<end {
            if s[i].isSpaceScalar { continue }
            while r < strong.count && strong[r].upperBound <= i { r += 1 }
            guard r < strong.count, strong[r].contains(i) else { return false }
            if isLetterOrDigit(s[i]) && !isDigit(s[i]) { hasLetter = true }
        }
        guard hasLetter else { return false }
        if s[end - 1] == "." {
            // "**Bilaga 1.**" is numbering; "**Detta gäller.**" is a sentence.
            var w = end - 1
            while w > line.lowerBound && !s[w - 1].isSpaceScalar { w -= 1 }
            if s[w..<(end - 1)].contains(where: { isLetterOrDigit($0) && !isDigit($0) }) { return false }
        }
        return true
    }

    // MARK: Scalar helpers

    private func mayBeKnownSection(_ text: BlockText, _ line: Range<Int>) -> Bool {
        sectionWords.matches(text, line)
    }

    private func firstNewline(_ text: BlockText, _ range: Range<Int>) -> Int? {
        text.scalars.withUnsafeBufferPointer { Self.firstIndex(of: "\n", in: $0, range) }
    }

    /// `firstNewline`, and the first ":" before that newline (or in the range when there is none).
    private func lineEndAndColon(_ text: BlockText, _ range: Range<Int>) -> (newline: Int?, colon: Int?) {
        text.scalars.withUnsafeBufferPointer { s in
            precondition(range.lowerBound >= 0 && range.upperBound <= s.count)
            var i = range.lowerBound
            var colon: Int?
            if let base = s.baseAddress {
                // "\n" (0x0A) and ":" (0x3A) differ only in bits 0x30: one test finds both (and "*",
                // U+001A, which the exact tests below then pass over).
                let bits = SIMD8<UInt32>(repeating: 0x30)
                let either = SIMD8<UInt32>(repeating: 0x3A)
                let newline = SIMD8<UInt32>(repeating: 0x0A)
                // Sixteen at a time while neither appears, or only colons after the first: most
                // paragraphs are one long line without either (this runs for every paragraph).
                while i + 16 <= range.upperBound {
                    // In bounds: i + 16 <= range.upperBound <= s.count.
                    let v = UnsafeRawPointer(base + i).loadUnaligned(as: SIMD8<UInt32>.self)
                    let w = UnsafeRawPointer(base + i + 8).loadUnaligned(as: SIMD8<UInt32>.self)
                    let candidates = (v | bits .== either) .| (w | bits .== either)
                    if any(candidates) {
                        // A newline is left to the loops below, from this block on.
                        if any((v .== newline) .| (w .== newline)) { break }
                        if colon == nil {
                            var k = i
                            while k < i + 16 && s[k] != ":" { k += 1 }
                            if k < i + 16 { colon = k }
                        }
                    }
                    i += 16
                }
                while i + 8 <= range.upperBound {
                    // In bounds: i + 8 <= range.upperBound <= s.count; Unicode.Scalar is a UInt32.
                    let v = UnsafeRawPointer(base + i).loadUnaligned(as: SIMD8<UInt32>.self)
                    if any(v | bits .== either) {
                        // A block with the newline is left to the loop below (a colon before it included).
                        if any(v .== newline) { break }
                        if colon == nil {
                            var k = i
                            while k < i + 8 && s[k] != ":" { k += 1 }
                            if k < i + 8 { colon = k }
                        }
                    }
                    i += 8
                }
            }
            while i < range.upperBound {
                if s[i] == "\n" { return (i, colon) }
                if colon == nil && s[i] == ":" { colon = i }
                i += 1
            }
            return (nil, colon)
        }
    }

    private func trim(_ text: BlockText, _ range: Range<Int>) -> Range<Int> {
        var lo = range.lowerBound, hi = range.upperBound
        while lo < hi && text.scalars[lo].isSpaceScalar { lo += 1 }
        while hi > lo && text.scalars[hi - 1].isSpaceScalar { hi -= 1 }
        return lo..<hi
    }

    private func skipBlank(_ text: BlockText, _ range: Range<Int>) -> Range<Int> {
        var lo = range.lowerBound
        while lo < range.upperBound && text.scalars[lo].isSpaceScalar { lo += 1 }
        return lo..<range.upperBound
    }

    /// The first words of a line, as many as a header line without a label reads (its key is at
    /// most three words, then the value), and how many words it has.
    struct FirstWords {
        private var r0 = 0..<0, r1 = 0..<0, r2 = 0..<0, r3 = 0..<0
        /// The number of words, or the limit given to `firstWords` when there are at least that many.
        private(set) var count = 0

        /// Word `i` (below `min(count, 4)`).
        subscript(i: Int) -> Range<Int> {
            precondition(i >= 0 && i < min(count, 4))
            switch i {
            case 0: return r0
            case 1: return r1
            case 2: return r2
            default: return r3
            }
        }

        mutating func add(_ word: Range<Int>) {
            switch count {
            case 0: r0 = word
            case 1: r1 = word
            case 2: r2 = word
            case 3: r3 = word
            default: break
            }
            count += 1
        }
    }

    /// The words of `range`, counted up to `limit`; the first four kept. (A list of the words
    /// cost an allocation per header line, which showed in profiles; before that, a long line in
    /// the header zone was split into all its words.)
    private func firstWords(_ text: BlockText, _ range: Range<Int>, atMost limit: Int) -> FirstWords {
        var words = FirstWords()
        var start: Int?
        for i in range {
            if text.scalars[i].isSpaceScalar {
                if let s = start {
                    words.add(s..<i)
                    start = nil
                    if words.count >= limit { return words }
                }
            } else if start == nil {
                start = i
            }
        }
        if let s = start { words.add(s..<range.upperBound) }
        return words
    }

    /// The number of words in `range`, or `limit` when there are at least that many.
    private func wordCount(_ text: BlockText, _ range: Range<Int>, atMost limit: Int) -> Int {
        text.scalars.withUnsafeBufferPointer { s in
            precondition(range.lowerBound >= 0 && range.upperBound <= s.count)
            var count = 0
            var inWord = false
            for i in range {
                let space = s[i].isSpaceScalar
                if !space && !inWord {
                    count += 1
                    if count >= limit { return count }
                }
                inWord = !space
            }
            return count
        }
    }
}

private func isSpace(_ s: Unicode.Scalar) -> Bool { s.isSpaceScalar }

/// The first words of a list of normalised names, matched against a line's first word without
/// building strings. A name whose first word ends in `*` matches by prefix.
private struct FirstWordIndex: Sendable {
    private var exact: [UInt32: [[Unicode.Scalar]]] = [:]
    private var prefixes: [[Unicode.Scalar]] = []
    /// For a first scalar below U+0100: bit `n` (63 for 63 or more) is set when an exact word of
    /// length `n` starts with it, bit 0 when a prefix does. Most first words are ruled out by this
    /// one look-up (the dictionary look-up and comparisons for each showed in profiles).
    private var latin1Filter = [UInt64](repeating: 0, count: 256)
    /// True when some prefix is empty or starts beyond U+00FF: the filter cannot rule prefixes out.
    private var prefixesUnfiltered = false

    init(_ names: [String]) {
        for name in names {
            var word = Array((name.split(separator: " ", maxSplits: 1).first ?? Substring(name)).unicodeScalars)
            if word.last == "*" {
                word.removeLast()
                prefixes.append(word)
                if let first = word.first, first.value < 256 {
                    latin1Filter[Int(first.value)] |= 1
                } else {
                    prefixesUnfiltered = true
                }
            } else if let first = word.first {
                exact[first.value, default: []].append(word)
                if first.value < 256 { latin1Filter[Int(first.value)] |= 1 << UInt64(min(word.count, 63)) }
            }
        }
    }

    /// Whether the first word of `line` (after numbering, without a trailing colon or period,
    /// compared lower-cased) starts some name.
    func matches(_ text: BlockText, _ line: Range<Int>) -> Bool {
        // On the scalars' buffer: the checked array accesses and the slice searches for the
        // numbering showed in profiles (this runs for most short lines of every memo).
        text.scalars.withUnsafeBufferPointer { matches($0, line) }
    }

    private func matches(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ line: Range<Int>) -> Bool {
        precondition(line.lowerBound >= 0 && line.upperBound <= s.count)
        var i = line.lowerBound
        var j = i
        while j < line.upperBound && !isSpace(s[j]) { j += 1 }
        if j < line.upperBound {
            // Numbering ("3.2", "4)"): only digits, "." and ")", with a digit.
            var numbering = true
            var hasDigit = false
            for k in i..<j {
                if isDigit(s[k]) { hasDigit = true } else if s[k] != "." && s[k] != ")" { numbering = false; break }
            }
            if numbering && hasDigit {
                i = j
                while i < line.upperBound && isSpace(s[i]) { i += 1 }
                j = i
                while j < line.upperBound && !isSpace(s[j]) { j += 1 }
            }
        }
        while j > i && (s[j - 1] == ":" || s[j - 1] == ".") { j -= 1 }
        guard i < j else { return false }
        let first = lower(s[i]).value
        if first < 256 && !prefixesUnfiltered {
            // Exact words must have this first scalar and length; prefixes this first scalar.
            let mask: UInt64 = 1 << UInt64(min(j - i, 63)) | 1
            if latin1Filter[Int(first)] & mask == 0 { return false }
        }
        // Constants for the comparison below: captured `var`s were boxed and each read went
        // through an exclusivity check (`swift_beginAccess`), which profiles showed.
        let start = i, length = j - i
        func same(_ word: [Unicode.Scalar], _ count: Int) -> Bool {
            for k in 0..<count where word[k] != lower(s[start + k]) { return false }
            return true
        }
        if let candidates = exact[first] {
            for word in candidates where word.count == length && same(word, word.count) { return true }
        }
        for word in prefixes where word.count <= length && same(word, word.count) { return true }
        return false
    }
}

/// The loader makes an `ImplicitHeadings` per document, nearly always for the same lexicon, so
/// the indexes of the last lexicon seen are kept (comparing is much cheaper than building).
private final class FirstWordIndexCache: @unchecked Sendable {
    static let shared = FirstWordIndexCache()
    private let lock = NSLock()
    private var sections: [String: [String]]?
    private var fields: [String] = []
    /// The revision the cached indexes were built from, held so that it cannot be reused.
    private var revision: StructureLexicon.Revision?
    private var cached: (FirstWordIndex, FirstWordIndex)?

    func indexes(for lexicon: StructureLexicon) -> (FirstWordIndex, FirstWordIndex) {
        lock.lock()
        defer { lock.unlock() }
        if let cached, revision === lexicon.revision { return cached }
        if let cached, fields == lexicon.metadataFields, sections == lexicon.sections {
            revision = lexicon.revision
            return cached
        }
        let built = (FirstWordIndex(lexicon.sections.values.flatMap { $0 }), FirstWordIndex(lexicon.metadataFields))
        sections = lexicon.sections
        fields = lexicon.metadataFields
        revision = lexicon.revision
        cached = built
        return built
    }
}

/// Lower-case for the comparisons above: ASCII and Latin-1 directly (inlined: the call per
/// scalar showed in profiles), others by their mapping.
@inline(__always)
private func lower(_ s: Unicode.Scalar) -> Unicode.Scalar {
    let v = s.value
    if v < 0x80 { return v >= 0x41 && v <= 0x5A ? Unicode.Scalar(UInt8(v + 0x20)) : s }
    if v >= 0xC0 && v <= 0xDE && v != 0xD7 { return Unicode.Scalar(v + 0x20) ?? s }
    if v < 0x100 { return s }
    return lowerByMapping(s)
}

@inline(never)
private func lowerByMapping(_ s: Unicode.Scalar) -> Unicode.Scalar {
    let mapped = s.properties.lowercaseMapping.unicodeScalars
    return mapped.count == 1 ? (mapped.first ?? s) : s
}

private func isDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 0x30 && s.value <= 0x39 }

private func isUpper(_ s: Unicode.Scalar) -> Bool {
    if s.value < 0x80 { return s.value >= 0x41 && s.value <= 0x5A }
    return s.properties.isUppercase
}

/// Letters (with combining marks) and digits; ASCII without a property lookup.
@inline(__always)
private func isLetterOrDigit(_ s: Unicode.Scalar) -> Bool {
    let v = s.value
    if v < 0x80 { return (v | 0x20) >= 0x61 && (v | 0x20) <= 0x7A || (v >= 0x30 && v <= 0x39) }
    if v < 0x100 { return v >= 0xC0 && v != 0xD7 && v != 0xF7 || v == 0xAA || v == 0xB5 || v == 0xBA }
    let p = s.properties
    return p.isAlphabetic || p.generalCategory == .nonspacingMark || p.numericType != nil
}

extension Unicode.Scalar {
    /// Unicode White_Space, without a property lookup for ASCII.
    fileprivate var isSpaceScalar: Bool {
        let v = value
        if v < 0x80 { return v == 0x20 || (v >= 0x09 && v <= 0x0D) }
        return v == 0x85 || v == 0xA0 || v == 0x1680 || (v >= 0x2000 && v <= 0x200A) || v == 0x2028 || v == 0x2029
            || v == 0x202F || v == 0x205F || v == 0x3000
    }
}
