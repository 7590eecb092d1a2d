#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a report goes: standard output, or a file written atomically (a temporary file in the
/// same folder, renamed over the target only when the report is complete), so a CI job or an
/// editor never reads half a report and a failed run leaves the previous report in place.
///
/// Only a regular file (or a path where nothing is yet) is replaced that way. An existing target of
/// another kind, such as `/dev/null`, a FIFO, a terminal or `/dev/stdout`, is opened and written in
/// place: renaming a file over it would replace the device node itself (as root, `--output
/// /dev/null` turned the machine's `/dev/null` into a regular file). A symbolic link is followed:
/// the file it points to is replaced and the link stays.
public final class OutputSink {
    private let fd: Int32
    private let tempPath: String?
    private let finalPath: String?
    /// True when `commit` and `discard` close `fd` (a target written in place).
    private let ownsDescriptor: Bool
    private var buffer: [UInt8] = []
    private var failure: String?
    /// Set once `fd` is closed: `discard` after a failed `commit` must not close it again (the number
    /// may by then belong to another file).
    private var isClosed = false
    public let isTerminal: Bool
    /// Nothing is written before `commit` (which `discard` then drops): `holdUntilCommit`.
    private var holdsUntilCommit = false

    private init(fd: Int32, tempPath: String?, finalPath: String?, ownsDescriptor: Bool = false) {
        self.fd = fd
        self.tempPath = tempPath
        self.finalPath = finalPath
        self.ownsDescriptor = ownsDescriptor
        self.isTerminal = tempPath == nil && isatty(fd) == 1
    }

    public static func standardOutput() -> OutputSink {
        OutputSink(fd: 1, tempPath: nil, finalPath: nil)
    }

    /// `followingLinks: false` replaces a symbolic link at `path` itself (the hook installer: a
    /// forced install must not rewrite a shared script the hook links to).
    public static func atomicFile(_ path: String, followingLinks: Bool = true) throws(ToolError) -> OutputSink {
        func failure(_ what: String) -> ToolError { ToolError("\(what) \(path): \(String(cString: strerror(errno)))") }
        var target = path
        if followingLinks, FileStatus(linkAt: path)?.isSymbolicLink == true {
            // One of this process's descriptors (/dev/stdout, /dev/fd/2, /proc/self/fd/N, or a link
            // to one): written through a duplicate. Resolved, a regular file behind it would be
            // replaced, and reopened it would lose the shell's O_APPEND and offset.
            if let n = ownDescriptor(path) {
                let fd = fcntl(n, F_DUPFD_CLOEXEC, 0)
                if fd < 0 { throw failure("cannot write to") }
                return OutputSink(fd: fd, tempPath: nil, finalPath: nil, ownsDescriptor: true)
            }
            // The kernel follows the link, with its own rules: loops fail, and so does a link in a
            // shared sticky folder (/tmp) that another user planted, under fs.protected_symlinks.
            let handle = open(path, openPathOnly | O_CLOEXEC)
            if handle < 0 {
                guard errno == ENOENT else { throw failure("cannot open") }
                // A link to a file that is not there yet: created through the link, as `>` does.
                let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
                if fd < 0 { throw failure("cannot create") }
                return OutputSink(fd: fd, tempPath: nil, finalPath: nil, ownsDescriptor: true)
            }
            defer { close(handle) }
            if let pointed = FileStatus(descriptor: handle), !pointed.isRegularFile {
                if pointed.isDirectory { throw ToolError("output path \(path) names a folder, not a file") }
                // A device, FIFO or socket behind the link: written in place, through the link.
                let fd = open(path, O_WRONLY | O_CLOEXEC)
                if fd < 0 { throw failure("cannot open") }
                return OutputSink(fd: fd, tempPath: nil, finalPath: nil, ownsDescriptor: true)
            }
            guard let resolved = resolvedPath(handle), resolved.hasPrefix("/") else {
                throw ToolError("cannot write \(path): the file its link points to has no path")
            }
            target = resolved
        }
        let existing = followingLinks ? FileStatus(path: target) : FileStatus(linkAt: target)
        if existing?.isDirectory == true {
            throw ToolError("output path \(path) names a folder, not a file")
        }
        if let existing, !existing.isRegularFile && !existing.isSymbolicLink {
            // A device, FIFO or socket: written in place (see the type's comment). Without O_CREAT,
            // so nothing is made should it vanish meanwhile; a FIFO waits for its reader, as `>` does.
            let fd = open(path, O_WRONLY | O_CLOEXEC)
            if fd < 0 { throw failure("cannot open") }
            return OutputSink(fd: fd, tempPath: nil, finalPath: nil, ownsDescriptor: true)
        }
        let slash = target.lastIndex(of: "/")
        let dir = slash.map { String(target[..<$0]) } ?? "."
        let base = slash.map { String(target[target.index(after: $0)...]) } ?? target
        guard !base.isEmpty else { throw ToolError("output path \(path) names a folder, not a file") }
        var template = Array("\(dir.isEmpty ? "/" : dir)/.\(base).jamlint-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        if fd < 0 {
            throw ToolError("cannot create a file next to \(target): \(String(cString: strerror(errno)))")
        }
        let temp = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        // mkstemp makes the file private. A report replacing a file keeps that file's permission
        // bits (not set-user-ID and the like, nor its owner, group or other hard links); a new one
        // gets the usual ones.
        if let existing, existing.isRegularFile {
            fchmod(fd, mode_t(existing.mode & 0o777))
        } else {
            let mask = umask(0)
            umask(mask)
            fchmod(fd, 0o666 & ~mask)
        }
        return OutputSink(fd: fd, tempPath: temp, finalPath: target)
    }

