import ArgumentParser
import JamlintCore

// PLACEHOLDER (helper D)
struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Lint memo files and folders.")
    @Argument var paths: [String] = []
    func run() throws {
        let linter = try Linter()
        for path in paths {
            let result = linter.lintFile(path: path)
            if let e = result.error { print(e) }
            for f in result.findings { print("\(f.path):\(f.start.line):\(f.start.column): \(f.severity.rawValue): \(f.message) [\(f.ruleID)]") }
        }
    }
}
