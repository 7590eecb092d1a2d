import Foundation

/// The prose of one block, as the rules see it, with an exact map back to the source.
///
/// `scalars` is NFC-normalised, without soft hyphens (U+00AD) and with inline markup removed;
/// entities are decoded. For each scalar, `starts[i]` and `ends[i]` are the byte range in the
/// original file that produced it (an entity such as `&auml;` maps its one scalar to the whole
/// entity; an NFD `a` + U+030A maps the composed `å` to both source scalars).
public struct BlockText: Sendable {
    public let scalars: [Unicode.Scalar]
    public let starts: [Int]
    public let ends: [Int]

    public init(scalars: [Unicode.Scalar], starts: [Int], ends: [Int]) {
        precondition(scalars.count == starts.count && starts.count == ends.count)
        self.scalars = scalars
        self.starts = starts
        self.ends = ends
    }

    public static let empty = BlockText(scalars: [], starts: [], ends: [])

    public var count: Int { scalars.count }
    public var isEmpty: Bool { scalars.isEmpty }

    public var string: String { Self.string(scalars[...]) }

    public func string(_ range: Range<Int>) -> String { Self.string(scalars[range]) }

    /// Encodes straight into the String's storage: appending to a UnicodeScalarView went through
    /// the slow generic transcoder and showed up in profiles.
    static func string(_ slice: ArraySlice<Unicode.Scalar>) -> String {
        var length = 0
        for s in slice { length += UTF8.width(s) }
        return String(unsafeUninitializedCapacity: length) { buffer in
            var n = 0
            for s in slice {
                UTF8.encode(s) { byte in
                    buffer[n] = byte
                    n += 1
                }
            }
            return n
        }
    }

    /// Source byte range covered by the scalars in `range` (which must not be empty).
    public func sourceRange(_ range: Range<Int>) -> Range<Int> {
        guard !range.isEmpty, range.lowerBound < scalars.count else {
            let at = range.lowerBound < starts.count ? starts[range.lowerBound] : (ends.last ?? 0)
            return at..<at
        }
        return starts[range.lowerBound]..<ends[min(range.upperBound, scalars.count) - 1]
    }

    public func slice(_ range: Range<Int>) -> BlockText {
        BlockText(scalars: Array(scalars[range]), starts: Array(starts[range]), ends: Array(ends[range]))
    }

    /// The same text with leading and trailing white space (including NBSP and line breaks) removed.
    public func trimmed() -> BlockText {
        var lo = 0, hi = scalars.count
        while lo < hi && isUnicodeWhiteSpace(scalars[lo]) { lo += 1 }
        while hi > lo && isUnicodeWhiteSpace(scalars[hi - 1]) { hi -= 1 }
        return lo == 0 && hi == scalars.count ? self : slice(lo..<hi)
    }
}

/// Accumulates decoded text with source offsets, then normalises it into a `BlockText`.
public struct TextBuilder: Sendable {
    private var scalars: [Unicode.Scalar] = []
    private var starts: [Int] = []
    private var ends: [Int] = []
    private var needsNormalisation = false

    public init() {}

    public var isEmpty: Bool { scalars.isEmpty }
    public var count: Int { scalars.count }
    public var lastScalar: Unicode.Scalar? { scalars.last }

    public mutating func append(_ scalar: Unicode.Scalar, start: Int, end: Int) {
        if isCombiningScalar(scalar) { needsNormalisation = true }
        scalars.append(scalar)
        starts.append(start)
        ends.append(end)
    }

    /// Appends source bytes that stand for themselves (valid UTF-8), one scalar per encoded scalar.
    public mutating func appendLiteral(_ bytes: ArraySlice<UInt8>, at offset: Int) {
        var i = bytes.startIndex
        var pos = offset
        while i < bytes.endIndex {
            let b0 = bytes[i]
            let len: Int
            var v: UInt32
            if b0 < 0x80 { len = 1; v = UInt32(b0) }
            else if b0 < 0xE0 { len = 2; v = UInt32(b0 & 0x1F) }
            else if b0 < 0xF0 { len = 3; v = UInt32(b0 & 0x0F) }
            else { len = 4; v = UInt32(b0 & 0x07) }
            var k = 1
            while k < len && i + k < bytes.endIndex {
                v = (v << 6) | UInt32(bytes[i + k] & 0x3F)
                k += 1
            }
            let scalar = Unicode.Scalar(v) ?? "\u{FFFD}"
            append(scalar, start: pos, end: pos + len)
            i += len
            pos += len
        }
    }

    /// Appends decoded text (an entity, an escape) that all comes from one source range.
    public mutating func appendDecoded(_ text: String, start: Int, end: Int) {
        for s in text.unicodeScalars { append(s, start: start, end: end) }
    }

    /// Finishes the text: removes soft hyphens and composes to NFC, keeping the source map.
    public func build() -> BlockText {
        var outS: [Unicode.Scalar] = []
        var outA: [Int] = []
        var outB: [Int] = []
        outS.reserveCapacity(scalars.count)
        outA.reserveCapacity(scalars.count)
        outB.reserveCapacity(scalars.count)
        var i = 0
        let n = scalars.count
        while i < n {
            let s = scalars[i]
            if s.value == 0xAD { i += 1; continue }
            // A base scalar followed by combining marks: compose that cluster alone.
            var j = i + 1
            if needsNormalisation {
                while j < n, isCombiningScalar(scalars[j]) {
                    j += 1
                }
            }
            if j == i + 1 {
                outS.append(s); outA.append(starts[i]); outB.append(ends[i])
            } else {
                var cluster = String.UnicodeScalarView()
                cluster.append(contentsOf: scalars[i..<j])
                let composed = String(cluster).precomposedStringWithCanonicalMapping.unicodeScalars
                for c in composed {
                    outS.append(c); outA.append(starts[i]); outB.append(ends[j - 1])
                }
            }
            i = j
        }
        return BlockText(scalars: outS, starts: outA, ends: outB)
    }
}
