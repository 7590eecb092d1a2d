import Foundation

/// The few git commands jamlint needs for `--staged` and `install-hook`.
public enum Git {
    /// Runs `git ARGS` and returns its standard output; a non-zero exit becomes a ToolError.
    static func run(_ arguments: [String]) throws(ToolError) -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw ToolError("cannot run git: \(error)")
        }
        // Read both pipes before waiting, so a large blob cannot block git on a full pipe.
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let text = String(decoding: errors, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw ToolError("git \(arguments.first ?? "") failed: \(text)")
        }
        return data
    }

    /// The top folder of the working tree jamlint runs in.
    public static func topLevel() throws(ToolError) -> String {
        let data = try run(["rev-parse", "--show-toplevel"])
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .newlines)
    }

    /// Added, copied, modified or renamed files in the index, relative to the top level.
    public static func stagedPaths() throws(ToolError) -> [String] {
        let data = try run(["diff", "--cached", "--name-only", "-z", "--diff-filter=ACMR", "--no-renames"])
        return data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The staged content of `path` (relative to the top level).
    public static func stagedBlob(_ path: String) -> Result<[UInt8], ParseError> {
        do throws(ToolError) {
            return .success([UInt8](try run(["cat-file", "blob", ":" + path])))
        } catch {
            return .failure(ParseError(path: path, message: "cannot read the staged file: \(error.message)"))
        }
    }

    /// Inputs for `jamlint lint --staged`: staged memo files (known extensions, not excluded),
    /// read from the index rather than the working tree, so what is checked is what is committed.
    public static func stagedInputs(walker: FileWalker) throws(ToolError) -> [LintInput] {
        try stagedPaths()
            .filter { DocumentFormat.forPath($0) != nil && !walker.isExcluded($0) }
            .sorted()
            .map { path in .bytes(path: path, load: { stagedBlob(path) }) }
    }

    /// Where git looks for the pre-commit hook (honours worktrees and `core.hooksPath`).
    public static func hookPath(_ name: String) throws(ToolError) -> String {
        let data = try run(["rev-parse", "--git-path", "hooks/" + name])
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .newlines)
    }
}
