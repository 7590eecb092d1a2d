import Testing
@testable import JamlintCore

#if canImport(Glibc)
import Glibc
#endif

/// Malformed input, hostile input and libxml2's error reporting.
@Suite struct XHTMLErrorTests {
    static func parse(_ text: String, _ mode: XMLDocumentParser.Mode = .xhtml) throws(ParseError) -> Document {
        try XMLDocumentParser(mode: mode).parse(SourceFile(path: "memo.xhtml", text: text))
    }

    static func error(_ text: String, _ mode: XMLDocumentParser.Mode = .xhtml) -> ParseError? {
        do {
            _ = try parse(text, mode)
            return nil
        } catch {
            return error
        }
    }

    @Test func mismatchedTagIsAParseError() throws {
        let error = try #require(Self.error("<html><body>\n<p>Text</div>\n</body></html>"))
        #expect(error.path == "memo.xhtml")
        #expect(error.message == "Opening and ending tag mismatch: p line 2 and div")
        // libxml2 notices the mismatch once it has read the whole end tag.
        #expect("\(error.line):\(error.column)" == "2:14")
        #expect(error.description == "memo.xhtml:2:14: error: Opening and ending tag mismatch: p line 2 and div")
    }

    @Test func errorColumnsCountCharacters() throws {
        let error = try #require(Self.error("<html><body>\n<p>Åäö ö</p <p></body></html>"))
        #expect(error.line == 2)
        #expect(error.message == "expected '>'")
        #expect(error.column == 13)
    }

    @Test func errorPositionBeyondSixtyFiveThousandLines() throws {
        let filler = String(repeating: "<p>x</p>\n", count: 70_000)
        let error = try #require(Self.error("<html><body>\n" + filler + "<p>a < b</p></body></html>"))
        #expect(error.line == 70_002)
        #expect(error.column == 7)
    }

    @Test func undefinedEntityIsAnError() throws {
        let error = try #require(Self.error("<html><body><p>Hej &okänd; och &foo;</p></body></html>"))
        #expect(error.message.contains("okänd") || error.message.contains("foo"))
        let other = try #require(Self.error("<html><body><p>Hej &foo; där</p></body></html>"))
        #expect(other.message == "Entity 'foo' not defined")
        #expect("\(other.line):\(other.column)" == "1:20")
    }

    @Test func undefinedEntityWithExternalDoctypeIsAnError() throws {
        let source = """
            <!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
            <html xmlns="http://www.w3.org/1999/xhtml"><body><p>&auml; &foo; x</p></body></html>
            """
        let error = try #require(Self.error(source))
        #expect(error.message == "Entity 'foo' not defined")
        #expect("\(error.line):\(error.column)" == "2:60")
        let fine = try Self.parse(source.split(separator: "&foo; ").joined())
        #expect(fine.texts == ["ä x"])
    }

    @Test func emptyAndNonXMLInput() throws {
        #expect(Self.error("") != nil)
        #expect(Self.error("Bara text") != nil)
        #expect(try Self.parse("", .html).blocks.isEmpty)
        #expect(try Self.parse("Bara text", .html).texts == ["Bara text"])
    }

    @Test func htmlRecoversFromErrors() throws {
        let doc = try Self.parse("<html><body>\n<p>Text</div>\n<p>Mer &amp; <b>mer</p></table></body></html>", .html)
        #expect(doc.texts == ["Text", "Mer & mer"])
    }

    @Test func namespaceErrorsAreNotFatal() throws {
        let doc = try Self.parse("<html><body><p>Text <x:y>med</x:y> prefix</p></body></html>")
        #expect(doc.texts == ["Text med prefix"])
    }

    // MARK: Hostile input

    @Test(arguments: [XMLDocumentParser.Mode.xhtml, .html]) func externalEntityIsNotRead(mode: XMLDocumentParser.Mode) throws {
        let secret = "jamlint-secret-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let path = "/tmp/jamlint-xxe-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).txt"
        let file = fopen(path, "w")
        fputs(secret, file)
        fclose(file)
        defer { unlink(path) }
        for target in ["file://" + path, path, "file:///etc/hostname"] {
            let source = """
                <?xml version="1.0"?>
                <!DOCTYPE html [<!ENTITY e SYSTEM "\(target)">]>
                <html><body><p>Före &e; efter</p><p title="&e;">x</p></body></html>
                """
            do {
                let doc = try Self.parse(source, mode)
                #expect(mode == .html)
                #expect(!doc.texts.joined().contains(secret))
            } catch {
                #expect(mode == .xhtml)
                #expect(error.message.contains("'&e;'"))
                #expect("\(error.line):\(error.column)" == "3:21")
            }
        }
        let parameter = """
            <?xml version="1.0"?>
            <!DOCTYPE html [<!ENTITY % p SYSTEM "file://\(path)"> %p;]>
            <html><body><p>Text</p></body></html>
            """
        if let doc = try? Self.parse(parameter, mode) { #expect(!doc.texts.joined().contains(secret)) }
    }

    @Test func internalEntitiesAreRefused() throws {
        let source = """
            <!DOCTYPE html [<!ENTITY kommun "Uppsala kommun">]>
            <html><body><p>&kommun;</p></body></html>
            """
        let error = try #require(Self.error(source))
        #expect(error.message.hasPrefix("entity '&kommun;' is declared in the document type"))
        #expect("\(error.line):\(error.column)" == "2:16")
    }

