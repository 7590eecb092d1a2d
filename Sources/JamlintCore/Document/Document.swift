/// The input formats jamlint reads. Rules never see which one a document came from.
public enum DocumentFormat: String, Sendable, CaseIterable, Codable {
    case markdown
    case xhtml
    case html
    case text
    /// Word (WordprocessingML) and OpenDocument text: zip archives, read by `OfficeDocumentReader`.
    /// Their `Document.source` is a synthetic text with one line per paragraph.
    case docx
    case odt

    /// True for the archive formats, whose bytes are binary and whose lines are paragraphs.
    public var isArchive: Bool { self == .docx || self == .odt }

    /// The format for a file name, by extension; nil when jamlint does not lint such files.
    public static func forPath(_ path: String) -> DocumentFormat? {
        if let known = forASCIIExtension(path) { return known }
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return nil }
        return forExtension(path[path.index(after: dot)...].lowercased())
    }

    /// The extensions jamlint lints (lower-cased, all ASCII and at most eight bytes: the byte path
    /// below packs them), the one table both paths read.
    static let extensions: [(ext: String, format: DocumentFormat)] = [
        ("md", .markdown), ("markdown", .markdown), ("mdown", .markdown), ("mkd", .markdown),
        ("xhtml", .xhtml), ("xht", .xhtml), ("html", .html), ("htm", .html),
        ("txt", .text), ("text", .text), ("docx", .docx), ("odt", .odt),
    ]

    /// The format for a lower-cased extension.
    private static func forExtension(_ ext: String) -> DocumentFormat? {
        extensions.first { $0.ext == ext }?.format
    }

    /// `forPath` for a path whose extension is ASCII, by bytes (the Character-wise search and
    /// `lowercased()` above showed in profiles). `.some(nil)`: no format. nil: not decided here
    /// (a non-ASCII extension, where lower-casing may map to ASCII, as KELVIN SIGN to `k`).
    private static func forASCIIExtension(_ path: String) -> DocumentFormat?? {
        // On the path's bytes in place, the extension packed into an integer: the array and the
        // `String` made of it, and the string comparisons, cost more than the rest of the test for
        // every file (the loader and the folder walk both ask).
        if let decided = path.utf8.withContiguousStorageIfAvailable({ forASCIIExtension(utf8: $0) }) { return decided }
        return forASCIIExtension(utf8: Array(path.utf8))
    }

    private static func forASCIIExtension(utf8: some RandomAccessCollection<UInt8>) -> DocumentFormat?? {
        guard let dot = utf8.lastIndex(of: UInt8(ascii: ".")) else { return .some(nil) }
        // A non-ASCII scalar before the dot could be a prepended mark that makes the dot part of
        // another Character.
        if dot > utf8.startIndex && utf8[utf8.index(before: dot)] >= 0x80 { return nil }
        // Byte `k` of the lower-cased extension in bits `8k..<8k+8` (at most eight bytes, none 0).
        var key: UInt64 = 0
        var count = 0
        for b in utf8[utf8.index(after: dot)...] {
            // `/` after the dot: no extension. Non-ASCII (a combining mark would join the dot into
            // another Character) is left to the general path.
            if b == UInt8(ascii: "/") { return .some(nil) }
            guard b < 0x80, count < 8 else { return nil }
            key |= UInt64(b >= 0x41 && b <= 0x5A ? b + 0x20 : b) << UInt64(8 * count)
            count += 1
        }
        // Compared with the length too: a NUL byte at the end would leave the key unchanged.
        for entry in extensionKeys where entry.key == key && entry.length == count { return .some(entry.format) }
        return .some(nil)
    }

    /// `extensions`, packed as above.
    private static let extensionKeys: [(key: UInt64, length: Int, format: DocumentFormat)] = extensions.map { entry in
        precondition(entry.ext.utf8.count <= 8 && entry.ext.utf8.allSatisfy { $0 < 0x80 && $0 != 0 && !(0x41...0x5A).contains($0) },
                     "extensions must be lower-case ASCII of at most eight bytes")
        var key: UInt64 = 0
        for (k, b) in entry.ext.utf8.enumerated() { key |= UInt64(b) << UInt64(8 * k) }
        return (key, entry.ext.utf8.count, entry.format)
    }
}

