import Foundation
import Testing
@testable import JamlintCore

/// `jamlint lint` end to end through the built binary: clean files, unreadable input, options and output
/// plumbing. Memos that must be clean are `Memo.clean` (a procedural item with a registration number);
/// RealFindingsTests covers what the rules report.
@Suite struct LintCommandTests {
    @Test func cleanFolderExitsZeroWithASummary() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        try dir.write("a.md", Memo.clean)
        try dir.write("sub/b.txt", Memo.cleanText)
        try dir.write(".hidden/c.md", [0xFF])
        try dir.write("x.pdf", [0xFF])
        let en = try JamlintBinary.run(["lint", "--lang", "en", "."], in: dir.path)
        #expect(en.status == 0, "\(en.stderr)")
        #expect(en.stdout == "Total: 0 errors, 0 warnings, 0 notes in 2 files\n")
        let sv = try JamlintBinary.run(["lint", dir.path])
        #expect(sv.status == 0)
        #expect(sv.stdout == "Totalt: 0 fel, 0 varningar, 0 anmärkningar i 2 filer\n")
    }

    @Test func unreadableFileIsAParseErrorAndExitsTwo() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        try dir.write("ok.md", Memo.clean)
        try dir.write("trasig.md", [0x61, 0x62, 0xFF, 0x0A])
        let r = try JamlintBinary.run(["lint", "--lang", "en", "ok.md", "trasig.md", "saknas.md"], in: dir.path)
        #expect(r.status == 2)
        #expect(r.stdout.hasPrefix("saknas.md:1:1: error: cannot open: No such file or directory [parse]\n\n"
            + "trasig.md:1:3: error: invalid UTF-8 at byte offset 2; save the file as UTF-8 [parse]\n\n"))
        #expect(r.stdout.hasSuffix("Total: 0 errors, 0 warnings, 0 notes in 3 files; 2 files could not be read\n"))
    }

    @Test func namedFileWithUnknownExtensionIsLinted() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        try dir.write("PROTOKOLL", [0xC3])
        let r = try JamlintBinary.run(["lint", "PROTOKOLL"], in: dir.path)
        #expect(r.status == 2)
        #expect(r.stdout.hasPrefix("PROTOKOLL:1:1: error: invalid UTF-8"))
    }

    @Test func usageErrorsExitTwo() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        try dir.write("a.md", "# Hej\n")
        for args in [["lint", "--format", "pdf", "a.md"], ["lint"], ["lint", "--stdin", "a.md"],
                     ["lint", "--jobs", "0", "a.md"], ["lint", "--bogus"], ["lint", "--fail-on", "fatal", "a.md"],
                     ["lint", "--baseline", "missing.json", "a.md"], ["lint", "--stdin-filename", "x.md", "a.md"]] {
            let r = try JamlintBinary.run(args, in: dir.path)
            #expect(r.status == 2, "\(args): \(r.stderr)")
            #expect(!r.stderr.isEmpty, "\(args)")
        }
    }

    @Test func standardInputUsesTheGivenName() throws {
        let ok = try JamlintBinary.run(["lint", "--stdin", "--stdin-filename", "agenda/ks.md", "--format", "json"],
                                       stdin: Array(Memo.clean.utf8))
        #expect(ok.status == 0)
        #expect(ok.stdout.contains(#"{"path":"agenda/ks.md","findings":[],"error":null}"#))
        let bad = try JamlintBinary.run(["lint", "--stdin"], stdin: [0x00, 0x01])
        #expect(bad.status == 2)
        #expect(bad.stdout.hasPrefix("<stdin>:1:1: error: binary file"))
    }

    @Test func outputFileIsWrittenAtomicallyAndNeverOverAMemo() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        try dir.write("a.md", Memo.clean)
        let r = try JamlintBinary.run(["lint", "a.md", "-f", "sarif", "-o", "rapport/out.sarif"], in: dir.path)
        #expect(r.status == 2, "the folder does not exist")
        try FileManager.default.createDirectory(atPath: dir.path + "/rapport", withIntermediateDirectories: true)
        let ok = try JamlintBinary.run(["lint", "a.md", "-f", "sarif", "-o", "rapport/out.sarif"], in: dir.path)
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.isEmpty)
        let report = try #require(dir.read("rapport/out.sarif"))
        #expect(report.contains("\"version\": \"2.1.0\""))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path + "/rapport") == ["out.sarif"])
        let refused = try JamlintBinary.run(["lint", ".", "-o", "./a.md"], in: dir.path)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("refusing to write"))
        #expect(dir.read("a.md") == Memo.clean)
    }

    @Test func colourFollowsTheOption() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        // A memo with findings, so the report has more than a summary to colour.
        try dir.write("a.md", "# Hej\n")
        let auto = try JamlintBinary.run(["lint", "a.md"], in: dir.path)
        #expect(!auto.stdout.contains("\u{1B}"), "not a terminal")
        let always = try JamlintBinary.run(["lint", "a.md", "--color", "always"], in: dir.path, environment: ["NO_COLOR": "1"])
        #expect(always.stdout.contains("\u{1B}[1m"))
        let never = try JamlintBinary.run(["lint", "a.md", "--color", "never"], in: dir.path)
        #expect(!never.stdout.contains("\u{1B}"))
        // Not in an --output file, even when forced.
        let file = try JamlintBinary.run(["lint", "a.md", "--color", "always", "-o", "rapport.txt"], in: dir.path)
        #expect(file.status == 1)
        let report = try #require(dir.read("rapport.txt"))
        #expect(report.contains("a.md:1:"))
        #expect(!report.contains("\u{1B}"))
    }

    @Test func githubFormatAppendsAStepSummary() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        try dir.write("a.md", Memo.clean)
        try dir.write("b.md", [0xFF])
        try dir.write("summary.md", "earlier step\n")
        let r = try JamlintBinary.run(["lint", "a.md", "b.md", "--format", "github", "--lang", "en"], in: dir.path,
                                      environment: ["GITHUB_STEP_SUMMARY": dir.path + "/summary.md"])
        #expect(r.status == 2)
        #expect(r.stdout == "::error file=b.md,line=1,col=1,title=jamlint parse::invalid UTF-8 at byte offset 0; save the file as UTF-8\n")
        let summary = try #require(dir.read("summary.md"))
        #expect(summary.hasPrefix("earlier step\n## jamlint: results\n\nTotal: 0 errors, 0 warnings, 0 notes in 2 files; 1 file could not be read\n"))
    }

    @Test func baselineRoundTripThroughTheCommand() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        // JAM001 (an error) and MEMO001 (a note) at 1:3.
        try dir.write("a.md", "# Hej\n")
        #expect(try JamlintBinary.run(["lint", "."], in: dir.path).status == 1)
        let write = try JamlintBinary.run(["lint", ".", "--write-baseline", "baseline.json", "--lang", "en"], in: dir.path)
        #expect(write.status == 0)
        #expect(write.stderr.contains("wrote 2 findings to the baseline baseline.json"))
        let baseline = try #require(dir.read("baseline.json"))
        #expect(baseline.hasPrefix("{\n  \"schema\": \"jamlint-baseline\",\n  \"version\": 1,"))
        #expect(baseline.contains(#""ruleId": "JAM001""#) && baseline.contains(#""ruleId": "MEMO001""#))
        let use = try JamlintBinary.run(["lint", ".", "--baseline", "baseline.json", "--lang", "en"], in: dir.path)
        #expect(use.status == 0, "\(use.stderr)")
        #expect(use.stdout == "Total: 0 errors, 0 warnings, 0 notes in 1 file; 2 hidden by the baseline\n")
    }

    @Test func helpDocumentsExitCodesAndFormats() throws {
        let r = try JamlintBinary.run(["lint", "--help"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("Exit codes:"))
        for format in OutputFormat.allCases { #expect(r.stdout.contains(format.rawValue)) }
        #expect(r.stdout.contains("--fail-on"))
        #expect(r.stdout.contains("--max-warnings"))
    }

    @Test func manyFilesInParallelKeepTheirOrder() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        for i in 0..<60 { try dir.write(String(format: "m%02d.md", i), i % 5 == 0 ? [0xFF] : Array("# \(i)\n".utf8)) }
        let one = try JamlintBinary.run(["lint", ".", "-j", "1"], in: dir.path)
        let four = try JamlintBinary.run(["lint", ".", "-j", "4"], in: dir.path)
        #expect(one.status == 2 && four.status == 2)
        #expect(one.stdout == four.stdout)
        #expect(one.stdout.hasPrefix("m00.md:1:1: error:"))
    }
}

