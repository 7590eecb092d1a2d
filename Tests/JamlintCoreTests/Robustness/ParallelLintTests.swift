import Foundation
import Testing
@testable import JamlintCore

/// A folder walk linted on several threads at once, with the shared state that involves: one Linter,
/// configuration files found per folder and their rule sets built once in a shared cache. `make test-tsan`
/// runs this under ThreadSanitizer; the results must equal a single-threaded run's.
@Suite struct ParallelLintTests {
    @Test func folderWithSeveralConfigurationsGivesTheSameFindingsOnEveryJobCount() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let configurations = ["", "rules:\n  JAM012: off\n", "rules:\n  JAM006: error\n", "language: en\n"]
        for (k, config) in configurations.enumerated() {
            if !config.isEmpty { try dir.write("nämnd\(k)/.jamlint.yml", config) }
            for i in 0..<12 {
                let text = i % 3 == 0 ? Memo.twoCounts : i % 3 == 1 ? Memo.oneCount : Memo.missingGenderSection
                try dir.write("nämnd\(k)/m\(i).md", text)
            }
            try dir.write("nämnd\(k)/trasig.md", [0xFF])
        }
        let inputs = FileWalker().collect([dir.path])
        #expect(inputs.count == 52)
        func run(jobs: Int) throws -> [String] {
            // A fresh linter each time, so the configuration cache is filled concurrently.
            var runner = LintRunner(linter: try Linter(), jobs: jobs)
            runner.chunkPerJob = 1
            var lines: [String] = []
            runner.run(inputs) { result in
                lines.append("\(result.path) \(result.error?.message ?? "")")
                for f in result.findings { lines.append("  \(f.ruleID) \(f.severity) \(f.start.line):\(f.start.column)") }
            }
            return lines
        }
        let single = try run(jobs: 1)
        #expect(single.contains { $0.contains("JAM006 error") })
        for jobs in [2, 4, 8] {
            #expect(try run(jobs: jobs) == single, "jobs \(jobs)")
        }
    }
}
