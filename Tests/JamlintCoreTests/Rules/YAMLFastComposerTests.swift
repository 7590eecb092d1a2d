import Foundation
import Testing
import Yams
@testable import JamlintCore

/// The fast composer builds exactly the node tree Yams builds (texts, tags, styles, marks), and leaves
/// everything outside its plain subset to Yams.
@Suite struct YAMLFastComposerTests {
    /// Structure, texts, raw tags, styles and marks of two trees, or the first difference.
    /// Yams' duplicate-key check resolves the tags of mapping keys (to `str` with the basic resolver), so
    /// keys are compared by resolved tag and values by the tag as written.
    static func difference(_ a: Node, _ b: Node, at path: String = "root", isKey: Bool = false) -> String? {
        guard a.mark?.line == b.mark?.line, a.mark?.column == b.mark?.column else {
            return "\(path): mark \(String(describing: a.mark)) vs \(String(describing: b.mark))"
        }
        switch (a, b) {
        case (.scalar(let x), .scalar(let y)):
            if x.string != y.string || Array(x.string.utf8) != Array(y.string.utf8) { return "\(path): text" }
            if x.style != y.style { return "\(path): style" }
            let (t, u) = isKey ? (a.tag.rawValue, b.tag.rawValue) : (x.tag.rawValue, y.tag.rawValue)
            if t != u { return "\(path): tag \(t) vs \(u)" }
            return nil
        case (.sequence(let x), .sequence(let y)):
            guard x.count == y.count, x.style == y.style, x.tag.rawValue == y.tag.rawValue else { return "\(path): sequence" }
            for (i, (p, q)) in zip(x, y).enumerated() {
                if let d = difference(p, q, at: "\(path)[\(i)]") { return d }
            }
            return nil
        case (.mapping(let x), .mapping(let y)):
            guard x.count == y.count, x.style == y.style, x.tag.rawValue == y.tag.rawValue else { return "\(path): mapping" }
            for (i, (p, q)) in zip(x, y).enumerated() {
                if let d = difference(p.key, q.key, at: "\(path).key\(i)", isKey: true) { return d }
                if let d = difference(p.value, q.value, at: "\(path).\(p.key.string ?? "?")") { return d }
            }
            return nil
        default:
            return "\(path): kind"
        }
    }

    static func check(_ text: String, name: String) {
        switch YAMLFastComposer.compose(text) {
        case .fallback:
            Issue.record("\(name): the fast composer gave up")
        case .root(let fast):
            let slow = try? Yams.compose(yaml: text, .basic, .default, .utf8)
            switch (fast, slow) {
            case (nil, nil): break
            case (let f?, let s?):
                if let d = difference(f, s) { Issue.record("\(name): \(d)") }
            default:
                Issue.record("\(name): one tree is empty")
            }
        }
    }

    @Test func shippedFilesComposeAsYams() throws {
        let root = RuleExamplesTests.rulesDirectory
        var files: [String] = []
        for folder in [root, root + "/lexicon"] {
            for name in try FileManager.default.contentsOfDirectory(atPath: folder).sorted() where name.hasSuffix(".yml") {
                files.append(folder + "/" + name)
            }
        }
        #expect(files.count > 20)
        for path in files {
            Self.check(try String(contentsOfFile: path, encoding: .utf8), name: path)
        }
    }

    @Test(arguments: [
        "a: 1\nb: [x, 'y', \"z\"]\nc: {d: e}\n",
        "- |\n  literal\n  text\n- >\n  folded\n  text\n- plain\n",
        "key: \"tab\\there \\u00e9 \\x41\"\n",
        "empty:\nnull: ~\nquoted: ''\n",
        "sv: Åäö — “citat” ↓ 😀\nen: text\n",
        "---\na: b\n...\n",
        "- - nested\n  - list\n- {a: [1, 2]}\n",
        "# only a comment\n",
        "   \n",
        "\u{FEFF}a: b\n",
    ])
    func snippetsComposeAsYams(_ text: String) {
        Self.check(text, name: text)
    }

    /// Plain scalars and their null-ness under Yams' default resolver, in document order.
    static func nullness(_ node: Node, into out: inout [(String, Bool)]) {
        switch node {
        case .scalar(let s): out.append((s.string, node.tag.rawValue == Tag.Name.null.rawValue))
        case .sequence(let seq): for n in seq { nullness(n, into: &out) }
        case .mapping(let map): for (k, v) in map { nullness(k, into: &out); nullness(v, into: &out) }
        case .alias: break
        }
    }

    @Test(arguments: [
        "procedural:\n  - ~\n  - null\n  - Null\n  - NULL\n  - ''\n  -\n  - 'null'\n  - nul\n  - nULL\n  - \"~\"\n",
        "procedural: ~\n",
        "procedural:\n",
        "~: x\n",
        "procedural: [Val av *, \"Firmatecknare\", true, 12, 1.5]\n",
    ])
    func nullTagsAgreeWithTheDefaultResolver(_ text: String) throws {
        try Self.expectSameNullness(text)
    }

    @Test func shippedProceduralListLoadsTheSame() throws {
        let path = RuleExamplesTests.rulesDirectory + "/procedural.yml"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(try Self.expectSameNullness(text) > 10)
    }

    /// Composes `text` with null tags only and with Yams, expects the same scalars with the same
    /// null-ness, and returns how many scalars there were.
    @discardableResult
    static func expectSameNullness(_ text: String) throws -> Int {
        guard case .root(let fast?) = YAMLFastComposer.compose(text, nullTags: true) else {
            Issue.record("the fast composer gave up on \(text.debugDescription)")
            return 0
        }
        let slow = try #require(try Yams.compose(yaml: text))
        var a: [(String, Bool)] = []
        var b: [(String, Bool)] = []
        nullness(fast, into: &a)
        nullness(slow, into: &b)
        #expect(a.map(\.0) == b.map(\.0))
        #expect(a.map(\.1) == b.map(\.1))
        return a.count
    }

    @Test(arguments: [
        "",
        "a: 1\na: 2\n",
        "a: 1\n'a': 2\n",
        "a: &x 1\nb: *x\n",
        "a: !!str 1\n",
        "? [a, b]\n: c\n",
        "a: b\n---\nc: d\n",
        "a: [unclosed\n",
        "a: \"\\uFEFFb\"\n",
    ])
    func othersAreLeftToYams(_ text: String) {
        if case .root = YAMLFastComposer.compose(text) {
            Issue.record("expected a fallback for \(text.debugDescription)")
        }
    }
}
