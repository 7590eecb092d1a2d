import Foundation

/// A regular expression compiled once at rule load, matched against block text, with matches
/// reported as scalar ranges of that text.
public struct CompiledRegex: @unchecked Sendable {
    // NSRegularExpression is immutable and documented as safe to use from many threads.
    private let regex: NSRegularExpression
    public let pattern: String
    let prefilter: RegexPrefilter?

    public init?(_ pattern: String, caseInsensitive: Bool = true) {
        guard let r = try? NSRegularExpression(pattern: pattern, options: caseInsensitive ? [.caseInsensitive] : []) else {
            return nil
        }
        self.regex = r
        self.pattern = pattern
        self.prefilter = RegexPrefilter(pattern: pattern)
        self.prefilterSet = RegexPrefilterSet([prefilter])
    }

    /// The prefilter as a set of one: its pair bits reject a block before any scan (profile:
    /// `RegexPrefilter.mayMatch` scanned the text once per literal).
    let prefilterSet: RegexPrefilterSet

    /// Matches in an analysed block, skipping the regex engine when the block cannot match.
    func matches(in block: AnalyzedBlock, group name: String? = nil) -> [(whole: Range<Int>, group: Range<Int>?)] {
        if prefilter != nil, prefilterSet.mask(block) == 0 { return [] }
        return matches(in: block.block.text, group: name)
    }

    /// Whether the expression matches in an analysed block's text, skipping the regex engine
    /// when the block cannot match.
    func firstMatch(in block: AnalyzedBlock) -> Bool {
        if prefilter != nil, prefilterSet.mask(block) == 0 { return false }
        return firstMatch(in: block.block.text.string)
    }

    /// Scalar ranges of every match.
    public func matches(in text: BlockText) -> [Range<Int>] {
        matches(in: text, group: nil).map(\.whole)
    }

    /// Scalar ranges of every match and of its named capture group, when that took part.
    public func matches(in text: BlockText, group name: String?) -> [(whole: Range<Int>, group: Range<Int>?)] {
        guard !text.isEmpty else { return [] }
        let string = text.string
        let ns = string as NSString
        // Without scalars beyond U+FFFF a UTF-16 offset is the scalar index, and no map is built.
        let bmpOnly = !text.scalars.contains { $0.value > 0xFFFF }
        var utf16ToScalar: [Int] = []
        if !bmpOnly {
            utf16ToScalar.reserveCapacity(ns.length + 1)
            for (i, s) in text.scalars.enumerated() {
                utf16ToScalar.append(i)
                if s.value > 0xFFFF { utf16ToScalar.append(i) }
            }
            utf16ToScalar.append(text.count)
        }
        let units = bmpOnly ? text.count + 1 : utf16ToScalar.count
        func convert(_ r: NSRange) -> Range<Int>? {
            guard r.location != NSNotFound, r.location + r.length < units else { return nil }
            if bmpOnly { return r.location..<(r.location + r.length) }
            return utf16ToScalar[r.location]..<utf16ToScalar[r.location + r.length]
        }
        var out: [(Range<Int>, Range<Int>?)] = []
        for m in regex.matches(in: string, range: NSRange(location: 0, length: ns.length)) {
            guard let whole = convert(m.range) else { continue }
            out.append((whole, name.flatMap { convert(m.range(withName: $0)) }))
        }
        return out
    }

    /// Capture group texts of each match.
    public func captures(in string: String) -> [[String?]] {
        let ns = string as NSString
        return regex.matches(in: string, range: NSRange(location: 0, length: ns.length)).map { m in
            (0..<m.numberOfRanges).map { i in
                let r = m.range(at: i)
                return r.location == NSNotFound ? nil : ns.substring(with: r)
            }
        }
    }

    public func firstMatch(in string: String) -> Bool {
        regex.firstMatch(in: string, range: NSRange(location: 0, length: (string as NSString).length)) != nil
    }
}
