import Testing
@testable import JamlintCore

/// The fast paths of the XHTML reader against slow references, on seeded random input: the
/// eight-byte text loop against appending scalar by scalar, the packed element-name table against
/// the names it was built from, and whole documents (references, CRLF, white-space runs, nested
/// inline markup, CDATA, comments, line breaks) against a model of HTML white-space collapsing.
@Suite struct XHTMLFastPathTests {
    // MARK: The text loop

    /// Byte pieces the loop treats differently: letters, single and double spaces, the other markup
    /// white space, two-, three- and four-byte scalars, combining marks (NFD), soft hyphens, a
    /// control byte, malformed bytes and scalars cut off by a chunk's end.
    static let pieces: [[UInt8]] = [
        Array("a".utf8), Array("kvinnor".utf8), Array("Förslaget".utf8), Array("män".utf8), Array("x1-2,".utf8),
        [0x20], [0x20, 0x20], [0x0A], [0x0D, 0x0A], [0x09], [0x0C], [0x20, 0x0A, 0x20],
        Array("å".utf8), Array("—".utf8), Array("😀".utf8), Array("a\u{308}".utf8), [0xC2, 0xAD], [0x01],
        [0xFF], [0xC3], [0xE2, 0x80], Array("abcdefghijklmnop".utf8), Array("ab cd ef gh ij".utf8),
    ]

    @Test func eightByteLoopMatchesScalarByScalar() {
        var random = SeededGenerator(seed: 0x6A61_6D6C_696E_7400)
        for _ in 0..<3000 {
            var bytes: [UInt8] = []
            for _ in 0..<random.below(24) { bytes += random.pick(Self.pieces) }
            // A tail past the last chunk that the loop may read but must not append.
            let tail = random.pick(Self.pieces) + random.pick(Self.pieces)
            let all = bytes + tail
            var fast = CollapsingText()
            var slow = CollapsingText()
            var k = 0
            while k < bytes.count {
                let end = min(bytes.count, k + 1 + random.below(20))
                all.withUnsafeBufferPointer { buffer in
                    fast.appendUTF8(UnsafeBufferPointer(rebasing: buffer[k...]), 0..<(end - k), at: k)
                    let chunk = UnsafeBufferPointer(rebasing: buffer[k..<end])
                    var i = 0
                    while i < chunk.count {
                        let (scalar, length) = SourceAligner.decodeScalar(chunk, at: i)
                        slow.append(scalar, start: k + i, end: k + i + length)
                        i += length
                    }
                }
                switch random.below(6) {
                case 0:
                    fast.lineBreak(end..<end)
                    slow.lineBreak(end..<end)
                case 1:
                    fast.softBreak(end..<end)
                    slow.softBreak(end..<end)
                default: break
                }
                k = end
            }
            let a = fast.build(), b = slow.build()
            #expect(a.scalars == b.scalars, "\(bytes)")
            #expect(a.starts == b.starts, "\(bytes)")
            #expect(a.ends == b.ends, "\(bytes)")
            #expect(fast.firstStart == slow.firstStart && fast.lastEnd == slow.lastEnd, "\(bytes)")
        }
    }

    // MARK: Element names

