#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a report goes: standard output, or a file written atomically (a temporary file in the
/// same folder, renamed over the target only when the report is complete), so a CI job or an
/// editor never reads half a report and a failed run leaves the previous report in place.
public final class OutputSink {
    private let fd: Int32
    private let tempPath: String?
    private let finalPath: String?
    private var buffer: [UInt8] = []
    private var failure: String?
    public let isTerminal: Bool

    private init(fd: Int32, tempPath: String?, finalPath: String?) {
        self.fd = fd
        self.tempPath = tempPath
        self.finalPath = finalPath
        self.isTerminal = tempPath == nil && isatty(fd) == 1
    }

    public static func standardOutput() -> OutputSink {
        OutputSink(fd: 1, tempPath: nil, finalPath: nil)
    }

    public static func atomicFile(_ path: String) throws(ToolError) -> OutputSink {
        let slash = path.lastIndex(of: "/")
        let dir = slash.map { String(path[..<$0]) } ?? "."
        let base = slash.map { String(path[path.index(after: $0)...]) } ?? path
        guard !base.isEmpty else { throw ToolError("output path \(path) names a folder, not a file") }
        var template = Array("\(dir.isEmpty ? "/" : dir)/.\(base).jamlint-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        if fd < 0 {
            throw ToolError("cannot create a file next to \(path): \(String(cString: strerror(errno)))")
        }
        let temp = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        // mkstemp makes the file private; a report should get the usual permissions.
        let mask = umask(0)
        umask(mask)
        fchmod(fd, 0o666 & ~mask)
        return OutputSink(fd: fd, tempPath: temp, finalPath: path)
    }

    public func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 || (isTerminal && !buffer.isEmpty) { flush() }
    }

    /// Lets `body` append bytes to the buffer directly (a reporter's bytes, without a String).
    public func write(_ body: (inout [UInt8]) -> Void) {
        body(&buffer)
        if buffer.count >= 1 << 16 || (isTerminal && !buffer.isEmpty) { flush() }
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
            if let failure { throw ToolError("cannot write the report: \(failure)") }
            return
        }
        if failure == nil && fsync(fd) != 0 { failure = String(cString: strerror(errno)) }
        close(fd)
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
        guard let tempPath else { return }
        close(fd)
        unlink(tempPath)
    }

    /// Writes `text` to `path` atomically.
    public static func writeFile(_ path: String, _ text: String) throws(ToolError) {
        let sink = try atomicFile(path)
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

    /// True when `output` is the same file as one of `inputs` (same path, or same device and inode).
    /// The inputs are stat'ed only for an output that is a regular file: another one that exists
    /// (`/dev/null`, a terminal) is no memo, and the stat of every input showed in profiles.
    public static func collides(output: String, with inputs: [LintInput]) -> Bool {
        let normalized = FileWalker.normalize(output)
        var out = stat()
        let exists = stat(output, &out) == 0
        let compareFiles = exists && (out.st_mode & S_IFMT) == S_IFREG
        for input in inputs {
            guard case .file(let path) = input else { continue }
            if FileWalker.normalize(path) == normalized { return true }
            var st = stat()
            if compareFiles && stat(path, &st) == 0 && st.st_dev == out.st_dev && st.st_ino == out.st_ino { return true }
        }
        return false
    }
}
