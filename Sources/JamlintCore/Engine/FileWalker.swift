#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns the paths on the command line into the list of files to lint. Named files are linted
/// whatever their extension; folders are walked recursively for the extensions
/// `DocumentFormat.forPath` knows, skipping hidden entries, excluded paths and symlink loops.
/// The list is sorted by path and free of duplicates, so output order never depends on the
/// order of arguments or of `readdir`.
public struct FileWalker: Sendable {
    /// `fnmatch(3)` patterns. One without `/` matches any single path component (`drafts`,
    /// `*.utkast.md`); one with `/` matches the whole path relative to where jamlint runs
    /// (`arkiv/*`, `**/mall.md`), where `*` also crosses `/`.
    public var excludes: [String]

    public init(excludes: [String] = []) {
        self.excludes = excludes
    }

    public func collect(_ paths: [String]) -> [LintInput] {
        var skipped: [String] = []
        return collect(paths, skippedNamedFiles: &skipped)
    }

    /// `collect`, also listing the files named in `paths` that an exclude pattern skipped (in
    /// the order named), so that the caller can say why a file it was asked for gave no report.
    public func collect(_ paths: [String], skippedNamedFiles: inout [String]) -> [LintInput] {
        var files = Set<String>()
        var skipped = Set(skippedNamedFiles)
        var failures: [String: ParseError] = [:]
        var visited = Set<DirectoryID>()
        for raw in paths {
            let path = Self.normalize(raw)
            var st = stat()
            guard stat(path, &st) == 0 else {
                failures[path] = ParseError(path: path, message: "cannot open: \(String(cString: strerror(errno)))")
                continue
            }
            if (st.st_mode & S_IFMT) == S_IFDIR {
                if path != "." && isExcluded(path) { continue }
                walk(path, id: DirectoryID(st), into: &files, failures: &failures, visited: &visited)
            } else if !isExcluded(path) {
                files.insert(path)
            } else if skipped.insert(path).inserted {
                skippedNamedFiles.append(path)
            }
        }
        var inputs = files.map { LintInput.file($0) }
        inputs += failures.filter { !files.contains($0.key) }.map { LintInput.failure($0.value) }
        return Self.sortedByPath(inputs, \.path)
    }

    /// `items` sorted as `path($0) < path($1)` sorts them. When no path has a scalar from U+0300
    /// on (UTF-8 bytes below 0xCC), each is its own NFC form and the String order is the order
    /// of the UTF-8 bytes, which is compared instead: String comparison was half of collecting a
    /// 10,000-file folder in a profile. Otherwise the String order itself.
    static func sortedByPath<T>(_ items: [T], _ path: (T) -> String) -> [T] {
        var keyed: [(bytes: [UInt8], item: T)] = []
        keyed.reserveCapacity(items.count)
        for item in items {
            let bytes = Array(path(item).utf8)
            if bytes.contains(where: { $0 >= 0xCC }) { return items.sorted { path($0) < path($1) } }
            keyed.append((bytes, item))
        }
        keyed.sort { a, b in
            a.bytes.withUnsafeBufferPointer { x in
                b.bytes.withUnsafeBufferPointer { y in
                    let n = min(x.count, y.count)
                    guard n > 0, let xa = x.baseAddress, let ya = y.baseAddress else { return x.count < y.count }
                    let c = memcmp(xa, ya, n)
                    return c != 0 ? c < 0 : x.count < y.count
                }
            }
        }
        return keyed.map(\.item)
    }

    /// Whether `path` (as shown in reports) is excluded by a pattern.
    public func isExcluded(_ path: String) -> Bool {
        guard !excludes.isEmpty else { return false }
        let path = Self.normalize(path)
        for pattern in excludes {
            if pattern.contains("/") {
                var p = Substring(pattern)
                while p.hasPrefix("./") { p = p.dropFirst(2) }
                if p.hasSuffix("/") { p = p.dropLast() }
                if fnmatch(String(p), path, 0) == 0 { return true }
                // `**/x` should also match `x` at the top.
                if p.hasPrefix("**/"), fnmatch(String(p.dropFirst(3)), path, 0) == 0 { return true }
            } else {
                for component in path.split(separator: "/") where fnmatch(pattern, String(component), 0) == 0 {
                    return true
                }
            }
        }
        return false
    }

    struct DirectoryID: Hashable {
        var device: UInt64
        var inode: UInt64
        init(_ st: stat) {
            device = UInt64(st.st_dev)
            inode = UInt64(st.st_ino)
        }
    }

    func walk(_ dir: String, id: DirectoryID, into files: inout Set<String>, failures: inout [String: ParseError],
              visited: inout Set<DirectoryID>) {
        guard visited.insert(id).inserted else { return }
        guard let handle = opendir(dir) else {
            failures[dir] = ParseError(path: dir, message: "cannot read folder: \(String(cString: strerror(errno)))")
            return
        }
        var names: [(name: String, regular: Bool)] = []
        while let entry = readdir(handle) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            // Hidden entries, and the lock files Word and LibreOffice keep beside an open
            // document (~$memo.docx, .~lock.memo.odt#), are not memos.
            if name.hasPrefix(".") || name.hasPrefix("~$") { continue }
            // The entry's type, where the file system gives it, spares a memo its `stat` (a system
            // call per file of an agenda folder); links and unknown types are stat'ed below.
            names.append((name, entry.pointee.d_type == UInt8(DT_REG)))
        }
        closedir(handle)
        names = Self.sortedByPath(names, { $0.name })
        for (name, regular) in names {
            let child = dir == "." ? name : dir + "/" + name
            if isExcluded(child) { continue }
            if regular {
                if DocumentFormat.forPath(name) != nil { files.insert(child) }
                continue
            }
            var st = stat()
            // stat follows symlinks: a linked folder is walked once, a link back up is skipped by `visited`.
            guard stat(child, &st) == 0 else { continue }
            switch st.st_mode & S_IFMT {
            case S_IFDIR:
                walk(child, id: DirectoryID(st), into: &files, failures: &failures, visited: &visited)
            case S_IFREG:
                if DocumentFormat.forPath(name) != nil { files.insert(child) }
            default:
                continue
            }
        }
    }

    /// Drops `./` prefixes and trailing slashes so the same file always has the same name.
    static func normalize(_ path: String) -> String {
        var p = Substring(path)
        while p.hasPrefix("./") && p.count > 2 { p = p.dropFirst(2) }
        while p.count > 1 && p.hasSuffix("/") { p = p.dropLast() }
        if p == "./" { return "." }
        return String(p)
    }
}
