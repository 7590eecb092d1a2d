/// `suppression-problem`: a `jamlint-…` comment that names an unknown rule or is malformed.
/// Lint: points at the word at fault (the directive, the unknown id) or the comment, at the
/// problem's own severity (`DirectiveProblem.severity`).
struct SuppressionProblemKind: RuleKind {
    static let name = "suppression-problem"
    static let optionKeys: Set<String> = []

    init(rule: RuleFile, options: RuleOptions, lexicon: Lexicon) throws(DataFileError) {}

    func check(_ context: RuleContext) -> [RawFinding] {
        context.suppressionProblems.map { p in
            RawFinding(block: nil, bytes: p.bytes, localizedValues: ["detail": p.message], severity: p.severity)
        }
    }
}
