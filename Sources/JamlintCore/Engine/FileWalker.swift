#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns the paths on the command line into the files to lint. Named files are linted whatever
/// their extension; folders are walked recursively for the extensions `DocumentFormat.forPath`
/// knows, skipping hidden entries, excluded paths and symlink loops. The files come sorted by path
/// and free of duplicates, so output order never depends on the order of arguments or of `readdir`.
///
/// `inputs` finds them as they are asked for: a folder is read when the walk reaches it, so memory
/// holds the folders on the current path, not a list of every file. Collecting the list first (a
/// `Set` of paths, then a sort) had peak memory grow by some 450 bytes a file: 29 MB for 65,000 files.
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
        Array(inputs(paths, skippedNamedFiles: &skippedNamedFiles))
    }

    /// The inputs `collect` lists, in the same order, found while they are taken. The arguments are
    /// looked at (and `skippedNamedFiles` filled) at once; folders are read as the walk gets to them.
    public func inputs(_ paths: [String], skippedNamedFiles: inout [String]) -> Inputs {
        Inputs(walker: self, paths: paths, skippedNamedFiles: &skippedNamedFiles)
    }

    /// The sorted inputs of a set of arguments: named files and failures, merged with one depth-first
    /// walk per folder argument.
    ///
    /// Order: the whole path in `String` order (`keyPrecedes`). A walk gives that order when it sorts
    /// each folder's entries with a folder's name followed by "/": every path under folder `a` starts
    /// with `a/`, so `a-b.md` ("-" is below "/") comes before all of them, and `a0.md` after. A
    /// folder that cannot be read stands where its files would be (its path followed by "/").
    /// Files reached twice (overlapping arguments) are given once; a folder reached twice (through
    /// a symbolic link) is walked the first time only.
    public final class Inputs: Sequence, IteratorProtocol {
        private let walker: FileWalker
        /// The named files and the arguments that could not be opened, sorted.
        private var named: [Item] = []
        private var nextNamed = 0
        /// The named files, by their bytes: a walk through twin folders (NFC and NFD names, not in
        /// `keyPrecedes` order with their contents) may reach one away from its place.
        private var namedBytes = Set<[UInt8]>()
        private var walks: [Walk] = []
        /// The next item of each walk (nil once it is done).
        private var heads: [Item?] = []
        /// The walks with a next item, as a binary min-heap by that item: with one walk per folder
        /// argument (`lint möten/*`), comparing every walk's next item for each file cost 13 % of a
        /// run with 343 arguments.
        private var heap: [Int] = []
        private var visited = Set<DirectoryID>()
        /// The path given last, to drop a file that two arguments reach.
        private var last: String?

        /// The files named as arguments (not folders, not excluded, existing), in path order.
        public var namedFiles: [String] {
            var out: [String] = []
            for item in named {
                guard case .file(let path) = item.input else { continue }
                if let last = out.last, last.hasSameBytes(as: path) { continue }
                out.append(path)
            }
            return out
        }

        struct Item {
            var input: LintInput
            /// `input.path`, or for a folder that could not be read the path followed by "/".
            var key: String
            /// No byte of `key` is 0xCC or above: it compares by its bytes (see `keyPrecedes`).
            var simple: Bool

            init(input: LintInput, key: String) {
                self.input = input
                self.key = key
                simple = key.isBelowCombiningMarks
            }

            func precedes(_ other: Item) -> Bool {
                simple && other.simple ? FileWalker.bytesPrecede(key, other.key) : FileWalker.keyPrecedes(key, other.key)
            }
        }

        /// One folder argument's depth-first walk: the folders from the argument down to the one being
        /// read, each with its entries sorted and how far the walk has got.
        struct Walk {
            var frames: [Frame] = []
        }

        struct Frame {
            var path: String
            var entries: [Entry]
            var at = 0
        }

        struct Entry {
            var name: String
            var isFolder: Bool
        }

        init(walker: FileWalker, paths: [String], skippedNamedFiles: inout [String]) {
            self.walker = walker
            var skipped = Set(skippedNamedFiles)
            var named: [Item] = []
            for raw in paths {
                let path = FileWalker.normalize(raw)
                guard let st = FileStatus(path: path) else {
                    let error = ParseError(path: path, message: "cannot open: \(String(cString: strerror(errno)))")
                    named.append(Item(input: .failure(error), key: path))
                    continue
                }
                if st.isDirectory {
                    if path != "." && walker.isExcluded(path) { continue }
                    // Folder arguments are opened in the order given, so a folder named twice (or
                    // through a link) is walked under its first name. Below them a folder reached
                    // twice through links is walked where the walk reaches it first.
                    var walk = Walk()
                    if let failure = open(path, id: DirectoryID(st), into: &walk) {
                        named.append(failure)
                    } else if !walk.frames.isEmpty {
                        walks.append(walk)
                    }
                } else if !walker.isExcluded(path) {
                    named.append(Item(input: .file(path), key: path))
                    namedBytes.insert(Array(path.utf8))
                } else if skipped.insert(path).inserted {
                    skippedNamedFiles.append(path)
                }
            }
            self.named = FileWalker.sortedByKey(named, { $0.key })
            heads = walks.indices.map { advance($0) }
            for w in walks.indices where heads[w] != nil { push(w) }
        }

        public func next() -> LintInput? {
            while true {
                // The smaller of the next named item and the walks' smallest next item (named first
                // on a tie: the same file, given once below).
                let item: Item
                let fromWalk: Bool
                if let w = heap.first, nextNamed >= named.count || heads[w]!.precedes(named[nextNamed]) {
                    item = heads[w]!
                    heads[w] = advance(w)
                    if heads[w] == nil { popTop() } else { siftDown(0) }
                    fromWalk = true
                } else if nextNamed < named.count {
                    item = named[nextNamed]
                    nextNamed += 1
                    fromWalk = false
                } else {
                    return nil
                }
                // Equal paths come out one after the other: the same file reached twice.
                let path = item.input.path
                if let last, last.hasSameBytes(as: path) { continue }
                if fromWalk, !namedBytes.isEmpty, case .file = item.input, namedBytes.contains(Array(path.utf8)) { continue }
                last = path
                return item.input
            }
        }

        // The heap of walk indices, ordered by their next items (then by index).
        private func less(_ a: Int, _ b: Int) -> Bool {
            let x = heads[heap[a]]!, y = heads[heap[b]]!
            if x.precedes(y) { return true }
            if y.precedes(x) { return false }
            return heap[a] < heap[b]
        }

        private func push(_ w: Int) {
            heap.append(w)
            var i = heap.count - 1
            while i > 0 {
                let parent = (i - 1) / 2
                guard less(i, parent) else { break }
                heap.swapAt(i, parent)
                i = parent
            }
        }

        private func popTop() {
            heap.swapAt(0, heap.count - 1)
            heap.removeLast()
            if !heap.isEmpty { siftDown(0) }
        }

        private func siftDown(_ start: Int) {
            var i = start
            while true {
                let l = 2 * i + 1, r = l + 1
                var smallest = i
                if l < heap.count && less(l, smallest) { smallest = l }
                if r < heap.count && less(r, smallest) { smallest = r }
                if smallest == i { return }
                heap.swapAt(i, smallest)
                i = smallest
            }
        }

        /// The next item of walk `w`, reading folders as it gets to them; nil when the walk is done.
        private func advance(_ w: Int) -> Item? {
            while let top = walks[w].frames.indices.last {
                let frame = walks[w].frames[top]
                guard frame.at < frame.entries.count else {
                    walks[w].frames.removeLast()
                    continue
                }
                walks[w].frames[top].at += 1
                let entry = frame.entries[frame.at]
                let child = frame.path == "." ? entry.name : frame.path + "/" + entry.name
                guard entry.isFolder else { return Item(input: .file(child), key: child) }
                // stat follows symlinks: a linked folder is walked once, a link back up is skipped by `visited`.
                guard let st = FileStatus(path: child), st.isDirectory else { continue }
                if let failure = open(child, id: DirectoryID(st), into: &walks[w]) { return failure }
            }
            return nil
        }

        /// Reads folder `path` onto `walk` (unless it was read before); the failure item if it
        /// cannot be read.
        private func open(_ path: String, id: DirectoryID, into walk: inout Walk) -> Item? {
            guard visited.insert(id).inserted else { return nil }
            guard let handle = opendir(path) else {
                let error = ParseError(path: path, message: "cannot read folder: \(String(cString: strerror(errno)))")
                return Item(input: .failure(error), key: path + "/")
            }
            var entries: [Entry] = []
            while let entry = readdir(handle) {
                let name = DirectoryEntry.name(entry)
                // Hidden entries, and the lock files Word and LibreOffice keep beside an open
                // document (~$memo.docx, .~lock.memo.odt#), are not memos.
                if name.hasPrefix(".") || name.hasPrefix("~$") { continue }
                // The child's path only where it is needed (advance makes it again for the items).
                func child() -> String { path == "." ? name : path + "/" + name }
                if !walker.excludes.isEmpty && walker.isExcluded(child()) { continue }
                // The entry's type, where the file system gives it, spares a memo its `stat` (a system
                // call per file of an agenda folder); links and unknown types are stat'ed. A folder's
                // place among its siblings depends on its being one, so this happens before the sort.
                let isFolder: Bool
                switch DirectoryEntry.type(entry) {
                case UInt8(DT_REG): isFolder = false
                case UInt8(DT_DIR): isFolder = true
                default:
                    guard let st = FileStatus(path: child()) else { continue }
                    if st.isDirectory {
                        isFolder = true
                    } else if st.isRegularFile {
                        isFolder = false
                    } else {
                        continue
                    }
                }
                if !isFolder && DocumentFormat.forPath(name) == nil { continue }
                entries.append(Entry(name: name, isFolder: isFolder))
            }
            closedir(handle)
            if !entries.isEmpty {
                walk.frames.append(Frame(path: path, entries: Self.sorted(entries)))
            }
            return nil
        }

        /// A folder's entries in walk order: by name, a folder's name followed by "/". Compared as
        /// bytes in one buffer when no name has a byte from 0xCC on (then every name is its own NFC
        /// form and the String order is the byte order); a sort comparing Strings was 1 % of linting
        /// the folder in a profile.
        static func sorted(_ entries: [Entry]) -> [Entry] {
            var pool: [UInt8] = []
            var spans: [(start: Int, count: Int)] = []
            spans.reserveCapacity(entries.count)
            for entry in entries {
                let start = pool.count
                pool.append(contentsOf: entry.name.utf8)
                if entry.isFolder { pool.append(UInt8(ascii: "/")) }
                spans.append((start, pool.count - start))
            }
            if pool.contains(where: { $0 >= 0xCC }) {
                return entries.sorted { a, b in
                    FileWalker.keyPrecedes(a.isFolder ? a.name + "/" : a.name, b.isFolder ? b.name + "/" : b.name)
                }
            }
            var order = Array(entries.indices)
            pool.withUnsafeBufferPointer { bytes in
                spans.withUnsafeBufferPointer { spans in
                    guard let base = bytes.baseAddress else { return }
                    order.sort { i, j in
                        // In bounds: every span lies within the pool it was cut from.
                        let a = spans[i], b = spans[j]
                        let c = memcmp(base + a.start, base + b.start, Swift.min(a.count, b.count))
                        return c != 0 ? c < 0 : a.count < b.count
                    }
                }
            }
            return order.map { entries[$0] }
        }
    }

    /// `items` sorted by `key` in `String` order, with paths that are equal as Strings but not byte
    /// for byte (NFC and NFD spellings of one name: two files) in byte order.
    static func sortedByKey<T>(_ items: [T], _ key: (T) -> String) -> [T] {
        // Below 0xCC every scalar is below U+0300, so each string is its own NFC form and the
        // String order is the byte order: compared as bytes when all keys are such (a profile had
        // the sort of a folder's names at 1.4 % of linting it when every comparison checked).
        if items.allSatisfy({ key($0).isBelowCombiningMarks }) { return items.sorted { bytesPrecede(key($0), key($1)) } }
        return items.sorted { keyPrecedes(key($0), key($1)) }
    }

    @inline(__always) static func bytesPrecede(_ a: String, _ b: String) -> Bool {
        var a = a, b = b
        return a.withUTF8 { x in b.withUTF8 { y in compareBytes(x, y) < 0 } }
    }

    /// String order, made total: Strings that are equal but not byte for byte (NFC and NFD spellings
    /// of one name: two files) in byte order. Compared as bytes where that is the String order
    /// (String comparison was half of collecting a 10,000-file folder in a profile).
    static func keyPrecedes(_ a: String, _ b: String) -> Bool {
        if a.isBelowCombiningMarks && b.isBelowCombiningMarks { return bytesPrecede(a, b) }
        if a != b { return a < b }
        return bytesPrecede(a, b)
    }

    private static func compareBytes(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>) -> Int32 {
        let n = min(x.count, y.count)
        if n > 0, let xa = x.baseAddress, let ya = y.baseAddress {
            let c = memcmp(xa, ya, n)
            if c != 0 { return c }
        }
        return x.count < y.count ? -1 : x.count > y.count ? 1 : 0
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
        init(_ st: FileStatus) {
            device = st.device
            inode = st.inode
        }
    }

    /// Drops `./` prefixes and trailing slashes so the same file always has the same name.
    ///
    /// A path of printable ASCII only (one Character a byte) is cut by its bytes: counting the
    /// Characters of the rest at every step was ~6,000 instructions a file (callgrind, 1,000 memos:
    /// 6.2 M), and a run normalises each file's path twice. Other paths go by Characters, as the
    /// cut must respect their grapheme clusters.
    static func normalize(_ path: String) -> String {
        let cut: (Int, Int)?? = path.utf8.withContiguousStorageIfAvailable { b -> (Int, Int)? in
            guard b.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else { return nil }
            let slash = UInt8(ascii: "/"), dot = UInt8(ascii: ".")
            var lo = 0, hi = b.count
            while hi - lo > 2 && b[lo] == dot && b[lo + 1] == slash { lo += 2 }
            while hi - lo > 1 && b[hi - 1] == slash { hi -= 1 }
            return (lo, hi)
        }
        if let cut = cut ?? nil {
            if cut.0 == 0 && cut.1 == path.utf8.count { return path }
            let utf8 = path.utf8
            let sub = path[utf8.index(utf8.startIndex, offsetBy: cut.0)..<utf8.index(utf8.startIndex, offsetBy: cut.1)]
            return sub == "./" ? "." : String(sub)
        }
        return normalizeByCharacters(path)
    }

    /// `normalize` step by step on Characters.
    static func normalizeByCharacters(_ path: String) -> String {
        var p = Substring(path)
        while p.hasPrefix("./") && p.count > 2 { p = p.dropFirst(2) }
        while p.count > 1 && p.hasSuffix("/") { p = p.dropLast() }
        if p == "./" { return "." }
        return String(p)
    }
}
