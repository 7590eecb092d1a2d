import Testing
@testable import JamlintCore

/// The parsers keep source offsets in 32 bits (`SpanOffset`); texts made through the public
/// initialisers with offsets that do not fit must still give back exactly the `Int`s they were given.
@Suite struct SourceSpanStoreTests {
    private static let large = [0, 1, Int(UInt32.max), Int(UInt32.max) + 1, 1 << 40, -1, Int.min, Int.max]

    @Test func publicInitialiserKeepsOffsetsOutsideThirtyTwoBits() {
        let scalars = [Unicode.Scalar](repeating: "a", count: Self.large.count)
        let ends = Self.large.map { $0 == Int.max ? $0 : $0 + 1 }
        let text = BlockText(scalars: scalars, starts: Self.large, ends: ends)
        #expect(Array(text.starts) == Self.large)
        #expect(Array(text.ends) == ends)
        for i in 0..<text.count {
            #expect(text.start(i) == Self.large[i])
            #expect(text.end(i) == ends[i])
        }
        let slice = text.slice(2..<5)
        #expect(Array(slice.starts) == Array(Self.large[2..<5]))
        #expect(slice.sourceRange(0..<3) == Self.large[2]..<ends[4])
    }

    @Test func builderKeepsOffsetsOutsideThirtyTwoBits() {
        var builder = TextBuilder()
        builder.append("x", start: 1 << 33, end: (1 << 33) + 2)
        builder.append("\u{AD}", start: 5, end: 6)
        builder.append("y", start: 7, end: 8)
        let text = builder.build()
        #expect(text.scalars == ["x", "y"])
        #expect(Array(text.starts) == [1 << 33, 7])
        #expect(Array(text.ends) == [(1 << 33) + 2, 8])
    }

    @Test func narrowStoresKeepTheLargestOffsets() {
        var buffer = ScalarMapBuffer(capacity: 16)
        let top = SourceSpanStore.maxOffset
        buffer.append("a", top - 1, top)
        buffer.append("b", SourceSpanStore.maxSourceSize, SourceSpanStore.maxSourceSize + 1)
        let text = buffer.text(0..<2)
        #expect(Array(text.starts) == [top - 1, SourceSpanStore.maxSourceSize])
        #expect(Array(text.ends) == [top, SourceSpanStore.maxSourceSize + 1])
        let literal: SourceOffsets = [3, -4, 1 << 35]
        #expect(Array(literal) == [3, -4, 1 << 35])
    }

    /// A narrow store's columns, once it is freed, serve the thread's next store (whole, with the
    /// room they have), which writes and reads its own entries; very large ones are not kept.
    @Test func freedColumnsServeTheThreadsNextStore() {
        var first: SourceSpanStore? = SourceSpanStore(capacity: 1000)
        let columns = first!.starts
        let capacity = first!.capacity
        #expect(capacity >= 1000)
        for k in 0..<1000 { first!.append(start: 2 * k, end: 2 * k + 1) }
        first = nil
        let second = SourceSpanStore(capacity: 10)
        #expect(second.starts == columns)
        #expect(second.capacity == capacity && second.room == capacity)
        second.append(start: 7, end: 9)
        #expect(second.start(0) == 7 && second.end(0) == 9)
        #expect(second.ends == second.starts + capacity)

        var huge: SourceSpanStore? = SourceSpanStore(capacity: SpanBufferPool.keptCapacity + 1)
        let hugeColumns = huge!.starts
        huge = nil
        let after = SourceSpanStore(capacity: 10)
        #expect(after.starts != hugeColumns)

        // Texts made by a parser after other documents were freed keep their exact offsets.
        for _ in 0..<3 {
            var buffer = ScalarMapBuffer(capacity: 16)
            for k in 0..<100 { buffer.append("a", 3 * k, 3 * k + 2) }
            let text = buffer.text(0..<100)
            #expect(Array(text.starts) == (0..<100).map { 3 * $0 })
            #expect(Array(text.ends) == (0..<100).map { 3 * $0 + 2 })
        }
    }

    @Test func sizeLimitLeavesHeadroomAndSaysWhy() throws {
        // A source this large cannot be made in a test; the limit and its message are checked instead.
        #expect(SourceSpanStore.maxSourceSize < SourceSpanStore.maxOffset - 65536)
        try SourceSpanStore.checkSize(SourceFile(path: "x.md", text: "Hej"))
        let error = SourceSpanStore.tooLarge(path: "x.md", size: SourceSpanStore.maxSourceSize + 1)
        #expect(error.description == "x.md:1:1: error: input is 2147483648 bytes, larger than the 2147483647 bytes jamlint can read")
    }
}