    @Test func packedElementNamesMatchTheirTable() {
        let known = KnownElementNames.shared
        for (i, name) in known.names.enumerated() {
            #expect(known.idByName[name] == i)
            #expect(known.roles[i] == HTMLElementRole.of(name), "\(name)")
            let key = KnownElementNames.packed(Array(name.utf8))
            if name.utf8.count <= 8 {
                #expect(key != 0 && known.id(ofKey: key) == i, "\(name)")
                #expect(KnownElementNames.packed(Array(name.uppercased().utf8)) == key, "\(name)")
            } else {
                #expect(key == 0, "\(name)")
            }
        }
        for other in ["span2", "o:p", "my-tag", "x", "ä", "", "abcdefghi", "blockquot", "h7", "pp"] {
            let key = KnownElementNames.packed(Array(other.utf8))
            if key != 0 { #expect(known.id(ofKey: key) == nil, "\(other)") }
        }
        #expect(KnownElementNames.packed(Array("o:p".utf8)) == 0)
        #expect(KnownElementNames.packed(Array("abcdefghi".utf8)) == 0)
    }

    @Test func unknownAndLongElementNamesNestAndClose() throws {
        let m = MarkedSource("""
            <html xmlns="http://www.w3.org/1999/xhtml"><body>
            <blockquote><p>⟨1⟩Ett <custom-tag>två <span>tre</span></custom-tag> fyra</p></blockquote>
            <P-X><BLOCKQUOTE><p>fem</p></BLOCKQUOTE></P-X>
            <figcaption>sex <verylongelementname>sju</verylongelementname></figcaption>
            </body></html>
            """)
        let doc = try m.parse(.xhtml)
        #expect(doc.blocks.map { $0.text.string } == ["Ett två tre fyra", "fem", "sex sju"])
        #expect(doc.blocks[0].inQuote && doc.blocks[1].inQuote && !doc.blocks[2].inQuote)
        #expect(doc.at("Ett", in: 0) == m.at(1))
        #expect(doc.mapProblems() == [])
    }

    // MARK: Whole documents

    /// One piece of paragraph content: its source and what it decodes to, each scalar with its
    /// byte offset in the piece (nil for markup that gives no text).
    enum Piece {
        case text(String, [(Unicode.Scalar, Int)])
        case lineBreak(String)
        case markup(String)
    }

    static func literal(_ s: String) -> Piece {
        var decoded: [(Unicode.Scalar, Int)] = []
        var offset = 0
        for scalar in s.unicodeScalars {
            // The XML parser reads CR LF as LF: white space either way, starting at the CR.
            decoded.append((scalar, offset))
            offset += String(scalar).utf8.count
        }
        return .text(s, decoded)
    }

    static func reference(_ source: String, _ scalar: Unicode.Scalar) -> Piece { .text(source, [(scalar, 0)]) }

    static func randomContent(_ random: inout SeededGenerator, depth: Int) -> [Piece] {
        var pieces: [Piece] = []
        for _ in 0..<(1 + random.below(8)) {
            switch random.below(14) {
            case 0, 1, 2:
                let word = random.pick(["kvinnor", "män", "Förslaget", "gäller", "och", "a", "x1", "ööö"])
                pieces.append(literal(word))
            case 3, 4:
                pieces.append(literal(random.pick([" ", "  ", "\n", "\r\n", "\t", " \n  ", " \r\n\t"])))
            case 5, 6:
                let (source, scalar): (String, Unicode.Scalar) = random.pick([
                    ("&ouml;", "ö"), ("&#246;", "ö"), ("&#xF6;", "ö"), ("&amp;", "&"), ("&lt;", "<"), ("&gt;", ">"),
                    ("&auml;", "ä"), ("&aring;", "å"), ("&#32;", " "), ("&nbsp;", "\u{A0}"), ("&#8211;", "–"),
                    ("&Ouml;", "Ö"), ("&#x1F600;", "😀"),
                ])
                pieces.append(reference(source, scalar))
            case 7:
                pieces.append(.lineBreak(random.pick(["<br/>", "<br />"])))
            case 8:
                pieces.append(.markup("<!-- anteckning -->"))
            case 9:
                let content = random.pick(["a &amp; b", "x<y", " ", "ö ö"])
                pieces.append(.markup("<![CDATA["))
                pieces.append(literal(content))
                pieces.append(.markup("]]>"))
                // Literal text after the section: a reference right after `]]>` is matched by the
                // aligner, which can take a `>` decoded from `&gt;` for the section's own `>` (an
                // inexactness of the slow path, not of the fast paths tested here).
                pieces.append(literal("x"))
            default:
                guard depth < 3 else { continue }
                let tag = random.pick(["em", "b", "span", "strong", "a"])
                pieces.append(.markup("<\(tag)>"))
                pieces += randomContent(&random, depth: depth + 1)
                pieces.append(.markup("</\(tag)>"))
            }
        }
        return pieces
    }

    /// HTML white-space collapsing as `CollapsingText` documents it: runs of markup white space
    /// become one space at the run's first byte, white space at either end and after a line break
    /// is dropped, and every `<br/>` between two runs of text is a line break at its tag.
    static func collapse(_ items: [(scalar: Unicode.Scalar?, start: Int)]) -> [(Unicode.Scalar, Int)] {
        var out: [(Unicode.Scalar, Int)] = []
        var pendingSpace: Int?
        var pendingBreaks: [Int] = []
        for item in items {
            guard let scalar = item.scalar else {
                if !out.isEmpty {
                    pendingSpace = nil
                    pendingBreaks.append(item.start)
                }
                continue
            }
            if [" ", "\n", "\t", "\r", "\u{C}"].contains(scalar) {
                if !out.isEmpty && pendingSpace == nil && pendingBreaks.isEmpty { pendingSpace = item.start }
                continue
            }
            if !out.isEmpty {
                if !pendingBreaks.isEmpty {
                    for b in pendingBreaks { out.append(("\n", b)) }
                } else if let space = pendingSpace {
                    out.append((" ", space))
                }
            }
            pendingBreaks = []
            pendingSpace = nil
            out.append((scalar, item.start))
        }
        return out
    }

    @Test func randomDocumentsMatchTheCollapsingModel() throws {
        var random = SeededGenerator(seed: 0x7868_746D_6C00_0001)
        for round in 0..<300 {
            var source = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            source += "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body>"
            source += random.pick(["\n", "\r\n", ""])
            var expected: [[(Unicode.Scalar, Int)]] = []
            for _ in 0..<(1 + random.below(5)) {
                source += "<p>"
                var items: [(scalar: Unicode.Scalar?, start: Int)] = []
                var pieces = [Self.literal(random.pick(["Ett", "två", "Åtgärd"]))]
                pieces += Self.randomContent(&random, depth: 0)
                for piece in pieces {
                    let at = source.utf8.count
                    switch piece {
                    case .text(let s, let decoded):
                        items += decoded.map { (scalar: $0.0, start: at + $0.1) }
                        source += s
                    case .lineBreak(let s):
                        items.append((scalar: nil, start: at))
                        source += s
                    case .markup(let s):
                        source += s
                    }
                }
                source += "</p>" + random.pick(["\n", "\r\n", " ", ""])
                expected.append(Self.collapse(items))
            }
            source += "</body></html>\n"
            let file = SourceFile(path: "random.xhtml", bytes: Array(source.utf8))
            let doc = try XMLDocumentParser(mode: .xhtml).parse(file)
            let texts = doc.blocks.map { $0.text.scalars }
            let shown = "round \(round): \(String(reflecting: source))"
            #expect(texts == expected.map { $0.map(\.0) }, "\(shown)")
            #expect(doc.blocks.map { Array($0.text.starts) } == expected.map { $0.map(\.1) }, "\(shown)")
            #expect(doc.mapProblems() == [], "\(shown)")
        }
    }
}
