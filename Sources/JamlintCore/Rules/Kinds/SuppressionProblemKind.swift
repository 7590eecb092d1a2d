/// `suppression-problem`: a `jamlint-…` comment that names an unknown rule or is malformed.
/// Lint: points at the comment.
struct SuppressionProblemKind: RuleKind {
    static let name = "suppression-problem"
    static let optionKeys: Set<String> = []

    init(rule: RuleFile, options: RuleOptions, lexicon: Lexicon) throws(DataFileError) {}

    func check(_ context: RuleContext) -> [RawFinding] {
        context.suppressionProblems.map { p in
            RawFinding(block: nil, bytes: p.location.offset..<p.location.offset, localizedValues: ["detail": p.message])
        }
    }
}
