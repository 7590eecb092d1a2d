import Testing
@testable import JamlintCore

@Suite struct IgnorePatternTests {
    func config(_ ignore: [String]) -> Configuration {
        Configuration(sourcePath: "/kommun/.jamlint.yml", directory: "/kommun", ignore: ignore)
    }

    @Test func doubleStarIgnoresAFolderTree() {
        let c = config(["arkiv/**"])
        #expect(c.isIgnored("/kommun/arkiv/a.md"))
        #expect(c.isIgnored("/kommun/arkiv/2019/05/a.md"))
        #expect(!c.isIgnored("/kommun/arkivet/a.md"))
        #expect(!c.isIgnored("/kommun/nämnd/arkiv/a.md"))
    }

    @Test func patternWithoutSlashMatchesANameAtAnyDepth() {
        let c = config(["*.draft.md"])
        #expect(c.isIgnored("/kommun/a.draft.md"))
        #expect(c.isIgnored("/kommun/nämnd/2024/a.draft.md"))
        #expect(!c.isIgnored("/kommun/a.md"))
        let folder = config(["utkast"])
        #expect(folder.isIgnored("/kommun/nämnd/utkast/a.md"))
        #expect(!folder.isIgnored("/kommun/nämnd/utkast2/a.md"))
    }

    @Test func patternWithSlashIsAnchoredAndStarStopsAtSlash() {
        let c = config(["nämnd/*.md"])
        #expect(c.isIgnored("/kommun/nämnd/a.md"))
        #expect(!c.isIgnored("/kommun/nämnd/sub/a.md"))
        #expect(!c.isIgnored("/kommun/x/nämnd/a.md"))
        let rooted = config(["/a.md", "./b.md"])
        #expect(rooted.isIgnored("/kommun/a.md"))
        #expect(rooted.isIgnored("/kommun/b.md"))
        #expect(!rooted.isIgnored("/kommun/sub/a.md"))
    }

    @Test func doubleStarInTheMiddleMatchesZeroOrMoreFolders() {
        let c = config(["**/utkast/*.md", "a/**/b.md"])
        #expect(c.isIgnored("/kommun/utkast/x.md"))
        #expect(c.isIgnored("/kommun/p/q/utkast/x.md"))
        #expect(!c.isIgnored("/kommun/p/utkast/sub/x.md"))
        #expect(c.isIgnored("/kommun/a/b.md"))
        #expect(c.isIgnored("/kommun/a/x/y/b.md"))
        #expect(!c.isIgnored("/kommun/a/x/c.md"))
    }

    @Test func trailingSlashMatchesFoldersOnly() {
        let c = config(["tmp/"])
        #expect(c.isIgnored("/kommun/tmp/a.md"))
        #expect(c.isIgnored("/kommun/x/tmp/a.md"))
        #expect(!c.isIgnored("/kommun/tmp"))
        #expect(c.isIgnored("/kommun/tmp", isDirectory: true))
        #expect(c.isIgnored("/kommun/x/tmp/", isDirectory: true))
    }

    @Test func foldersCanBePrunedBeforeTheWalkEntersThem() {
        let c = config(["arkiv/**", "*.draft.md"])
        #expect(c.isIgnored("/kommun/arkiv", isDirectory: true))
        #expect(!c.isIgnored("/kommun/nämnd", isDirectory: true))
        #expect(!c.isIgnored("/kommun", isDirectory: true))
    }

    @Test func filesOutsideTheConfigurationFolderAreNeverIgnored() {
        let c = config(["**", "*.md"])
        #expect(!c.isIgnored("/annan/a.md"))
        #expect(!c.isIgnored("/kommunen/a.md"))
        #expect(c.isIgnored("/kommun/a.md"))
        #expect(!config([]).isIgnored("/kommun/a.md"))
    }

    @Test func ignoreGlobsComeFromTheFile() throws {
        let c = try Configuration.parse(yaml: "ignore: [\"arkiv/**\", \"*.draft.md\"]\n", path: "/kommun/.jamlint.yml")
        #expect(c.isIgnored("/kommun/arkiv/x.md"))
        #expect(c.isIgnored("/kommun/y/x.draft.md"))
        #expect(!c.isIgnored("/kommun/y/x.md"))
    }
}
