import CCmarkGFM
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads CommonMark with GFM tables (via cmark-gfm) into the document model.
///
/// cmark's source positions are hints only. In 0.29 inline columns are wrong on continuation
/// lines inside block quotes and list items and after escaped pipes in table cells, and inline
/// lines drift after a raw-HTML or code span that crosses a line break. Every decoded literal is
/// therefore aligned against the source bytes from a cursor that only moves forward, so each
/// scalar of a block's text maps to the exact bytes that produced it (an entity to the whole
/// `&…;`, an escape to both bytes).
public struct MarkdownParser: Sendable {
    public init() {}

    /// Extension registration mutates a process-wide list without a lock, so it happens once;
    /// the extension object is immutable afterwards and may be attached from any thread.
    nonisolated(unsafe) private static let tableExtension: OpaquePointer? = {
        cmark_gfm_core_extensions_ensure_registered()
        return cmark_find_syntax_extension("table")
    }()

    public func parse(_ source: SourceFile) throws(ParseError) -> Document {
        try SourceSpanStore.checkSize(source)
        let frontMatter = try FrontMatter.parse(source)
        var input = source.bytes
        if let frontMatter {
            // Spaces keep every later line and column where it was.
            for i in frontMatter.range where input[i] != 0x0A && input[i] != 0x0D { input[i] = 0x20 }
        }
        // cmark allocates from the thread's arena; everything it made is released at once when
        // the walk is done (freeing the tree node by node showed in profiles).
        let arena = CmarkArena.begin()
        defer { if arena != nil { CmarkArena.end() } }
        let made = arena.map { cmark_parser_new_with_mem(CMARK_OPT_SOURCEPOS, $0) } ?? cmark_parser_new(CMARK_OPT_SOURCEPOS)
        guard let parser = made else {
            throw ParseError(path: source.path, message: "could not create the Markdown parser")
        }
        defer { if arena == nil { cmark_parser_free(parser) } }
        if let table = Self.tableExtension {
            cmark_parser_attach_syntax_extension(parser, table)
        }
        // cmark skips a BOM but still counts its three bytes in line 1's columns; feeding the
        // bytes after it makes every line's column 1 equal `lineStarts[line - 1]`.
        let skip = source.bomLength
        if input.count > skip {
            input.withUnsafeBufferPointer { buffer in
                guard let base = buffer.baseAddress else { return }
                let start = UnsafeRawPointer(base + skip).assumingMemoryBound(to: CChar.self)
                cmark_parser_feed(parser, start, buffer.count - skip)
            }
        }
        guard let root = cmark_parser_finish(parser) else {
            throw ParseError(path: source.path, message: "the Markdown parser failed")
        }
        defer { if arena == nil { cmark_node_free(root) } }
        var walker = MarkdownWalker(bytes: source.bytes, lineStarts: source.lineStarts)
        walker.walk(root)
        var blocks = walker.blocks
        if let frontMatter { blocks = frontMatter.blocks + blocks }
        return Document(source: source, format: .markdown, blocks: blocks, comments: walker.comments)
    }
}

/// How a literal relates to its source bytes.
private enum LiteralMode {
    /// Text: backslash escapes and entity references are decoded.
    case text
    /// Code span: verbatim, but line endings became spaces (and `\|` became `|` in tables).
    case code
    /// Raw HTML: verbatim.
    case raw
}

private enum TableNodeKind {
    case table, row, cell, other
}

/// One pass over the cmark tree, building blocks and comments.
private struct MarkdownWalker {
    let bytes: [UInt8]
    let lineStarts: [Int]
    var blocks: [Block] = []
    var comments: [SourceComment] = []

    private var quoteDepth = 0
    private var listDepth = 0
    /// Start of each open list item (its marker), until the item's first block takes it.
    private var pendingItemStarts: [Int?] = []
    private var tableIndex = -1
    private var row = -1
    private var column = -1
    private var rowIsHeader = false
    /// Extension node types seen so far (a handful): a list, as a dictionary per document cost
    /// more to create than to search.
    private var extensionKinds: [(type: UInt32, kind: TableNodeKind)] = []

    private var isOpen = false
    private var open = OpenBlock()
    /// The text of the open block, reused from block to block.
    private var buffer = TextBuffer()

    struct OpenBlock {
        var kind = BlockKind.paragraph
        var level = 0
        var table: TableCellPosition?
        var inQuote = false
        var inTable = false
        var start = 0
        var end = 0
        /// Source offset after the last consumed byte; text further on is searched from here.
        var cursor = 0
        var strongEntries: [Int] = []
        var strongSpans: [Range<Int>] = []
    }

    init(bytes: [UInt8], lineStarts: [Int]) {
        self.bytes = bytes
        self.lineStarts = lineStarts
        // About one block per source line in memos: room for them at once, as growing the list
        // by doubling (moving every block each time) showed in profiles. Capped so that a huge
        // file of blank lines does not reserve much for nothing.
        blocks.reserveCapacity(min(lineStarts.count, 4096))
    }

    // MARK: Tree walk

