import Foundation

/// Finds the configuration that applies to each linted file: `--config PATH` when given, otherwise the
/// nearest `.jamlint.yml` in the file's folder or any folder above it, up to the filesystem root.
///
/// Thread-safe: one resolver serves every worker. Each folder's answer (a configuration, none, or the
/// error of a broken file) is cached, so a tree of memos costs one walk up per distinct folder and every
/// file under a broken configuration reports the same error.
public final class ConfigurationResolver: @unchecked Sendable {
    /// The file names looked for in each folder, the first found wins.
    public static let fileNames = [".jamlint.yml", ".jamlint.yaml"]

    private let explicit: Configuration?
    private let lock = NSLock()
    // Guarded by `lock`.
    private var cache: [String: Result<Configuration?, ConfigError>] = [:]

    /// With `explicitPath`, that file is read now and used for every file (a broken one throws here).
    public init(explicitPath: String?) throws(ConfigError) {
        if let explicitPath {
            explicit = try Configuration.load(path: explicitPath)
        } else {
            explicit = nil
        }
    }

    /// The configuration for a file (the file itself need not exist: stdin is linted under a given path).
    public func configuration(forFile path: String) throws(ConfigError) -> Configuration? {
        if let explicit { return explicit }
        let directory = Self.parentDirectory(Self.absolutePath(path))
        lock.lock()
        defer { lock.unlock() }
        return try lookup(directory).get()
    }

    /// Walks up from `directory` until a cached answer or a configuration file is found. Called with the lock
    /// held: loading a small YAML file is cheaper than parsing it twice on two threads.
    private func lookup(_ directory: String) -> Result<Configuration?, ConfigError> {
        var visited: [String] = []
        var current = directory
        var answer: Result<Configuration?, ConfigError> = .success(nil)
        while true {
            if let cached = cache[current] {
                answer = cached
                break
            }
            visited.append(current)
            if let file = Self.configFile(in: current) {
                do throws(ConfigError) {
                    answer = .success(try Configuration.load(path: file))
                } catch {
                    answer = .failure(error)
                }
                break
            }
            let parent = Self.parentDirectory(current)
            if parent == current { break }
            current = parent
        }
        for folder in visited { cache[folder] = answer }
        return answer
    }

    private static func configFile(in directory: String) -> String? {
        let fm = FileManager.default
        for name in fileNames {
            let candidate = directory == "/" ? "/" + name : directory + "/" + name
            var isDirectory: ObjCBool = false
            if fm.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue {
                return candidate
            }
        }
        return nil
    }

    /// `path` made absolute (against `base`, default the current folder) with `.` and `..` removed;
    /// symbolic links are kept, as the user wrote them.
    static func absolutePath(_ path: String, relativeTo base: String? = nil) -> String {
        let joined: String
        if path.hasPrefix("/") {
            joined = path
        } else {
            let root = base ?? FileManager.default.currentDirectoryPath
            joined = root.hasSuffix("/") ? root + path : root + "/" + path
        }
        var parts: [Substring] = []
        for part in joined.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." { if !parts.isEmpty { parts.removeLast() }; continue }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    /// The folder that holds an absolute path; "/" for "/" itself.
    static func parentDirectory(_ absolute: String) -> String {
        guard let slash = absolute.lastIndex(of: "/"), slash != absolute.startIndex else { return "/" }
        return String(absolute[..<slash])
    }
}
