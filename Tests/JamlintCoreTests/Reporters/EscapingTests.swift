import Foundation
import Testing
@testable import JamlintCore

@Suite struct EscapingTests {
    @Test func githubDataAndProperties() {
        #expect(GitHubReporter.data("50% a\r\nb") == "50%25 a%0D%0Ab")
        #expect(GitHubReporter.property("a:b,c%\n") == "a%3Ab%2Cc%25%0A")
    }

    @Test func githubAnnotationOfAWeirdPath() {
        let source = SourceFile(path: "mapp, 2025: ks.md", text: "hej\n")
        let f = Finding(ruleID: "JAM002", severity: .error, path: source.path, start: source.location(ofByte: 0),
                        end: source.location(ofByte: 3), message: "rad 1\nrad 2")
        let out = GitHubReporter(context: ReportContext()).add(FileResult(path: source.path, findings: [f], source: source))
        #expect(out == "::error file=mapp%2C 2025%3A ks.md,line=1,col=1,endLine=1,endColumn=4,title=JAM002::rad 1%0Arad 2\n")
    }

    @Test func githubStepSummaryIsAMarkdownTable() {
        let r = GitHubReporter(context: ReportContext(language: .en, rules: ReportFixture.rules))
        for result in ReportFixture.results { _ = r.add(result) }
        let md = r.stepSummary(Summary(results: ReportFixture.results))
        #expect(md.hasPrefix("## jamlint: results\n\nTotal: 1 error, 2 warnings, 1 note in 4 files; 1 file could not be read\n\n"))
        #expect(md.contains("| agenda/ks-2025-041.md | 3 | error | JAM001 | konsekvensanalys saknas |"))
        #expect(md.contains("| agenda/trasig.md | 2 | error | parse |"))
        #expect(md.contains("&lt;utan&gt;"))
    }

    @Test func xmlEscapesMarkupAndDropsForbiddenControls() {
        #expect(XMLEscaping.escape("a<b>&\"'\u{1}\n") == "a&lt;b&gt;&amp;&quot;&apos;\u{FFFD}&#10;")
    }

    @Test func jsonEscapesControlsAndKeepsSwedish() {
        #expect(JSONValue.string("å\"\\\n\u{1}\u{2028}").rendered() == #""å\"\\\n\u0001\u2028""#)
        let v = JSONValue.object([("b", .int(1)), ("a", .array([.null, .bool(true)]))])
        #expect(v.rendered() == #"{"b":1,"a":[null,true]}"#)
        #expect(v.rendered(pretty: true) == "{\n  \"b\": 1,\n  \"a\": [\n    null,\n    true\n  ]\n}")
    }


    /// The eight-byte scan of `writeString` against a byte-by-byte reference, with every special
    /// byte at every offset of long runs, and random strings.
    @Test func jsonStringEscapingMatchesAByteByByteReference() {
        func reference(_ s: String) -> String {
            var out = "\""
            for scalar in s.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case "\u{2028}": out += "\\u2028"
                case "\u{2029}": out += "\\u2029"
                default:
                    if scalar.value < 0x20 || scalar.value == 0x7F {
                        out += String(format: "\\u%04x", scalar.value)
                    } else {
                        out.unicodeScalars.append(scalar)
                    }
                }
            }
            return out + "\""
        }
        func written(_ s: String) -> String {
            var bytes: [UInt8] = []
            JSONValue.writeString(s, into: &bytes)
            return String(decoding: bytes, as: UTF8.self)
        }
        let specials = ["\"", "\\", "\n", "\r", "\t", "\u{1}", "\u{1F}", "\u{7F}", "\u{2028}", "\u{2029}", "\u{2027}",
                        "–", "å", "\u{80}", " ", "~", "!", "#"]
        for special in specials {
            for offset in 0..<20 {
                let s = String(repeating: "a", count: offset) + special + String(repeating: "b", count: 19 - offset)
                #expect(written(s) == reference(s), "\(special.unicodeScalars.map(\.value)) at \(offset)")
            }
        }
        var generator = SeededGenerator(seed: 20_241_201)
        let pool = specials + ["kvinnor", "män", " ", "0123456789", "😀", "é"]
        for _ in 0..<300 {
            let s = (0..<Int.random(in: 0...30, using: &generator)).map { _ in pool.randomElement(using: &generator)! }.joined()
            #expect(written(s) == reference(s), "\(s.debugDescription)")
        }
    }

    @Test func jsonWriterWritesWhatJSONValueRenders() {
        for n in [0, 7, -7, 10, 99, 1_000_000, Int.max, Int.min] {
            var w = JSONWriter()
            w.int(n)
            #expect(String(decoding: w.bytes, as: UTF8.self) == JSONValue.int(n).rendered())
        }
        var w = JSONWriter()
        w.raw("{\"a\":")
        w.optional(nil)
        w.raw(",\"b\":")
        w.optional("å\"\n\u{2029}")
        w.byte(UInt8(ascii: "}"))
        let v = JSONValue.object([("a", .null), ("b", .string("å\"\n\u{2029}"))])
        #expect(String(decoding: w.bytes, as: UTF8.self) == v.rendered())
    }
    @Test func sarifUrisArePercentEncoded() {
        #expect(SARIFReporter.artifact("./möte 1/ks.md") == .object([("uri", .string("m%C3%B6te%201/ks.md")), ("uriBaseId", .string("%SRCROOT%"))]))
        #expect(SARIFReporter.artifact("/tmp/a.md") == .object([("uri", .string("file:///tmp/a.md"))]))
    }

    @Test func sarifColumnsCountCodePointsNotGraphemes() {
        // "a" + combining ring is one grapheme (column 2 for "x" in jamlint) but two code points.
        let source = SourceFile(path: "t.md", text: "a\u{30A} x")
        let x = source.location(ofByte: 4)
        #expect(x.column == 3)
        #expect(SARIFReporter.codePointColumn(x, in: source) == 4)
    }
}

extension EscapingTests {
    @Test func textWithoutSourceShowsHeaderAndHelpOnly() {
        let f = Finding(ruleID: "JAM003", severity: .error, path: "a.md", start: SourceLocation(offset: 0, line: 1, column: 1),
                        end: SourceLocation(offset: 0, line: 1, column: 1), message: "rad\nett", help: "gör så")
        let out = TextReporter(context: ReportContext(language: .en)).add(FileResult(path: "a.md", findings: [f]))
        #expect(out == "a.md:1:1: error: rad ett [JAM003]\n   = help: gör så\n\n")
    }
}

extension EscapingTests {
    /// The cursor that counts a file's SARIF columns on from the previous location gives what
    /// counting from the line's start gives, forwards, backwards and across lines.
    @Test func sarifColumnCursorAgreesWithCountingFromTheLineStart() {
        var random = SeededGenerator(seed: 31)
        let text = "Åäö a\u{30A} 日本 👍 x\n" + String(repeating: "mål och 320 brukare – «citat» ", count: 40) + "\n\nslut"
        let source = SourceFile(path: "t.md", text: text)
        let starts = source.bytes.indices.filter { source.bytes[$0] & 0xC0 != 0x80 } + [source.bytes.count]
        var cursor = CodePointCursor()
        for _ in 0..<2_000 {
            let offset = starts[Int.random(in: 0..<starts.count, using: &random)]
            let location = source.location(ofByte: offset)
            #expect(cursor.column(location, in: source) == SARIFReporter.codePointColumn(location, in: source), "\(offset)")
        }
    }
}
