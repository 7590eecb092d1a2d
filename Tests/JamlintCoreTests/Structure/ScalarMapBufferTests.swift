import Testing
@testable import JamlintCore

/// `ScalarMapBuffer` writes source offsets straight into stores that the texts it makes share: a
/// text's entries must never be written again, whatever the buffer does afterwards (append,
/// truncate, empty, grow, be copied). Random operations are checked against plain arrays, and
/// every text made is checked again at the end.
@Suite struct ScalarMapBufferTests {
    private struct Model {
        var scalars: [Unicode.Scalar] = []
        var starts: [Int] = []
        var ends: [Int] = []
    }

    private static let alphabet: [Unicode.Scalar] = ["a", "ä", " ", "\u{AD}", "\n", "Z", "\u{30A}", "€"]

    @Test(arguments: 0..<60) func textsKeepTheirOffsets(seed: Int) {
        var random = SeededGenerator(seed: UInt64(seed))
        var buffer = ScalarMapBuffer(capacity: Int.random(in: 1...40, using: &random))
        var model = Model()
        var copies: [(ScalarMapBuffer, Model)] = []
        var made: [(BlockText, Model)] = []
        var offset = 0
        func entry() -> (Unicode.Scalar, Int, Int) {
            let s = Self.alphabet.randomElement(using: &random) ?? "a"
            let length = Int.random(in: 0...3, using: &random)
            offset += length
            return (s, offset - length, offset)
        }
        for _ in 0..<Int.random(in: 50...600, using: &random) {
            switch Int.random(in: 0..<100, using: &random) {
            case 0..<40:
                let (s, a, b) = entry()
                buffer.append(s, a, b)
                model.scalars.append(s); model.starts.append(a); model.ends.append(b)
            case 40..<50:
                let n = Int.random(in: 1...20, using: &random)
                buffer.reserve(n)
                for _ in 0..<Int.random(in: 0...n, using: &random) {
                    let (s, a, b) = entry()
                    buffer.appendReserved(s, a, b)
                    model.scalars.append(s); model.starts.append(a); model.ends.append(b)
                }
            case 50..<58:
                let n = Int.random(in: 1...30, using: &random)
                let space = buffer.freeSpace(n)
                let written = Int.random(in: 0...n, using: &random)
                for w in 0..<written {
                    let (s, a, b) = entry()
                    space.scalars[w] = s; space.starts[w] = a; space.ends[w] = b
                    model.scalars.append(s); model.starts.append(a); model.ends.append(b)
                }
                buffer.didWrite(written)
            case 58..<70:
                let lo = Int.random(in: 0...model.scalars.count, using: &random)
                let hi = Int.random(in: lo...model.scalars.count, using: &random)
                let expected = Model(
                    scalars: Array(model.scalars[lo..<hi]), starts: Array(model.starts[lo..<hi]),
                    ends: Array(model.ends[lo..<hi]))
                made.append((buffer.text(lo..<hi), expected))
                if Bool.random(using: &random) {
                    let kept = (0..<(hi - lo)).filter { expected.scalars[$0].value != 0xAD }
                    made.append((buffer.textWithoutSoftHyphens(lo..<hi), Model(
                        scalars: kept.map { expected.scalars[$0] }, starts: kept.map { expected.starts[$0] },
                        ends: kept.map { expected.ends[$0] })))
                }
            case 70..<78:
                let n = Int.random(in: 0...model.scalars.count, using: &random)
                buffer.truncate(to: n)
                model.scalars.removeLast(model.scalars.count - n)
                model.starts.removeLast(model.starts.count - n)
                model.ends.removeLast(model.ends.count - n)
            case 78..<88:
                buffer.removeAll()
                model = Model()
            case 88..<94:
                // A copy that goes its own way later (copy on write, shared stores).
                copies.append((buffer, model))
            default:
                if let (copy, copyModel) = copies.popLast() {
                    copies.append((buffer, model))
                    buffer = copy
                    model = copyModel
                }
            }
            #expect(buffer.count == model.scalars.count)
        }
        let all = buffer.text(0..<buffer.count)
        #expect(all.scalars == model.scalars)
        #expect(Array(all.starts) == model.starts && Array(all.ends) == model.ends)
        for (copy, copyModel) in copies {
            let t = copy.text(0..<copy.count)
            #expect(t.scalars == copyModel.scalars && Array(t.starts) == copyModel.starts)
            #expect(Array(t.ends) == copyModel.ends)
        }
        for (text, expected) in made {
            #expect(text.scalars == expected.scalars)
            #expect(Array(text.starts) == expected.starts, "seed \(seed)")
            #expect(Array(text.ends) == expected.ends, "seed \(seed)")
            for i in 0..<text.count {
                #expect(text.start(i) == expected.starts[i] && text.end(i) == expected.ends[i])
            }
        }
    }

    /// Slices share the offsets of the text they come from; `TextBuilder` and the public
    /// initialiser give the same offsets as arrays would.
    @Test func slicesAndBuiltTextsMapLikeArrays() {
        let text = BlockText(scalars: ["a", "b", "c", "d"], starts: [0, 2, 5, 6], ends: [2, 5, 6, 9])
        let slice = text.slice(1..<3)
        #expect(slice.scalars == ["b", "c"] && Array(slice.starts) == [2, 5] && Array(slice.ends) == [5, 6])
        #expect(slice.sourceRange(0..<2) == 2..<6)
        #expect(text.slice(4..<4).isEmpty && text.slice(4..<4).sourceRange(0..<0) == 0..<0)
        #expect(text.starts == [0, 2, 5, 6] && text.ends.last == 9)
        var builder = TextBuilder()
        builder.append("x", start: 1, end: 2)
        builder.append("\u{AD}", start: 2, end: 4)
        builder.append("y", start: 4, end: 5)
        let built = builder.build()
        #expect(built.scalars == ["x", "y"] && Array(built.starts) == [1, 4] && Array(built.ends) == [2, 5])
        #expect(BlockText.empty.starts.isEmpty && BlockText.empty.sourceRange(0..<0) == 0..<0)
    }
}
