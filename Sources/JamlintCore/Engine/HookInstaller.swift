import Foundation

/// Writes the plain git pre-commit hook of `jamlint install-hook`: it lints the staged content of
/// staged memo files with `jamlint lint --staged` and refuses the commit when that fails.
public enum HookInstaller {
    public static let marker = "# jamlint pre-commit hook"

    public static func script(executable: String) -> String {
        let quoted = "'" + executable.replacingOccurrences(of: "'", with: "'\\''") + "'"
        return """
            #!/bin/sh
            \(marker), written by `jamlint install-hook`.
            # Lints the staged content of staged memo files and refuses the commit when a finding
            # fails the check. Skip it once with `git commit --no-verify`.
            JAMLINT=\(quoted)
            [ -x "$JAMLINT" ] || JAMLINT=jamlint
            exec "$JAMLINT" lint --staged

            """
    }

    /// Installs the hook and returns its path. An existing hook is kept unless `force` is set.
    @discardableResult
    public static func install(force: Bool, executable: String = currentExecutable()) throws(ToolError) -> String {
        let path = try Git.hookPath("pre-commit")
        let fm = FileManager.default
        // A link counts as a hook even when what it points to is gone (`fileExists` follows links).
        let isLink = (try? fm.destinationOfSymbolicLink(atPath: path)) != nil
        if (isLink || fm.fileExists(atPath: path)) && !force {
            throw ToolError("a pre-commit hook already exists at \(path); use --force to replace it")
        }
        let dir = (path as NSString).deletingLastPathComponent
        do {
            try fm.createDirectory(atPath: dir.isEmpty ? "." : dir, withIntermediateDirectories: true)
        } catch {
            throw ToolError("cannot create \(dir): \(error)")
        }
        // A hook that is a link (to a script the repository shares) is replaced, not written through.
        try OutputSink.writeFile(path, script(executable: executable), followingLinks: false)
        do {
            try fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        } catch {
            throw ToolError("cannot make \(path) executable: \(error)")
        }
        return path
    }

    /// The absolute path of the running jamlint, so the hook works without jamlint on PATH.
    public static func currentExecutable() -> String {
        if let link = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return link }
        let arg = CommandLine.arguments.first ?? "jamlint"
        if arg.hasPrefix("/") { return arg }
        if arg.contains("/") { return FileManager.default.currentDirectoryPath + "/" + arg }
        return arg
    }
}
