/// What an (X)HTML element means for jamlint's document model.
enum HTMLElementRole: Equatable {
    /// Content that is never prose: scripts, styles, the head, preformatted and code blocks.
    case skip
    case heading(Int)
    /// `<p>` and other elements that hold one paragraph of prose (captions, summaries).
    case paragraph
    case listItem
    case cell(header: Bool)
    case row
    case table
    case tableSection(header: Bool)
    case list
    case quote
    /// Sectioning and grouping elements: text directly inside them forms anonymous paragraphs.
    case container
    case definitionList
    case term
    case definition
    case lineBreak
    /// `<hr>`: ends the current block.
    case rule
    case strong
    case meta
    /// Everything else, including unknown elements: its text belongs to the surrounding block.
    case inline

    /// The role of an element by its lowercase local name.
    static func of(_ name: String) -> HTMLElementRole {
        roles[name] ?? .inline
    }

    /// The names with a role other than `.inline`, sorted (`KnownElementNames` numbers them).
    static var namesWithRoles: [String] { roles.keys.sorted() }

    private static let roles: [String: HTMLElementRole] = {
        var roles: [String: HTMLElementRole] = [
            "p": .paragraph, "caption": .paragraph, "figcaption": .paragraph, "summary": .paragraph,
            "legend": .paragraph, "address": .paragraph,
            "h1": .heading(1), "h2": .heading(2), "h3": .heading(3), "h4": .heading(4), "h5": .heading(5),
            "h6": .heading(6),
            "li": .listItem, "ul": .list, "ol": .list, "menu": .list, "dir": .list,
            "td": .cell(header: false), "th": .cell(header: true), "tr": .row, "table": .table,
            "thead": .tableSection(header: true), "tbody": .tableSection(header: false),
            "tfoot": .tableSection(header: false),
            "blockquote": .quote,
            "dl": .definitionList, "dt": .term, "dd": .definition,
            "br": .lineBreak, "hr": .rule, "strong": .strong, "b": .strong, "meta": .meta,
        ]
        for name in [
            "head", "title", "script", "style", "pre", "listing", "xmp", "plaintext", "template", "textarea",
            "svg", "math", "noscript", "iframe", "object", "select", "option", "datalist", "audio", "video",
            "canvas", "map",
        ] {
            roles[name] = .skip
        }
        for name in [
            "html", "body", "div", "section", "article", "main", "header", "footer", "nav", "aside", "figure",
            "form", "fieldset", "details", "center", "hgroup", "colgroup", "frameset", "noframes",
        ] {
            roles[name] = .container
        }
        return roles
    }()
}

/// Element names as small numbers, so that the SAX callbacks neither make a `String` of each name
/// nor keep one per open element (profiles showed both per element: the look-up by libxml2's name
/// pointer, the retain and release of the `String`, the copies of each frame holding it).
///
/// The names below (every name with a role, and the inline names memos use) are found by their
/// bytes packed into one integer; any other name gets a number of its own per document
/// (`XMLParseSession` keeps those). Equal lowercase names always get the same number.
final class KnownElementNames: @unchecked Sendable {
    static let shared = KnownElementNames()

    /// The names, by number (lowercase).
    let names: [String]
    /// `roles[i]` is `HTMLElementRole.of(names[i])`.
    let roles: UnsafeMutablePointer<HTMLElementRole>
    /// An open-addressing table of `slotCount` packed names (0: an empty slot) and their numbers.
    /// Filled once here and never written again, so readers on any thread need no lock.
    let keys: UnsafeMutablePointer<UInt64>
    let ids: UnsafeMutablePointer<Int16>
    static let slotCount = 256
    /// Numbers by name, for names that reach the slow path (long, upper-case or unusual bytes).
    let idByName: [String: Int]

    private init() {
        // Every name with a role, then inline ones (role `.inline`) memos use, which still need
        // numbers of their own to match end tags.
        var list = HTMLElementRole.namesWithRoles + [
            "span", "a", "em", "i", "u", "s", "sup", "sub", "small", "big", "code", "kbd", "samp", "var",
            "abbr", "acronym", "cite", "dfn", "q", "mark", "ins", "del", "strike", "font", "img", "col",
            "link", "base", "label", "input", "button", "time", "data", "bdi", "bdo", "wbr", "tt", "nobr",
        ]
        var seen = Set<String>()
        list = list.filter { seen.insert($0).inserted }
        names = list
        roles = .allocate(capacity: list.count)
        keys = .allocate(capacity: Self.slotCount)
        keys.initialize(repeating: 0, count: Self.slotCount)
        ids = .allocate(capacity: Self.slotCount)
        ids.initialize(repeating: -1, count: Self.slotCount)
        var byName: [String: Int] = [:]
        for (i, name) in list.enumerated() {
            (roles + i).initialize(to: HTMLElementRole.of(name))
            byName[name] = i
            let key = Self.packed(Array(name.utf8))
            guard key != 0 else { continue }
            var slot = Self.slot(of: key)
            while keys[slot] != 0 { slot = (slot + 1) & (Self.slotCount - 1) }
            keys[slot] = key
            ids[slot] = Int16(i)
        }
        idByName = byName
    }

    /// The name's bytes packed as `packedName` packs them, or 0.
    static func packed(_ bytes: [UInt8]) -> UInt64 {
        guard bytes.count <= 8 else { return 0 }
        let terminated = bytes + [0]
        return terminated.withUnsafeBufferPointer { b in b.baseAddress.map { packedName($0) } ?? 0 }
    }

    /// The bytes of the NUL-terminated name at `p` packed into one integer (byte `k` in bits
    /// `8k..<8k+8`), with ASCII letters lower-cased: 0 unless the name has one to eight bytes, each an
    /// ASCII letter or digit. Names never contain NUL, so different lowercase names give different keys.
    @inline(__always)
    static func packedName(_ p: UnsafePointer<UInt8>) -> UInt64 {
        var key: UInt64 = 0
        var k = 0
        // Reads stop at the NUL (or at the ninth byte, which exists when the first eight are not NUL),
        // so they stay inside the C string.
        while true {
            let b = p[k]
            if b == 0 { return key }
            if k == 8 { return 0 }
            let c: UInt8
            if (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) {
                c = b
            } else if b >= 0x41 && b <= 0x5A {
                c = b | 0x20
            } else {
                return 0
            }
            key |= UInt64(c) << UInt64(8 * k)
            k += 1
        }
    }

    @inline(__always)
    static func slot(of key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 56)
    }

    /// The number of the known name packed as `key` (not 0), or nil.
    @inline(__always)
    func id(ofKey key: UInt64) -> Int? {
        var slot = Self.slot(of: key)
        // The table is less than half full, so a probe always reaches an empty slot.
        while true {
            let k = keys[slot]
            if k == key { return Int(ids[slot]) }
            if k == 0 { return nil }
            slot = (slot + 1) & (Self.slotCount - 1)
        }
    }
}
