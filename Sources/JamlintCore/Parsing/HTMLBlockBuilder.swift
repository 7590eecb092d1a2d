#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns a stream of (X)HTML element, text and comment events into jamlint's blocks.
///
/// Every block belongs to an element that owns text: a heading, paragraph, list item, table cell,
/// term or definition, or a container (body, div, section, blockquote) whose direct text forms
/// anonymous paragraphs. Inline elements pass their text to the owner around them. Inside a list
/// item, cell or paragraph, nested paragraphs and divisions become line breaks of the same block;
/// inside a container they become blocks of their own. Text of skipped elements (script, style,
/// head, pre) never reaches a block. Blocks are opened lazily by their first non-space scalar, so
/// empty elements produce none.
struct HTMLBlockBuilder {
    private enum OwnerKind { case paragraph, heading, listItem, tableCell, term, definition }

    private struct Owner {
        var kind: OwnerKind
        var level = 0
        var table: TableCellPosition?
        var inQuote = false
        /// True for owners whose nested paragraphs are lines of their own text (see above).
        var absorbsParagraphs = true
        var tagStart: Int
    }

    private struct Frame {
        /// The element's name as numbered by `XMLParseSession.elementID` (-1 for the root).
        var name: Int
        var role: HTMLElementRole
        /// Index in `frames` of the frame whose owner receives text written directly in this one.
        var ownerIndex: Int
        var owner: Owner?
        /// False inside skipped content, where nothing but `<meta>` counts.
        var active: Bool
        var contentStart: Int
        /// A paragraph or division inside an absorbing owner: its boundaries are line breaks.
        var breaksLines = false
        /// The owner has emitted a block. (Here, not in `Owner`: setting it through the optional
        /// went through the array's generic modify accessor per block in profiles.)
        var ownerHasEmitted = false
    }

    private struct TableState {
        var index: Int
        var row = -1
        var nextColumn = 0
        var inHeader = false
    }

    /// A `<dt>` waiting for its `<dd>`, which becomes a metadata field named by the term.
    private struct Term {
        var text: BlockText
        var range: Range<Int>
        var inQuote: Bool
        var used = false
    }

    let raw: [UInt8]
    let lenientReferences: Bool
    let lookup: EntityLookup
    /// Maps text chunks onto the source; element events move its position to each tag's end.
    var aligner: SourceAligner
    private var frames: [Frame]
    private var tables: [TableState] = []
    private var tableCount = 0
    private var listDepth = 0
    private var quoteDepth = 0
    private var skipDepth = 0
    /// One slot per open `<dl>`.
    private var terms: [Term?] = []
    private var openOwner = -1
    private var text = CollapsingText()
    private var blocks: [Block] = []
    private var comments: [SourceComment] = []
    private var strongRanges: [Range<Int>] = []

    init(raw: [UInt8], start: Int, lenientReferences: Bool, lookup: @escaping EntityLookup) {
        self.raw = raw
        self.lenientReferences = lenientReferences
        self.lookup = lookup
        aligner = SourceAligner(raw: raw, start: start, lenientReferences: lenientReferences, lookup: lookup)
        let root = Owner(kind: .paragraph, absorbsParagraphs: false, tagStart: start)
        frames = [Frame(name: -1, role: .container, ownerIndex: 0, owner: root, active: true, contentStart: start)]
        // Memos give at most about one block per 64 bytes of (X)HTML: room for them at once, as growing
        // the list by doubling showed in profiles (capped: markup-heavy files give fewer).
        blocks.reserveCapacity(min(raw.count / 64, 4096))
    }

    private var currentOwner: Int { frames[frames.count - 1].ownerIndex }

    // MARK: Events

