import Testing
@testable import JamlintCore

/// The plain command lines read without ArgumentParser, and the ones left to it.
@Suite struct FastLintCommandLineTests {
    @Test func plainCommandLinesAreRead() throws {
        let o = try #require(FastLintCommandLine.options([
            "lint", "a.md", "dagordning/", "--format", "json", "-o", "out.json", "--jobs", "3", "--lang", "en",
            "--fail-on", "warning", "--max-warnings", "5", "--exclude", "*.tmp", "--exclude", "utkast/",
            "--color", "never", "--baseline", "b.json", "--config", "c.yml", "--rules", "R", "--input-format", "xhtml",
            "--max-file-size", "1000",
        ]))
        #expect(o.paths == ["a.md", "dagordning/"])
        #expect(o.format == .json)
        #expect(o.outputPath == "out.json")
        #expect(o.jobs == 3)
        #expect(o.language == .en)
        #expect(o.failOn == .warning)
        #expect(o.maxWarnings == 5)
        #expect(o.excludes == ["*.tmp", "utkast/"])
        #expect(o.color == .never)
        #expect(o.baselinePath == "b.json")
        #expect(o.configPath == "c.yml")
        #expect(o.rulesDirectory == "R")
        #expect(o.inputFormat == .xhtml)
        #expect(o.maxFileSize == 1000)
        // Without the subcommand (lint is the default), and the flags.
        let bare = try #require(FastLintCommandLine.options(["memo.md"]))
        #expect(bare.paths == ["memo.md"] && bare.format == LintOptions().format && bare.jobs == nil)
        #expect(FastLintCommandLine.options(["lint", "--stdin", "--stdin-filename", "x.md"])?.stdin == true)
        #expect(FastLintCommandLine.options(["--staged"])?.staged == true)
        #expect(FastLintCommandLine.options(["a.md", "--timings"])?.timings == true)
        #expect(bare.timings == false)
    }

    /// Anything doubtful goes to ArgumentParser, so its messages and errors stay the same.
    @Test(arguments: [
        [], ["lint"], ["--help"], ["lint", "-h"], ["--version"], ["inspect", "a.md"], ["rules"], ["explain", "JAM001"],
        ["install-hook"], ["help"], ["lint", "a.md", "--format=json"], ["lint", "--", "a.md"], ["lint", "-"],
        ["lint", "a.md", "--format", "pdf"], ["lint", "a.md", "--jobs", "many"], ["lint", "a.md", "--jobs"],
        ["lint", "a.md", "--format", "json", "--format", "text"], ["lint", "a.md", "-f", "json", "--format", "json"],
        ["lint", "a.md", "--output", "-x"], ["lint", "a.md", "--unknown", "1"], ["lint", "--stdin", "--stdin"],
        ["lint", "a.md", "--timings", "--timings"],
        ["lint", "a.md", "--lang", "fi"], ["lint", "a.md", "--fail-on", "fatal"], ["lint", "a.md", "--no-color"],
    ])
    func doubtfulCommandLinesAreLeftToArgumentParser(_ arguments: [String]) {
        #expect(FastLintCommandLine.options(arguments) == nil)
    }
}
