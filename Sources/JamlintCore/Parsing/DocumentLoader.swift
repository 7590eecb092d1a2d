#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file from disk (or bytes from elsewhere), checks that it is text, picks the format
/// and runs the parser for it, then recognises implicit headings and header fields.
public struct DocumentLoader: Sendable {
    /// Files larger than this are refused with a clear error instead of being read.
    public var maxFileSize: Int
    public var structure: StructureLexicon

    /// 64 MiB: far above any memo, low enough that the parse of a file this size stays in memory bounds.
    public static let defaultMaxFileSize = 64 * 1024 * 1024

    public init(structure: StructureLexicon = .builtin, maxFileSize: Int = DocumentLoader.defaultMaxFileSize) {
        self.structure = structure
        self.maxFileSize = maxFileSize
    }

    /// Reads and parses `path`. `format` overrides the choice by extension.
    public func load(path: String, format: DocumentFormat? = nil) throws(ParseError) -> Document {
        let bytes = try readFile(path)
        return try parse(bytes: bytes, path: path, format: format)
    }

    /// Parses bytes that were read elsewhere (standard input, a git blob).
    public func parse(bytes: [UInt8], path: String, format: DocumentFormat? = nil) throws(ParseError) -> Document {
        if bytes.count > maxFileSize {
            throw ParseError(path: path, message: "input is \(bytes.count) bytes, larger than the limit of \(maxFileSize) bytes (see --max-file-size)")
        }
        // The parsers keep source offsets in 32 bits (see `SpanOffset`), whatever --max-file-size says.
        if bytes.count > SourceSpanStore.maxSourceSize { throw SourceSpanStore.tooLarge(path: path, size: bytes.count) }
        var document: Document
        // Read from the path once (its byte-wise extension search showed twice per file in profiles).
        let named = format ?? DocumentFormat.forPath(path)
        // Word and OpenDocument files are zip archives: binary, so they skip the text check.
        if let archiveFormat = named, archiveFormat.isArchive {
            document = archiveFormat == .docx
                ? try WordDocumentReader(lexicon: structure).read(bytes: bytes, path: path)
                : try OpenDocumentReader(lexicon: structure).read(bytes: bytes, path: path)
            ImplicitHeadings(lexicon: structure).apply(to: &document)
            return document
        }
        let source = SourceFile(path: path, bytes: bytes)
        try Self.checkText(source)
        if source.bytes[source.bomLength...].allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
            throw ParseError(path: path, message: "the file is empty; there is no memo text to lint")
        }
        let chosen = named ?? Self.sniff(source)
        switch chosen {
        case .docx, .odt: preconditionFailure("archive formats are read above")
        case .markdown: document = try MarkdownParser().parse(source)
        case .xhtml: document = try XMLDocumentParser(mode: .xhtml).parse(source)
        case .html: document = try XMLDocumentParser(mode: .html).parse(source)
        case .text: document = try PlainTextParser().parse(source)
        }
        ImplicitHeadings(lexicon: structure).apply(to: &document)
        return document
    }

    /// Guesses the format of a file whose name says nothing: XML-declared or `<html` → XHTML/HTML.
    static func sniff(_ source: SourceFile) -> DocumentFormat {
        let head = String(decoding: source.bytes[source.bomLength..<min(source.bytes.count, source.bomLength + 512)], as: UTF8.self)
        let trimmed = head.drop(while: { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" }).lowercased()
        if trimmed.hasPrefix("<?xml") { return .xhtml }
        if trimmed.hasPrefix("<!doctype html") || trimmed.hasPrefix("<html") { return .html }
        return .markdown
    }

    /// Refuses binary files and invalid UTF-8, saying where the first bad byte is.
    static func checkText(_ source: SourceFile) throws(ParseError) {
        let bytes = source.bytes
        if let nul = firstNUL(bytes, within: 65536) {
            let loc = source.location(ofByte: nul)
            throw ParseError(path: source.path, line: loc.line, column: loc.column,
                             message: "binary file (NUL byte at offset \(nul)); not a memo")
        }
        if let bad = firstInvalidUTF8(bytes) {
            let loc = source.location(ofByte: bad)
            throw ParseError(path: source.path, line: loc.line, column: loc.column,
                             message: "invalid UTF-8 at byte offset \(bad); save the file as UTF-8")
        }
    }

    /// Offset of the first NUL byte among the first `limit` bytes.
    static func firstNUL(_ bytes: [UInt8], within limit: Int) -> Int? {
        bytes.withUnsafeBytes { raw -> Int? in
            guard let base = raw.baseAddress else { return nil }
            guard let hit = memchr(base, 0, min(limit, raw.count)) else { return nil }
            return base.distance(to: UnsafeRawPointer(hit))
        }
    }

    /// Offset of the first byte that is not part of a well-formed UTF-8 sequence.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { firstInvalidUTF8($0) }
    }

    private static func firstInvalidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        let raw = UnsafeRawPointer(base)
        var i = 0
        let n = bytes.count
        while i < n {
            // Memos are mostly ASCII: skip eight bytes at a time while no high bit is set, then
            // straight to the first byte that has one (Swedish text has one every few words).
            while i + 8 <= n {
                let high = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                    & 0x8080_8080_8080_8080
                if high == 0 { i += 8; continue }
                i += high.trailingZeroBitCount / 8
                break
            }
            guard i < n else { break }
            let b0 = bytes[i]
            if b0 < 0x80 { i += 1; continue }
            if b0 >= 0xC2 && b0 <= 0xDF {
                // Two-byte scalars (å, ä, ö) are most of the rest: the switch below, taken directly.
                guard i + 1 < n, bytes[i + 1] & 0xC0 == 0x80 else { return i }
                i += 2
                continue
            }
            var need = 0
            var lo: UInt8 = 0x80, hi: UInt8 = 0xBF
            switch b0 {
            case 0xC2...0xDF: need = 1
            case 0xE0: need = 2; lo = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: need = 2
            case 0xED: need = 2; hi = 0x9F
            case 0xF0: need = 3; lo = 0x90
            case 0xF1...0xF3: need = 3
            case 0xF4: need = 3; hi = 0x8F
            default: return i
            }
            for k in 1...need {
                guard i + k < n else { return i }
                let b = bytes[i + k]
                if k == 1 { if b < lo || b > hi { return i } } else if b < 0x80 || b > 0xBF { return i }
            }
            i += need + 1
        }
        return nil
    }

    func readFile(_ path: String) throws(ParseError) -> [UInt8] {
        // O_NONBLOCK: opening a FIFO nobody writes to would otherwise wait forever. Reads block again
        // (a FIFO with no writer then reads as empty); regular files ignore the flag.
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        if fd < 0 {
            throw ParseError(path: path, message: "cannot open file: \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        guard let st = FileStatus(descriptor: fd) else {
            throw ParseError(path: path, message: "cannot read file: \(String(cString: strerror(errno)))")
        }
        // A regular file reads the same with the flag; anything else blocks again. (Two system
        // calls less per memo for the common case.)
        if !st.isRegularFile {
            let flags = fcntl(fd, F_GETFL)
            if flags >= 0 { _ = fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) }
        }
        if st.isDirectory {
            throw ParseError(path: path, message: "is a directory")
        }
        if st.size > maxFileSize {
            throw ParseError(path: path, message: "file is \(st.size) bytes, larger than the limit of \(maxFileSize) bytes (see --max-file-size)")
        }
        // Refused before reading, not after (reading 2 GiB took seconds and as much memory).
        if st.size > SourceSpanStore.maxSourceSize {
            throw SourceSpanStore.tooLarge(path: path, size: st.size)
        }
        // Read straight into the result: a zeroed 64 KiB buffer per file (then copied) showed in
        // profiles as a memset larger than the memo itself. One byte of room beyond the size
        // makes the read that sees the end of the file need no growth. The room is not zeroed
        // first: that memset was 3.5 M instructions on 1,000 memos (callgrind) and a pass over
        // every byte of the folder before the read wrote them.
        let expected = min(max(st.size, 0), maxFileSize)
        let regular = st.isRegularFile
        var readError: Int32 = 0
        var atEnd = false
        var result = [UInt8](unsafeUninitializedCapacity: expected + 1) { buffer, initialized in
            initialized = 0
            guard let base = buffer.baseAddress else { return }
            while initialized < buffer.count {
                let n = Self.readRetrying(fd, base + initialized, buffer.count - initialized)
                if n < 0 {
                    readError = Int32(-n)
                    return
                }
                if n == 0 { atEnd = true; return }
                initialized += n
                // A regular file that gave exactly what `fstat` promised is at its end (a file
                // grown since reads as the moment before): a read more only to see 0 was one
                // system call per memo (10,000 of a folder run's 20,000 reads, strace). Not for a
                // size of 0: procfs and sysfs files say 0 and give a page per read.
                if regular && expected > 0 && initialized == expected { atEnd = true; return }
            }
        }
        func cannotRead(_ code: Int32) -> ParseError {
            ParseError(path: path, message: "cannot read file: \(String(cString: strerror(code)))")
        }
        let grew = ParseError(path: path, message: "file grew beyond the limit of \(maxFileSize) bytes while being read")
        if readError != 0 { throw cannotRead(readError) }
        var count = result.count
        if count > maxFileSize { throw grew }
        // The room filled up: larger than `fstat` said (a growing file, a FIFO, procfs).
        while !atEnd {
            if count == result.count {
                // Grow geometrically.
                result.append(contentsOf: repeatElement(0, count: max(result.count, 1 << 16)))
            }
            let n = result.withUnsafeMutableBufferPointer { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return Self.readRetrying(fd, base + count, buffer.count - count)
            }
            if n < 0 { throw cannotRead(Int32(-n)) }
            if n == 0 { break }
            count += n
            if count > maxFileSize { throw grew }
        }
        result.removeLast(result.count - count)
        return result
    }

    /// `read(2)` of up to `count` bytes into `base`, again after an interruption: the bytes read,
    /// or minus the error number.
    private static func readRetrying(_ fd: Int32, _ base: UnsafeMutablePointer<UInt8>, _ count: Int) -> Int {
        while true {
            let n = read(fd, base, count)
            if n >= 0 { return n }
            if errno != EINTR { return -Int(errno) }
        }
    }
}
