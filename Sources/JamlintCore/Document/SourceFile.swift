#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The bytes of one input file plus the line table that turns a byte offset into a
/// human line and column.
///
/// Lines end at LF, CRLF or a lone CR (as CommonMark counts them). Columns are 1-based and
/// counted in user-perceived characters (grapheme clusters), so `å` written as `a` + U+030A is
/// one column and a tab is one column. A UTF-8 byte order mark is not part of line 1.
public struct SourceFile: Sendable {
    public let path: String
    public let bytes: [UInt8]
    /// What a line of this source is: a line of the file, or (for Word and OpenDocument files,
    /// whose source is a synthetic text of one line per paragraph) a paragraph.
    public let positionUnit: PositionUnit
    /// Byte offset where each line starts; `lineStarts[0]` is after the BOM.
    public let lineStarts: [Int]
    public let bomLength: Int

    public init(path: String, bytes: [UInt8], positionUnit: PositionUnit = .lines) {
        self.path = path
        self.bytes = bytes
        self.positionUnit = positionUnit
        let bom = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
        self.bomLength = bom
        self.lineStarts = Self.lineStarts(bytes, from: bom)
    }

    private static func lineStarts(_ bytes: [UInt8], from bom: Int) -> [Int] {
        var starts = [bom]
        starts.reserveCapacity(bytes.count / 40 + 1)
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            let n = buffer.count
            guard bom < n else { return }
            // Without a CR, lines end at LFs only, which memchr finds fast (the byte loop showed in
            // profiles); with one, the general loop below.
            if memchr(base + bom, 0x0D, n - bom) == nil {
                var i = bom
                while i < n, let hit = memchr(base + i, 0x0A, n - i) {
                    i = base.distance(to: hit.assumingMemoryBound(to: UInt8.self)) + 1
                    starts.append(i)
                }
                return
            }
            var i = bom
            while i < n {
                let b = buffer[i]
                if b == 0x0A {
                    starts.append(i + 1)
                } else if b == 0x0D {
                    if i + 1 < n && buffer[i + 1] == 0x0A { i += 1 }
                    starts.append(i + 1)
                }
                i += 1
            }
        }
        return starts
    }

    public init(path: String, text: String) {
        self.init(path: path, bytes: Array(text.utf8))
    }

    public var lineCount: Int { lineStarts.count }

    /// The 1-based line that contains `offset`.
    public func line(ofByte offset: Int) -> Int {
        var lo = 0, hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        return lo + 1
    }

    public func location(ofByte rawOffset: Int) -> SourceLocation {
        let offset = max(bomLength, min(rawOffset, bytes.count))
        let line = line(ofByte: offset)
        let start = lineStarts[line - 1]
        let column = Self.characterCount(bytes[start..<offset]) + 1
        return SourceLocation(offset: offset, line: line, column: column)
    }

    /// Byte range of a line's content, without its terminator.
    public func lineRange(_ line: Int) -> Range<Int> {
        precondition(line >= 1 && line <= lineStarts.count)
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] : bytes.count
        while end > start && (bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D) { end -= 1 }
        return start..<end
    }

    /// The text of a line, without its terminator. Invalid UTF-8 is shown as U+FFFD.
    public func lineText(_ line: Int) -> String {
        String(decoding: bytes[lineRange(line)], as: UTF8.self)
    }

    static func characterCount(_ slice: ArraySlice<UInt8>) -> Int {
        // Fast path: ASCII bytes are one character each, as is any scalar without combining marks.
        var ascii = true
        for b in slice where b >= 0x80 || b == 0x0D { ascii = false; break }
        if ascii { return slice.count }
        return String(decoding: slice, as: UTF8.self).count
    }
}

/// The unit of `SourceLocation.line`: lines of a text file, or paragraphs of a word processor's file
/// (counted as Word counts body paragraphs, table paragraphs included; columns are characters
/// within the paragraph).
public enum PositionUnit: String, Sendable, Codable {
    case lines
    case paragraphs
}

/// A point in a source file: byte offset plus 1-based line and character column.
public struct SourceLocation: Hashable, Sendable, Comparable, Codable {
    public var offset: Int
    public var line: Int
    public var column: Int

    public init(offset: Int, line: Int, column: Int) {
        self.offset = offset
        self.line = line
        self.column = column
    }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.line, a.column, a.offset) < (b.line, b.column, b.offset)
    }
}