    /// The number of this process's descriptor that `path` names, directly or through links
    /// (read, not followed, up to the kernel's 40): /dev/stdin, /dev/stdout, /dev/stderr,
    /// /dev/fd/N, /proc/self/fd/N, /proc/thread-self/fd/N, /proc/PID/fd/N with this PID.
    static func ownDescriptor(_ path: String) -> Int32? {
        var current = path
        for _ in 0..<40 {
            if let n = descriptorNumber(current) { return n }
            guard let link = readLink(current) else { return nil }
            if link.hasPrefix("/") {
                current = link
            } else if let slash = current.lastIndex(of: "/") {
                current = String(current[...slash]) + link
            } else {
                current = link
            }
        }
        return nil
    }

    static func descriptorNumber(_ path: String) -> Int32? {
        switch path {
        case "/dev/stdin": return 0
        case "/dev/stdout": return 1
        case "/dev/stderr": return 2
        default: break
        }
        for prefix in ["/dev/fd/", "/proc/self/fd/", "/proc/thread-self/fd/", "/proc/\(getpid())/fd/"]
        where path.hasPrefix(prefix) {
            let digits = path.dropFirst(prefix.count)
            guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            return Int32(digits)
        }
        return nil
    }

    private static func readLink(_ path: String) -> String? {
        var buffer = [UInt8](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = buffer.withUnsafeMutableBufferPointer { b in
            b.withMemoryRebound(to: CChar.self) { readlink(path, $0.baseAddress!, $0.count - 1) }
        }
        return n > 0 ? String(decoding: buffer[..<n], as: UTF8.self) : nil
    }

    /// The path the kernel resolved a descriptor opened with `openPathOnly` to.
    private static func resolvedPath(_ handle: Int32) -> String? {
        #if os(Linux)
        return readLink("/proc/self/fd/\(handle)")
        #else
        var buffer = [CChar](repeating: 0, count: Int(MAXPATHLEN) + 1)
        guard fcntl(handle, F_GETPATH, &buffer) == 0 else { return nil }
        return String(cString: buffer)
        #endif
    }

    /// Opens a path only to resolve it, with no read or write access needed: Linux's `O_PATH`,
    /// which <fcntl.h> defines only with _GNU_SOURCE (so Swift does not see it); elsewhere a plain
    /// read-only open that does not wait on a FIFO.
    #if os(Linux)
    private static let openPathOnly: Int32 = 0o10000000
    #else
    private static let openPathOnly: Int32 = O_RDONLY | O_NONBLOCK
    #endif

    /// Keeps what is written in memory until `commit`, where it would otherwise be written as it
    /// comes (standard output, a device or a descriptor written in place); a file written through a
    /// temporary file shows nothing before `commit` anyway.
    public func holdUntilCommit() {
        if tempPath == nil { holdsUntilCommit = true }
    }

    public func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if !holdsUntilCommit && (buffer.count >= 1 << 16 || (isTerminal && !buffer.isEmpty)) { flush() }
    }

