import Foundation

/// `attachment-reference`: the text refers to an attachment ("se bilaga 3", "enligt bifogad
/// checklista") that the Beslutsunderlag/Bilagor section does not list.
/// Lint: points at the reference.
struct AttachmentReferenceKind: RuleKind {
    static let name = "attachment-reference"
    static let optionKeys: Set<String> = ["references", "basis_categories"]

    let references: [CompiledRegex]
    let prefilters: RegexPrefilterSet
    let basisCategories: [String]

    init(rule: RuleFile, options: RuleOptions, lexicon: Lexicon) throws(DataFileError) {
        references = try options.regexes("references")
        if references.isEmpty { throw rule.optionError("references", "at least one regular expression is needed") }
        for r in references where !r.pattern.contains("(?<key>") {
            throw rule.optionError("references", "each expression needs a named group (?<key>…) for the attachment's number or name")
        }
        basisCategories = try options.strings("basis_categories", default: ["basis"])
        prefilters = RegexPrefilterSet(references.map(\.prefilter))
    }

    func check(_ context: RuleContext) -> [RawFinding] {
        let doc = context.document
        // No block has any of the references' literals: no block's mask lets one run.
        guard prefilters.mayMatchSomeBlock(of: doc) else { return [] }
        // Built on the first reference only: most memos have none.
        var basisText: Basis?
        func basis() -> Basis {
            if let basisText { return basisText }
            let text = Basis(Self.basisBytes(doc, categories: basisCategories))
            basisText = text
            return text
        }
        // Each key's answer, once per memo, from the ninth reference on: a memo that names "bilaga 1"
        // a hundred times (a merged agenda, a long report) searched the whole basis a hundred times,
        // quadratic in its size (a 2 MB memo: 634 searches, 3.1 G instructions, 0.5 s; 8 MB: 5.7 s).
        // Not for the first eight: hashing the keys cost more than searching a memo's short basis
        // (+2 M instructions on the 880-memo sample, which has 908 references).
        // By the key's bytes: `String` keys compare canonically, and the byte and String paths of
        // `lists` are only known to agree for equal bytes.
        var answers = [[UInt8]: Bool]()
        var asked = 0
        var out: [RawFinding] = []
        let blocks = doc.blocks
        let masker = prefilters.masker(blocks)
        // The blocks whose mask may let a reference run (nil: all), by the union's scans.
        let ask = prefilters.blocksToAsk(of: doc)
        for i in context.scopeBlocks {
            if let ask, !(i >= 0 && i < ask.count && ask[i]) { continue }
            // The mask first: most blocks name no attachment, and their text is not touched then.
            let may = masker.mask(blocks[i])
            guard prefilters.any(may) else { continue }
            if doc.section(containing: i)?.categories.contains(where: basisCategories.contains) == true { continue }
            let text = blocks[i].block.text
            for (k, regex) in references.enumerated() where RegexPrefilterSet.mayMatch(may, k) {
                for (r, keyRange) in regex.matches(in: text, group: "key") {
                    let key = keyRange.map { text.string($0).lowercased() } ?? ""
                    let listed: Bool
                    asked += 1
                    if asked <= 8 {
                        listed = basis().lists(key: key)
                    } else if let known = answers[Array(key.utf8)] {
                        listed = known
                    } else {
                        listed = basis().lists(key: key)
                        answers[Array(key.utf8)] = listed
                    }
                    if listed { continue }
                    out.append(RawFinding(block: i, scalars: r, values: ["match": text.string(r), "key": key]))
                }
            }
        }
        return out
    }