    mutating func walk(_ root: OpaquePointer) {
        guard let iter = cmark_iter_new(root) else { return }
        defer { cmark_iter_free(iter) }
        while true {
            let event = cmark_iter_next(iter)
            if event == CMARK_EVENT_DONE || event == CMARK_EVENT_NONE { break }
            guard let node = cmark_iter_get_node(iter) else { continue }
            let entering = event == CMARK_EVENT_ENTER
            switch cmark_node_get_type(node) {
            case CMARK_NODE_BLOCK_QUOTE:
                quoteDepth += entering ? 1 : -1
            case CMARK_NODE_LIST:
                listDepth += entering ? 1 : -1
            case CMARK_NODE_ITEM:
                if entering {
                    pendingItemStarts.append(startOffset(node))
                } else if !pendingItemStarts.isEmpty {
                    pendingItemStarts.removeLast()
                }
            case CMARK_NODE_PARAGRAPH:
                if entering {
                    var start = startOffset(node)
                    if let itemStart = pendingItemStarts.last, let itemStart {
                        start = itemStart
                        pendingItemStarts[pendingItemStarts.count - 1] = nil
                    }
                    let inList = listDepth > 0
                    openBlock(inList ? .listItem : .paragraph, level: inList ? listDepth : 0, node: node, start: start)
                } else {
                    closeBlock()
                }
            case CMARK_NODE_HEADING:
                if entering {
                    consumeItemStart()
                    let level = Int(cmark_node_get_heading_level(node))
                    openBlock(.heading, level: min(max(level, 1), 6), node: node, start: startOffset(node))
                } else {
                    closeBlock()
                }
            case CMARK_NODE_HTML_BLOCK:
                consumeItemStart()
                collectBlockComments(node)
            case CMARK_NODE_TEXT:
                appendLiteral(node, mode: .text)
            case CMARK_NODE_CODE:
                appendLiteral(node, mode: .code)
            case CMARK_NODE_HTML_INLINE:
                inlineHTML(node)
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                appendBreak()
            case CMARK_NODE_STRONG:
                guard isOpen else { break }
                if entering {
                    open.strongEntries.append(open.cursor)
                } else if let entry = open.strongEntries.popLast(), open.cursor > entry {
                    open.strongSpans.append(entry..<open.cursor)
                }
            case CMARK_NODE_LINK:
                if !entering && isOpen { open.cursor = skipLinkTail(from: open.cursor) }
            case CMARK_NODE_IMAGE:
                // Alt text is not prose the clerk sees on the page; skip the whole subtree.
                if entering {
                    if isOpen { open.cursor = skipImage(node) }
                    cmark_iter_reset(iter, node, CMARK_EVENT_EXIT)
                }
            case CMARK_NODE_CODE_BLOCK, CMARK_NODE_THEMATIC_BREAK:
                consumeItemStart()
            case CMARK_NODE_DOCUMENT, CMARK_NODE_EMPH,
                CMARK_NODE_FOOTNOTE_DEFINITION, CMARK_NODE_FOOTNOTE_REFERENCE, CMARK_NODE_CUSTOM_BLOCK,
                CMARK_NODE_CUSTOM_INLINE:
                break
            case let other:
                tableNode(node, type: other, entering: entering)
            }
        }
        if isOpen { closeBlock() }
    }

    /// A list item's marker belongs to its first block only, whatever kind that block is.
    private mutating func consumeItemStart() {
        if !pendingItemStarts.isEmpty { pendingItemStarts[pendingItemStarts.count - 1] = nil }
    }

    private mutating func tableNode(_ node: OpaquePointer, type: cmark_node_type, entering: Bool) {
        let kind: TableNodeKind
        if let known = extensionKinds.first(where: { $0.type == type.rawValue }) {
            kind = known.kind
        } else {
            // Extension node types are numbered at registration, so they are looked up by name once.
            let name = cmark_node_get_type_string(node).map { String(cString: $0) } ?? ""
            switch name {
            case "table": kind = .table
            case "table_row", "table_header": kind = .row
            case "table_cell": kind = .cell
            default: kind = .other
            }
            extensionKinds.append((type.rawValue, kind))
        }
        switch kind {
        case .table:
            if entering { tableIndex += 1; row = -1; consumeItemStart() }
        case .row:
            if entering {
                row += 1
                column = -1
                rowIsHeader = cmark_gfm_extensions_get_table_row_is_header(node) != 0
            }
        case .cell:
            if entering {
                column += 1
                let position = TableCellPosition(table: tableIndex, row: row, column: column, isHeader: rowIsHeader)
                openBlock(.tableCell, level: 0, node: node, start: startOffset(node), table: position)
            } else {
                closeBlock()
            }
        case .other:
            break
        }
    }

    // MARK: Blocks

    private mutating func openBlock(
        _ kind: BlockKind, level: Int, node: OpaquePointer, start: Int?, table: TableCellPosition? = nil
    ) {
        if isOpen { closeBlock() }
        let begin = start ?? open.cursor
        // Every field set anew; the bold lists are emptied in place rather than replaced by a
        // fresh `OpenBlock()` (destroying the old one released both lists per block in profiles).
        // (Tested first: most blocks have no bold text, and emptying checks uniqueness.)
        if !open.strongEntries.isEmpty { open.strongEntries.removeAll(keepingCapacity: true) }
        if !open.strongSpans.isEmpty { open.strongSpans.removeAll(keepingCapacity: true) }
        open.kind = kind
        open.level = level
        open.table = table
        open.inTable = table != nil
        open.inQuote = quoteDepth > 0
        open.start = begin
        open.end = max(begin, endOffset(node) ?? begin)
        open.cursor = begin
        buffer.reset()
        isOpen = true
    }

