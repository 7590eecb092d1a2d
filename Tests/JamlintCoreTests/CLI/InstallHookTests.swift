import Foundation
import Testing
@testable import JamlintCore

/// `jamlint install-hook` and `lint --staged` in a throwaway git repository.
@Suite struct InstallHookTests {
    struct Repo {
        let dir: TempDirectory
        let environment: [String: String]

        init() throws {
            dir = try TempDirectory()
            environment = [
                "HOME": dir.path, "GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "t@example.org",
                "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "t@example.org",
            ]
            let r = try git(["init", "-q", "-b", "main"])
            #expect(r.status == 0, "\(r.stderr)")
        }

        @discardableResult
        func git(_ args: [String]) throws -> JamlintBinary.Output {
            try JamlintBinary.runProcess("/usr/bin/env", ["git"] + args, in: dir.path, environment: environment)
        }

        func jamlint(_ args: [String]) throws -> JamlintBinary.Output {
            try JamlintBinary.run(args, in: dir.path, environment: environment)
        }

        func commit(_ message: String) throws -> JamlintBinary.Output { try git(["commit", "-q", "-m", message]) }
    }

    @Test func hookLintsStagedContentAndRefusesBadCommits() throws {
        let repo = try Repo()
        defer { repo.dir.remove() }
        let install = try repo.jamlint(["install-hook"])
        #expect(install.status == 0, "\(install.stderr)")
        let hook = repo.dir.path + "/.git/hooks/pre-commit"
        #expect(FileManager.default.isExecutableFile(atPath: hook))
        #expect(repo.dir.read(".git/hooks/pre-commit")?.contains("lint --staged") == true)

        try repo.dir.write("agenda/ok.md", Memo.clean)
        try repo.git(["add", "."])
        #expect(try repo.commit("ok").status == 0)

        try repo.dir.write("agenda/trasig.md", [0x61, 0xFF, 0x0A])
        try repo.git(["add", "."])
        let refused = try repo.commit("bad")
        #expect(refused.status != 0)
        #expect((refused.stdout + refused.stderr).contains("agenda/trasig.md:1:2: error: invalid UTF-8"))

        // Fixing only the working tree is not enough: the hook reads what is staged.
        try repo.dir.write("agenda/trasig.md", Memo.clean)
        #expect(try repo.commit("still bad").status != 0)
        try repo.git(["add", "agenda/trasig.md"])
        #expect(try repo.commit("fixed").status == 0)

        // Files that are not memos are not linted, and deleted memos are skipped.
        try repo.dir.write("bilaga.bin", [0x00, 0xFF])
        try repo.git(["add", "."])
        try repo.git(["rm", "-q", "agenda/ok.md"])
        #expect(try repo.commit("attachment").status == 0)
    }

