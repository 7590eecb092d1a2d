import Foundation
import Testing

/// The report must not depend on how many jobs lint the folder: results are delivered in input
/// order whatever thread finished first. Checked on a generated agenda folder of 300 memos.
@Suite struct ParallelOutputTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    @Test func jsonOutputIsTheSameWithOneAndFourJobs() throws {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("jamlint-jobs-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))")
        defer { try? FileManager.default.removeItem(at: dir) }
        let corpus = dir.appendingPathComponent("agenda").path
        let generator = Self.root.appendingPathComponent("Benchmarks/generate_corpus.py").path
        let gen = try JamlintBinary.runProcess("/usr/bin/env", ["python3", generator, corpus, "300", "4711", "--small", "--quiet"])
        try #require(gen.status == 0, "corpus generation failed: \(gen.stderr)")

        let one = try JamlintBinary.run(["lint", corpus, "--format", "json", "--jobs", "1"], in: dir.path)
        let four = try JamlintBinary.run(["lint", corpus, "--format", "json", "--jobs", "4"], in: dir.path)
        #expect(one.status == 1, "the corpus has findings: \(one.stderr)")
        #expect(four.status == one.status)
        #expect(one.stderr == four.stderr)
        #expect(one.stdout.count > 1000)
        #expect(one.stdout == four.stdout)
    }
}
