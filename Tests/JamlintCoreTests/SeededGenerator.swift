/// A reproducible random source for generated test inputs (SplitMix64): the same seed gives the
/// same inputs on every run, so a failure can be replayed.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension SeededGenerator {
    /// Zero to `maxPieces` of `pieces`, drawn at random and joined: the generated inputs of the
    /// fast-path comparisons.
    mutating func text(from pieces: [String], maxPieces: Int) -> String {
        var text = ""
        for _ in 0..<Int.random(in: 0...maxPieces, using: &self) { text += pieces.randomElement(using: &self) ?? "" }
        return text
    }
}

extension SeededGenerator {
    /// A number in `0..<n` (n > 0); the small modulo bias does not matter for test inputs.
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }

    /// One of `items` (not empty).
    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}