public enum BlockKind: String, Sendable, Codable {
    case heading
    case paragraph
    case listItem
    case tableCell
    case metadata
}

/// Where a table cell sits. Rows and columns are 0-based; `isHeader` is true for the header row
/// (GFM's first row, HTML `<th>`/`<thead>`).
public struct TableCellPosition: Sendable, Hashable, Codable {
    public var table: Int
    public var row: Int
    public var column: Int
    public var isHeader: Bool

    public init(table: Int, row: Int, column: Int, isHeader: Bool) {
        self.table = table
        self.row = row
        self.column = column
        self.isHeader = isHeader
    }
}

/// One unit of prose: a heading, paragraph, list item, table cell or header field.
///
/// The public initialiser lives in the extension below and delegates to the implicit memberwise
/// one (whose labels differ because `sourceRange` is declared first): with an initialiser body of
/// its own, every `blocks.append(Block(...))` built the block and then copied and destroyed it
/// (retaining and releasing each of its arrays), which profiles showed for every block parsed.
public struct Block: Sendable {
    /// Byte range in the source of the whole block, markup included.
    public var sourceRange: Range<Int>
    public var kind: BlockKind
    /// Heading level 1–6; nesting depth (1-based) for list items; 0 otherwise.
    public var level: Int
    public var text: BlockText
    /// True when the heading was recognised from a bold line, a known section name or a
    /// `Label:` prefix rather than from markup.
    public var isImplicitHeading: Bool
    /// True inside a block quote.
    public var inQuote: Bool
    public var table: TableCellPosition?
    /// For `.metadata` blocks: the field name as written ("Diarienummer", "jamlint.relevans").
    public var metadataKey: String?
    /// Scalar ranges of `text` that were bold (`**…**`, `<strong>`, `<b>`), used to find
    /// implicit headings.
    public var strong: [Range<Int>]
}

extension Block {
    public init(
        kind: BlockKind, level: Int = 0, text: BlockText, isImplicitHeading: Bool = false,
        inQuote: Bool = false, table: TableCellPosition? = nil, metadataKey: String? = nil,
        strong: [Range<Int>] = [], sourceRange: Range<Int>
    ) {
        self.init(
            sourceRange: sourceRange, kind: kind, level: level, text: text, isImplicitHeading: isImplicitHeading,
            inQuote: inQuote, table: table, metadataKey: metadataKey, strong: strong)
    }
}

/// A comment in the source (`<!-- … -->`), kept for suppression directives; never prose.
public struct SourceComment: Sendable {
    /// The comment's content, without the `<!--` and `-->` delimiters.
    public var text: String
    public var sourceRange: Range<Int>

    public init(text: String, sourceRange: Range<Int>) {
        self.text = text
        self.sourceRange = sourceRange
    }
}

/// A parsed memo: its blocks in document order, comments, and the file it came from.
public struct Document: Sendable {
    public let source: SourceFile
    public let format: DocumentFormat
    public var blocks: [Block]
    public var comments: [SourceComment]

    public init(source: SourceFile, format: DocumentFormat, blocks: [Block], comments: [SourceComment] = []) {
        self.source = source
        self.format = format
        self.blocks = blocks
        self.comments = comments
    }

    /// The location of scalar `index` of block `block`'s text.
    public func location(block: Int, scalar index: Int) -> SourceLocation {
        let text = blocks[block].text
        let offset = index < text.count ? text.starts[index] : (text.ends.last ?? blocks[block].sourceRange.lowerBound)
        return source.location(ofByte: offset)
    }
}
