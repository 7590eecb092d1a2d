import Foundation
import Testing
@testable import JamlintCore

@Suite struct LintRunnerTests {
    @Test func resultsComeBackInInputOrderWhateverTheJobCount() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        var inputs: [LintInput] = []
        for i in 0..<150 {
            let name = String(format: "m%03d.md", i)
            // Every seventh file is not UTF-8, so results differ and order is visible.
            if i % 7 == 0 { try dir.write(name, [0x61, 0xFF]) } else { try dir.write(name, "# Memo \(i)\n\nText.\n") }
            inputs.append(.file(dir.path + "/" + name))
        }
        inputs.append(.failure(ParseError(path: "missing.md", message: "cannot open")))
        let linter = try Linter()
        for jobs in [1, 2, 8] {
            var runner = LintRunner(linter: linter, jobs: jobs)
            runner.chunkPerJob = 3
            var seen: [String] = []
            var broken = 0
            runner.run(inputs) { result in
                seen.append(result.path)
                if result.error != nil { broken += 1 }
            }
            #expect(seen == inputs.map(\.path), "jobs \(jobs)")
            #expect(broken == 22 + 1, "jobs \(jobs)")
        }
    }

    @Test func lazyBytesAreLintedUnderTheirName() throws {
        let runner = LintRunner(linter: try Linter(), jobs: 2)
        var results: [FileResult] = []
        runner.run([
            .bytes(path: "staged/a.md", load: { .success(Array("# A\n".utf8)) }),
            .bytes(path: "staged/b.md", load: { .failure(ParseError(path: "staged/b.md", message: "gone")) }),
        ]) { results.append($0) }
        #expect(results.map(\.path) == ["staged/a.md", "staged/b.md"])
        #expect(results[0].error == nil && results[0].source != nil)
        #expect(results[1].error?.message == "gone")
    }
}
