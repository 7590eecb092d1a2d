import Foundation
import Testing
@testable import JamlintCore

/// The folder walk gives its files while they are linted (`FileWalker.Inputs`, `LintRunner.run(stream:)`):
/// the order must still be the order of the whole paths, and the runner must not read ahead of what
/// it delivers by more than its window.
@Suite struct StreamingInputTests {
    /// Names chosen to sit around "/" in byte order ("-" and "." are below it, "0" and letters above),
    /// to share prefixes, and to be non-ASCII in NFC and NFD.
    static let names = ["a", "a-b", "a.b", "a0", "ab", "A", "å", "a\u{30A}", "é", "e\u{301}", "z", "möte", "_", "b c",
                        "ärende", "x-", "x"]

    /// Every lintable file under `root` (not hidden), found by FileManager, in the order of whole paths.
    static func expected(_ root: String) -> [String] {
        var found: [String] = []
        func list(_ dir: String) {
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
            for name in entries where !name.hasPrefix(".") {
                let path = dir + "/" + name
                var isDir: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { continue }
                if isDir.boolValue { list(path) } else if DocumentFormat.forPath(name) != nil { found.append(path) }
            }
        }
        list(root)
        return found.sorted { FileWalker.keyPrecedes($0, $1) }
    }

    /// Where two path lists first differ (a readable failure message for long lists).
    static func firstDifference(_ a: [String], _ b: [String]) -> String {
        let i = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
        return "at \(i): \(i < a.count ? a[i] : "-") vs \(i < b.count ? b[i] : "-") (\(a.count) vs \(b.count) paths)"
    }

    @Test func theWalkGivesTheOrderOfWholePaths() throws {
        var generator = SeededGenerator(seed: 20_261_201)
        for round in 0..<12 {
            let dir = try TempDirectory()
            defer { dir.remove() }
            // Folders and files of the names above, up to three levels deep; a name is a folder or a
            // file in one folder, never both.
            var kinds: [String: Bool] = [:]  // relative folder path + "/" + name → is a folder
            for _ in 0..<60 {
                // Folders never take the NFD spellings: two sibling folders whose names are equal as
                // Strings cannot be walked in the String order of their files (see nfcAndNfdFolders).
                var parts: [String] = []
                for _ in 0..<Int.random(in: 0...2, using: &generator) {
                    parts.append(Self.names.filter { $0 != "a\u{30A}" && $0 != "e\u{301}" }.randomElement(using: &generator)!)
                }
                parts.append(Self.names.randomElement(using: &generator)!)
                var prefix = ""
                var clash = false
                for part in parts.dropLast() {
                    prefix += (prefix.isEmpty ? "" : "/") + part
                    if kinds[prefix] == false { clash = true; break }
                    kinds[prefix] = true
                }
                let file = (prefix.isEmpty ? "" : prefix + "/") + parts.last! + (Bool.random(using: &generator) ? ".md" : ".xhtml")
                if clash || kinds[file] == true { continue }
                kinds[file] = false
                try dir.write(file, "x")
            }
            try dir.write("notes.pdf", "x")
            try dir.write(".dold/x.md", "x")
            let want = Self.expected(dir.path)
            let found = FileWalker().collect([dir.path]).map(\.path)
            #expect(found == want, "round \(round): \(Self.firstDifference(found, want))")
            // The same folder named twice, with and without a trailing slash, gives each file once.
            let twice = FileWalker().collect([dir.path + "/", dir.path]).map(\.path)
            #expect(twice == want, "round \(round): \(Self.firstDifference(twice, want))")
        }
    }

