import Foundation
import Testing
@testable import JamlintCore

#if canImport(Glibc)
import Glibc
#endif

/// jamlint only reads what it lints: every file and folder of a linted tree keeps its bytes, mode and
/// modification time, and no entry appears or disappears, whatever report, baseline or output is asked for.
@Suite struct NoWritesTests {
    struct Entry: Equatable, CustomStringConvertible {
        var kind: mode_t
        var mode: mode_t
        var size: Int
        var modified: Int
        var modifiedNanoseconds: Int
        var contents: [UInt8]?
        var description: String { "kind \(kind) mode \(mode) size \(size) mtime \(modified).\(modifiedNanoseconds)" }
    }

    /// Every entry below `root` (links not followed), by path relative to `root`.
    static func snapshot(_ root: String) -> [String: Entry] {
        var entries: [String: Entry] = [:]
        func visit(_ relative: String) {
            let path = relative.isEmpty ? root : root + "/" + relative
            guard let st = FileStatus(linkAt: path) else { return }
            let kind = mode_t(st.type)
            var contents: [UInt8]?
            if kind == S_IFREG { contents = FileManager.default.contents(atPath: path).map { [UInt8]($0) } }
            if kind == S_IFLNK { contents = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)).map { Array($0.utf8) } }
            entries[relative] = Entry(kind: kind, mode: mode_t(st.permissions), size: st.size,
                                      modified: st.modified.seconds, modifiedNanoseconds: st.modified.nanoseconds,
                                      contents: contents)
            if kind == S_IFDIR, let names = try? FileManager.default.contentsOfDirectory(atPath: path) {
                for name in names.sorted() { visit(relative.isEmpty ? name : relative + "/" + name) }
            }
        }
        visit("")
        return entries
    }

    static func expectUnchanged(_ before: [String: Entry], _ after: [String: Entry], _ label: String) {
        #expect(Set(after.keys) == Set(before.keys), "\(label): entries added or removed")
        for (path, entry) in before {
            #expect(after[path] == entry, "\(label): \(path) changed: \(entry) → \(after[path].map(\.description) ?? "gone")")
        }
    }

    @Test func lintingNeverWritesToTheLintedTree() throws {
        let tree = try TempDirectory()
        let elsewhere = try TempDirectory()
        defer { tree.remove(); elsewhere.remove() }
        try tree.write("memo.md", Memo.twoCounts)
        try tree.write("ren.md", Memo.clean)
        try tree.write("nämnd/beslut.xhtml", "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body><h1>Taxa</h1>"
            + "<p>Verksamheten har 320 brukare.</p></body></html>")
        try tree.write("nämnd/äldre.html", "<html><body><h1>Taxa</h1><p>Det finns 45 elever.</p></body></html>")
        try tree.write("text.txt", Memo.cleanText)
        try tree.write("trasig.md", [0x23, 0x20, 0xFF, 0x0A])
        try tree.write(".jamlint.yml", "rules:\n  JAM012: off\n")
        try tree.write("undermapp/.jamlint.yml", "ignore:\n  - \"*.utkast.md\"\n")
        try tree.write("undermapp/a.utkast.md", Memo.oneCount)
        try tree.write("undermapp/b.md", Memo.oneCount)
        try FileManager.default.createSymbolicLink(atPath: tree.path + "/undermapp/upp", withDestinationPath: "..")
        // Modes are part of the snapshot too: jamlint must not chmod anything on the way.
        chmod(tree.path + "/ren.md", 0o444)
        chmod(tree.path + "/nämnd", 0o555)
        defer { chmod(tree.path + "/nämnd", 0o755) }
        // Times in the past, so that a rewrite within the same second would still show. Through
        // Foundation: a `timespec` made here did not compile in a release build of the tests, where
        // its initializer resolved to CoreFoundation's copy of the C struct.
        let past = Date(timeIntervalSince1970: 1_000_000_000.123_456)
        for path in ["memo.md", "ren.md", "text.txt", "undermapp/b.md", ".jamlint.yml"] {
            #expect((try? FileManager.default.setAttributes([.modificationDate: past],
                                                           ofItemAtPath: tree.path + "/" + path)) != nil, "\(path)")
        }
        let before = Self.snapshot(tree.path)
        #expect(before.count == 14)

        let out = elsewhere.path
        let runs: [[String]] = [
            ["lint", "."],
            ["lint", ".", "--format", "sarif", "--output", out + "/report.sarif"],
            ["lint", ".", "--format", "json", "--output", out + "/report.json", "-j", "2"],
            ["lint", ".", "--write-baseline", out + "/baseline.json"],
            ["lint", ".", "--baseline", out + "/baseline.json", "--format", "junit", "--output", out + "/junit.xml"],
            ["lint", "memo.md", "nämnd/beslut.xhtml", "--format", "checkstyle"],
            ["lint", "--stdin", "--stdin-filename", "memo.md"],
            ["inspect", "memo.md"],
        ]
        for arguments in runs {
            let run = try JamlintBinary.run(arguments, in: tree.path, stdin: Array(Memo.oneCount.utf8))
            #expect([0, 1, 2].contains(run.status), "\(arguments): \(run.stderr)")
            Self.expectUnchanged(before, Self.snapshot(tree.path), arguments.joined(separator: " "))
        }
        for name in ["report.sarif", "report.json", "baseline.json", "junit.xml"] {
            #expect(FileManager.default.fileExists(atPath: out + "/" + name), "\(name) was not written")
        }
        // Pointing an output at a linted memo is refused, and the memo is left as it was.
        for option in ["--output", "--write-baseline"] {
            let run = try JamlintBinary.run(["lint", ".", option, "memo.md"], in: tree.path)
            #expect(run.status == 2)
            #expect(run.stderr.contains("refusing to write memo.md"))
            #expect(run.stdout.isEmpty, "\(option): nothing is reported before the refusal")
            Self.expectUnchanged(before, Self.snapshot(tree.path), option + " memo.md")
        }
    }

    @Test func theLibraryOnlyReadsToo() throws {
        let tree = try TempDirectory()
        defer { tree.remove() }
        try tree.write("a.md", Memo.twoCounts)
        try tree.write("b/c.xhtml", "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body><p>Text</p></body></html>")
        let before = Self.snapshot(tree.path)
        let linter = try Linter()
        var count = 0
        LintRunner(linter: linter, jobs: 2).run(FileWalker().collect([tree.path])) { _ in count += 1 }
        #expect(count == 2)
        Self.expectUnchanged(before, Self.snapshot(tree.path), "LintRunner")
    }
}
