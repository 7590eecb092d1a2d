/// `metadata-field`: the memo header has none of `fields` (Diarienummer, Dnr …) and no text
/// in the first blocks that looks like a registration number. A field counts only when its
/// value matches `field_value_pattern` (a registration number has digits; «Diarienr» has none).
/// Lint: points at the title line.
struct MetadataFieldKind: RuleKind {
    static let name = "metadata-field"
    static let optionKeys: Set<String> = ["fields", "value_pattern", "field_value_pattern", "search_blocks"]

    let fields: Set<String>
    /// Any of these in the first blocks counts as a registration number (the whole list: only the
    /// first was tried before, so "KS 2024/0117" without "Dnr" in front was missed).
    let valuePatterns: [CompiledRegex]
    /// A field's value counts when it matches any of these (or always, when there are none).
    let fieldValuePatterns: [CompiledRegex]
    let searchBlocks: Int
    /// `fields` by their Latin-1 key bytes (see `isField`).
    let fieldIndex: Latin1NameIndex

    init(rule: RuleFile, options: RuleOptions, lexicon: Lexicon) throws(DataFileError) {
        fields = Set(try options.strings("fields").map(StructureLexicon.normalise))
        if fields.isEmpty { throw rule.optionError("fields", "at least one field name is needed") }
        valuePatterns = try options.regexes("value_pattern")
        fieldValuePatterns = try options.regexes("field_value_pattern")
        searchBlocks = try options.int("search_blocks", default: 12)
        fieldIndex = Latin1NameIndex(exact: Dictionary(fields.map { ($0, [String]()) }, uniquingKeysWith: { a, _ in a }),
                                     prefixes: [])
    }

    /// `fields.contains(StructureLexicon.normalise(key))`, for a key of Latin-1 text (and the dashes
    /// and quotes of `StructureLexicon.keyPunctuation`) by its normalised bytes in `fieldIndex`, as
    /// `StructureLexicon.isMetadataField` asks its own index: no `String` made and hashed per header
    /// field and memo (profile: ~1,000 instructions a field, 1.5 M on 880 memos). Such a key is NFC,
    /// so String equality with a name is byte equality; a name beyond that alphabet makes the index
    /// unusable (it could equal a key canonically), and then every key takes the `String` path, as
    /// do keys the fast normalisation gives up on (`MetadataFieldKeyTests` compares both).
    func isField(_ key: String) -> Bool {
        if let fast = fieldIndex.containsKey(ofLabel: key) { return fast }
        return fields.contains(StructureLexicon.normalise(key))
    }

    func check(_ context: RuleContext) -> [RawFinding] {
        let blocks = context.document.blocks
        // By index: iterating the blocks copied each one (a struct of many arrays) for a kind test.
        for i in blocks.indices where blocks[i].block.kind == .metadata {
            guard let key = blocks[i].block.metadataKey, isField(key) else { continue }
            let value = blocks[i].block.text.trimmed().string
            if !value.isEmpty && (fieldValuePatterns.isEmpty || fieldValuePatterns.contains { $0.firstMatch(in: value) }) {
                return []
            }
        }
        // Through the prefilter: the regular expressions ran on each of the first blocks of every memo.
        for pattern in valuePatterns {
            for i in 0..<min(searchBlocks, blocks.count) where blocks.withBlock(i, { pattern.firstMatch(in: $0) }) { return [] }
        }
        return [RawFinding(block: nil)]
    }
}
