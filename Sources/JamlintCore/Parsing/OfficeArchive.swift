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
        // ZIPFoundation silently stops listing at an encrypted entry; the zip format marks them in
        // the general-purpose flags of each local header.
        if Self.hasEncryptedEntry(bytes) {
            throw ParseError(path: path, message: "the \(kind) document is encrypted; save it without a password")
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
        var data = Data()
        data.reserveCapacity(Int(declared))
        do {
            _ = try archive.extract(entry, bufferSize: 16 * 1024, skipCRC32: false) { chunk in
                data.append(chunk)
                if data.count > cap || data.count > ratioCap { throw LimitExceeded() }
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

    private struct LimitExceeded: Error {}

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

    /// True when a local file header (`PK\3\4`) in the archive has the "encrypted" flag (bit 0).
    /// Compressed data could contain the signature by chance, so a header only counts when its
    /// compression method is one the zip format defines for text (stored, deflate).
    static func hasEncryptedEntry(_ bytes: [UInt8]) -> Bool {
        var i = 0
        let n = bytes.count
        while i + 10 <= n {
            if bytes[i] == 0x50 && bytes[i + 1] == 0x4B && bytes[i + 2] == 0x03 && bytes[i + 3] == 0x04 {
                let flags = UInt16(bytes[i + 6]) | UInt16(bytes[i + 7]) << 8
                let method = UInt16(bytes[i + 8]) | UInt16(bytes[i + 9]) << 8
                if flags & 1 != 0 && (method == 0 || method == 8 || method == 99) { return true }
                i += 4
            } else {
                i += 1
            }
        }
        return false
    }
}
