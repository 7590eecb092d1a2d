/// `required-section`: the memo has no gender-consequence section and no paragraph that
/// analyses consequences for both sexes.
/// Lint: points at the memo's title line (or line 1).
struct RequiredSectionKind: RuleKind {
    static let name = "required-section"
    static let optionKeys: Set<String> = []

    init(rule: RuleFile, options: RuleOptions, lexicon: Lexicon) throws(DataFileError) {}

    func check(_ context: RuleContext) -> [RawFinding] {
        guard case .none = context.document.gender else { return [] }
        let title = context.document.titleBlock
        let text = title.map { context.document.blocks[$0].block.text.trimmed() }
        return [RawFinding(block: nil, values: ["title": text?.string ?? ""])]
    }
}