    private mutating func closeBlock() {
        guard isOpen else { return }
        isOpen = false
        let text = buffer.build()
        if text.isEmpty && open.kind != .tableCell { return }
        var strong: [Range<Int>] = []
        for span in open.strongSpans {
            let a = max(Self.firstIndex(in: text.starts, atLeast: span.lowerBound), 0)
            let b = min(Self.firstIndex(in: text.starts, atLeast: span.upperBound), text.count)
            guard a < b else { continue }
            if let last = strong.last, last.lowerBound <= a && b <= last.upperBound { continue }
            strong.append(a..<b)
        }
        var start = open.start, end = open.end
        if let first = text.starts.first { start = min(start, first) }
        if let last = text.ends.last { end = max(end, last) }
        blocks.append(Block(
            kind: open.kind, level: open.level, text: text, inQuote: open.inQuote, table: open.table,
            strong: strong.count > 1 ? strong.sorted { $0.lowerBound < $1.lowerBound } : strong,
            sourceRange: start..<max(start, end)
        ))
    }

    /// Index of the first element `>= value` in a non-decreasing array.
    private static func firstIndex(in array: SourceOffsets, atLeast value: Int) -> Int {
        var lo = 0, hi = array.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if array[mid] < value { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    // MARK: Inlines

    private mutating func appendLiteral(_ node: OpaquePointer, mode: LiteralMode) {
        guard isOpen, let literal = Self.literal(node), !literal.isEmpty else { return }
        let hint = startOffset(node)
        if let (_, end) = place(literal, mode: mode, hint: hint, emit: true) {
            open.cursor = end
        } else {
            // Alignment failed (an entity or construct this walker does not know): keep the text,
            // mapped to where it should start, rather than losing it.
            let at = max(open.cursor, min(hint ?? open.cursor, bytes.count))
            var i = 0
            while i < literal.count {
                let (scalar, length) = Self.decodeScalar(literal, at: i)
                buffer.append(scalar, at, at)
                i += length
            }
            open.cursor = at
        }
    }

    private mutating func inlineHTML(_ node: OpaquePointer) {
        guard isOpen, let literal = Self.literal(node), !literal.isEmpty else { return }
        guard let (start, end) = place(literal, mode: .raw, hint: startOffset(node), emit: false) else { return }
        open.cursor = end
        if literal.starts(with: Self.commentOpen) {
            addComment(start, limit: end)
        } else if buffer.count > 0, Self.isLineBreakTag(literal) {
            // A line break in the text, as the XHTML parser makes of it: without one, the words on
            // either side ran together ("eleverna<br>plats" read as "elevernaplats").
            buffer.append("\n", start, end)
        }
    }

    /// `<br>`, `<br/>`, `<br />` or `<br` with attributes, in any case.
    private static func isLineBreakTag(_ tag: UnsafeBufferPointer<UInt8>) -> Bool {
        guard tag.count >= 4, tag[0] == UInt8(ascii: "<"), tag[1] | 0x20 == UInt8(ascii: "b"),
              tag[2] | 0x20 == UInt8(ascii: "r") else { return false }
        let next = tag[3]
        return next == UInt8(ascii: ">") || next == UInt8(ascii: "/") || next == 0x20 || next == 0x09
            || next == 0x0A || next == 0x0D
    }

    /// Soft and hard breaks become "\n", mapped to the line terminator.
    private mutating func appendBreak() {
        guard isOpen else { return }
        var p = open.cursor
        let n = bytes.count
        while p < n && bytes[p] != 0x0A && bytes[p] != 0x0D { p += 1 }
        guard p < n else { return }
        var e = p + 1
        if bytes[p] == 0x0D && e < n && bytes[e] == 0x0A { e += 1 }
        buffer.append("\n", p, e)
        open.cursor = e
    }

    // MARK: Comments

    private static let commentOpen: [UInt8] = Array("<!--".utf8)

    private mutating func collectBlockComments(_ node: OpaquePointer) {
        guard let start = startOffset(node), let literal = Self.literal(node) else { return }
        // The block's end position is unreliable (it may stop on the first line), so the region is
        // as many source lines as the literal has.
        var lines = 0
        var i = 0
        while i < literal.count {
            if literal[i] == 0x0A { lines += 1 } else if literal[i] == 0x0D {
                if i + 1 >= literal.count || literal[i + 1] != 0x0A { lines += 1 }
            }
            i += 1
        }
        if let last = literal.last, last != 0x0A && last != 0x0D { lines += 1 }
        let startLine = Int(cmark_node_get_start_line(node))
        let lastLine = min(max(startLine + lines - 1, 1), lineStarts.count)
        let regionEnd = max(start, lineContentEnd(lastLine))
        var p = start
        while p + 4 <= regionEnd {
            if bytes[p] == 0x3C && bytes[p + 1] == 0x21 && bytes[p + 2] == 0x2D && bytes[p + 3] == 0x2D {
                p = addComment(p, limit: regionEnd)
            } else {
                p += 1
            }
        }
    }

    /// Records the comment that starts at `start` (`<!--`) and returns the offset after it.
    @discardableResult
    private mutating func addComment(_ start: Int, limit: Int) -> Int {
        let contentStart = start + 4
        var p = start + 2  // `<!-->` and `<!--->` are complete (empty) comments
        var contentEnd = limit, end = limit
        while p + 3 <= limit {
            if bytes[p] == 0x2D && bytes[p + 1] == 0x2D && bytes[p + 2] == 0x3E {
                contentEnd = max(p, contentStart)
                end = p + 3
                break
            }
            p += 1
        }
        let text = contentStart < contentEnd ? String(decoding: bytes[contentStart..<contentEnd], as: UTF8.self) : ""
        comments.append(SourceComment(text: text, sourceRange: start..<end))
        return max(end, start + 1)
    }

    // MARK: Links and images

    /// After a link's last child: skips `](destination "title")`, `][ref]`, `]` or an autolink's `>`.
    private func skipLinkTail(from cursor: Int) -> Int {
        let n = bytes.count
        var p = cursor
        if p < n && bytes[p] == 0x3E { return p + 1 }  // <https://…>
        while p < n && bytes[p] != 0x5D {
            if bytes[p] == 0x5C { p += 1 }
            p += 1
        }
        guard p < n else { return cursor }
        return skipDestination(from: p + 1)
    }

    /// Skips `(destination "title")` or `[ref]` directly at `start`, if present.
    private func skipDestination(from start: Int) -> Int {
        let n = bytes.count
        var p = start
        guard p < n else { return p }
        if bytes[p] == 0x5B {
            return skipPast(0x5D, from: p + 1)
        }
        guard bytes[p] == 0x28 else { return p }
        p = skipSpaces(from: p + 1)
        if p < n && bytes[p] == 0x3C {
            p = skipPast(0x3E, from: p + 1)
        } else {
            var depth = 0
            while p < n {
                let b = bytes[p]
                if b == 0x5C { p += 2; continue }
                if Self.isSpace(b) { break }
                if b == 0x28 { depth += 1 } else if b == 0x29 {
                    if depth == 0 { break }
                    depth -= 1
                }
                p += 1
            }
        }
        p = skipSpaces(from: p)
        if p < n && (bytes[p] == 0x22 || bytes[p] == 0x27 || bytes[p] == 0x28) {
            p = skipPast(bytes[p] == 0x28 ? 0x29 : bytes[p], from: p + 1)
            p = skipSpaces(from: p)
        }
        return p < n && bytes[p] == 0x29 ? p + 1 : min(p, n)
    }

    /// The offset after the first unescaped `close` from `start` (or the end of the file).
    private func skipPast(_ close: UInt8, from start: Int) -> Int {
        let n = bytes.count
        var p = start
        while p < n && bytes[p] != close {
            if bytes[p] == 0x5C { p += 1 }
            p += 1
        }
        return min(p + 1, n)
    }

    private func skipSpaces(from start: Int) -> Int {
        var p = start
        while p < bytes.count && Self.isSpace(bytes[p]) { p += 1 }
        return p
    }

    private func skipImage(_ node: OpaquePointer) -> Int {
        let n = bytes.count
        var p = open.cursor
        if let hint = startOffset(node), hint >= p, hint + 1 < n, bytes[hint] == 0x21, bytes[hint + 1] == 0x5B {
            p = hint
        } else {
            while p + 1 < n && !(bytes[p] == 0x21 && bytes[p + 1] == 0x5B) { p += 1 }
            guard p + 1 < n else { return open.cursor }
        }
        p += 2
        var depth = 0
        while p < n {
            let b = bytes[p]
            if b == 0x5C { p += 2; continue }
            if b == 0x5B { depth += 1 } else if b == 0x5D {
                if depth == 0 { break }
                depth -= 1
            }
            p += 1
        }
        guard p < n else { return open.cursor }
        return skipDestination(from: p + 1)
    }

    // MARK: Alignment

    /// Where `literal` starts in the source: the hint when it fits and is near the cursor,
    /// otherwise the first position from the cursor where the whole literal aligns. The text starts
    /// on the cursor's line or, after a construct that ended a line, on the next one. With `emit`,
    /// the aligned scalars are appended to the buffer.
    private mutating func place(
        _ literal: UnsafeBufferPointer<UInt8>, mode: LiteralMode, hint: Int?, emit: Bool
    ) -> (Int, Int)? {
        let cursor = open.cursor
        if let hint, hint >= cursor, hint < bytes.count, lineBreaks(cursor, hint) < 2,
           let end = align(literal, from: hint, mode: mode, emit: emit) {
            return (hint, end)
        }
        let n = bytes.count
        let first = literal[0]
        var p = cursor
        var breaks = 0
        while p < n && breaks < 2 {
            let b = bytes[p]
            if b == first || b == 0x5C || b == 0x26 || b == 0x00,
               let end = align(literal, from: p, mode: mode, emit: emit) {
                return (p, end)
            }
            if b == 0x0A || (b == 0x0D && (p + 1 >= n || bytes[p + 1] != 0x0A)) { breaks += 1 }
            p += 1
        }
        return nil
    }

    /// In line, as `startOffset` and `endOffset` are: a call to a non-mutating method of this
    /// large struct from a mutating one copied the whole walker (217 bytes) first, which profiles
    /// showed per literal and per block.
    @inline(__always)
    private func lineBreaks(_ from: Int, _ to: Int) -> Int {
        var count = 0
        var p = from
        while p < to && count < 2 {
            let b = bytes[p]
            if b == 0x0A || (b == 0x0D && (p + 1 >= bytes.count || bytes[p + 1] != 0x0A)) { count += 1 }
            p += 1
        }
        return count
    }

    /// Walks `literal` against the source from `start`; returns the offset after the last source
    /// byte used, or nil (appending nothing) when they do not correspond.
    private mutating func align(
        _ literal: UnsafeBufferPointer<UInt8>, from start: Int, mode: LiteralMode, emit: Bool
    ) -> Int? {
        let mark = buffer.count
        if let end = alignScalars(literal, from: start, mode: mode, emit: emit) { return end }
        buffer.truncate(to: mark)
        return nil
    }

    private mutating func alignScalars(
        _ literal: UnsafeBufferPointer<UInt8>, from start: Int, mode: LiteralMode, emit: Bool
    ) -> Int? {
        let bytes = self.bytes
        let inTable = open.inTable
        let n = bytes.count
        let m = literal.count
        var i = 0
        var p = start
        var atLineStart = false
        // Each scalar uses at least one byte of the literal: room for all, checked once.
        if emit { buffer.reserve(m) }
        while i < m {
            guard p < n else { return nil }
            let lb = literal[i]
            let sb = bytes[p]
            // A line ending in the literal (raw HTML, code span) or one folded into a space.
            if sb == 0x0A || sb == 0x0D {
                let isNewline = lb == 0x0A || lb == 0x0D
                if isNewline || (mode == .code && lb == 0x20) {
                    var e = p + 1
                    if sb == 0x0D && e < n && bytes[e] == 0x0A { e += 1 }
                    if emit { buffer.appendReserved(Unicode.Scalar(lb), p, e) }
                    i += 1
                    if lb == 0x0D && i < m && literal[i] == 0x0A { i += 1 }
                    p = e
                    atLineStart = true
                    continue
                }
            }
            if atLineStart && lb != sb && (sb == 0x20 || sb == 0x09 || sb == 0x3E) {
                p += 1  // container prefix (`> `, indentation) that cmark removed
                continue
            }
            atLineStart = false
            if lb == sb && lb != 0x5C && lb != 0x26 {
                // A run of scalars that match the source byte for byte, appended by one loop
                // (profiles showed the per-scalar path). It stops before anything the branches
                // above or below treat specially; an empty run leaves the scalar to them.
                let (j, q) = verbatimRun(literal, from: i, source: bytes, at: p, emit: emit)
                if j > i {
                    p = q
                    i = j
                    continue
                }
            }
            if sb == 0x5C && p + 1 < n {
                let next = bytes[p + 1]
                if (mode == .text && Self.isASCIIPunctuation(next) && lb == next)
                    || (mode == .code && inTable && next == 0x7C && lb == 0x7C) {
                    if emit { buffer.appendReserved(Unicode.Scalar(next), p, p + 2) }
                    i += 1
                    p += 2
                    continue
                }
            }
            if mode == .text && sb == 0x26, let (length, value) = Self.entity(bytes, at: p) {
                if let value {
                    let encoded = Self.utf8Length(value)
                    if i + encoded <= m && Self.matches(literal, at: i, scalar: value) {
                        if emit { buffer.appendReserved(value, p, p + length) }
                        i += encoded
                        p += length
                        continue
                    }
                }
                if !(lb == sb && Self.literalHasBytes(literal, at: i, bytes, p, length)) {
                    // A named reference outside the table above: it decoded to one scalar or two.
                    var consumed = 0
                    while consumed < 2 && i < m {
                        let (scalar, len) = Self.decodeScalar(literal, at: i)
                        if emit { buffer.appendReserved(scalar, p, p + length) }
                        i += len
                        consumed += 1
                        if p + length < n && i < m && literal[i] == bytes[p + length] { break }
                    }
                    p += length
                    continue
                }
            }
            if lb == sb {
                let len = lb < 0x80 ? 1 : lb < 0xE0 ? 2 : lb < 0xF0 ? 3 : 4
                guard i + len <= m, p + len <= n else { return nil }
                var k = 1
                while k < len {
                    if literal[i + k] != bytes[p + k] { return nil }
                    k += 1
                }
                if emit {
                    let (scalar, _) = Self.decodeScalar(literal, at: i)
                    buffer.appendReserved(scalar, p, p + len)
                }
                i += len
                p += len
                continue
            }
            // cmark replaces NUL by U+FFFD.
            if sb == 0x00 && lb == 0xEF && i + 2 < m && literal[i + 1] == 0xBF && literal[i + 2] == 0xBD {
                if emit { buffer.appendReserved("\u{FFFD}", p, p + 1) }
                i += 3
                p += 1
                continue
            }
            return nil
        }
        return p
    }

    /// The longest run from `literal[i]` and `bytes[p]` of scalars that are the same bytes on both
    /// sides and neither a backslash, `&` nor a line ending; each maps to its own bytes. Returns the
    /// offsets after the run. Stops short of a scalar that is cut off or differs after its first byte.
    private mutating func verbatimRun(
        _ literal: UnsafeBufferPointer<UInt8>, from i: Int, source bytes: [UInt8], at p: Int, emit: Bool
    ) -> (Int, Int) {
        let m = literal.count
        return bytes.withUnsafeBufferPointer { source -> (Int, Int) in
            let n = source.count
            var j = i, q = p
            var w = 0
            // `alignScalars` reserved room for the literal when it emits.
            let space: ScalarMapBuffer.FreeSpace? = emit ? buffer.freeSpaceReserved(m - i) : nil
            let room = space?.room ?? Int.max
            var flagged = false
            guard let literalBase = literal.baseAddress, let sourceBase = source.baseAddress else { return (j, q) }
            // After a block that did not qualify, the next eight bytes go scalar by scalar.
            var blockFrom = j
            while j < m && q < n {
                // Whole blocks while both sides have eight more bytes and there is room for eight
                // entries: the test below without its checks for a literal's end, in a loop of its
                // own (those checks were a fifth of each block's instructions). It takes exactly
                // what the general block step below would.
                if j >= blockFrom {
                    // A lower bound of the bytes left on either side and of the room (wrapping
                    // arithmetic as below: all are offsets into buffers).
                    var limit = min(m &- j, n &- q, room &- w)
                    while limit >= 8 {
                        // In bounds: j + 8 <= m, q + 8 <= n, w + 8 <= room.
                        let a = EightBytes.load(literalBase + j)
                        // Bytes below 0x0E (line endings, and tabs, which the scalar step then
                        // takes) count as disqualifying, like the backslash and `&`.
                        let bad = (a ^ EightBytes.load(sourceBase + q)) | (a | EightBytes.belowBytes(a, 0x0E))
                            & EightBytes.highBits | EightBytes.equalBytes(a, 0x5C) | EightBytes.equalBytes(a, 0x26)
                        // Eight entries written (room: w + 8 <= room, and w >= 0); as many as are plain count.
                        if let space { EightBytes.storeUnchecked(value: a, at: q, into: space, w) }
                        if bad == 0 {
                            j &+= 8
                            q &+= 8
                            w &+= 8
                            limit &-= 8
                            continue
                        }
                        let good = bad.trailingZeroBitCount &>> 3
                        j &+= good
                        q &+= good
                        w &+= good
                        // A two-byte scalar the same on both sides, as the block step below takes it
                        // (byte j is in bounds: good < 8 <= limit; byte j + 1 is checked).
                        if j &+ 1 < m && q &+ 1 < n, literal[j] == source[q], literal[j &+ 1] == source[q &+ 1],
                           let scalar = SourceAligner.twoByteScalar(literal[j], literal[j &+ 1]) {
                            if scalar.value == 0xAD || isCombiningScalar(scalar) { flagged = true }
                            space?.write(w, scalar, q, q &+ 2)
                            w &+= 1
                            j &+= 2
                            q &+= 2
                            limit &-= good &+ 2
                            continue
                        }
                        blockFrom = j &+ 1
                        break
                    }
                    // As the loop's condition: the whole blocks may have reached either end.
                    if j >= m || q >= n { break }
                }
                // Eight bytes at once while both sides are the same plain ASCII: exactly what the
                // scalar step below accepts for each of them. The last one to seven bytes of a
                // literal of eight or more are tested the same way, read as the literal's last eight
                // bytes shifted down (literals end at every line; stepping over their ends byte by
                // byte showed in profiles).
                // Wrapping arithmetic in this loop: every value is an offset into a buffer, far from
                // overflowing, and the overflow checks were a fair part of each block's instructions.
                if j >= blockFrom && q &+ 8 <= n && w &+ 8 <= room && (j &+ 8 <= m || m >= 8) {
                    let available = min(m &- j, 8)
                    // In bounds: j + 8 <= m, or else m - 8 >= 0 and the eight bytes end at m.
                    let a = available == 8
                        ? EightBytes.load(literalBase + j)
                        : EightBytes.load(literalBase + (m - 8)) >> UInt64(8 * (8 - available))
                    // Bits in the first byte that disqualifies the block (and maybe in later ones);
                    // beyond the literal's end, byte `available` counts as disqualifying.
                    var bad = (a ^ EightBytes.load(sourceBase + q)) | a & EightBytes.highBits
                        | EightBytes.equalBytes(a, 0x5C) | EightBytes.equalBytes(a, 0x26)
                        | EightBytes.equalBytes(a, 0x0A) | EightBytes.equalBytes(a, 0x0D)
                    if available < 8 { bad |= EightBytes.highBits & ~((1 << UInt64(8 * available)) &- 1) }
                    if bad == 0 {
                        if let space {
                            EightBytes.store(value: a, at: q, into: space, w)
                            w &+= 8
                        }
                        j &+= 8
                        q &+= 8
                        continue
                    }
                    // The bytes before the first that disqualifies are plain, equal ASCII (the lowest
                    // set bit of each test is exact): take them as a block too, then the scalar step
                    // below reads that byte. Swedish text has a non-ASCII letter every few words, and
                    // stepping to it byte by byte showed in profiles.
                    let good = bad.trailingZeroBitCount / 8
                    if good > 0 {
                        if let space {
                            // Writes eight entries and keeps `good`: the rest is free space again.
                            EightBytes.store(value: a, at: q, into: space, w)
                            w += good
                        }
                        j += good
                        q += good
                    }
                    // A two-byte scalar (å, ä, ö, é) the same on both sides, as the scalar step below
                    // takes it, without leaving the block loop.
                    if j + 1 < m && q + 1 < n {
                        let c0 = literal[j], c1 = literal[j + 1]
                        if c0 == source[q] && c1 == source[q + 1] && w < room,
                           let scalar = SourceAligner.twoByteScalar(c0, c1) {
                            if scalar.value == 0xAD || isCombiningScalar(scalar) { flagged = true }
                            if let space {
                                space.write(w, scalar, q, q &+ 2)
                                w += 1
                            }
                            j += 2
                            q += 2
                            continue
                        }
                    }
                    blockFrom = j + 1
                    if j >= m { break }
                }
                let c = literal[j]
                guard c == source[q], c != 0x5C, c != 0x26, c != 0x0A, c != 0x0D else { break }
                var scalar = Unicode.Scalar(c)
                var len = 1
                if c >= 0x80 {
                    len = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4
                    guard j + len <= m, q + len <= n else { break }
                    var k = 1
                    while k < len && literal[j + k] == source[q + k] { k += 1 }
                    guard k == len else { break }
                    scalar = Self.decodeScalar(literal, at: j).0
                    if scalar.value == 0xAD || isCombiningScalar(scalar) { flagged = true }
                }
                if let space {
                    guard w < space.room else { break }
                    space.write(w, scalar, q, q &+ len)
                    w += 1
                }
                j += len
                q += len
            }
            if emit { buffer.didWrite(w, needsNormalisation: flagged) }
            return (j, q)
        }
    }

    // MARK: Entities

    /// The entity reference at `p` (`&name;`, `&#123;`, `&#x1F;`): its length and, when known,
    /// its value. Numeric references are always known; named ones only when in the table.
    private static func entity(_ bytes: [UInt8], at p: Int) -> (Int, Unicode.Scalar?)? {
        let n = bytes.count
        var q = p + 1
        guard q < n else { return nil }
        if bytes[q] == 0x23 {
            q += 1
            var hex = false
            if q < n && (bytes[q] == 0x78 || bytes[q] == 0x58) { hex = true; q += 1 }
            let digitsStart = q
            var value: UInt32 = 0
            while q < n, q - digitsStart < (hex ? 6 : 7) {
                let b = bytes[q]
                let d: UInt32
                if b >= 0x30 && b <= 0x39 { d = UInt32(b - 0x30) }
                else if hex && b >= 0x61 && b <= 0x66 { d = UInt32(b - 0x61 + 10) }
                else if hex && b >= 0x41 && b <= 0x46 { d = UInt32(b - 0x41 + 10) }
                else { break }
                value = value * (hex ? 16 : 10) + d
                q += 1
            }
            guard q > digitsStart, q < n, bytes[q] == 0x3B else { return nil }
            let scalar = value == 0 ? nil : Unicode.Scalar(value)
            return (q + 1 - p, scalar ?? "\u{FFFD}")
        }
        let nameStart = q
        while q < n && q - nameStart <= 32 && isASCIIAlphanumeric(bytes[q]) { q += 1 }
        guard q > nameStart, q < n, bytes[q] == 0x3B, isASCIILetter(bytes[nameStart]) else { return nil }
        let name = String(decoding: bytes[nameStart..<q], as: UTF8.self)
        return (q + 1 - p, namedEntities[name].flatMap { Unicode.Scalar($0) })
    }

    /// Common HTML named references; others are still aligned, by scalar count.
    private static let namedEntities: [String: UInt32] = {
        var table: [String: UInt32] = [
            "amp": 0x26, "lt": 0x3C, "gt": 0x3E, "quot": 0x22, "apos": 0x27,
            "OElig": 0x152, "oelig": 0x153, "Scaron": 0x160, "scaron": 0x161, "Yuml": 0x178, "circ": 0x2C6,
            "tilde": 0x2DC, "ensp": 0x2002, "emsp": 0x2003, "thinsp": 0x2009, "zwnj": 0x200C, "zwj": 0x200D,
            "lrm": 0x200E, "rlm": 0x200F, "ndash": 0x2013, "mdash": 0x2014, "lsquo": 0x2018, "rsquo": 0x2019,
            "sbquo": 0x201A, "ldquo": 0x201C, "rdquo": 0x201D, "bdquo": 0x201E, "dagger": 0x2020,
            "Dagger": 0x2021, "bull": 0x2022, "hellip": 0x2026, "permil": 0x2030, "prime": 0x2032,
            "lsaquo": 0x2039, "rsaquo": 0x203A, "euro": 0x20AC, "trade": 0x2122, "larr": 0x2190,
            "rarr": 0x2192, "minus": 0x2212, "ne": 0x2260, "le": 0x2264, "ge": 0x2265,
        ]
        let latin1 = """
            nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn \
            sup2 sup3 acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave \
            Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml \
            ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN \
            szlig agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave iacute \
            icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml \
            yacute thorn yuml
            """
        for (k, name) in latin1.split(separator: " ").enumerated() { table[String(name)] = 0xA0 + UInt32(k) }
        return table
    }()

    // MARK: Byte helpers

    private static func literal(_ node: OpaquePointer) -> UnsafeBufferPointer<UInt8>? {
        guard let c = cmark_node_get_literal(node) else { return nil }
        let p = UnsafeRawPointer(c).assumingMemoryBound(to: UInt8.self)
        // libc's vectorised `strlen`: a byte loop here showed in profiles (it runs for every literal).
        return UnsafeBufferPointer(start: p, count: strlen(c))
    }

    private static func decodeScalar(_ s: UnsafeBufferPointer<UInt8>, at i: Int) -> (Unicode.Scalar, Int) {
        let b0 = s[i]
        let len = b0 < 0x80 ? 1 : b0 < 0xE0 ? 2 : b0 < 0xF0 ? 3 : 4
        guard i + len <= s.count else { return ("\u{FFFD}", 1) }
        var v = len == 1 ? UInt32(b0) : len == 2 ? UInt32(b0 & 0x1F) : len == 3 ? UInt32(b0 & 0x0F) : UInt32(b0 & 0x07)
        var k = 1
        while k < len { v = (v << 6) | UInt32(s[i + k] & 0x3F); k += 1 }
        return (Unicode.Scalar(v) ?? "\u{FFFD}", len)
    }

    private static func utf8Length(_ s: Unicode.Scalar) -> Int {
        s.value < 0x80 ? 1 : s.value < 0x800 ? 2 : s.value < 0x10000 ? 3 : 4
    }

    private static func matches(_ literal: UnsafeBufferPointer<UInt8>, at i: Int, scalar: Unicode.Scalar) -> Bool {
        var k = i
        for b in String(scalar).utf8 {
            guard k < literal.count, literal[k] == b else { return false }
            k += 1
        }
        return true
    }

    private static func literalHasBytes(
        _ literal: UnsafeBufferPointer<UInt8>, at i: Int, _ bytes: [UInt8], _ p: Int, _ length: Int
    ) -> Bool {
        guard i + length <= literal.count, p + length <= bytes.count else { return false }
        for k in 0..<length where literal[i + k] != bytes[p + k] { return false }
        return true
    }

    private static func isASCIIPunctuation(_ b: UInt8) -> Bool {
        (b >= 0x21 && b <= 0x2F) || (b >= 0x3A && b <= 0x40) || (b >= 0x5B && b <= 0x60) || (b >= 0x7B && b <= 0x7E)
    }

    private static func isASCIILetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }

    private static func isASCIIAlphanumeric(_ b: UInt8) -> Bool { isASCIILetter(b) || (b >= 0x30 && b <= 0x39) }

    private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

    // MARK: Positions

    /// In line (see `lineBreaks`).
    @inline(__always)
    private func startOffset(_ node: OpaquePointer) -> Int? {
        let line = Int(cmark_node_get_start_line(node))
        let column = Int(cmark_node_get_start_column(node))
        guard line >= 1, column >= 1, line <= lineStarts.count else { return nil }
        return min(lineStarts[line - 1] + column - 1, bytes.count)
    }

    /// Exclusive end offset of a node (cmark's end column is inclusive; 0 means "end of the line before").
    /// In line (see `lineBreaks`).
    @inline(__always)
    private func endOffset(_ node: OpaquePointer) -> Int? {
        let line = Int(cmark_node_get_end_line(node))
        let column = Int(cmark_node_get_end_column(node))
        guard line >= 1, line <= lineStarts.count else { return nil }
        if column <= 0 {
            return line >= 2 ? lineContentEnd(line - 1) : nil
        }
        return min(lineStarts[line - 1] + column, bytes.count)
    }

    @inline(__always)
    private func lineContentEnd(_ line: Int) -> Int {
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] : bytes.count
        while end > start && (bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D) { end -= 1 }
        return end
    }
}

