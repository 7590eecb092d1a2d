import Foundation
import ZIPFoundation

/// The zip container of a .docx or .odt file, opened in memory and read part by part.
///
/// Hostile archives are refused with a `ParseError` before any part is parsed: an entry name that
/// climbs out of the archive (`../`, an absolute path), encryption, a corrupt central directory or
/// checksum, and zip bombs (a part larger than `maxPartSize`, more than `maxTotalSize` read in all,
/// or a part that inflates more than `maxRatio` times). Sizes are enforced on the bytes actually
/// inflated, not on the sizes the archive declares. Nothing is ever written to disk.
struct OfficeArchive {
    struct Limits: Sendable {
        var maxPartSize = 32 * 1024 * 1024
        var maxTotalSize = 96 * 1024 * 1024
        var maxRatio = 200
        var maxEntries = 5000
        /// Parts smaller than this are never called bombs, whatever their ratio (a run of empty
        /// table cells compresses very well).
        var ratioFloor = 1024 * 1024
    }

    let path: String
    let limits: Limits
    /// The entry names, as stored.
    let names: [String]
    private let archive: Archive
    private let entries: [String: Entry]
    private var totalRead = 0
    private let bytes: [UInt8]
    /// Where each deflated entry's compressed data lies in `bytes`, with its CRC-32, by name.
    private let deflated: [String: (range: Range<Int>, crc32: UInt32)]