    /// `name` is the element's number (equal for equal lowercase names), `role` its role; `tag` is
    /// the start tag's byte range; `explicit` is false for elements the HTML parser implied (their
    /// range is empty and they have no attributes).
    mutating func startElement(_ name: Int, role: HTMLElementRole, tag: Range<Int>, explicit: Bool) {
        let parent = currentOwner
        var frame = Frame(
            name: name, role: role, ownerIndex: parent, owner: nil, active: skipDepth == 0,
            contentStart: tag.upperBound)
        if role == .skip { skipDepth += 1 }
        guard frame.active else {
            if role == .meta && explicit { addMeta(tag) }
            frames.append(consume frame)
            return
        }
        let absorbing = frames[parent].owner?.absorbsParagraphs ?? false
        switch role {
        case .skip, .inline, .strong:
            break
        case .heading(let level):
            frame.owner = owner(.heading, level: level, tag: tag)
        case .paragraph, .container:
            if absorbing {
                frame.breaksLines = true
                if openOwner == parent { text.softBreak(tag) }
            } else {
                frame.owner = owner(.paragraph, tag: tag, absorbs: role == .paragraph)
            }
        case .listItem:
            frame.owner = owner(.listItem, level: max(listDepth, 1), tag: tag)
        case .cell(let header):
            frame.owner = cellOwner(header: header, tag: tag, explicit: explicit)
        case .row:
            if let last = tables.indices.last {
                tables[last].row += 1
                tables[last].nextColumn = 0
            }
            if !absorbing { frame.owner = owner(.paragraph, tag: tag, absorbs: false) }
        case .table:
            tables.append(TableState(index: tableCount))
            tableCount += 1
            if !absorbing { frame.owner = owner(.paragraph, tag: tag, absorbs: false) }
        case .tableSection(let header):
            if let last = tables.indices.last { tables[last].inHeader = header }
        case .list:
            listDepth += 1
            if !absorbing { frame.owner = owner(.paragraph, tag: tag, absorbs: false) }
        case .quote:
            quoteDepth += 1
            frame.owner = owner(.paragraph, tag: tag, absorbs: false)
        case .definitionList:
            terms.append(nil)
            if !absorbing { frame.owner = owner(.paragraph, tag: tag, absorbs: false) }
        case .term:
            frame.owner = owner(.term, tag: tag)
        case .definition:
            frame.owner = owner(.definition, tag: tag)
        case .lineBreak:
            if openOwner == parent { text.lineBreak(tag) }
        case .rule:
            flush()
        case .meta:
            if explicit { addMeta(tag) }
        }
        if frame.owner != nil { frame.ownerIndex = frames.count }
        frames.append(consume frame)
    }

    /// `tag` is the end tag's byte range (empty when the end was implied or the element was empty).
    mutating func endElement(_ name: Int, tag: Range<Int>) {
        guard frames.count > 1 else { return }
        var target = frames.count - 1
        if frames[target].name != name {
            guard let match = frames.lastIndex(where: { $0.name == name }), match > 0 else { return }
            target = match
        }
        while frames.count > target { popFrame(tag) }
    }