    /// `keyPrecedes` is the String order, with canonically equal Strings (two files on disk) in byte order.
    @Test func keyOrderIsTheStringOrderMadeTotal() {
        var generator = SeededGenerator(seed: 7)
        let pieces = Self.names + ["/", "-", ".", "0", "Ā", "😀", "\u{300}", "ÿ"]
        func random() -> String {
            (0..<Int.random(in: 0...5, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
        }
        for _ in 0..<3000 {
            let a = random(), b = random()
            if a != b {
                #expect(FileWalker.keyPrecedes(a, b) == (a < b), "\(Array(a.utf8)) \(Array(b.utf8))")
            } else {
                #expect(FileWalker.keyPrecedes(a, b) == (Array(a.utf8).lexicographicallyPrecedes(Array(b.utf8))))
            }
        }
        // NFC and NFD spellings of one name are two files: both are listed, NFD (bytes "e\u{301}") first.
        #expect(FileWalker.keyPrecedes("e\u{301}.md", "\u{E9}.md"))
        #expect(!FileWalker.keyPrecedes("\u{E9}.md", "e\u{301}.md"))
    }

    /// Folders "é" (NFC) and "e" + U+0301 (NFD) are two folders: each is walked whole, NFD (its bytes
    /// are lower) first. (Before the walk was lazy, a Set of paths took their files as one.)
    @Test func nfcAndNfdFolders() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        for file in ["\u{E9}/a.md", "\u{E9}/c.md", "e\u{301}/b.md", "e\u{301}/d.md"] { try dir.write(file, "x") }
        let found = FileWalker().collect([dir.path]).map { Array($0.path.utf8) }
        let want = ["e\u{301}/b.md", "e\u{301}/d.md", "\u{E9}/a.md", "\u{E9}/c.md"].map { Array((dir.path + "/" + $0).utf8) }
        #expect(found == want)
    }

    @Test func nfcAndNfdNamesAreTwoFiles() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        try dir.write("m\u{F6}te.md", "x")
        try dir.write("mo\u{308}te.md", "x")
        let found = FileWalker().collect([dir.path]).map(\.path)
        #expect(found.count == 2)
        #expect(Set(found.map { Array($0.utf8) }).count == 2)
    }