    @Test func billionLaughsIsRejected() throws {
        var declarations = "<!ENTITY lol \"lol\">"
        var previous = "lol"
        for level in 1...9 {
            let name = "lol\(level)"
            declarations += "<!ENTITY \(name) \"" + String(repeating: "&\(previous);", count: 10) + "\">"
            previous = name
        }
        let source = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\(declarations)]>\n<lolz>&lol9;</lolz>"
        #expect(Self.error(source) != nil)
        let inAttribute = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\(declarations)]>\n<lolz a=\"&lol9;\"/>"
        #expect(Self.error(inAttribute) != nil)
        let inDefault = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\(declarations)<!ATTLIST lolz a CDATA \"&lol9;\">]>\n<lolz/>"
        #expect(Self.error(inDefault) != nil)
    }

    @Test func xincludeIsNotFollowed() throws {
        let source = """
            <html xmlns="http://www.w3.org/1999/xhtml" xmlns:xi="http://www.w3.org/2001/XInclude"><body>
            <p>Före<xi:include href="file:///etc/hostname" parse="text"/> efter</p>
            <p><xi:include href="file:///etc/passwd" parse="text"><xi:fallback>Reserv</xi:fallback></xi:include></p>
            </body></html>
            """
        for mode in [XMLDocumentParser.Mode.xhtml, .html] {
            let doc = try Self.parse(source, mode)
            #expect(doc.texts == ["Före efter", "Reserv"])
        }
    }

    @Test func deepNestingDoesNotCrash() {
        let depth = 100_000
        let source = "<html><body>" + String(repeating: "<div>", count: depth) + "djupt"
            + String(repeating: "</div>", count: depth) + "</body></html>"
        #expect(Self.error(source, .xhtml) != nil)
        if let doc = try? Self.parse(source, .html) {
            #expect(doc.texts == ["djupt"])
        }
    }

    @Test func htmlScriptTextIsNotProse() throws {
        let source = "<p>Före</p><script>if (a < b) { document.write('<p>kvinnor och män</p>') }</script><p>Efter</p>"
        let doc = try Self.parse(source, .html)
        #expect(doc.texts == ["Före", "Efter"])
    }

    // MARK: libxml2 stays quiet

    @Test func libxml2NeverWritesToStandardError() throws {
        let captured = try captureStandardError {
            _ = Self.error("<html><body>\n<p>Text</div>\n</body></html>")
            _ = Self.error("<html><body><p>&foo;</p></body></html>")
            _ = try? Self.parse("<p>Text</div><p>&auml &#228</span></p>\u{1}", .html)
            // Proves that the capture works.
            _ = "jamlint-capture-check\n".withCString { write(2, $0, strlen($0)) }
        }
        #expect(captured.contains("jamlint-capture-check"))
        #expect(!captured.contains("mismatch"))
        #expect(!captured.contains("not defined"))
        #expect(!captured.contains("Unexpected end tag"))
        #expect(!captured.contains("htmlParse"))
    }

    @Test func concurrentParsesAgree() async throws {
        let xhtml = SourceFile(path: "a.xhtml", text: "<html><body><p>Gr&auml;ns för <b>kvinnor</b></p><p>&#228;</p></body></html>")
        let html = SourceFile(path: "a.html", text: "<p>Gr&auml;ns för <b>kvinnor</b><p>&#228;</span>")
        let bad = SourceFile(path: "b.xhtml", text: "<html><body>\n<p>x</div></body></html>")
        let results = await withTaskGroup(of: String.self) { group in
            for i in 0..<200 {
                group.addTask {
                    switch i % 3 {
                    case 0: return (try? XMLDocumentParser(mode: .xhtml).parse(xhtml).texts.joined(separator: "|")) ?? "error"
                    case 1: return (try? XMLDocumentParser(mode: .html).parse(html).texts.joined(separator: "|")) ?? "error"
                    default:
                        do {
                            _ = try XMLDocumentParser(mode: .xhtml).parse(bad)
                            return "parsed"
                        } catch let error as ParseError {
                            return error.description
                        } catch {
                            return "other error"
                        }
                    }
                }
            }
            var all: [String] = []
            for await result in group { all.append(result) }
            return all
        }
        #expect(Set(results) == [
            "Gräns för kvinnor|ä",
            "b.xhtml:2:11: error: Opening and ending tag mismatch: p line 2 and div",
        ])
    }
}

/// Runs `body` with file descriptor 2 redirected to a temporary file and returns what was written.
private func captureStandardError(_ body: () throws -> Void) throws -> String {
    let path = "/tmp/jamlint-stderr-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    let fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0o600)
    guard fd >= 0 else { return "" }
    defer {
        close(fd)
        unlink(path)
    }
    fflush(nil)
    let saved = dup(2)
    dup2(fd, 2)
    defer {
        fflush(nil)
        dup2(saved, 2)
        close(saved)
    }
    try body()
    fflush(nil)
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    lseek(fd, 0, SEEK_SET)
    while true {
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n <= 0 { break }
        bytes.append(contentsOf: buffer[0..<n])
    }
    return String(decoding: bytes, as: UTF8.self)
}