/// The text of the block being read: scalars with their source ranges. Kept by the walker and
/// reused from block to block (appending does not allocate once warm), and truncatable so that a
/// failed alignment leaves no trace.
private struct TextBuffer {
    private var entries = ScalarMapBuffer(capacity: 1024)
    /// Soft hyphens or combining marks: the text needs `TextBuilder`'s normalisation.
    private var needsNormalisation = false

    var count: Int { entries.count }

    mutating func reset() {
        entries.removeAll()
        needsNormalisation = false
    }

    @inline(__always)
    mutating func append(_ scalar: Unicode.Scalar, _ start: Int, _ end: Int) {
        if scalar.value == 0xAD || isCombiningScalar(scalar) {
            needsNormalisation = true
        }
        entries.append(scalar, start, end)
    }

    mutating func reserve(_ additional: Int) { entries.reserve(additional) }

    /// See `ScalarMapBuffer.freeSpace`; `didWrite` says whether a written scalar needs normalisation.
    mutating func freeSpace(_ additional: Int) -> ScalarMapBuffer.FreeSpace { entries.freeSpace(additional) }

    /// `freeSpace` after `reserve` (see `ScalarMapBuffer.freeSpaceReserved`).
    mutating func freeSpaceReserved(_ additional: Int) -> ScalarMapBuffer.FreeSpace {
        entries.freeSpaceReserved(additional)
    }

