import Foundation
import Testing
@testable import JamlintCore

@Suite struct FileWalkerTests {
    func paths(_ inputs: [LintInput]) -> [String] { inputs.map(\.path) }

    @Test func walksKnownExtensionsSkipsHiddenAndSortsAndFollowsNoLoops() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        try dir.write("b.md", "x")
        try dir.write("a/z.html", "x")
        try dir.write("a/y.TXT", "x")
        try dir.write("a/notes.pdf", "x")
        try dir.write("a/README", "x")
        try dir.write(".git/x.md", "x")
        try dir.write("a/.hidden.md", "x")
        try dir.write("a/möte/ärende.xhtml", "x")
        try dir.write("a/möte/~$ärende.docx", "x")
        try FileManager.default.createSymbolicLink(atPath: dir.path + "/a/loop", withDestinationPath: "..")
        try FileManager.default.createSymbolicLink(atPath: dir.path + "/a/broken", withDestinationPath: "nowhere")
        let root = dir.path
        let found = paths(FileWalker().collect([root]))
        #expect(found == ["\(root)/a/möte/ärende.xhtml", "\(root)/a/y.TXT", "\(root)/a/z.html", "\(root)/b.md"])
    }

    /// The byte-order sort gives the String order, for paths it takes (below U+0300) and the others.
    @Test func pathSortIsTheStringOrder() {
        let pieces = ["a", "B", "b", "å", "ä", "ö", "é", "e\u{301}", "A\u{30A}", "Z", "_", "-", "0", "9", "/", ".",
                      " ", "ß", "\u{7F}", "\u{80}", "ÿ", "Ā", "😀", "\u{2FF}", "\u{300}", "aa", "möte/", "nämnd-"]
        var generator = SeededGenerator(seed: 20_241_201)
        for round in 0..<200 {
            // Half the rounds without scalars from U+0300 on (the byte path), half with (the fallback).
            let pool = round % 2 == 0 ? pieces.filter { $0.unicodeScalars.allSatisfy { $0.value < 0x300 } } : pieces
            let paths = (0..<Int.random(in: 0...40, using: &generator)).map { _ in
                (0..<Int.random(in: 0...6, using: &generator)).map { _ in pool.randomElement(using: &generator)! }.joined()
            }
            #expect(FileWalker.sortedByKey(paths, { $0 }) == paths.sorted(), "\(paths)")
        }
    }

    @Test func namedFilesAreLintedWhateverTheExtensionAndOnlyOnce() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        try dir.write("memo.docx.txt", "x")
        try dir.write("README", "x")
        let found = paths(FileWalker().collect([dir.path + "/README", dir.path + "/README", dir.path + "/"]))
        #expect(found == [dir.path + "/README", dir.path + "/memo.docx.txt"])
    }

    @Test func missingPathBecomesAFailure() {
        let inputs = FileWalker().collect(["/nonexistent/jamlint/x.md"])
        #expect(inputs.count == 1)
        guard case .failure(let error) = inputs.first else { Issue.record("expected a failure"); return }
        #expect(error.path == "/nonexistent/jamlint/x.md")
        #expect(error.message.contains("No such file"))
    }

    @Test func excludePatterns() {
        let walker = FileWalker(excludes: ["utkast", "*.mall.md", "arkiv/*", "**/gammalt/*.md"])
        #expect(walker.isExcluded("agenda/utkast/a.md"))
        #expect(walker.isExcluded("./agenda/x.mall.md"))
        #expect(walker.isExcluded("arkiv/2019/a.md"))
        #expect(!walker.isExcluded("agenda/arkiv/a.md"))
        #expect(walker.isExcluded("gammalt/a.md"))
        #expect(walker.isExcluded("x/gammalt/a.md"))
        #expect(!walker.isExcluded("agenda/utkastet.md"))
    }

    @Test func excludesApplyWhileWalking() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        try dir.write("keep.md", "x")
        try dir.write("utkast/skip.md", "x")
        try dir.write("x.mall.md", "x")
        let found = paths(FileWalker(excludes: ["utkast", "*.mall.md"]).collect([dir.path]))
        #expect(found == [dir.path + "/keep.md"])
    }

    @Test func normalisesDotSlashAndTrailingSlash() {
        #expect(FileWalker.normalize("./a/b.md") == "a/b.md")
        #expect(FileWalker.normalize("a/") == "a")
        #expect(FileWalker.normalize(".") == ".")
        #expect(FileWalker.normalize("./") == ".")
        #expect(FileWalker.normalize("/") == "/")
        // The byte path (printable ASCII) and the Character path agree.
        for path in ["./a/b.md", "a/", ".", "./", "/", "./././x", "././", "a//", "//", "./a/./b/", ".//", "..", "../", "x./", "a"] {
            #expect(FileWalker.normalize(path) == FileWalker.normalizeByCharacters(path), "\(path)")
        }
        #expect(FileWalker.normalize("./möte/") == "möte")
        #expect(FileWalker.normalize("./\u{301}x") == FileWalker.normalizeByCharacters("./\u{301}x"))
    }
}
