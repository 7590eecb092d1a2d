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
    /// The folder relative paths are resolved against, once `pinCurrentDirectory()` was called; nil:
    /// the current folder at each call. Guarded by `lock`.
    private var pinned: String?
    /// With a pinned folder: the answer for each folder prefix of a path as written ("memos/2024/"
    /// for "memos/2024/a.md", "" for "a.md"). Guarded by `lock`.
    ///
    /// A folder run asks twice per file (ignore globs, then the rules), and each answer made the
    /// path absolute, which took a `getcwd` system call and a new string: a strace of a 10,000-memo
    /// run showed 20,000 `getcwd` calls.
    private var byPrefix: [Substring: Result<Configuration?, ConfigError>] = [:]
    /// The prefix asked for last and its answer (in `byPrefix` too). A folder run asks folder by
    /// folder, twice per file; comparing the prefix's bytes skips `folderPrefix` and the hash of a
    /// Substring key, ~2,500 instructions a call (callgrind, 1,000 memos: 1.3 % of a run). Guarded by `lock`.
    private var last: (prefix: String, answer: Result<Configuration?, ConfigError>)?

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
        lock.lock()
        defer { lock.unlock() }
        guard let base = pinned else {
            return try lookup(Self.parentDirectory(Self.absolutePath(path))).get()
        }
        if let answer = lastAnswer(forFile: path) { return try answer.get() }
        guard let prefix = Self.folderPrefix(path) else {
            return try lookup(Self.parentDirectory(Self.absolutePath(path, relativeTo: base))).get()
        }
        if let known = byPrefix[prefix] {
            last = (String(prefix), known)
            return try known.get()
        }
        let answer = lookup(Self.parentDirectory(Self.absolutePath(path, relativeTo: base)))
        byPrefix[prefix] = answer
        last = (String(prefix), answer)
        return try answer.get()
    }

    /// `configuration(forFile:)` with a pinned folder for a path in the folder asked last, or nil.
    private func lastAnswer(forFile path: String) -> Result<Configuration?, ConfigError>? {
        guard let last, Self.hasFolderPrefix(path, last.prefix) else { return nil }
        return last.answer
    }

    /// Whether `folderPrefix(path)` is `prefix`, itself a `folderPrefix` answer: `path` is `prefix`
    /// and a last component with no `/` that is not empty, `.` or `..`, and that does not start
    /// with a byte from U+0080 on after a `/` (the bytes before it were `prefix`'s, checked then).
    static func hasFolderPrefix(_ path: String, _ prefix: String) -> Bool {
        var path = path, prefix = prefix
        return path.withUTF8 { p in
            prefix.withUTF8 { q in
                let m = q.count, n = p.count
                guard n > m, memcmp(p.baseAddress!, q.baseAddress ?? p.baseAddress!, m) == 0 else { return false }
                if m > 0 && p[m] >= 0x80 { return false }
                var dots = 0
                for i in m..<n {
                    let b = p[i]
                    if b == UInt8(ascii: "/") { return false }
                    if b == UInt8(ascii: ".") { dots += 1 }
                }
                return !(dots == n - m && dots <= 2)
            }
        }
    }

    /// Resolves relative paths against the current folder as it is now, for every later call. A
    /// run pins it once it has changed folder (if it does: `--staged` moves to the top of the
    /// working tree) and before the first file; without it, each call reads the current folder.
    public func pinCurrentDirectory() {
        let directory = Self.currentDirectory()
        lock.lock()
        defer { lock.unlock() }
        if pinned != directory {
            pinned = directory
            byPrefix = [:]
            last = nil
        }
    }

    /// `path` up to and including its last `/` ("" without one), when every path with that prefix
    /// has the same folder: nil when the last component is empty, `.` or `..` (then the folder is
    /// not the prefix's), or when a byte from U+0080 on follows a `/` (`absolutePath` then splits
    /// by Characters, where a combining mark after `/` joins it into another Character).
    ///
    /// Over the path's bytes in place: through the generic UTF-8 view this was ~5,500 instructions
    /// a call, two calls a file (callgrind, 1,000 memos: 1 % of a run).
    static func folderPrefix(_ path: String) -> Substring? {
        let cut = path.utf8.withContiguousStorageIfAvailable { bytes -> Int? in
            if hasNonASCIIAfterSlash(bytes) { return nil }
            var start = bytes.count
            while start > 0 && bytes[start - 1] != UInt8(ascii: "/") { start -= 1 }
            let length = bytes.count - start
            if length == 0 { return nil }
            if bytes[start] == UInt8(ascii: "."), length == 1 || length == 2 && bytes[start + 1] == UInt8(ascii: ".") {
                return nil
            }
            return start
        }
        guard let cut else {
            // Not contiguous (a bridged string): once more on a native copy.
            var native = path
            native.makeContiguousUTF8()
            return folderPrefix(native)
        }
        // After a "/" (ASCII) or at 0: a scalar boundary, so a valid index of the string.
        return cut.map { path[..<path.utf8.index(path.utf8.startIndex, offsetBy: $0)] }
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
    ///
    /// On bytes: every linted file is resolved twice (configuration, ignore patterns), and the
    /// Character-wise split and join plus Foundation's current-folder look-up showed in profiles
    /// of folder runs. Splitting at the byte `/` gives the Character-wise result unless a
    /// non-ASCII scalar follows a `/` (a combining mark would make "/" + mark one Character);
    /// such paths take the Character-wise way.
    static func absolutePath(_ path: String, relativeTo base: String? = nil) -> String {
        var joined: [UInt8] = []
        if path.utf8.first != UInt8(ascii: "/") {
            joined.append(contentsOf: (base ?? currentDirectory()).utf8)
            joined.append(UInt8(ascii: "/"))
        }
        joined.append(contentsOf: path.utf8)
        if hasNonASCIIAfterSlash(joined) { return absolutePathByCharacters(String(decoding: joined, as: UTF8.self)) }
        var out: [UInt8] = []
        out.reserveCapacity(joined.count + 1)
        // Component starts in `out`, so `..` can drop the last one.
        var starts: [Int] = []
        var i = 0
        let n = joined.count
        while i < n {
            while i < n && joined[i] == UInt8(ascii: "/") { i += 1 }
            guard i < n else { break }
            var j = i
            while j < n && joined[j] != UInt8(ascii: "/") { j += 1 }
            let length = j - i
            if length == 1 && joined[i] == UInt8(ascii: ".") {
                // "." stays where it is.
            } else if length == 2 && joined[i] == UInt8(ascii: ".") && joined[i + 1] == UInt8(ascii: ".") {
                if let last = starts.popLast() { out.removeSubrange(last...) }
            } else {
                starts.append(out.count)
                out.append(UInt8(ascii: "/"))
                out.append(contentsOf: joined[i..<j])
            }
            i = j
        }
        return out.isEmpty ? "/" : String(decoding: out, as: UTF8.self)
    }

    /// Whether a byte from U+0080 on follows a `/`: such a path is split by Characters, where a
    /// combining mark after `/` joins it into another Character.
    static func hasNonASCIIAfterSlash<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Bool {
        var previous: UInt8 = 0
        for b in bytes {
            if previous == UInt8(ascii: "/") && b >= 0x80 { return true }
            previous = b
        }
        return false
    }

    static func absolutePathByCharacters(_ joined: String) -> String {
        var parts: [Substring] = []
        for part in joined.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." { if !parts.isEmpty { parts.removeLast() }; continue }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    /// The current folder, by `getcwd` (Foundation's `currentDirectoryPath` costs far more).
    static func currentDirectory() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getcwd(&buffer, buffer.count) != nil else { return FileManager.default.currentDirectoryPath }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The folder that holds an absolute path; "/" for "/" itself.
    static func parentDirectory(_ absolute: String) -> String {
        let utf8 = absolute.utf8
        guard let slash = utf8.lastIndex(of: UInt8(ascii: "/")), slash != utf8.startIndex else { return "/" }
        return String(decoding: utf8[..<slash], as: UTF8.self)
    }
}
