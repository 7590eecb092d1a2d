import Foundation
import Testing
@testable import JamlintCore

@Suite struct ConfigurationResolverTests {
    @Test func nearestConfigurationWins() throws {
        let tree = try TemporaryTree()
        defer { tree.remove() }
        try tree.write(".jamlint.yml", "language: en\n")
        try tree.write("nämnd/.jamlint.yml", "language: sv\n")
        try tree.write("nämnd/2024/memo.md", "# Memo\n")
        let resolver = try ConfigurationResolver(explicitPath: nil)

        let nested = try #require(try resolver.configuration(forFile: tree.path("nämnd/2024/memo.md")))
        #expect(nested.sourcePath == tree.path("nämnd/.jamlint.yml"))
        #expect(nested.directory == tree.path("nämnd"))
        #expect(nested.language == .sv)

        let top = try #require(try resolver.configuration(forFile: tree.path("annan/memo.md")))
        #expect(top.sourcePath == tree.path(".jamlint.yml"))
        #expect(top.language == .en)

        // A file in the configuration's own folder, and a path with `..` in it.
        #expect(try resolver.configuration(forFile: tree.path("nämnd/memo.md"))?.language == .sv)
        #expect(try resolver.configuration(forFile: tree.path("nämnd/2024/../../memo.md"))?.language == .en)
    }

    @Test func yamlExtensionIsFoundToo() throws {
        let tree = try TemporaryTree()
        defer { tree.remove() }
        try tree.write("a/.jamlint.yaml", "language: en\n")
        let resolver = try ConfigurationResolver(explicitPath: nil)
        #expect(try resolver.configuration(forFile: tree.path("a/b/memo.md"))?.sourcePath == tree.path("a/.jamlint.yaml"))
    }

    @Test func explicitPathOverridesTheSearch() throws {
        let tree = try TemporaryTree()
        defer { tree.remove() }
        try tree.write("nämnd/.jamlint.yml", "language: sv\n")
        try tree.write("gemensam.yml", "language: en\nignore: [\"*.draft.md\"]\n")
        let resolver = try ConfigurationResolver(explicitPath: tree.path("gemensam.yml"))
        let config = try #require(try resolver.configuration(forFile: tree.path("nämnd/memo.md")))
        #expect(config.sourcePath == tree.path("gemensam.yml"))
        #expect(config.language == .en)
        #expect(try resolver.configuration(forFile: "/någon/annan/plats/memo.md")?.language == .en)
    }

    @Test func brokenExplicitConfigurationThrowsAtOnce() throws {
        let tree = try TemporaryTree()
        defer { tree.remove() }
        try tree.write("fel.yml", "language: sv\nregler: {}\n")
        #expect(throws: ConfigError.self) { try ConfigurationResolver(explicitPath: tree.path("fel.yml")) }
        #expect(throws: ConfigError.self) { try ConfigurationResolver(explicitPath: tree.path("saknas.yml")) }
    }

    @Test func lookupsAreCachedPerFolder() throws {
        let tree = try TemporaryTree()
        defer { tree.remove() }
        try tree.write(".jamlint.yml", "language: en\n")
        let resolver = try ConfigurationResolver(explicitPath: nil)
        #expect(try resolver.configuration(forFile: tree.path("a/b/first.md"))?.language == .en)
        // Changes on disk after the first lookup are not seen: the answer for a/b, a and the root is cached.
        try FileManager.default.removeItem(atPath: tree.path(".jamlint.yml"))
        try tree.write("a/.jamlint.yml", "language: sv\n")
        #expect(try resolver.configuration(forFile: tree.path("a/b/second.md"))?.language == .en)
        #expect(try resolver.configuration(forFile: tree.path("a/third.md"))?.language == .en)
        // A fresh resolver sees the new state.
        let fresh = try ConfigurationResolver(explicitPath: nil)
        #expect(try fresh.configuration(forFile: tree.path("a/b/second.md"))?.language == .sv)
    }

    @Test func brokenConfigurationIsReportedForEveryFileUnderIt() throws {
        let tree = try TemporaryTree()
        defer { tree.remove() }
        try tree.write(".jamlint.yml", "rules:\n  JAM006: critical\n")
        let resolver = try ConfigurationResolver(explicitPath: nil)
        for file in ["a.md", "sub/b.md"] {
            do throws(ConfigError) {
                _ = try resolver.configuration(forFile: tree.path(file))
                Issue.record("expected an error for \(file)")
            } catch {
                #expect(error.path == tree.path(".jamlint.yml"))
                #expect((error.line, error.column) == (2, 11))
            }
        }
    }