    /// A chunk of text as libxml2 decoded it; see `SourceAligner.align` for the arguments.
    /// `literalAt` is the raw offset of a chunk that is a verbatim copy of the source there.
    mutating func characters(_ decoded: UnsafeBufferPointer<UInt8>, references: Bool, end: Int, literalAt: Int?) {
        // A chunk that libxml2 passed from its input buffer, or that is byte for byte the source at
        // the aligner's position (the XML parser copies text with non-ASCII scalars): every scalar
        // maps to its own bytes, which is what the aligner would find scalar by scalar (profiles
        // showed that on every å, ä and ö).
        let start = literalAt ?? aligner.position
        // A copied chunk at a `&` is never verbatim (the `&` would have to be in it, which
        // `isVerbatim` refuses): tested first, as every reference gives such a chunk and XHTML memos
        // write many of their å, ä and ö as references (the memchr and memcmp showed per reference).
        let atReference = literalAt == nil && references && start >= 0 && start < raw.count
            && raw[start] == UInt8(ascii: "&")
        if !atReference && start >= 0 && start + decoded.count <= raw.count {
            // Only a chunk from the input buffer is taken for being ASCII (the scan, byte by byte on
            // every chunk, showed in profiles; ASCII and UTF-8 are appended by the same loop).
            let inBounds = literalAt != nil || start + decoded.count <= end
            if (literalAt != nil && Self.isASCII(decoded))
                || (inBounds && isVerbatim(decoded, at: start, references: references)) {
                // Appended in one loop, the same as `accept` per scalar: white space before the
                // owner's first text is dropped.
                aligner.position = start + decoded.count
                guard skipDepth == 0 else { return }
                let owner = currentOwner
                var i = 0
                if openOwner != owner {
                    while i < decoded.count && SourceAligner.isMarkupSpace(decoded[i]) { i += 1 }
                    guard i < decoded.count else { return }
                    flush()
                    openOwner = owner
                }
                // From the source itself (the same bytes: a chunk in libxml2's input buffer is the
                // unconverted source there, others were compared above), which goes on past the
                // chunk, so that the text loop reads eight bytes at a time up to the chunk's end.
                raw.withUnsafeBufferPointer { source in
                    // In bounds: start + decoded.count <= raw.count (checked above).
                    let rest = UnsafeBufferPointer(rebasing: source[start...])
                    text.appendUTF8(rest, i..<decoded.count, at: start + i)
                }
                return
            }
        }
        // One scalar decoded from the reference right at the aligner's position (`&auml;`,
        // `&#228;`): what `SourceAligner.match` finds first for it, taken without copying the
        // aligner and calling it (that showed per reference in profiles).
        if references, !decoded.isEmpty {
            let at = aligner.position
            if at >= 0, at < min(raw.count, end), raw[at] == UInt8(ascii: "&") {
                let (scalar, length) = Self.firstScalar(decoded)
                if length == decoded.count,
                    let ref = CharacterReference.parse(raw, at: at, lenient: lenientReferences, lookup: lookup),
                    ref.scalar == scalar
                {
                    aligner.position = at + ref.length
                    guard skipDepth == 0 else { return }
                    accept(scalar, at, at + ref.length, currentOwner)
                    return
                }
            }
        }
        // Aligned on a copy, so that the per-scalar work below runs without overlapping accesses.
        var aligner = self.aligner
        defer { self.aligner = aligner }
        guard skipDepth == 0 else {
            aligner.align(decoded, references: references, end: end) { _, _, _ in }
            return
        }
        let owner = currentOwner
        aligner.align(decoded, references: references, end: end) { scalar, start, end in
            accept(scalar, start, end, owner)
        }
    }

    /// `SourceAligner.decodeScalar(bytes, at: 0)`, with the one- and two-byte scalars of references
    /// decoded in line.
    @inline(__always)
    private static func firstScalar(_ bytes: UnsafeBufferPointer<UInt8>) -> (Unicode.Scalar, Int) {
        if bytes.count == 1 && bytes[0] < 0x80 { return (Unicode.Scalar(bytes[0]), 1) }
        if bytes.count >= 2, let scalar = SourceAligner.twoByteScalar(bytes[0], bytes[1]) { return (scalar, 2) }
        return SourceAligner.decodeScalar(bytes, at: 0)
    }