    /// `kind` names the format in messages ("Word", "OpenDocument").
    init(bytes: [UInt8], path: String, kind: String, limits: Limits = Limits()) throws(ParseError) {
        self.path = path
        self.limits = limits
        if bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
            throw ParseError(path: path, message: "this is a password-protected Office file or an old binary Word file "
                + "(.doc), not a \(kind) document; save it without a password in the \(kind) format")
        }
        guard bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) || bytes.starts(with: [0x50, 0x4B, 0x05, 0x06]) else {
            throw ParseError(path: path, message: "not a \(kind) document: the file is not a zip archive")
        }
        self.bytes = bytes
        self.deflated = Self.deflatedRanges(bytes)
        switch Self.directoryProblem(bytes) {
        case "encrypted"?:
            throw ParseError(path: path, message: "the \(kind) document is encrypted; save it without a password")
        case "zip64"?:
            throw ParseError(path: path, message: "refusing the archive: ZIP64 archives are not read (no memo needs one)")
        case .some:
            throw ParseError(path: path, message: "corrupt \(kind) document: the zip directory points outside the file")
        case nil:
            break
        }
        let archive: Archive
        do {
            archive = try Archive(data: Data(bytes), accessMode: .read)
        } catch {
            throw ParseError(path: path, message: "corrupt \(kind) document: the zip archive cannot be read (\(error))")
        }
        var names: [String] = []
        var entries: [String: Entry] = [:]
        for entry in archive {
            let name = entry.path
            if let reason = Self.unsafeReason(name) {
                throw ParseError(path: path, message: "refusing the archive: entry «\(name)» \(reason)")
            }
            names.append(name)
            entries[name] = entry
            if names.count > limits.maxEntries {
                throw ParseError(path: path, message: "refusing the archive: more than \(limits.maxEntries) entries")
            }
        }
        self.archive = archive
        self.entries = entries
        self.names = names
    }

    func contains(_ name: String) -> Bool { entries[name] != nil }

    /// The bytes of one part, or nil when the archive has no such entry.
    mutating func read(_ name: String) throws(ParseError) -> [UInt8]? {
        guard let entry = entries[name] else { return nil }
        guard entry.type == .file else {
            throw ParseError(path: path, message: "refusing the archive: «\(name)» is not a regular file")
        }
        let declared = entry.uncompressedSize
        if declared > UInt64(limits.maxPartSize) { throw bomb(name, "declares \(declared) bytes") }
        let cap = min(limits.maxPartSize, limits.maxTotalSize - totalRead)
        let ratioCap = max(limits.ratioFloor, Int(clamping: entry.compressedSize) * limits.maxRatio)
        // ZIPFoundation inflates by the local header's method; an entry the zip directory calls
        // stored (so it has no range in `deflated`) but whose local header says deflated would be
        // inflated by ZIPFoundation's own reader, whose short last chunk zlib may read past (see
        // `chunk`). Word and LibreOffice never write such headers.
        // `deflated` names entries by their UTF-8 bytes; `entries` by ZIPFoundation's `path`, which is
        // CP437 unless the name's UTF-8 flag is set.
        let stream = deflated[entry.path(using: .utf8)]
        if entry.isCompressed && stream == nil {
            throw ParseError(path: path, message: "corrupt archive: «\(name)» cannot be read "
                + "(its local header and the zip directory disagree on its compression)")
        }
        var data = Data()
        data.reserveCapacity(Int(declared))
        let consume: (Data) throws -> Void = { chunk in
            data.append(chunk)
            if data.count > cap || data.count > ratioCap { throw LimitExceeded() }
        }
        do {
            if let stream {
                // ZIPFoundation's inflate loop asks its reader for more input until the deflate
                // stream ends; a corrupt stream that never ends past the entry's own bytes made it
                // spin forever on empty reads. This provider hands out the entry's bytes (padded,
                // see `chunk`) and fails when asked for more.
                let source = bytes
                let crc = try Data.decompress(size: Int64(stream.range.count), bufferSize: 16 * 1024, skipCRC32: false,
                                              provider: { position, size in
                    try Self.chunk(of: source, range: stream.range, at: Int(position), size: size)
                }, consumer: consume)
                if crc != stream.crc32 { throw Archive.ArchiveError.invalidCRC32 }
            } else {
                _ = try archive.extract(entry, bufferSize: 16 * 1024, skipCRC32: false, consumer: consume)
            }
        } catch is LimitExceeded {
            if data.count > ratioCap {
                throw bomb(name, "inflates more than \(limits.maxRatio) times its compressed size")
            }
            throw bomb(name, "inflates to more than \(cap) bytes")
        } catch let error as Archive.ArchiveError where error == .invalidCRC32 {
            throw ParseError(path: path, message: "corrupt archive: checksum mismatch in «\(name)»")
        } catch {
            throw ParseError(path: path, message: "corrupt archive: «\(name)» cannot be read (\(error))")
        }
        totalRead += data.count
        return [UInt8](data)
    }

    /// Input chunk `at..<at + size` of a deflated entry stored at `range` in `source`, for
    /// ZIPFoundation's inflate loop: always exactly `size` bytes, the entry's bytes followed by zeros.
    /// ZIPFoundation 0.9.20 tells zlib that a chunk holds the `size` bytes it asked for, whatever it
    /// was given (`avail_in = bufferSize`), so a shorter last chunk let inflate read past its end
    /// on a corrupt stream (AddressSanitizer met a SEGV there on a flipped byte). A valid stream
    /// ends within the entry's bytes, before the zeros; a corrupt one fails on them or on the
    /// checksum. Asked for more past the entry's end (the stream did not end in it), it throws,
    /// since the reader would otherwise ask again forever.
    static func chunk(of source: [UInt8], range: Range<Int>, at position: Int, size: Int) throws -> Data {
        let start = range.lowerBound + position
        guard position >= 0, size > 0, range.upperBound <= source.count, start < range.upperBound else {
            throw TruncatedStream()
        }
        var chunk = Data(source[start..<min(range.upperBound, start + size)])
        if chunk.count < size { chunk.append(contentsOf: repeatElement(0, count: size - chunk.count)) }
        return chunk
    }

    private struct LimitExceeded: Error {}
    struct TruncatedStream: Error, CustomStringConvertible {
        var description: String { "the compressed data ends before its stream does" }
    }

    /// The compressed data range and CRC-32 of every deflated entry, read from the central
    /// directory (only called once `directoryProblem` found every offset inside the file).
    static func deflatedRanges(_ bytes: [UInt8]) -> [String: (range: Range<Int>, crc32: UInt32)] {
        guard directoryProblem(bytes) == nil else { return [:] }
        let n = bytes.count
        func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }
        var end = n - 22
        while end > 0 && !(bytes[end] == 0x50 && bytes[end + 1] == 0x4B && bytes[end + 2] == 0x05 && bytes[end + 3] == 0x06) {
            end -= 1
        }
        var result: [String: (range: Range<Int>, crc32: UInt32)] = [:]
        var record = u32(end + 16)
        for _ in 0..<u16(end + 10) {
            let nameLength = u16(record + 28)
            guard record + 46 + nameLength <= n else { break }
            let name = String(decoding: bytes[(record + 46)..<(record + 46 + nameLength)], as: UTF8.self)
            let local = u32(record + 42)
            let data = local + 30 + u16(local + 26) + u16(local + 28)
            if u16(record + 10) == 8 {
                result[name] = (data..<(data + u32(record + 20)), UInt32(truncatingIfNeeded: u32(record + 16)))
            }
            record += 46 + nameLength + u16(record + 30) + u16(record + 32)
        }
        return result
    }

    private func bomb(_ name: String, _ what: String) -> ParseError {
        ParseError(path: path, message: "refusing the archive (zip bomb?): «\(name)» \(what)")
    }

    /// Why an entry name is unsafe (it would land outside a folder it were extracted to), or nil.
    static func unsafeReason(_ name: String) -> String? {
        if name.isEmpty { return "has an empty name" }
        if name.utf8.contains(0) { return "has a NUL byte in its name" }
        let normalised = name.replacingOccurrences(of: "\\", with: "/")
        if normalised.hasPrefix("/") { return "has an absolute path" }
        if normalised.count >= 2, normalised.dropFirst().first == ":" { return "has a drive letter" }
        if normalised.split(separator: "/", omittingEmptySubsequences: false).contains("..") {
            return "climbs out of the archive (../)"
        }
        return nil
    }

    /// Checks that every offset the central directory gives stays inside the archive, and finds
    /// encrypted entries. ZIPFoundation 0.9.20's in-memory backend traps (a range crash) when it
    /// seeks outside its data, which a corrupt or hostile directory makes it do, so nothing reaches
    /// it that would. This reads the directory's fixed-size records only; ZIPFoundation still
    /// does all the reading and inflating.
    static func directoryProblem(_ bytes: [UInt8]) -> String? {
        let n = bytes.count
        func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }
        func signature(_ at: Int, _ third: UInt8, _ fourth: UInt8) -> Bool {
            at >= 0 && at + 4 <= n && bytes[at] == 0x50 && bytes[at + 1] == 0x4B && bytes[at + 2] == third && bytes[at + 3] == fourth
        }
        guard n >= 22 else { return "corrupt" }
        // The end record sits in the last 22 + 65,535 bytes (its comment can be that long).
        var end = n - 22
        let floor = max(0, n - 22 - 65535)
        while end >= floor && !signature(end, 0x05, 0x06) { end -= 1 }
        guard end >= floor else { return "corrupt" }
        let count = u16(end + 10)
        let size = u32(end + 12)
        let offset = u32(end + 16)
        if count == 0xFFFF || size == 0xFFFF_FFFF || offset == 0xFFFF_FFFF { return "zip64" }
        guard offset + size <= end else { return "corrupt" }
        var record = offset
        for _ in 0..<count {
            guard record + 46 <= end, signature(record, 0x01, 0x02) else { return "corrupt" }
            if u16(record + 8) & 1 != 0 { return "encrypted" }
            let compressed = u32(record + 20)
            let local = u32(record + 42)
            if compressed == 0xFFFF_FFFF || u32(record + 24) == 0xFFFF_FFFF || local == 0xFFFF_FFFF { return "zip64" }
            guard local + 30 <= n, signature(local, 0x03, 0x04) else { return "corrupt" }
            if u16(local + 6) & 1 != 0 { return "encrypted" }
            let data = local + 30 + u16(local + 26) + u16(local + 28)
            guard data + compressed <= n else { return "corrupt" }
            // Flag bit 3: a data descriptor follows the data, and ZIPFoundation reads it while
            // listing the entries, at the data's end by the directory's sizes (the uncompressed one
            // for a stored entry). Beyond the file it trapped (a range crash in its in-memory
            // reader: a 331-byte file FuzzOffice found). Its 16 bytes must be in the file.
            if u16(record + 8) & 8 != 0 {
                let stored = u16(record + 10) == 0
                guard data + (stored ? u32(record + 24) : compressed) + 16 <= n else { return "corrupt" }
            }
            record += 46 + u16(record + 28) + u16(record + 30) + u16(record + 32)
        }
        return nil
    }
}
