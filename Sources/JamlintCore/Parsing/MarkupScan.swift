/// Small searches in raw markup bytes that locate tags around the parser's input position.
enum MarkupScan {
    /// The last `byte` in `floor..<before`.
    static func lastIndex(of byte: UInt8, in raw: [UInt8], before: Int, floor: Int) -> Int? {
        var p = min(before, raw.count) - 1
        while p >= max(floor, 0) {
            if raw[p] == byte { return p }
            p -= 1
        }
        return nil
    }

    /// The first occurrence of `needle` starting in `from..<before`.
    static func find(_ needle: StaticString, in raw: [UInt8], from: Int, before: Int) -> Int? {
        var p = max(from, 0)
        let end = min(before, raw.count)
        while p < end {
            if raw[p] == needle.utf8Start.pointee && SourceAligner.hasPrefix(raw, needle, at: p) { return p }
            p += 1
        }
        return nil
    }

    /// Just after the `>` or `/>` that closes a start tag, given the parser's position on it.
    static func tagEnd(_ raw: [UInt8], from position: Int) -> Int {
        var p = position
        while p < raw.count && SourceAligner.isMarkupSpace(raw[p]) { p += 1 }
        if p + 1 < raw.count && raw[p] == UInt8(ascii: "/") && raw[p + 1] == UInt8(ascii: ">") { return p + 2 }
        if p < raw.count && raw[p] == UInt8(ascii: ">") { return p + 1 }
        return position
    }

    /// The first `<name` (or `</name` when `closing`) in `from...through`, matched without regard
    /// to ASCII case and followed by white space, `>`, `/` or the end of the input.
    static func findTag(_ name: String, closing: Bool, in raw: [UInt8], from: Int, through: Int) -> Int? {
        let n = raw.count
        var p = max(from, 0)
        let last = min(through, n - 1)
        let prefix = closing ? 2 : 1
        let length = name.utf8.count
        while p <= last {
            if raw[p] == UInt8(ascii: "<") && (!closing || (p + 1 < n && raw[p + 1] == UInt8(ascii: "/"))) {
                let nameStart = p + prefix
                if nameStart + length <= n && matchesIgnoringCase(raw, nameStart, name) {
                    let after = nameStart + length
                    if after == n || SourceAligner.isMarkupSpace(raw[after]) || raw[after] == UInt8(ascii: ">")
                        || raw[after] == UInt8(ascii: "/")
                    {
                        return p
                    }
                }
            }
            p += 1
        }
        return nil
    }

    private static func matchesIgnoringCase(_ raw: [UInt8], _ start: Int, _ name: String) -> Bool {
        var i = start
        for c in name.utf8 {
            var b = raw[i]
            if b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") { b += 32 }
            if b != c { return false }
            i += 1
        }
        return true
    }
}