    /// Whether every byte is below 0x80, eight at a time.
    private static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        var i = 0
        var high: UInt64 = 0
        // In bounds: each load reads bytes i..<i + 8 with i + 8 <= count.
        while i + 8 <= bytes.count {
            high |= raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            i += 8
        }
        while i < bytes.count {
            high |= UInt64(bytes[i])
            i += 1
        }
        return high & 0x8080_8080_8080_8080 == 0
    }

    /// Whether `decoded` is byte for byte the source at `start` with no `&` that the aligner
    /// would read as a reference: then each scalar stands for itself at its own offset.
    private func isVerbatim(_ decoded: UnsafeBufferPointer<UInt8>, at start: Int, references: Bool) -> Bool {
        guard let base = decoded.baseAddress, start >= 0, start + decoded.count <= raw.count else { return false }
        if references && memchr(base, 0x26, decoded.count) != nil { return false }
        return raw.withUnsafeBufferPointer { source in
            guard let origin = source.baseAddress else { return false }
            return memcmp(origin + start, base, decoded.count) == 0
        }
    }

    private mutating func accept(_ scalar: Unicode.Scalar, _ start: Int, _ end: Int, _ owner: Int) {
        if openOwner != owner {
            if scalar.value < 0x80 && SourceAligner.isMarkupSpace(UInt8(scalar.value)) { return }
            flush()
            openOwner = owner
        }
        text.append(scalar, start: start, end: end)
    }

    /// The source up to `offset` is markup (a CDATA section's `]]>`): text after it is aligned from
    /// there on.
    mutating func skipMarkup(through offset: Int) {
        aligner.position = max(aligner.position, offset)
    }

    mutating func comment(_ content: String, range: Range<Int>) {
        comments.append(SourceComment(text: content, sourceRange: range))
    }

    mutating func finish() -> (blocks: [Block], comments: [SourceComment]) {
        flush()
        for slot in terms {
            if let term = slot, !term.used { appendTermAsParagraph(term) }
        }
        terms.removeAll()
        markStrongText()
        return (blocks, comments)
    }

    // MARK: Frames and owners

    private mutating func popFrame(_ tag: Range<Int>) {
        let index = frames.count - 1
        let role = frames[index].role
        let contentStart = frames[index].contentStart
        defer { frames.removeLast() }
        if role == .skip { skipDepth -= 1 }
        guard frames[index].active else { return }
        switch role {
        case .list:
            listDepth -= 1
        case .quote:
            quoteDepth -= 1
        case .table:
            if !tables.isEmpty { tables.removeLast() }
        case .tableSection:
            if let last = tables.indices.last { tables[last].inHeader = false }
        case .strong:
            if contentStart < tag.lowerBound { strongRanges.append(contentStart..<tag.lowerBound) }
        case .definitionList:
            flush()
            if let slot = terms.popLast(), let term = slot, !term.used { appendTermAsParagraph(term) }
        default:
            break
        }
        if frames[index].breaksLines && openOwner == frames[index].ownerIndex { text.softBreak(tag) }
        // An implied end (empty range) sits after trailing white space: end at the last text then.
        if frames[index].owner != nil && openOwner == index { flush(endingAt: tag.isEmpty ? nil : tag.upperBound) }
    }

    private func owner(_ kind: OwnerKind, level: Int = 0, tag: Range<Int>, absorbs: Bool = true) -> Owner {
        Owner(kind: kind, level: level, inQuote: quoteDepth > 0, absorbsParagraphs: absorbs, tagStart: tag.lowerBound)
    }

    private mutating func cellOwner(header: Bool, tag: Range<Int>, explicit: Bool) -> Owner {
        guard let last = tables.indices.last else { return owner(.paragraph, tag: tag) }
        if tables[last].row < 0 { tables[last].row = 0 }
        let state = tables[last]
        var cell = owner(.tableCell, tag: tag)
        cell.table = TableCellPosition(
            table: state.index, row: state.row, column: state.nextColumn, isHeader: header || state.inHeader)
        tables[last].nextColumn += explicit ? columnSpan(tag) : 1
        return cell
    }

    private func columnSpan(_ tag: Range<Int>) -> Int {
        guard let range = RawStartTag(raw: raw, range: tag).valueRange(of: "colspan") else { return 1 }
        var value = 0
        for b in raw[range] {
            guard b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") else { break }
            value = min(value * 10 + Int(b - UInt8(ascii: "0")), 1000)
        }
        return max(value, 1)
    }

    // MARK: Blocks

    /// Ends the open block; `end` is the end of its element's end tag when the element closes.
    private mutating func flush(endingAt end: Int? = nil) {
        guard openOwner >= 0 else { return }
        let index = openOwner
        openOwner = -1
        defer { text.reset() }
        guard !text.isEmpty, index < frames.count, let owner = frames[index].owner else { return }
        let built = text.build()
        // Word and other exporters space paragraphs apart with `<p>&nbsp;</p>`: no prose there.
        guard built.scalars.contains(where: { !isUnicodeWhiteSpace($0) }) else { return }
        let start = frames[index].ownerHasEmitted ? text.firstStart : min(owner.tagStart, text.firstStart)
        frames[index].ownerHasEmitted = true
        let range = start..<max(end ?? text.lastEnd, start)
        let quoted = owner.inQuote
        switch owner.kind {
        case .heading:
            blocks.append(Block(kind: .heading, level: owner.level, text: built, inQuote: quoted, sourceRange: range))
        case .paragraph:
            blocks.append(Block(kind: .paragraph, text: built, inQuote: quoted, sourceRange: range))
        case .listItem:
            blocks.append(Block(kind: .listItem, level: owner.level, text: built, inQuote: quoted, sourceRange: range))
        case .tableCell:
            blocks.append(
                Block(kind: .tableCell, text: built, inQuote: quoted, table: owner.table, sourceRange: range))
        case .term:
            let term = Term(text: built, range: range, inQuote: owner.inQuote)
            guard let last = terms.indices.last else { return appendTermAsParagraph(term) }
            if let previous = terms[last], !previous.used { appendTermAsParagraph(previous) }
            terms[last] = term
        case .definition:
            guard let last = terms.indices.last, let term = terms[last] else {
                blocks.append(Block(kind: .paragraph, text: built, inQuote: owner.inQuote, sourceRange: range))
                return
            }
            let fieldRange = term.used ? range : min(term.range.lowerBound, range.lowerBound)..<range.upperBound
            blocks.append(Block(
                kind: .metadata, text: built, inQuote: owner.inQuote, metadataKey: term.text.string,
                sourceRange: fieldRange))
            terms[last]?.used = true
        }
    }

    private mutating func appendTermAsParagraph(_ term: Term) {
        blocks.append(Block(kind: .paragraph, text: term.text, inQuote: term.inQuote, sourceRange: term.range))
    }

    /// `<meta name="…" content="…">` becomes a metadata field whose text maps to the content value.
    private mutating func addMeta(_ tag: Range<Int>) {
        let attributes = RawStartTag(raw: raw, range: tag)
        guard let nameRange = attributes.valueRange(of: "name"),
            let contentRange = attributes.valueRange(of: "content")
        else { return }
        let key = decodeAttribute(nameRange).build().string
        guard !key.isEmpty else { return }
        let value = decodeAttribute(contentRange).build()
        flush()
        blocks.append(Block(kind: .metadata, text: value, inQuote: quoteDepth > 0, metadataKey: key, sourceRange: tag))
    }

    private func decodeAttribute(_ range: Range<Int>) -> CollapsingText {
        var out = CollapsingText()
        raw.withUnsafeBufferPointer { bytes in
            let value = UnsafeBufferPointer(rebasing: bytes[range])
            var i = 0
            while i < value.count {
                let p = range.lowerBound + i
                if value[i] == UInt8(ascii: "&"),
                    let ref = CharacterReference.parse(raw, at: p, lenient: lenientReferences, lookup: lookup),
                    p + ref.length <= range.upperBound
                {
                    out.append(ref.scalar, start: p, end: p + ref.length)
                    i += ref.length
                    continue
                }
                let (scalar, length) = SourceAligner.decodeScalar(value, at: i)
                out.append(scalar, start: p, end: p + length)
                i += length
            }
        }
        return out
    }

    /// Turns the byte ranges inside `<strong>`/`<b>` into scalar ranges of each block's text.
    private mutating func markStrongText() {
        guard !strongRanges.isEmpty else { return }
        strongRanges.sort { $0.lowerBound < $1.lowerBound }
        var merged: [Range<Int>] = []
        for range in strongRanges {
            if let last = merged.last, range.lowerBound <= last.upperBound {
                merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        for b in blocks.indices {
            let span = blocks[b].sourceRange
            var r = Self.firstRange(in: merged, endingAfter: span.lowerBound)
            guard r < merged.count, merged[r].lowerBound < span.upperBound else { continue }
            let starts = blocks[b].text.starts
            var result: [Range<Int>] = []
            var runStart = -1
            var previous = Int.min
            for i in starts.indices {
                let offset = starts[i]
                // Offsets rise through a block; walk the ranges along, searching only on a step back.
                if offset < previous { r = Self.firstRange(in: merged, endingAfter: offset) }
                previous = offset
                while r < merged.count && merged[r].upperBound <= offset { r += 1 }
                if r < merged.count && merged[r].lowerBound <= offset {
                    if runStart < 0 { runStart = i }
                } else if runStart >= 0 {
                    result.append(runStart..<i)
                    runStart = -1
                }
            }
            if runStart >= 0 { result.append(runStart..<starts.count) }
            blocks[b].strong = result
        }
    }

    /// The index of the first of the sorted, disjoint `ranges` that ends after `offset`.
    private static func firstRange(in ranges: [Range<Int>], endingAfter offset: Int) -> Int {
        var lo = 0, hi = ranges.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if ranges[mid].upperBound <= offset { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