#if canImport(Glibc)
import Glibc
#endif

/// `--output` replaces a regular file atomically, and writes any other existing target in place:
/// renaming a file over `/dev/null` replaced the device node itself when run as root.
@Suite struct OutputTargetTests {
    static func kind(_ path: String) -> mode_t {
        FileStatus(linkAt: path).map { mode_t($0.type) } ?? 0
    }

    @Test func aFIFOIsWrittenInPlaceAndStaysAFIFO() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        try dir.write("a.md", Memo.clean)
        let fifo = dir.path + "/report.fifo"
        #expect(mkfifo(fifo, 0o600) == 0)
        // The reader opens the FIFO first (jamlint's open waits for it, as a shell's `>` does).
        final class Box: @unchecked Sendable { var bytes: [UInt8] = [] }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        Thread {
            if let handle = FileHandle(forReadingAtPath: fifo) {
                box.bytes = [UInt8](handle.readDataToEndOfFile())
                try? handle.close()
            }
            done.signal()
        }.start()
        let r = try JamlintBinary.run(["lint", "a.md", "--format", "json", "--output", fifo], in: dir.path)
        if done.wait(timeout: .now() + 60) != .success {
            // jamlint never opened it: a writer of our own lets the reader's open return.
            let unblock = open(fifo, O_WRONLY | O_NONBLOCK)
            if unblock >= 0 { close(unblock) }
            Issue.record("the FIFO was not written")
        }
        #expect(r.status == 0, "\(r.stderr)")
        #expect(String(decoding: box.bytes, as: UTF8.self).hasPrefix("{\"schema\":\"jamlint-report\""))
        #expect(Self.kind(fifo) == S_IFIFO)
        // No temporary file was left beside it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["a.md", "report.fifo"])
    }

    // Making a device node needs root; a twin of /dev/null in the test's own folder is harmless even
    // if the code under test regressed.
    @Test(.enabled(if: geteuid() == 0)) func aCharacterDeviceStaysADevice() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        try dir.write("a.md", Memo.clean)
        let device = dir.path + "/null"
        // makedev(1, 3), as glibc packs it (the macro is not visible from Swift).
        #expect(mknod(device, S_IFCHR | 0o666, dev_t(0x103)) == 0)
        let r = try JamlintBinary.run(["lint", "a.md", "--output", device], in: dir.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(Self.kind(device) == S_IFCHR)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["a.md", "null"])
    }

    @Test func aLinkIsFollowedAndTheFileKeepsItsMode() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        try dir.write("a.md", Memo.clean)
        try dir.write("reports/old.json", "gammal rapport\n")
        #expect(chmod(dir.path + "/reports/old.json", 0o640) == 0)
        #expect(symlink("reports/old.json", dir.path + "/latest.json") == 0)
        let r = try JamlintBinary.run(["lint", "a.md", "--format", "json", "--output", "latest.json"], in: dir.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(Self.kind(dir.path + "/latest.json") == S_IFLNK)
        let report = try String(contentsOfFile: dir.path + "/reports/old.json", encoding: .utf8)
        #expect(report.hasPrefix("{\"schema\":\"jamlint-report\""))
        #expect(FileStatus(path: dir.path + "/reports/old.json")?.permissions == 0o640)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path + "/reports") == ["old.json"])
    }

    /// `-o /dev/stdout` with standard output appended to a file: the report goes through the
    /// descriptor, between what the shell wrote before and after, and the file is not replaced. A
    /// link in the test's folder stands for /dev/stdout (the machine's is left alone).
    @Test func standardOutputThatIsAFileIsWrittenThrough() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        try dir.write("a.md", Memo.clean)
        try dir.write("log.txt", "header\n")
        #expect(symlink("/proc/self/fd/1", dir.path + "/stdout") == 0)
        let binary = try #require(JamlintBinary.path)
        let script = "{ echo before; '\(binary)' lint a.md --output ./stdout; echo after; } >> log.txt"
        let r = try JamlintBinary.runProcess("/bin/sh", ["-c", script], in: dir.path)
        #expect(r.status == 0, "\(r.stderr)")
        let log = try String(contentsOfFile: dir.path + "/log.txt", encoding: .utf8)
        #expect(log == "header\nbefore\nTotalt: 0 fel, 0 varningar, 0 anmärkningar i 1 fil\nafter\n")
        #expect(Self.kind(dir.path + "/stdout") == S_IFLNK)
    }

    @Test func aLinkLoopIsAnError() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        try dir.write("a.md", Memo.clean)
        #expect(symlink("b", dir.path + "/a") == 0 && symlink("a", dir.path + "/b") == 0)
        let r = try JamlintBinary.run(["lint", "a.md", "--lang", "en", "--output", "a"], in: dir.path)
        #expect(r.status == 2)
        #expect(r.stderr.contains("Too many levels of symbolic links"), "\(r.stderr)")
        #expect(Self.kind(dir.path + "/a") == S_IFLNK && Self.kind(dir.path + "/b") == S_IFLNK)
    }

    @Test func aReplacedFileKeepsItsPermissionBitsButNotSetUserID() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        try dir.write("a.md", Memo.clean)
        try dir.write("r.txt", "old\n")
        #expect(chmod(dir.path + "/r.txt", 0o4750) == 0)
        let r = try JamlintBinary.run(["lint", "a.md", "--output", "r.txt"], in: dir.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(FileStatus(path: dir.path + "/r.txt")?.permissions == 0o750)
    }

    @Test func aDashIsStandardOutput() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        try dir.write("a.md", Memo.clean)
        let r = try JamlintBinary.run(["lint", "a.md", "--output", "-"], in: dir.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "Totalt: 0 fel, 0 varningar, 0 anmärkningar i 1 fil\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["a.md"])
    }

    @Test func aBaselineIsNeverADash() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        try dir.write("a.md", Memo.clean)
        for option in ["--baseline", "--write-baseline"] {
            let r = try JamlintBinary.run(["lint", "a.md", "--lang", "en", option, "-"], in: dir.path)
            #expect(r.status == 2)
            #expect(r.stderr.contains("\(option) needs a file name, not -"), "\(r.stderr)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["a.md"])
    }

    @Test func aFolderIsRefused() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        try dir.write("a.md", Memo.clean)
        try dir.write("out/keep.txt", "x")
        let r = try JamlintBinary.run(["lint", "a.md", "--lang", "en", "--output", "out"], in: dir.path)
        #expect(r.status == 2)
        #expect(r.stderr.contains("names a folder"), "\(r.stderr)")
    }
}