    /// Lets `body` append bytes to the buffer directly (a reporter's bytes, without a String).
    public func write(_ body: (inout [UInt8]) -> Void) {
        body(&buffer)
        if !holdsUntilCommit && (buffer.count >= 1 << 16 || (isTerminal && !buffer.isEmpty)) { flush() }
    }

    private func flush() {
        var done = 0
        while done < buffer.count && failure == nil {
            let n = buffer.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + done, $0.count - done) }
            if n < 0 {
                if errno == EINTR { continue }
                failure = String(cString: strerror(errno))
            } else {
                done += n
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes what is left; for a file, renames the temporary file over the target.
    public func commit() throws(ToolError) {
        flush()
        guard let tempPath, let finalPath else {
            if ownsDescriptor { closeOnce() }
            if let failure { throw ToolError("cannot write the report: \(failure)") }
            return
        }
        if failure == nil && fsync(fd) != 0 { failure = String(cString: strerror(errno)) }
        closeOnce()
        if let failure {
            unlink(tempPath)
            throw ToolError("cannot write \(finalPath): \(failure)")
        }
        if rename(tempPath, finalPath) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(tempPath)
            throw ToolError("cannot write \(finalPath): \(reason)")
        }
    }

    /// Drops a half-written file report.
    public func discard() {
        // After `commit` (which failed, or the caller would not discard) the temporary file is
        // renamed or removed already.
        guard !isClosed else { return }
        guard let tempPath else {
            if ownsDescriptor { closeOnce() }
            return
        }
        closeOnce()
        unlink(tempPath)
    }

    private func closeOnce() {
        guard !isClosed else { return }
        isClosed = true
        close(fd)
    }

    /// Writes `text` to `path` atomically.
    public static func writeFile(_ path: String, _ text: String, followingLinks: Bool = true) throws(ToolError) {
        let sink = try atomicFile(path, followingLinks: followingLinks)
        sink.write(text)
        try sink.commit()
    }

    /// Appends to a file (the GitHub step summary), creating it if needed.
    public static func append(_ path: String, _ text: String) throws(ToolError) {
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o666)
        guard fd >= 0 else { throw ToolError("cannot open \(path): \(String(cString: strerror(errno)))") }
        let sink = OutputSink(fd: fd, tempPath: nil, finalPath: nil)
        sink.write(text)
        defer { close(fd) }
        try sink.commit()
    }
}

/// Whether a file jamlint is about to write (`--output`, `--write-baseline`) is one of the files it
/// lints: the same path, or (when the file exists) the same file under another name.
public struct OutputCollision: Sendable {
    public let output: String
    private let normalized: String
    /// Device and inode of the existing regular file, if there is one.
    private let file: (device: UInt64, inode: UInt64)?
    /// Its hard links, and its real path (through symbolic links), when it exists.
    private let links: UInt64
    private let resolved: String?

    public init(output: String) {
        self.output = output
        normalized = FileWalker.normalize(output)
        if let out = FileStatus(path: output), out.isRegularFile {
            file = (out.device, out.inode)
            links = out.links
            resolved = realpath(output, nil).map { p in
                defer { free(p) }
                return String(cString: p)
            }
        } else {
            file = nil
            links = 0
            resolved = nil
        }
    }

    /// The output exists as a regular file, so an input could turn out to be it.
    public var exists: Bool { file != nil }

    /// Whether the walk could well give this file, so that the inputs are listed and checked before
    /// anything is written (a temporary file made beside the output would change a linted folder):
    /// it is one of `named`, has other hard links, or has a memo's extension (its own, or that of
    /// the file a link points to) and lies in one of `folders` (real paths). Other collisions (a
    /// link inside a folder to the output) are found as the inputs come, and stop the run before
    /// anything is written.
    public func mayBeLinted(named: [String], folders: [String]) -> Bool {
        guard file != nil else { return false }
        if links > 1 || named.contains(where: { collides(with: $0) }) { return true }
        guard let resolved else { return true }
        let names = [normalized, resolved].map { $0.split(separator: "/").last.map(String.init) ?? $0 }
        guard names.contains(where: { DocumentFormat.forPath($0) != nil }) else { return false }
        return folders.contains { folder in folder == "/" || resolved.hasPrefix(folder + "/") }
    }

    public func collides(with path: String) -> Bool {
        if FileWalker.normalize(path) == normalized { return true }
        guard let file else { return false }
        guard let st = FileStatus(path: path) else { return false }
        return st.device == file.device && st.inode == file.inode
    }
}
