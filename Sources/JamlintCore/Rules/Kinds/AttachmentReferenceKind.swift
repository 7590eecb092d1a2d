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
        // Built on the first reference only: most memos have none.
        var basisText: String?
        func basis() -> String {
            if let basisText { return basisText }
            // Lower-cased into bytes as `String.lowercased()` does, scalar by scalar: the copies
            // it made of every block showed in profiles.
            var bytes: [UInt8] = []
            for s in doc.sections where s.categories.contains(where: basisCategories.contains) {
                for i in s.body {
                    bytes.append(0x20)
                    for scalar in doc.blocks[i].block.text.scalars { ScalarClass.appendLower(scalar, to: &bytes) }
                }
            }
            let text = String(decoding: bytes, as: UTF8.self)
            basisText = text
            return text
        }
        var out: [RawFinding] = []
        for i in context.scopeBlocks {
            let b = doc.blocks[i]
            let may = prefilters.mayMatch(b.folded)
            guard may.contains(true) else { continue }
            if doc.section(containing: i)?.categories.contains(where: basisCategories.contains) == true { continue }
            let text = b.block.text
            for (k, regex) in references.enumerated() where may[k] {
                for (r, keyRange) in regex.matches(in: text, group: "key") {
                    let key = keyRange.map { text.string($0).lowercased() } ?? ""
                    if Self.listed(key: key, in: basis()) { continue }
                    out.append(RawFinding(block: i, scalars: r, values: ["match": text.string(r), "key": key]))
                }
            }
        }
        return out
    }

    /// "3" is listed by "Bilaga 3"/"bilaga 3:"; a name ("checklista") by containing it.
    static func listed(key: String, in basis: String) -> Bool {
        guard !basis.isEmpty else { return false }
        if key.isEmpty { return basis.contains("bilaga") }
        if key.allSatisfy({ $0.isNumber }) || key.count == 1 {
            for prefix in ["bilaga ", "bilaga nr ", "bilaga nr. ", "bil. ", "bilaga"] {
                if let r = basis.range(of: prefix + key) {
                    let after = basis[r.upperBound...].first
                    if after == nil || !(after!.isNumber || after!.isLetter) { return true }
                }
            }
            return false
        }
        return basis.contains(key)
    }
}
