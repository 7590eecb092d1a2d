import Foundation
import Testing
@testable import JamlintCore

/// A broken or missing `sections.yml` is reported at its file, line and column, as the other rule
/// files are (Yams's own error named neither the file nor, readably, the place).
@Suite struct StructureLexiconErrorTests {
    @Test func aYAMLSyntaxErrorNamesTheFileAndLine() throws {
        let yaml = "sections:\n  gender:\n    - Jämställdhet\n  basis: [\n"
        do {
            _ = try StructureLexicon.parse(yaml: yaml, path: "Regler/sections.yml")
            Issue.record("a broken sections.yml loaded")
        } catch let e as ParseError {
            #expect(e.path == "Regler/sections.yml")
            #expect(e.line >= 4)
            #expect(e.message.hasPrefix("invalid YAML"), "\(e.message)")
            #expect(e.description.hasPrefix("Regler/sections.yml:\(e.line):\(e.column): error: invalid YAML"))
        }
    }

    @Test func aMissingFileNamesItsPath() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("saknas-\(UUID().uuidString)/sections.yml").path
        do {
            _ = try StructureLexicon.load(path: path)
            Issue.record("a missing sections.yml loaded")
        } catch let e as ParseError {
            #expect(e.path == path)
            #expect(e.message.contains("cannot read"))
        }
    }

    @Test func theShippedFileStillLoads() throws {
        let lexicon = try StructureLexicon.load(path: RuleExamplesTests.rulesDirectory + "/sections.yml")
        #expect(!lexicon.categories(ofHeading: "Jämställdhetsanalys").isEmpty)
    }
}
