import ArgumentParser
import Foundation
import JamlintCore

// Lives outside JamlintCommand.swift only until the lead folds it in: ArgumentParser exits with
// 64 on a usage error, but jamlint documents 2 for every usage, configuration or input error.
extension Jamlint {
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(ExitPolicy.toolError)
            }
            exit(withError: error)
        }
    }
}
