import Foundation
import Testing
@testable import JamlintCore
import ZIPFoundation

/// Archives that are not what they claim, or are built to hurt: each is a clear `ParseError`.
@Suite struct HostileArchiveTests {
    typealias F = OfficeFixture

    static let plain = F.docx(body: F.paragraph("Förvaltningen föreslår."))

    func message(_ bytes: [UInt8], path: String = "memo.docx") -> String? {
        do {
            _ = try F.load(bytes, path: path)
            return nil
        } catch {
            return error.message
        }
    }

    /// Offsets of every local header (`PK\3\4`) and central directory header (`PK\1\2`).
    func headers(_ bytes: [UInt8], _ third: UInt8, _ fourth: UInt8) -> [Int] {
        (0..<(bytes.count - 4)).filter {
            bytes[$0] == 0x50 && bytes[$0 + 1] == 0x4B && bytes[$0 + 2] == third && bytes[$0 + 3] == fourth
        }
    }

    @Test func textFileNamedDocx() {
        #expect(message(Array("Förvaltningen föreslår.\n".utf8))?.contains("not a zip archive") == true)
        #expect(message([])?.contains("not a zip archive") == true)
    }

    @Test func oldOrPasswordProtectedOfficeFile() {
        let ole: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 512)
        #expect(message(ole)?.contains("password-protected") == true)
    }

    @Test func openDocumentNamedDocx() {
        let odt = F.odt(body: "<text:p>Text</text:p>")
        #expect(message(odt)?.contains("OpenDocument file") == true)
    }

    @Test func zipWithoutWordDocument() {
        let bytes = F.zip([("readme.txt", Array("hej".utf8))])
        #expect(message(bytes)?.contains("no word/document.xml") == true)
    }

    @Test func entryNamesThatClimbOut() {
        for name in ["../evil.xml", "word/../../evil.xml", "/etc/evil.xml", "..\\evil.xml", "C:/evil.xml"] {
            let bytes = F.zip([(name, Array("x".utf8)), ("word/document.xml", Array(F.documentXML("").utf8))])
            #expect(message(bytes)?.contains("refusing the archive") == true, "\(name)")
        }
        #expect(!FileManager.default.fileExists(atPath: "evil.xml"))
    }

    @Test func zipBombByRatio() {
        let padding = String(repeating: " ", count: 3 * 1024 * 1024)
        let xml = F.documentXML(F.paragraph("Text") + padding)
        let message = message(F.zip([("word/document.xml", Array(xml.utf8))]))
        #expect(message?.contains("zip bomb") == true)
        #expect(message?.contains("200 times") == true)
    }

    @Test func partLargerThanTheLimit() throws {
        // Random-looking text does not compress, so only the size limit stops it.
        var state: UInt32 = 12345
        let noise = (0..<6000).map { _ -> UInt8 in
            state = state &* 1_103_515_245 &+ 12345
            return UInt8(ascii: "a") + UInt8((state >> 16) % 26)
        }
        var limits = OfficeArchive.Limits()
        limits.maxPartSize = 4096
        var archive = try OfficeArchive(bytes: F.zip([("big.xml", noise)]), path: "memo.docx", kind: "Word", limits: limits)
        #expect {
            _ = try archive.read("big.xml")
        } throws: { ($0 as? ParseError)?.message.contains("«big.xml» declares 6000 bytes") == true }
    }

    /// The sizes an archive declares are not trusted: a part that claims 10 bytes but inflates to
    /// megabytes is stopped while it inflates.
    @Test func lyingDeclaredSize() {
        let padding = String(repeating: " ", count: 3 * 1024 * 1024)
        var bytes = F.zip([("word/document.xml", Array(F.documentXML(padding).utf8))])
        for local in headers(bytes, 0x03, 0x04) { bytes.replaceSubrange((local + 22)..<(local + 26), with: [10, 0, 0, 0]) }
        for central in headers(bytes, 0x01, 0x02) { bytes.replaceSubrange((central + 24)..<(central + 28), with: [10, 0, 0, 0]) }
        let message = message(bytes)
        #expect(message?.contains("inflates more than 200 times") == true, "\(message ?? "no error")")
    }

    @Test func encryptedEntries() {
        var bytes = Self.plain
        for local in headers(bytes, 0x03, 0x04) { bytes[local + 6] |= 1 }
        for central in headers(bytes, 0x01, 0x02) { bytes[central + 8] |= 1 }
        #expect(message(bytes)?.contains("encrypted") == true)
    }

    @Test func corruptData() throws {
        var bytes = Self.plain
        // Inside the compressed data of the first part ([Content_Types].xml starts at 0, its
        // data after the 30-byte header and its name), flip bits until something notices.
        let documentHeader = try #require(headers(bytes, 0x03, 0x04).dropFirst(2).first)
        let dataStart = documentHeader + 30 + "word/document.xml".utf8.count
        bytes[dataStart + 5] ^= 0xFF
        bytes[dataStart + 6] ^= 0xFF
        let message = message(bytes)
        #expect(message?.contains("corrupt") == true || message?.contains("not well-formed") == true
                || message?.contains("word/document.xml") == true, "\(message ?? "no error")")
    }

    /// A directory entry whose local header offset points past the end (ZIPFoundation's in-memory
    /// reader would trap on the seek).
    @Test func directoryPointingOutside() throws {
        var bytes = Self.plain
        let central = try #require(headers(bytes, 0x01, 0x02).first)
        bytes.replaceSubrange((central + 42)..<(central + 46), with: [0x00, 0x00, 0x00, 0x7F])
        #expect(message(bytes)?.contains("points outside the file") == true)
    }

    @Test func everyTruncationIsRefused() {
        for length in stride(from: 0, to: Self.plain.count, by: 5) {
            #expect(message(Array(Self.plain.prefix(length))) != nil, "\(length)")
        }
    }

    @Test func truncatedArchive() {
        let bytes = Array(Self.plain.prefix(Self.plain.count / 2))
        #expect(message(bytes)?.contains("corrupt") == true)
    }

    @Test func documentTypeDeclarationsAreRefused() {
        let xml = """
            <?xml version="1.0"?>
            <!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>
            <w:document \(F.wordNamespaces)><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>
            """
        let message = message(F.zip([("word/document.xml", Array(xml.utf8))]))
        #expect(message?.contains("declares a document type") == true)
    }

    @Test func malformedXML() {
        let xml = "<?xml version=\"1.0\"?>\n<w:document \(F.wordNamespaces)><w:body><w:p></w:body></w:document>"
        let message = message(F.zip([("word/document.xml", Array(xml.utf8))]))
        #expect(message?.hasPrefix("word/document.xml, line 2: ") == true, "\(message ?? "no error")")
    }

    @Test func wrongRootElement() {
        let bytes = F.zip([("word/document.xml", Array("<?xml version=\"1.0\"?><html/>".utf8))])
        #expect(message(bytes)?.contains("has no w:document/w:body") == true)
    }

    /// Every single-byte corruption of a small archive is read or refused, never a crash.
    @Test func flippedBytesNeverCrash() {
        let original = Self.plain
        var refused = 0
        for index in 0..<original.count {
            var bytes = original
            bytes[index] ^= index % 2 == 0 ? 0x5A : 0xFF
            if message(bytes) != nil { refused += 1 }
        }
        #expect(refused > 0)
    }

    /// The central directory says stored, the local header deflated: ZIPFoundation would inflate it
    /// with its own reader, whose short last chunk zlib may read past. Refused instead.
    @Test func localHeaderThatDisagreesOnCompression() throws {
        var bytes = F.zip([("word/document.xml", Array(F.documentXML(F.paragraph("Förvaltningen föreslår.")).utf8))])
        let central = try #require(headers(bytes, 0x01, 0x02).first)
        #expect(bytes[central + 10] == 8)
        bytes[central + 10] = 0
        let message = message(bytes)
        #expect(message?.contains("disagree on its compression") == true, "\(message ?? "no error")")
    }

    /// A data descriptor (flag bit 3) that the directory's sizes place past the end of the file:
    /// ZIPFoundation read it there while listing the entries and trapped.
    @Test func dataDescriptorOutsideTheFile() throws {
        var bytes = F.zip([("word/document.xml", Array(F.documentXML(F.paragraph("Förvaltningen föreslår.")).utf8))],
                          compression: .none)
        let central = try #require(headers(bytes, 0x01, 0x02).first)
        bytes[central + 8] |= 8
        // The uncompressed size of a stored entry places its descriptor: make it reach past the end.
        for k in 0..<4 { bytes[central + 24 + k] = 0x7F }
        #expect(message(bytes)?.contains("points outside the file") == true, "\(message(bytes) ?? "no error")")
        // In the file, the same flag is read as before.
        bytes = F.zip([("word/document.xml", Array(F.documentXML(F.paragraph("Förvaltningen föreslår.")).utf8))],
                      compression: .none)
        bytes[try #require(headers(bytes, 0x01, 0x02).first) + 8] |= 8
        #expect(message(bytes)?.contains("points outside the file") != true)
    }

    /// The inflate loop's input chunks are exactly the size asked for: the entry's bytes, then
    /// zeros (ZIPFoundation tells zlib the chunk is that long, whatever it holds).
    @Test func inflateChunksAreAlwaysTheSizeAskedFor() throws {
        let source: [UInt8] = Array(0..<100)
        let range = 10..<50
        let whole = try OfficeArchive.chunk(of: source, range: range, at: 0, size: 16)
        #expect([UInt8](whole) == Array(10..<26))
        let last = try OfficeArchive.chunk(of: source, range: range, at: 32, size: 16)
        #expect([UInt8](last) == Array(42..<50) + Array(repeating: 0, count: 8))
        let small = try OfficeArchive.chunk(of: source, range: range, at: 0, size: 16 * 1024)
        #expect(small.count == 16 * 1024)
        #expect([UInt8](small.prefix(40)) == Array(10..<50))
        #expect(small.dropFirst(40).allSatisfy { $0 == 0 })
        // Past the entry's end, or a range outside the source: no chunk.
        #expect(throws: OfficeArchive.TruncatedStream.self) { try OfficeArchive.chunk(of: source, range: range, at: 40, size: 16) }
        #expect(throws: OfficeArchive.TruncatedStream.self) { try OfficeArchive.chunk(of: source, range: 90..<120, at: 0, size: 16) }
    }

    @Test func errorsNameTheFile() {
        do {
            _ = try F.load(Array("x".utf8), path: "dir/memo.docx")
            Issue.record("expected an error")
        } catch {
            #expect(error.path == "dir/memo.docx")
            #expect(error.description.hasPrefix("dir/memo.docx:1:1: error: "))
        }
    }
}
