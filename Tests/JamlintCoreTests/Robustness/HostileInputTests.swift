import Foundation
import Testing
@testable import JamlintCore

#if canImport(Glibc)
import Glibc
#endif

/// Hostile input through the whole tool: the loader, every rule and the command line. The parser-level
/// cases (entities, XInclude, nesting in libxml2) are in XHTML/XHTMLErrorTests; these add what a memo
/// can do to the rest of jamlint. Times are printed, never asserted: work is bounded by size instead.
@Suite struct HostileInputTests {
    static let linter: Linter = {
        // swiftlint:disable:next force_try
        try! Linter(useConfiguration: false)
    }()

    /// Parses and lints `text` as `name`; nil when it is refused.
    static func lint(_ text: String, as name: String) -> FileResult {
        linter.lintBytes(Array(text.utf8), path: name)
    }

    static func timed<T>(_ label: String, _ body: () throws -> T) rethrows -> T {
        let clock = ContinuousClock()
        var result: T?
        let elapsed = try clock.measure { result = try body() }
        print("HostileInputTests: \(label): \(elapsed)")
        return result!
    }

    // MARK: - Entities and includes

    @Test func externalEntitiesAndXIncludeNeverLeakIntoAnyReport() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let secret = "hemlig-\(UInt64.random(in: 0...UInt64.max))"
        try dir.write("secret.txt", secret)
        let target = dir.path + "/secret.txt"
        let doctype = "<!DOCTYPE html [<!ENTITY e SYSTEM \"file://\(target)\"><!ENTITY f SYSTEM \"\(target)\">"
            + "<!ENTITY % p SYSTEM \"file://\(target)\"> %p;]>"
        let body = "<body><h1>Ny taxa</h1><p>Före &e; &f; efter</p><p title=\"&e;\">Text</p>"
            + "<p><xi:include href=\"file://\(target)\" parse=\"text\"/></p>"
            + "<p><xi:include href=\"secret.txt\" parse=\"text\"/></p></body></html>"
        let root = "<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:xi=\"http://www.w3.org/2001/XInclude\">"
        try dir.write("memo.xhtml", "<?xml version=\"1.0\"?>\n" + doctype + "\n" + root + body)
        try dir.write("memo.html", doctype + "\n" + root + body)
        try dir.write("memo.md", "# Ny taxa\n\n" + root + body + "\n\nText &e; <!-- &f; -->\n")
        for format in ["text", "json", "sarif", "junit"] {
            let run = try JamlintBinary.run(["lint", "memo.xhtml", "memo.html", "memo.md", "--format", format],
                                            in: dir.path)
            #expect(run.status == 1 || run.status == 2)
            #expect(!run.stdout.contains(secret), "format \(format)")
            #expect(!run.stderr.contains(secret), "format \(format)")
        }
        let inspect = try JamlintBinary.run(["inspect", "memo.html"], in: dir.path)
        #expect(!(inspect.stdout + inspect.stderr).contains(secret))
    }

    /// Nine levels of ten references each: a billion `lol`s if expanded.
    static let billionLaughs: String = {
        var declarations = "<!ENTITY lol \"lol\">"
        var previous = "lol"
        for level in 1...9 {
            declarations += "<!ENTITY lol\(level) \"" + String(repeating: "&\(previous);", count: 10) + "\">"
            previous = "lol\(level)"
        }
        return "<?xml version=\"1.0\"?>\n<!DOCTYPE html [\(declarations)]>\n<html><body><p>&lol9;</p></body></html>"
    }()

    /// One 50,000-character entity referenced 50,000 times: 2.5 GB when expanded, no nesting at all.
    static let quadraticBlowup: String = {
        let big = String(repeating: "a", count: 50_000)
        let refs = String(repeating: "&a;", count: 50_000)
        return "<?xml version=\"1.0\"?>\n<!DOCTYPE html [<!ENTITY a \"\(big)\">]>\n<html><body><p>\(refs)</p></body></html>"
    }()

    @Test(arguments: ["billion laughs", "quadratic blowup"])
    func entityExpansionIsRejectedWithoutExpanding(name: String) throws {
        let text = name == "billion laughs" ? Self.billionLaughs : Self.quadraticBlowup
        let xhtml = Self.timed("\(name) (xhtml, \(text.utf8.count) bytes)") { Self.lint(text, as: "memo.xhtml") }
        let error = try #require(xhtml.error)
        #expect(error.message.contains("entity"))
        #expect(error.line == 2 || error.line == 3)
        // The HTML parser does not expand internal-subset entities: whatever it returns, it holds no
        // more text than the file has.
        let html = Self.timed("\(name) (html)") { Self.lint(text, as: "memo.html") }
        if let source = html.source, html.error == nil {
            let document = try DocumentLoader().parse(bytes: source.bytes, path: "memo.html")
            #expect(document.texts.reduce(0) { $0 + $1.utf8.count } <= text.utf8.count)
        }
    }

    // MARK: - Long header lines

    /// Header fields and bold lines in the thousands, in one line or one paragraph: each is read
    /// once (a rescan of the line per field, of the value per word, or of the bold ranges per line
    /// made these minutes long).
    @Test func manyHeaderFieldsAndBoldLinesInOneParagraph() throws {
        let n = 100_000
        let structure = try RuleSet.load(directory: RuleExamplesTests.rulesDirectory).structure
        let loader = DocumentLoader(structure: structure)
        func parse(_ text: String, as name: String) throws -> Document {
            try Self.timed(name) { try loader.parse(bytes: Array(text.utf8), path: name) }
        }
        let fields = try parse(String(repeating: "Datum: 2024 Dnr: KS ", count: n), as: "fields-on-one-line.md")
        #expect(fields.blocks.count == 2 * n)
        #expect(fields.blocks.allSatisfy { $0.kind == .metadata })
        #expect(fields.blocks[2 * n - 1].metadataKey == "Dnr" && fields.blocks[2 * n - 1].text.string == "KS")

        let value = try parse("Datum: " + String(repeating: "Ab ", count: 2 * n) + "x:", as: "long-value.md")
        #expect(value.blocks.count == 1 && value.blocks[0].kind == .metadata)

        let bold = try parse(String(repeating: "**Datum:** 2024\n", count: n), as: "bold-lines.md")
        #expect(bold.blocks.count == n)
        #expect(bold.blocks[n - 1].metadataKey == "Datum" && bold.blocks[n - 1].strong.isEmpty)

        let html = "<html><body><p>" + String(repeating: "<b>Dnr:</b> KS 1<br/>", count: n) + "</p></body></html>"
        let htmlBold = try parse(html, as: "bold-lines.html")
        #expect(htmlBold.blocks.count == n)
        #expect(htmlBold.blocks[n - 1].metadataKey == "Dnr" && htmlBold.blocks[n - 1].text.string == "KS 1")
    }

    // MARK: - Deep nesting

    static let depth = 100_000

    static let deepDocuments: [(String, String)] = [
        ("quotes.md", "# Ny taxa\n\n" + String(repeating: ">", count: depth) + " djupt citat\n"),
        ("spaced-quotes.md", "# Ny taxa\n\n" + String(repeating: "> ", count: depth) + "djupt citat\n"),
        ("lists.md", "# Ny taxa\n\n" + String(repeating: "- ", count: depth) + "djup lista\n"),
        ("divs.md", "# Ny taxa\n\n" + String(repeating: "<div>", count: depth) + "djupt"
            + String(repeating: "</div>", count: depth) + "\n"),
        ("emphasis.md", "# Ny taxa\n\n" + String(repeating: "*", count: depth) + "djupt"
            + String(repeating: "*", count: depth) + "\n"),
        ("brackets.md", "# Ny taxa\n\n" + String(repeating: "[", count: depth) + "djupt"
            + String(repeating: "](x)", count: depth) + "\n"),
        ("divs.html", "<html><body>" + String(repeating: "<div>", count: depth) + "djupt"
            + String(repeating: "</div>", count: depth) + "</body></html>"),
        ("unclosed.html", "<html><body>" + String(repeating: "<div><p><b>", count: depth) + "djupt"),
        ("divs.xhtml", "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body>" + String(repeating: "<div>", count: depth)
            + "djupt" + String(repeating: "</div>", count: depth) + "</body></html>"),
    ]

    @Test(arguments: 0..<deepDocuments.count)
    func deepNestingIsLintedOrRefusedWithoutOverflow(index: Int) throws {
        let (name, text) = Self.deepDocuments[index]
        let result = Self.timed("\(name), depth \(Self.depth)") { Self.lint(text, as: name) }
        if name.hasSuffix(".xhtml") {
            // libxml2 stops at 256 levels unless XML_PARSE_HUGE is set (it never is).
            let error = try #require(result.error)
            #expect(error.message.contains("256") || error.message.lowercased().contains("depth"))
        } else {
            #expect(result.error == nil, "\(result.error?.message ?? "")")
        }
    }

    /// The command line lints on worker threads, whose stacks are smaller than the main thread's.
    @Test func deepNestingOnTheWorkerThreadsOfTheCommandLine() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        for (name, text) in Self.deepDocuments { try dir.write(name, text) }
        let run = try JamlintBinary.run(["lint", ".", "-j", "2", "--format", "json"], in: dir.path)
        #expect(run.status == 1 || run.status == 2, "\(run.stderr)")
        #expect(run.stderr.isEmpty)
        #expect(run.stdout.contains("divs.xhtml"))
    }

    // MARK: - Size limit

    @Test func fileOverTheLimitIsRefusedBeforeItIsRead() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        // A sparse 200 MB file: no disk blocks, no memory, but stat says 200,000,000 bytes.
        let path = dir.path + "/stor.md"
        let fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0o644)
        #expect(fd >= 0)
        #expect(ftruncate(fd, 200_000_000) == 0)
        close(fd)
        try dir.write("liten.md", Memo.clean)
        let run = try JamlintBinary.run(["lint", "."], in: dir.path)
        #expect(run.status == 2)
        #expect(run.stdout.contains(
            "stor.md:1:1: error: file is 200000000 bytes, larger than the limit of 67108864 bytes (see --max-file-size)"))
        // The limit is configurable; the small memo is linted either way.
        let strict = try JamlintBinary.run(["lint", "liten.md", "--max-file-size", "20"], in: dir.path)
        #expect(strict.status == 2)
        #expect(strict.stdout.contains("liten.md:1:1: error: file is \(Memo.clean.utf8.count) bytes, larger than "
            + "the limit of 20 bytes (see --max-file-size)"))
        let loose = try JamlintBinary.run(["lint", "liten.md", "--max-file-size", "100000"], in: dir.path)
        #expect(loose.status == 0)
        let zero = try JamlintBinary.run(["lint", "liten.md", "--max-file-size", "0"], in: dir.path)
        #expect(zero.status == 2)
        #expect(zero.stderr.contains("--max-file-size must be at least 1"))
        let stdin = try JamlintBinary.run(["lint", "--stdin", "--max-file-size", "20"], stdin: Array(Memo.clean.utf8))
        #expect(stdin.status == 2)
        #expect(stdin.stdout.contains("<stdin>:1:1: error: input is \(Memo.clean.utf8.count) bytes"))
        // A stream many times the limit (and the read chunk) is counted, not kept: the size is exact.
        let big = [UInt8](repeating: UInt8(ascii: "a"), count: 300_000)
        let stream = try JamlintBinary.run(["lint", "--stdin", "--max-file-size", "1000"], stdin: big)
        #expect(stream.status == 2)
        #expect(stream.stdout.contains(
            "<stdin>:1:1: error: input is 300000 bytes, larger than the limit of 1000 bytes (see --max-file-size)"))
        // At the limit exactly, the input is linted.
        let exact = try JamlintBinary.run(["lint", "--stdin", "--max-file-size", "\(Memo.clean.utf8.count)"],
                                          stdin: Array(Memo.clean.utf8))
        #expect(exact.status == 0)
    }

    @Test func sizeLimitOfTheLibrary() throws {
        let linter = try Linter(useConfiguration: false, maxFileSize: 10)
        let result = linter.lintBytes(Array("# Rubrik\n\nText.\n".utf8), path: "m.md")
        #expect(result.error?.message == "input is 16 bytes, larger than the limit of 10 bytes (see --max-file-size)")
        #expect(DocumentLoader().maxFileSize == DocumentLoader.defaultMaxFileSize)
    }

    // MARK: - Files that change under the linter

    @Test func fileThatDisappearsOrChangesAfterTheWalkIsReportedNotFatal() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        try dir.write("a.md", Memo.clean)
        try dir.write("b.md", Memo.clean)
        try dir.write("c.md", Memo.clean)
        let inputs = FileWalker().collect([dir.path])
        #expect(inputs.count == 3)
        try FileManager.default.removeItem(atPath: dir.path + "/a.md")
        try FileManager.default.removeItem(atPath: dir.path + "/b.md")
        try FileManager.default.createDirectory(atPath: dir.path + "/b.md", withIntermediateDirectories: false)
        var results: [FileResult] = []
        LintRunner(linter: Self.linter, jobs: 2).run(inputs) { results.append($0) }
        #expect(results.map { $0.error?.message } == [
            "cannot open file: No such file or directory", "is a directory", nil,
        ])
    }

    @Test func fileThatGrowsWhileBeingReadIsStoppedAtTheLimit() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        // A FIFO: stat says 0 bytes, the reader gets whatever is written. O_RDWR opens it without waiting.
        let path = dir.path + "/växer.md"
        #expect(mkfifo(path, 0o600) == 0)
        let writer = open(path, O_RDWR | O_NONBLOCK)
        #expect(writer >= 0)
        defer { close(writer) }
        let bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 300)
        #expect(bytes.withUnsafeBytes { write(writer, $0.baseAddress, $0.count) } == 300)
        do {
            _ = try DocumentLoader(maxFileSize: 100).load(path: path)
            Issue.record("a file larger than the limit was read")
        } catch {
            #expect(error.message == "file grew beyond the limit of 100 bytes while being read")
        }
    }

    /// A regular file whose size says 0 but that has content (procfs: a page per read) is read to
    /// its end, and so is one read in several pieces; neither stops after the first read.
    @Test func regularFilesAreReadToTheirEnd() throws {
        // The process's memory map: several pages (each mapping is a dozen lines), a page per read.
        let proc = "/proc/self/smaps"
        if FileStatus(path: proc)?.size == 0 {
            let bytes = try DocumentLoader().readFile(proc)
            #expect(bytes.count > 3 * 4096)
            #expect(bytes.last == UInt8(ascii: "\n"))
        }
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = dir.path + "/stor.md"
        let big = [UInt8]((0..<300_000).map { UInt8(ascii: "a") + UInt8($0 % 26) })
        #expect(FileManager.default.createFile(atPath: path, contents: Data(big)))
        #expect(try DocumentLoader().readFile(path) == big)
        let empty = dir.path + "/tom.md"
        #expect(FileManager.default.createFile(atPath: empty, contents: Data()))
        #expect(try DocumentLoader().readFile(empty) == [])
    }

    /// Opening a FIFO for reading waits for a writer; naming one that nobody writes must not
    /// hang: it reads as an empty file, which is reported as such.
    @Test func fifoWithoutWriterReadsAsEmpty() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = dir.path + "/rör.md"
        #expect(mkfifo(path, 0o600) == 0)
        let result = Self.linter.lintFile(path: path)
        #expect(result.error?.message == "the file is empty; there is no memo text to lint")
        #expect(result.findings.isEmpty)
    }

    /// An empty file, or one with only white space and a BOM, is a clear error, not a memo that
    /// lacks every section.
    @Test func emptyFilesAreReportedAsEmpty() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        for (name, bytes) in [("tom.md", [UInt8]()), ("blank.xhtml", Array(" \r\n\t\n".utf8)),
                              ("bom.txt", [0xEF, 0xBB, 0xBF, 0x0A])] {
            try dir.write(name, bytes)
            let result = Self.linter.lintFile(path: dir.path + "/" + name)
            #expect(result.error?.message == "the file is empty; there is no memo text to lint", "\(name)")
            #expect(result.error?.line == 1 && result.error?.column == 1)
            #expect(result.findings.isEmpty)
        }
    }

    // MARK: - Symlink loops

    @Test func symlinkLoopsDoNotHangTheCommandLine() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        try dir.write("memo.md", Memo.clean)
        try dir.write("sub/djup/memo.md", Memo.clean)
        let fm = FileManager.default
        try fm.createSymbolicLink(atPath: dir.path + "/sub/djup/upp", withDestinationPath: "../..")
        try fm.createSymbolicLink(atPath: dir.path + "/sub/själv", withDestinationPath: ".")
        try fm.createSymbolicLink(atPath: dir.path + "/slinga.md", withDestinationPath: "slinga.md")
        try fm.createSymbolicLink(atPath: dir.path + "/a.md", withDestinationPath: "b.md")
        try fm.createSymbolicLink(atPath: dir.path + "/b.md", withDestinationPath: "a.md")
        try fm.createSymbolicLink(atPath: dir.path + "/sub/ut", withDestinationPath: dir.path)
        let run = try JamlintBinary.run(["lint", ".", "--format", "json"], in: dir.path)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("\"memo.md\"") && run.stdout.contains("\"sub/djup/memo.md\""))
        let inputs = FileWalker().collect([dir.path]).map(\.path)
        #expect(inputs == [dir.path + "/memo.md", dir.path + "/sub/djup/memo.md"])
        // Naming a looping link is an error for that path only.
        let named = try JamlintBinary.run(["lint", "slinga.md", "memo.md"], in: dir.path)
        #expect(named.status == 2)
        #expect(named.stdout.contains("slinga.md"))
    }
}
