/// `relevance-declaration`: the memo declares that gender analysis is not relevant but gives
/// no reason.
/// Lint: points at the declaration (keyword and value).
struct RelevanceDeclarationKind: RuleKind {
    static let name = "relevance-declaration"
    static let optionKeys: Set<String> = []

    init(rule: RuleFile, options: RuleOptions, lexicon: Lexicon) throws(DataFileError) {}

    func check(_ context: RuleContext) -> [RawFinding] {
        guard case .declaredWithoutReason = context.document.relevance.status else { return [] }
        let relevance = context.document.relevance
        let at = relevance.location?.offset ?? 0
        return [RawFinding(block: nil, bytes: relevance.declaration ?? at..<at)]
    }
}
