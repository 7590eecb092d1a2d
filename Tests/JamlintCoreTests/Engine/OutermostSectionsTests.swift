import Testing
@testable import JamlintCore

/// `AnalyzedDocument.outermost` in one pass gives what testing every pair of sections gives.
@Suite struct OutermostSectionsTests {
    /// The definition: a section is dropped when another section's body holds its heading.
    static func pairwise(_ sections: [Section]) -> [Int?] {
        sections.filter { s in
            !sections.contains { other in other.heading != s.heading && other.body.contains(s.heading ?? -1) }
        }.map(\.heading)
    }

    /// Sections as a memo's headings make them: a body from after its heading to the next heading
    /// of the same or a higher level.
    static func sections(levels: [Int?]) -> [Section] {
        var out: [Section] = []
        let firstHeading = levels.firstIndex { $0 != nil } ?? levels.count
        if firstHeading > 0 {
            out.append(Section(heading: nil, level: 0, title: "", categories: [], body: 0..<firstHeading))
        }
        for (i, level) in levels.enumerated() {
            guard let level else { continue }
            let end = levels[(i + 1)...].firstIndex { ($0 ?? 99) <= level } ?? levels.count
            out.append(Section(heading: i, level: level, title: "", categories: [], body: (i + 1)..<end))
        }
        return out
    }

    @Test func onePassAgreesWithEveryPair() {
        var random = SeededGenerator(seed: 433)
        for round in 0..<400 {
            // Blocks that are headings of level 1-4 or text, then a random choice of the sections
            // (in their order or shuffled), some of them twice.
            let levels: [Int?] = (0..<Int.random(in: 1...60, using: &random)).map { _ in
                Int.random(in: 0..<3, using: &random) == 0 ? nil : Int.random(in: 1...4, using: &random)
            }
            let all = Self.sections(levels: levels)
            var chosen = all.filter { _ in Bool.random(using: &random) }
            if round % 3 == 0, let extra = chosen.randomElement(using: &random) { chosen.append(extra) }
            if round % 2 == 0 { chosen.shuffle(using: &random) }
            #expect(AnalyzedDocument.outermost(chosen).map(\.heading) == Self.pairwise(chosen), "\(levels)")
        }
    }
}
