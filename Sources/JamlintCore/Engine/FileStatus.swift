#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CPosix

/// What jamlint reads of a file's status (stat(2)), read in C (`CPosix`): Swift code that read
/// `struct stat`'s members itself failed incremental builds now and then (see `CPosix.h`).
struct FileStatus: Sendable {
    /// Type and permission bits.
    let mode: UInt32
    /// Bytes.
    let size: Int
    let device: UInt64
    let inode: UInt64
    /// Hard links.
    let links: UInt64
    /// The last modification, as seconds and nanoseconds since 1970.
    let modified: (seconds: Int, nanoseconds: Int)

    private init(_ s: jamlint_file_status) {
        mode = s.mode
        size = Int(s.size)
        device = s.device
        inode = s.inode
        links = s.links
        modified = (Int(s.modified_seconds), Int(s.modified_nanoseconds))
    }

    /// The file `path` names, through symbolic links; nil (with `errno` set) if there is none.
    init?(path: String) {
        var s = jamlint_file_status()
        guard jamlint_stat(path, &s) == 0 else { return nil }
        self.init(s)
    }

    /// The file `path` names, a symbolic link itself rather than what it points to.
    init?(linkAt path: String) {
        var s = jamlint_file_status()
        guard jamlint_lstat(path, &s) == 0 else { return nil }
        self.init(s)
    }

    /// The file open as `descriptor`.
    init?(descriptor: Int32) {
        var s = jamlint_file_status()
        guard jamlint_fstat(descriptor, &s) == 0 else { return nil }
        self.init(s)
    }

    /// The type bits (`mode & S_IFMT`): `S_IFREG`, `S_IFDIR`, `S_IFLNK`, ...
    var type: UInt32 { mode & jamlint_type_mask }
    var isDirectory: Bool { type == jamlint_type_directory }
    var isRegularFile: Bool { type == jamlint_type_regular }
    var isSymbolicLink: Bool { type == jamlint_type_link }
    /// The permission bits (`mode & 0o7777`).
    var permissions: UInt32 { mode & 0o7777 }
}

/// A directory entry as `readdir` gives it, read in C (`CPosix`).
enum DirectoryEntry {
    static func name(_ entry: UnsafePointer<dirent>) -> String {
        String(cString: jamlint_dirent_name(entry))
    }

    /// `DT_REG`, `DT_DIR`, ...; `DT_UNKNOWN` where the file system gives none.
    static func type(_ entry: UnsafePointer<dirent>) -> UInt8 {
        jamlint_dirent_type(entry)
    }
}
