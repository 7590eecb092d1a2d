import Foundation
import Testing
@testable import JamlintCore

/// `LintSession.exitsAfterRun` (set by the command line only) leaves the loaded rules to the
/// process's end; a session without it frees them as before. Either way the run is the same.
@Suite(.serialized) struct SessionExitTests {
    func session(_ dir: TempDirectory, exits: Bool) -> (LintSession, () -> String) {
        var o = LintOptions()
        o.paths = [dir.path + "/memo.md"]
        o.rulesDirectory = RuleExamplesTests.rulesDirectory
        o.color = .never
        o.outputPath = dir.path + (exits ? "/report-exits.txt" : "/report.txt")
        o.jobs = 1
        var s = LintSession(options: o)
        s.exitsAfterRun = exits
        let errors = ErrorSink()
        s.writeError = { errors.append($0) }
        return (s, { errors.text })
    }

    final class ErrorSink: @unchecked Sendable {
        private let lock = NSLock()
        private var parts: [String] = []
        func append(_ s: String) { lock.lock(); parts.append(s); lock.unlock() }
        var text: String { lock.lock(); defer { lock.unlock() }; return parts.joined() }
    }

    @Test func onlyASessionThatEndsTheProcessKeepsItsRules() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        try dir.write("memo.md", Memo.missingGenderSection)
        let before = LintSession.keptCount
        let (freeing, _) = session(dir, exits: false)
        let a = freeing.run()
        #expect(LintSession.keptCount == before)
        let (exiting, _) = session(dir, exits: true)
        let b = exiting.run()
        #expect(LintSession.keptCount == before + 1)
        #expect(a == b)
        #expect(dir.read("report.txt") == dir.read("report-exits.txt"))
        #expect(dir.read("report.txt")?.contains("JAM001") == true)
        // JAM001 (a missing gender section) is an error, which fails the run by default.
        #expect(a == ExitPolicy.findings)
    }
}
