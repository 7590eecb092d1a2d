/// Attribute values read straight from a start tag's source bytes, so that their text keeps exact
/// positions. (libxml2 hands out attribute values decoded, without positions, and in XML mode it
/// keeps only the first byte of an entity that jamlint resolves from the HTML table.)
struct RawStartTag {
    let raw: [UInt8]
    /// The whole tag, from `<` to just after `>`.
    let range: Range<Int>

    /// The byte range of attribute `name`'s value, without quotes. `name` is lowercase ASCII;
    /// attribute names in the source match it case-insensitively.
    func valueRange(of name: String) -> Range<Int>? {
        let end = min(range.upperBound, raw.count)
        var p = range.lowerBound + 1
        while p < end && !isNameEnd(raw[p]) { p += 1 }
        while p < end {
            while p < end && (SourceAligner.isMarkupSpace(raw[p]) || raw[p] == UInt8(ascii: "/")) { p += 1 }
            guard p < end, raw[p] != UInt8(ascii: ">") else { return nil }
            let nameStart = p
            while p < end && !isNameEnd(raw[p]) && raw[p] != UInt8(ascii: "=") { p += 1 }
            let matches = equalsIgnoringCase(nameStart..<p, name)
            if p == nameStart { p += 1; continue }
            while p < end && SourceAligner.isMarkupSpace(raw[p]) { p += 1 }
            guard p < end, raw[p] == UInt8(ascii: "=") else {
                if matches { return p..<p }
                continue
            }
            p += 1
            while p < end && SourceAligner.isMarkupSpace(raw[p]) { p += 1 }
            guard p < end else { return nil }
            let value: Range<Int>
            let quote = raw[p]
            if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
                var q = p + 1
                while q < end && raw[q] != quote { q += 1 }
                value = (p + 1)..<q
                p = min(q + 1, end)
            } else {
                var q = p
                while q < end && !SourceAligner.isMarkupSpace(raw[q]) && raw[q] != UInt8(ascii: ">") { q += 1 }
                value = p..<q
                p = q
            }
            if matches { return value }
        }
        return nil
    }

    private func isNameEnd(_ b: UInt8) -> Bool {
        SourceAligner.isMarkupSpace(b) || b == UInt8(ascii: ">") || b == UInt8(ascii: "/")
    }

    private func equalsIgnoringCase(_ bytes: Range<Int>, _ name: String) -> Bool {
        guard bytes.count == name.utf8.count else { return false }
        var i = bytes.lowerBound
        for c in name.utf8 {
            var b = raw[i]
            if b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") { b += 32 }
            if b != c { return false }
            i += 1
        }
        return true
    }
}