    /// The basis sections' blocks (sections of `categories`, in order), each after a space, lower-cased
    /// into UTF-8 as `String.lowercased()` does, scalar by scalar (the copies it made of every block
    /// showed in profiles).
    ///
    /// Written into memory sized once (two bytes a scalar, all a Latin-1 scalar needs): appending to
    /// an array per byte checked its uniqueness and capacity per byte, most of the basis' cost in
    /// profiles (~5,000 instructions a memo). A basis with a scalar from U+0100 on (whose lower case
    /// may take more bytes) is made by appending, as before. The sections are picked once (their
    /// categories compared once, not twice).
    static func basisBytes(_ doc: AnalyzedDocument, categories: [String]) -> [UInt8] {
        var bodies: [Range<Int>] = []
        var capacity = 0
        for s in doc.sections where s.categories.contains(where: categories.contains) {
            bodies.append(s.body)
            for i in s.body { capacity += 1 + 2 * doc.blocks[i].block.text.count }
        }
        guard !bodies.isEmpty else { return [] }
        var latin1 = true
        let bytes = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
            var n = 0
            // In bounds: each block writes at most 1 + 2 * its scalar count, which `capacity` adds up.
            blocks: for body in bodies {
                for i in body {
                    buffer[n] = 0x20
                    n += 1
                    latin1 = doc.blocks[i].block.text.scalars.withUnsafeBufferPointer { scalars in
                        for scalar in scalars {
                            let v = scalar.value
                            if v < 0x80 {
                                buffer[n] = UInt8(v >= 0x41 && v <= 0x5A ? v + 0x20 : v)
                                n += 1
                            } else if v < 0x100 {
                                // As `ScalarClass.appendLower`: À–Þ (not ×) lower by 0x20.
                                let l = v >= 0xC0 && v <= 0xDE && v != 0xD7 ? v + 0x20 : v
                                buffer[n] = UInt8(0xC0 | (l >> 6))
                                buffer[n + 1] = UInt8(0x80 | (l & 0x3F))
                                n += 2
                            } else {
                                return false
                            }
                        }
                        return true
                    }
                    if !latin1 { break blocks }
                }
            }
            count = latin1 ? n : 0
        }
        if latin1 { return bytes }
        var out: [UInt8] = []
        out.reserveCapacity(capacity)
        for body in bodies {
            for i in body {
                out.append(0x20)
                for scalar in doc.blocks[i].block.text.scalars { ScalarClass.appendLower(scalar, to: &out) }
            }
        }
        return out
    }

    /// "3" is listed by "Bilaga 3"/"bilaga 3:"; a name ("checklista") by containing it.
    static func listed(key: String, in basis: String) -> Bool {
        guard !basis.isEmpty else { return false }
        if key.isEmpty { return basis.contains("bilaga") }
        if key.allSatisfy({ $0.isNumber }) || key.count == 1 {
            // At any occurrence, not only the first: "bilaga 12" listed before "bilaga 1" hid it.
            for prefix in listingPrefixes {
                var from = basis.startIndex
                while from < basis.endIndex, let r = basis.range(of: prefix + key, range: from..<basis.endIndex) {
                    let after = basis[r.upperBound...].first
                    if after == nil || !(after!.isNumber || after!.isLetter) { return true }
                    from = basis.index(after: r.lowerBound)
                }
            }
            return false
        }
        return basis.contains(key)
    }

    static let listingPrefixes = ["bilaga ", "bilaga nr ", "bilaga nr. ", "bil. ", "bilaga"]

    /// The lower-cased basis sections, searched by bytes when that finds what the String search
    /// finds. Profile: Foundation's `range(of:)` cost ~20,000 instructions a call here.
    final class Basis {
        /// The basis as a `String`, for the general path only (made when first asked: decoding it
        /// showed in profiles, and almost every search takes the byte path; kept, as decoding it
        /// for every search was a tenth of a large memo's time).
        private(set) lazy var string = String(decoding: bytes, as: UTF8.self)
        let bytes: [UInt8]
        /// Only scalars below U+0300: each is a whole Character (but CR LF, which no key
        /// contains) with no canonical equivalent, so a byte match is a Character match.
        let simple: Bool

        init(_ bytes: [UInt8]) {
            self.bytes = bytes
            // UTF-8 of U+0300 and above starts with 0xCC or higher; continuation bytes are lower.
            simple = !bytes.contains { $0 >= 0xCC }
        }

        /// For a simple basis: the run of letters and numbers after each occurrence of each listing
        /// prefix. A key of letters and numbers is listed exactly when it is one of them (the
        /// Character after it there is no letter or number): one look-up a key where a search of
        /// the basis for each took time quadratic in a memo of many references and attachments.
        private var searches = 0
        private lazy var runsAfterPrefixes: Set<[UInt8]> = {
            var runs = Set<[UInt8]>()
            for prefix in Self.listingPrefixBytes {
                var from = 0
                while let end = Self.find(prefix, [], in: bytes, from: from) {
                    runs.insert(Array(bytes[end..<Self.alphanumericRunEnd(bytes, from: end)]))
                    from = end - prefix.count + 1
                }
            }
            return runs
        }()

        /// Where the letters and numbers from `start` end, in a simple basis (scalars of one or two
        /// bytes; anything else ends the run).
        static func alphanumericRunEnd(_ bytes: [UInt8], from start: Int) -> Int {
            var i = start
            while i < bytes.count {
                let b = bytes[i]
                if b < 0x80 {
                    guard (b >= 0x30 && b <= 0x39) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x7A) else { break }
                    i += 1
                    continue
                }
                guard i + 1 < bytes.count, let scalar = SourceAligner.twoByteScalar(b, bytes[i + 1]) else { break }
                let c = Character(scalar)
                guard c.isNumber || c.isLetter else { break }
                i += 2
            }
            return i
        }

        /// `AttachmentReferenceKind.listed(key:in:)`, by bytes for a simple basis and key.
        func lists(key: String) -> Bool {
            guard simple, key.utf8.allSatisfy({ $0 < 0xCC && $0 != 0x0A && $0 != 0x0D }) else {
                return AttachmentReferenceKind.listed(key: key, in: string)
            }
            guard !bytes.isEmpty else { return false }
            if key.isEmpty { return Self.find(Self.bilaga, in: bytes) != nil }
            let keyBytes = Array(key.utf8)
            // An ASCII key (without CR or LF, as checked above) is a Character a byte, and its
            // numbers are the digits 0-9: tested on the bytes (the Character properties showed in
            // profiles).
            let ascii = keyBytes.allSatisfy { $0 < 0x80 }
            let numeric = ascii ? keyBytes.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } : key.allSatisfy { $0.isNumber }
            if numeric || (ascii ? keyBytes.count == 1 : key.count == 1) {
                // Letters and numbers only, read as the runs are (the key's scalars are below U+0300).
                let alphanumeric = Self.alphanumericRunEnd(keyBytes, from: 0) == keyBytes.count
                // The runs are found from the ninth key on: for a memo's few references, searching
                // for each was cheaper than finding every prefix (+4 M instructions on the 1,000-memo
                // sample).
                searches += 1
                if alphanumeric && searches > 8 { return runsAfterPrefixes.contains(keyBytes) }
                for prefix in Self.listingPrefixBytes {
                    var from = 0
                    while let end = Self.find(prefix, keyBytes, in: bytes, from: from) {
                        from = end - prefix.count - keyBytes.count + 1
                        if Self.endsListing(bytes, at: end) { return true }
                    }
                }
                return false
            }
            return Self.find(keyBytes, in: bytes) != nil
        }

        /// Whether no letter or number follows a listing's key that ends at `end`, in a simple basis
        /// (the Character there is one scalar of one or two bytes, or CR LF, neither a number nor a
        /// letter).
        static func endsListing(_ bytes: [UInt8], at end: Int) -> Bool {
            alphanumericRunEnd(bytes, from: end) == end
        }

        static let bilaga = Array("bilaga".utf8)
        static let listingPrefixBytes = AttachmentReferenceKind.listingPrefixes.map { Array($0.utf8) }

        /// `find(head + tail, in: haystack)` without building the needle (an allocation per
        /// listing prefix and key in profiles). An empty `head` searches for `tail` alone.
        /// `from`: where a match may start at the earliest.
        static func find(_ head: [UInt8], _ tail: [UInt8], in haystack: [UInt8], from: Int = 0) -> Int? {
            if head.isEmpty && from == 0 { return find(tail, in: haystack) }
            // An empty needle is found where the search starts.
            if head.isEmpty {
                if tail.isEmpty { return from <= haystack.count ? from : nil }
                return find(tail, [], in: haystack, from: from)
            }
            return haystack.withUnsafeBufferPointer { h in
                head.withUnsafeBufferPointer { a in
                    tail.withUnsafeBufferPointer { b -> Int? in
                        guard let ab = a.baseAddress, !a.isEmpty else { return nil }
                        let n = a.count + b.count
                        guard let hb = h.baseAddress, n <= h.count else { return nil }
                        let last = h.count - n
                        var i = max(0, from)
                        // Candidates start at i...last, so both comparisons read within the haystack.
                        while i <= last {
                            guard let p = memchr(hb + i, Int32(a[0]), last - i + 1) else { return nil }
                            let at = UnsafeRawPointer(p) - UnsafeRawPointer(hb)
                            if memcmp(hb + at, ab, a.count) == 0
                                && (b.isEmpty || b.baseAddress.map { memcmp(hb + at + a.count, $0, b.count) == 0 } == true) {
                                return at + n
                            }
                            i = at + 1
                        }
                        return nil
                    }
                }
            }
        }

        /// The end of the first occurrence of `needle` (non-empty) in `haystack`. By `memchr` and
        /// `memcmp`: the generic collection search was most of `lists(key:)` in profiles.
        static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
            haystack.withUnsafeBufferPointer { h in
                needle.withUnsafeBufferPointer { n -> Int? in
                    guard let nb = n.baseAddress, !n.isEmpty else { return 0 }
                    guard let hb = h.baseAddress, n.count <= h.count else { return nil }
                    let last = h.count - n.count
                    var i = 0
                    // Candidates start at i...last, so each comparison reads within the haystack.
                    while i <= last {
                        guard let p = memchr(hb + i, Int32(n[0]), last - i + 1) else { return nil }
                        let at = UnsafeRawPointer(p) - UnsafeRawPointer(hb)
                        if memcmp(hb + at, nb, n.count) == 0 { return at + n.count }
                        i = at + 1
                    }
                    return nil
                }
            }
        }
    }
}
