import Foundation
import Testing
@testable import JamlintCore

/// `RuleSet.load(concurrently: true)` spreads the loading over three threads; what it loads, and
/// the error it throws when several files are broken, must be those of the one-thread load.
@Suite struct ConcurrentLoadingTests {
    static let shipped = RuleExamplesTests.rulesDirectory
    static let examples = URL(fileURLWithPath: shipped).deletingLastPathComponent().appendingPathComponent("Examples").path

    /// A copy of the shipped rules folder, changed by `edit`, removed after `body`.
    func withRulesCopy(_ edit: (String) throws -> Void, _ body: (String) throws -> Void) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("jamlint-load-\(UUID().uuidString)").path
        try FileManager.default.copyItem(atPath: Self.shipped, toPath: dir)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try edit(dir)
        try body(dir)
    }

    func append(_ text: String, to path: String) throws {
        let old = try String(contentsOfFile: path, encoding: .utf8)
        try (old + text).write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// The description of the error `load` throws, or nil when it loads.
    func loadError(_ dir: String, concurrently: Bool) -> String? {
        do {
            _ = try RuleSet.load(directory: dir, concurrently: concurrently)
            return nil
        } catch {
            return "\(type(of: error)): \(error)"
        }
    }

    @Test func theShippedRulesLoadTheSameOnSeveralThreads() throws {
        let one = try RuleSet.load(directory: Self.shipped)
        let three = try RuleSet.load(directory: Self.shipped, concurrently: true)
        #expect(one.rules.map(\.id) == three.rules.map(\.id))
        #expect(one.rules.map(\.severity) == three.rules.map(\.severity))
        #expect(one.rules.map(\.enabled) == three.rules.map(\.enabled))
        #expect(one.rules.map(\.skipRules) == three.rules.map(\.skipRules))
        #expect(one.names == three.names)
        #expect(one.lexicon.categories == three.lexicon.categories)
    }

    @Test func aLinterThatLoadsConcurrentlyFindsTheSame() throws {
        let one = try Linter(rulesDirectory: Self.shipped, useConfiguration: false)
        let three = try Linter(rulesDirectory: Self.shipped, useConfiguration: false, concurrentLoading: true)
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.examples)
            .filter { $0.hasSuffix(".md") || $0.hasSuffix(".xhtml") }.sorted()
        #expect(names.count >= 10)
        var findings = 0
        for name in names {
            let a = one.lintFile(path: Self.examples + "/" + name)
            let b = three.lintFile(path: Self.examples + "/" + name)
            #expect(a.error == nil && b.error == nil)
            #expect(a.findings == b.findings, "\(name)")
            findings += a.findings.count
        }
        #expect(findings > 10)
    }

    /// Broken files on both threads' sides: the lexicon's error wins, as on one thread.
    @Test func aBrokenLexiconIsReportedBeforeABrokenRuleFile() throws {
        try withRulesCopy({ dir in
            try append("\n  broken: [\n", to: dir + "/lexicon/sex.yml")
            try append("\nseverity: [\n", to: dir + "/JAM004.yml")
        }) { dir in
            let one = try #require(loadError(dir, concurrently: false))
            #expect(loadError(dir, concurrently: true) == one)
            #expect(one.contains("sex.yml"))
        }
    }

    @Test func aBrokenSectionsFileIsReportedBeforeABrokenRuleFile() throws {
        try withRulesCopy({ dir in
            try append("\n  - [\n", to: dir + "/sections.yml")
            try append("\nseverity: [\n", to: dir + "/JAM004.yml")
        }) { dir in
            let one = try #require(loadError(dir, concurrently: false))
            #expect(loadError(dir, concurrently: true) == one)
            // Named with its place (Yams's own error named neither the file nor the line).
            #expect(one.contains("sections.yml:") && one.contains("invalid YAML"), "\(one)")
        }
    }

    @Test func aMissingProceduralListAndABrokenRuleFile() throws {
        try withRulesCopy({ dir in
            try FileManager.default.removeItem(atPath: dir + "/procedural.yml")
            try append("\nseverity: [\n", to: dir + "/JAM004.yml")
        }) { dir in
            let one = try #require(loadError(dir, concurrently: false))
            #expect(loadError(dir, concurrently: true) == one)
            #expect(one.contains("procedural"))
        }
    }

    @Test func aBrokenRuleFileAlone() throws {
        try withRulesCopy({ dir in
            try append("\nseverity: [\n", to: dir + "/JAM004.yml")
        }) { dir in
            let one = try #require(loadError(dir, concurrently: false))
            #expect(loadError(dir, concurrently: true) == one)
            #expect(one.contains("JAM004.yml"))
        }
    }

    @Test func concurrentWorkReturnsItsValueOrRethrows() throws {
        let value = Concurrent { (1...1000).reduce(0, +) }
        #expect(try value.value() == 500_500)
        #expect(try value.value() == 500_500)
        struct Failure: Error, Equatable {}
        let failing = Concurrent { () throws -> Int in throw Failure() }
        #expect(throws: Failure.self) { try failing.value() }
        #expect(throws: Failure.self) { try failing.value() }
    }
}