    @Test func overlappingArgumentsGiveEachFileOnceInPathOrder() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        for file in ["a.md", "sub/x.md", "sub/y.md", "sub-z.md", "sub/deeper/w.md", "z.md"] { try dir.write(file, "x") }
        let root = dir.path
        let inputs = FileWalker().collect([root + "/sub/x.md", root, root + "/sub", root + "/nowhere.md", root + "/sub/"])
        #expect(inputs.map(\.path) == [root + "/a.md", root + "/nowhere.md", root + "/sub-z.md", root + "/sub/deeper/w.md",
                                       root + "/sub/x.md", root + "/sub/y.md", root + "/z.md"])
        guard case .failure(let error) = inputs[1] else { Issue.record("expected a failure"); return }
        #expect(error.message.contains("cannot open"))
    }

    @Test func aLinkedFolderIsWalkedOnce() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        try dir.write("z/m.md", "x")
        try FileManager.default.createSymbolicLink(atPath: dir.path + "/a-link", withDestinationPath: "z")
        try FileManager.default.createSymbolicLink(atPath: dir.path + "/z/up", withDestinationPath: "..")
        // Walked under the name the walk reaches first ("a-link/" sorts before "z/").
        #expect(FileWalker().collect([dir.path]).map(\.path) == [dir.path + "/a-link/m.md"])
        // Named arguments are opened in the order given.
        #expect(FileWalker().collect([dir.path + "/z", dir.path + "/a-link"]).map(\.path) == [dir.path + "/z/m.md"])
    }

    /// One walk per folder argument (`lint möten/*`): merged into the order of the whole paths.
    @Test func manyFolderArgumentsMergeIntoPathOrder() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        var generator = SeededGenerator(seed: 41)
        var folders: [String] = []
        for (i, name) in Self.names.enumerated() where name != "a\u{30A}" && name != "e\u{301}" {
            folders.append(dir.path + "/" + name)
            for k in 0..<(i % 4) { try dir.write(name + "/m\(k).md", "x") }
            try dir.write(name + "/sub/" + Self.names.randomElement(using: &generator)! + ".xhtml", "x")
        }
        let whole = FileWalker().collect([dir.path]).map(\.path)
        let merged = FileWalker().collect(folders.shuffled(using: &generator)).map(\.path)
        #expect(merged == whole, "\(Self.firstDifference(merged, whole))")
    }

    /// A file named as an argument and reached again inside an NFC/NFD twin folder is given once.
    @Test func aNamedFileInsideTwinFoldersIsGivenOnce() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        for file in ["\u{E9}/y.md", "\u{E9}/a.md", "e\u{301}/b.md", "e\u{301}/z.md"] { try dir.write(file, "x") }
        let found = FileWalker().collect([dir.path, dir.path + "/\u{E9}/y.md"]).map { Array($0.path.utf8) }
        #expect(found.count == 4)
        #expect(Set(found).count == 4)
    }

    /// A link inside the linted folder to the baseline being written is found while linting: the run
    /// is refused, nothing is reported on standard output (also when the report is written in place
    /// to /dev/stdout) and the baseline is left as it was.
    @Test func aCollisionFoundWhileLintingWritesNothing() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        for i in 0..<40 { try dir.write("docs/m\(i).md", "# Ärende \(i)\n\nAntalet elever är 1 200.\n") }
        try dir.write("base.json", "{}")
        try FileManager.default.createSymbolicLink(atPath: dir.path + "/docs/zzz.md", withDestinationPath: "../base.json")
        let before = try FileManager.default.contentsOfDirectory(atPath: dir.path + "/docs").sorted()
        for extra in [[], ["--output", "/dev/stdout"], ["--jobs", "2"]] {
            let run = try JamlintBinary.run(["lint", "docs", "--write-baseline", "base.json"] + extra, in: dir.path)
            #expect(run.status == 2, "\(extra)")
            #expect(run.stderr.contains("refusing to write base.json"), "\(extra): \(run.stderr)")
            #expect(run.stdout.isEmpty, "\(extra): \(run.stdout.prefix(200))")
            #expect(dir.read("base.json") == "{}")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path + "/docs").sorted() == before)
    }

    /// An output with another hard link (a memo in the folder) is checked before anything is made
    /// beside it: the folder gets no temporary file, and its modification time stays.
    @Test func anOutputHardLinkedToAMemoIsRefusedBeforeAnythingIsMade() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        try dir.write("docs/memo.md", "# Ärende\n\nText.\n")
        try FileManager.default.linkItem(atPath: dir.path + "/docs/memo.md", toPath: dir.path + "/docs/out.json")
        let mtime = try FileManager.default.attributesOfItem(atPath: dir.path + "/docs")[.modificationDate] as? Date
        usleep(20_000)
        let run = try JamlintBinary.run(["lint", "docs", "--format", "json", "--output", "docs/out.json"],
                                        in: dir.path)
        #expect(run.status == 2)
        #expect(run.stderr.contains("refusing to write"))
        let after = try FileManager.default.attributesOfItem(atPath: dir.path + "/docs")[.modificationDate] as? Date
        #expect(mtime == after)
        #expect(dir.read("docs/memo.md") == "# Ärende\n\nText.\n")
    }

    @Test func aFileOverTwoGibibytesIsRefusedBeforeItIsRead() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = dir.path + "/stor.md"
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        // Sparse: no disk space, and nothing to read if the size is checked first.
        #expect(truncate(path, off_t(SourceSpanStore.maxSourceSize) + 1) == 0)
        let loader = DocumentLoader(maxFileSize: .max)
        #expect(throws: ParseError.self) { _ = try loader.load(path: path) }
        do {
            _ = try loader.load(path: path)
        } catch {
            #expect(error.message.contains("jamlint can read"), "\(error.message)")
        }
    }

    /// Counts what the runner has taken from its inputs.
    final class CountingInputs: Sequence, IteratorProtocol, @unchecked Sendable {
        private let lock = NSLock()
        private var made = 0
        let count: Int
        init(count: Int) { self.count = count }

        var taken: Int { lock.withLock { made } }

        func next() -> LintInput? {
            lock.withLock {
                guard made < count else { return nil }
                made += 1
                return .failure(ParseError(path: String(format: "m%05d.md", made - 1), message: "x"))
            }
        }
    }

    @Test func theRunnerReadsNoFurtherAheadThanItsWindow() throws {
        let linter = try Linter()
        for jobs in [1, 2, 4] {
            for count in [0, 1, 2, 3, 700] {
                var runner = LintRunner(linter: linter, jobs: jobs)
                runner.chunkPerJob = 4
                let window = max(jobs, jobs * runner.chunkPerJob)
                let inputs = CountingInputs(count: count)
                var delivered: [String] = []
                var furthest = 0
                runner.run(stream: inputs) { result in
                    delivered.append(result.path)
                    furthest = max(furthest, inputs.taken - delivered.count)
                }
                #expect(delivered == (0..<count).map { String(format: "m%05d.md", $0) }, "jobs \(jobs), \(count) inputs")
                // Result i is delivered once it is taken; by then at most the window beyond it was claimed.
                #expect(furthest <= (jobs == 1 ? 0 : window), "jobs \(jobs): \(furthest) ahead")
            }
        }
    }

    struct Stop: Error {}

    @Test func aThrowingDeliveryStopsTakingInputs() throws {
        let linter = try Linter()
        for jobs in [1, 2, 4] {
            var runner = LintRunner(linter: linter, jobs: jobs)
            runner.chunkPerJob = 4
            let inputs = CountingInputs(count: 10_000)
            var delivered = 0
            #expect(throws: Stop.self) {
                try runner.run(stream: inputs) { _ in
                    delivered += 1
                    if delivered == 5 { throw Stop() }
                }
            }
            #expect(delivered == 5)
            #expect(inputs.taken <= 5 + max(jobs, jobs * runner.chunkPerJob) + 1, "jobs \(jobs): \(inputs.taken) taken")
        }
    }
}