    mutating func didWrite(_ written: Int, needsNormalisation: Bool) {
        entries.didWrite(written)
        if needsNormalisation { self.needsNormalisation = true }
    }

    /// `append` after `reserve`, without the buffer's uniqueness check.
    @inline(__always)
    mutating func appendReserved(_ scalar: Unicode.Scalar, _ start: Int, _ end: Int) {
        if scalar.value == 0xAD || isCombiningScalar(scalar) {
            needsNormalisation = true
        }
        entries.appendReserved(scalar, start, end)
    }

    mutating func truncate(to count: Int) {
        entries.truncate(to: count)
    }

    /// The finished text (NFC, no soft hyphens), without white space at either end that removed
    /// markup left behind (a comment, a trailing hard break).
    func build() -> BlockText {
        if needsNormalisation {
            let text = entries.builder().build()
            let (lo, hi) = Self.trimmedBounds(text.count) { text.scalars[$0] }
            return lo == 0 && hi == text.count ? text : text.slice(lo..<hi)
        }
        let (lo, hi) = Self.trimmedBounds(entries.count) { entries.scalar($0) }
        return entries.text(lo..<hi)
    }

    private static func trimmedBounds(_ count: Int, _ scalar: (Int) -> Unicode.Scalar) -> (Int, Int) {
        var lo = 0, hi = count
        while lo < hi && isWhiteSpace(scalar(lo)) { lo += 1 }
        while hi > lo && isWhiteSpace(scalar(hi - 1)) { hi -= 1 }
        return (lo, hi)
    }
}

/// Unicode White_Space, without a property lookup for the common ASCII case.
@inline(__always)
private func isWhiteSpace(_ s: Unicode.Scalar) -> Bool {
    let v = s.value
    if v < 0x80 { return v == 0x20 || (v >= 0x09 && v <= 0x0D) }
    return v == 0x85 || v == 0xA0 || v == 0x1680 || (v >= 0x2000 && v <= 0x200A) || v == 0x2028 || v == 0x2029
        || v == 0x202F || v == 0x205F || v == 0x3000
}
