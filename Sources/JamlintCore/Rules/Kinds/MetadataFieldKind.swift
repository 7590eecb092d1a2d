/// `metadata-field`: the memo header has none of `fields` (Diarienummer, Dnr …) and no text
/// in the first blocks that looks like a registration number. A field counts only when its
/// value matches `field_value_pattern` (a registration number has digits; «Diarienr» has none).
/// Lint: points at the title line.
struct MetadataFieldKind: RuleKind {
    static let name = "metadata-field"
    static let optionKeys: Set<String> = ["fields", "value_pattern", "field_value_pattern", "search_blocks"]

    let fields: Set<String>
    let valuePattern: CompiledRegex?
    let fieldValuePattern: CompiledRegex?
    let searchBlocks: Int

    init(rule: RuleFile, options: RuleOptions, lexicon: Lexicon) throws(DataFileError) {
        fields = Set(try options.strings("fields").map(StructureLexicon.normalise))
        if fields.isEmpty { throw rule.optionError("fields", "at least one field name is needed") }
        valuePattern = try options.regexes("value_pattern").first
        fieldValuePattern = try options.regexes("field_value_pattern").first
        searchBlocks = try options.int("search_blocks", default: 12)
    }

    func check(_ context: RuleContext) -> [RawFinding] {
        let blocks = context.document.document.blocks
        for b in blocks where b.kind == .metadata {
            guard let key = b.metadataKey, fields.contains(StructureLexicon.normalise(key)) else { continue }
            let value = b.text.trimmed().string
            if !value.isEmpty && (fieldValuePattern?.firstMatch(in: value) ?? true) { return [] }
        }
        if let valuePattern {
            for b in blocks.prefix(searchBlocks) where valuePattern.firstMatch(in: b.text.string) { return [] }
        }
        return [RawFinding(block: nil)]
    }
}