    /// A pinned resolver answers by the folder prefix of the path as written; every spelling of a
    /// path (relative, with `.`, `..`, doubled or trailing slashes, a combining mark after a slash)
    /// must get the answer an unpinned resolver gives.
    @Test func pinnedResolverAgreesWithUnpinned() throws {
        let tree = try TemporaryTree()
        defer { tree.remove() }
        try tree.write(".jamlint.yml", "language: en\n")
        try tree.write("x/.jamlint.yml", "language: sv\n")
        try tree.write("x/\u{301}y/.jamlint.yml", "language: en\n")
        // The tree as a path relative to the current folder: up to the root, then down.
        let cwd = ConfigurationResolver.currentDirectory()
        let up = String(repeating: "../", count: cwd.split(separator: "/").count)
        let relative = up + tree.root.drop(while: { $0 == "/" })
        let spellings = [
            "x/m.md", "x/./m.md", "x//m.md", "x/d/../m.md", "x/d/..", "x/d/.", "x/d/", "x/..", "x",
            "y/m.md", "y/../x/m.md", "x/\u{301}y/m.md", "x/\u{301}y", "x/\u{301}y/", "m.md", ".", "",
            "x/å/m.md", "x/å/..", "x/d/m.md",
        ]
        let pinned = try ConfigurationResolver(explicitPath: nil)
        pinned.pinCurrentDirectory()
        let unpinned = try ConfigurationResolver(explicitPath: nil)
        for base in [relative + "/", tree.root + "/"] {
            // Twice: the second round answers from the prefix memo.
            for _ in 0..<2 {
                for spelling in spellings {
                    let path = base + spelling
                    let expected = try unpinned.configuration(forFile: path)?.sourcePath
                    #expect(try pinned.configuration(forFile: path)?.sourcePath == expected, "\(path)")
                }
            }
        }
        #expect(try pinned.configuration(forFile: relative + "/x/\u{301}y/m.md")?.sourcePath
                == tree.path("x/\u{301}y/.jamlint.yml"))
        #expect(try pinned.configuration(forFile: relative + "/x/d/m.md")?.sourcePath == tree.path("x/.jamlint.yml"))
        #expect(ConfigurationResolver.folderPrefix("a/b/c.md") == "a/b/")
        #expect(ConfigurationResolver.folderPrefix("c.md") == "")
        #expect(ConfigurationResolver.folderPrefix("/c.md") == "/")
        #expect(ConfigurationResolver.folderPrefix("a/..") == nil)
        #expect(ConfigurationResolver.folderPrefix("a/") == nil)
        #expect(ConfigurationResolver.folderPrefix("a/\u{301}b.md") == nil)
        #expect(ConfigurationResolver.folderPrefix("a/.") == nil)
        #expect(ConfigurationResolver.folderPrefix(".") == nil)
        #expect(ConfigurationResolver.folderPrefix("..") == nil)
        #expect(ConfigurationResolver.folderPrefix("a/.x") == "a/")
        #expect(ConfigurationResolver.folderPrefix("a/..x") == "a/")
        #expect(ConfigurationResolver.folderPrefix("./x.md") == "./")
        #expect(ConfigurationResolver.folderPrefix("möte/x.md") == "möte/")
        #expect(ConfigurationResolver.folderPrefix("a/å.md") == nil)
    }

    /// The memo of the folder asked last compares bytes in place of `folderPrefix`: the same answer
    /// for every path against every prefix `folderPrefix` gives.
    @Test func lastFolderTestAgreesWithFolderPrefix() {
        let paths = [
            "a/b/c.md", "a/b/d.md", "a/b/", "a/b/.", "a/b/..", "a/b/...", "a/b/.x", "a/b/c/d.md", "a/bc.md",
            "a/b/å.md", "a/b/\u{301}c.md", "c.md", "d.md", ".", "..", "...", "", "/c.md", "/", "/a/b/c.md",
            "./x.md", "./", "möte/x.md", "möte/å.md", "möte/", "mötet/x.md", "a/b/c.md/e.md",
        ]
        let prefixes = Set(paths.compactMap { ConfigurationResolver.folderPrefix($0).map(String.init) })
        #expect(prefixes.count >= 6)
        for prefix in prefixes {
            for path in paths {
                #expect(ConfigurationResolver.hasFolderPrefix(path, prefix)
                        == (ConfigurationResolver.folderPrefix(path).map(String.init) == prefix), "\(path) in \(prefix)")
            }
        }
    }

    @Test func concurrentLookupsAgree() throws {
        let tree = try TemporaryTree()
        defer { tree.remove() }
        try tree.write(".jamlint.yml", "language: en\n")
        try tree.write("x/.jamlint.yml", "language: sv\n")
        let resolver = try ConfigurationResolver(explicitPath: nil)
        let paths = (0..<200).map { i in tree.path(i % 2 == 0 ? "x/d\(i % 7)/m\(i).md" : "y/d\(i % 5)/m\(i).md") }
        let results = Results(count: paths.count)
        DispatchQueue.concurrentPerform(iterations: paths.count) { i in
            results.set(i, (try? resolver.configuration(forFile: paths[i]))??.language)
        }
        for i in paths.indices {
            #expect(results.get(i) == (i % 2 == 0 ? .sv : .en))
        }
    }
}

private final class Results: @unchecked Sendable {
    private var values: [MessageLanguage?]
    private let lock = NSLock()
    init(count: Int) { values = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ v: MessageLanguage?) { lock.lock(); values[i] = v; lock.unlock() }
    func get(_ i: Int) -> MessageLanguage? { lock.lock(); defer { lock.unlock() }; return values[i] }
}
