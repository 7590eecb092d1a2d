extension Array {
    /// `Array(repeating: value, count: count)`, made through the specialised copy of a collection:
    /// the standard library's `init(repeating:count:)`, `init(unsafeUninitializedCapacity:)` and a
    /// `reserveCapacity` on an empty array allocate through unspecialised code that looks up the
    /// storage's metadata, ~400 instructions a call more (callgrind, on arrays made per block and
    /// per memo: ~12 a memo).
    @inline(__always)
    static func filled(with value: Element, count: Int) -> [Element] {
        Array(repeatElement(value, count: count))
    }
}