    @Test func neverOverwritesAHookWithoutForce() throws {
        let repo = try Repo()
        defer { repo.dir.remove() }
        try repo.dir.write(".git/hooks/pre-commit", "#!/bin/sh\necho mine\n")
        let refused = try repo.jamlint(["install-hook"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("--force"))
        #expect(repo.dir.read(".git/hooks/pre-commit") == "#!/bin/sh\necho mine\n")
        let forced = try repo.jamlint(["install-hook", "--force"])
        #expect(forced.status == 0)
        #expect(repo.dir.read(".git/hooks/pre-commit")?.hasPrefix("#!/bin/sh\n\(HookInstaller.marker)") == true)
    }

    /// A hook that links to a script the repository shares is replaced by `--force`; the shared
    /// script is not rewritten through the link.
    @Test func forcedInstallReplacesALinkedHookNotItsTarget() throws {
        let repo = try Repo()
        defer { repo.dir.remove() }
        try repo.dir.write("scripts/pre-commit", "#!/bin/sh\necho shared\n")
        let hook = repo.dir.path + "/.git/hooks/pre-commit"
        try? FileManager.default.removeItem(atPath: hook)
        try FileManager.default.createSymbolicLink(atPath: hook, withDestinationPath: "../../scripts/pre-commit")
        // A link is a hook, also when what it points to is gone: kept without --force.
        try FileManager.default.removeItem(atPath: repo.dir.path + "/scripts/pre-commit")
        #expect(try repo.jamlint(["install-hook"]).status == 2)
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: hook)) == "../../scripts/pre-commit")
        try repo.dir.write("scripts/pre-commit", "#!/bin/sh\necho shared\n")
        let forced = try repo.jamlint(["install-hook", "--force"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(repo.dir.read("scripts/pre-commit") == "#!/bin/sh\necho shared\n")
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: hook)) == nil)
        #expect(repo.dir.read(".git/hooks/pre-commit")?.hasPrefix("#!/bin/sh\n\(HookInstaller.marker)") == true)
    }

    @Test func stagedModeReportsRootRelativePathsFromASubfolder() throws {
        let repo = try Repo()
        defer { repo.dir.remove() }
        try repo.dir.write("a/b/memo.md", [0xFF])
        try repo.dir.write("a/b/other.txt", "ok\n")
        try repo.git(["add", "."])
        let r = try JamlintBinary.run(["lint", "--staged", "--lang", "en"], in: repo.dir.path + "/a",
                                      environment: repo.environment)
        #expect(r.status == 2)
        #expect(r.stdout.hasPrefix("a/b/memo.md:1:1: error: invalid UTF-8"))
        #expect(r.stdout.hasSuffix("in 2 files; 1 file could not be read\n"))
    }

    @Test func outsideARepositoryIsAToolError() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let env = ["GIT_CEILING_DIRECTORIES": (dir.path as NSString).deletingLastPathComponent]
        let r = try JamlintBinary.run(["lint", "--staged"], in: dir.path, environment: env)
        #expect(r.status == 2)
        #expect(r.stderr.contains("git"))
    }

    @Test func hookScriptQuotesTheExecutablePath() {
        let script = HookInstaller.script(executable: "/opt/it's here/jamlint")
        #expect(script.contains("JAMLINT='/opt/it'\\''s here/jamlint'\n"))
        #expect(script.hasSuffix("exec \"$JAMLINT\" lint --staged\n"))
    }
}

extension InstallHookTests {
    @Test func stagedModeKeepsRelativeOutputPathsWhereTheyWereGiven() throws {
        let repo = try Repo()
        defer { repo.dir.remove() }
        try repo.dir.write("sub/memo.md", Memo.clean)
        try repo.git(["add", "."])
        let r = try JamlintBinary.run(["lint", "--staged", "-f", "json", "-o", "report.json"], in: repo.dir.path + "/sub",
                                      environment: repo.environment)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(repo.dir.read("sub/report.json")?.contains(#""path":"sub/memo.md""#) == true)
    }
}

extension InstallHookTests {
    @Test func hookRefusesAMemoWithoutAGenderSectionUntilTheStagedContentIsFixed() throws {
        let repo = try Repo()
        defer { repo.dir.remove() }
        #expect(try repo.jamlint(["install-hook"]).status == 0)

        try repo.dir.write("agenda/färdtjänst.md", Memo.missingGenderSection)
        try repo.git(["add", "."])
        let refused = try repo.commit("no gender section")
        #expect(refused.status != 0)
        #expect((refused.stdout + refused.stderr).contains("agenda/färdtjänst.md:1:3: error: beslutsunderlaget saknar "
            + "en beskrivning av konsekvenser för kvinnor och män, flickor och pojkar [JAM001]\n"
            + " 1 | # Ny taxa för färdtjänst\n   |   ^^^^^^^^^^^^^^^^^^^^^^\n"))

        // The fix only in the working tree: the staged memo still has no gender section.
        try repo.dir.write("agenda/färdtjänst.md", Memo.relevant())
        let stillRefused = try repo.commit("fixed in the working tree only")
        #expect(stillRefused.status != 0)
        #expect((stillRefused.stdout + stillRefused.stderr).contains("[JAM001]"))

        try repo.git(["add", "agenda/färdtjänst.md"])
        let accepted = try repo.commit("gender section added")
        #expect(accepted.status == 0, "\(accepted.stdout)\(accepted.stderr)")
        #expect(try repo.git(["log", "--format=%s"]).stdout == "gender section added\n")
    }
}
