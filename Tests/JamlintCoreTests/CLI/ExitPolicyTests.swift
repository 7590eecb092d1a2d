import Testing
@testable import JamlintCore

@Suite struct ExitPolicyTests {
    func summary(errors: Int = 0, warnings: Int = 0, notes: Int = 0, unreadable: Int = 0) -> Summary {
        var s = Summary()
        s.errors = errors
        s.warnings = warnings
        s.notes = notes
        s.unreadable = unreadable
        return s
    }

    @Test func thresholds() {
        let byDefault = ExitPolicy()
        #expect(byDefault.exitCode(for: summary()) == 0)
        #expect(byDefault.exitCode(for: summary(warnings: 3, notes: 2)) == 0)
        #expect(byDefault.exitCode(for: summary(errors: 1)) == 1)
        #expect(ExitPolicy(failOn: .warning).exitCode(for: summary(warnings: 1)) == 1)
        #expect(ExitPolicy(failOn: .warning).exitCode(for: summary(notes: 1)) == 0)
        #expect(ExitPolicy(failOn: .note).exitCode(for: summary(notes: 1)) == 1)
    }

    @Test func maxWarnings() {
        #expect(ExitPolicy(maxWarnings: 2).exitCode(for: summary(warnings: 2)) == 0)
        #expect(ExitPolicy(maxWarnings: 2).exitCode(for: summary(warnings: 3)) == 1)
        #expect(ExitPolicy(maxWarnings: 0).exitCode(for: summary(warnings: 1)) == 1)
    }

    @Test func unreadableInputWinsOverFindings() {
        #expect(ExitPolicy().exitCode(for: summary(errors: 4, unreadable: 1)) == 2)
    }
}
