import FuzzSupport
@testable import JamlintCore

/// The suppression and relevance comment parsers. The input is the source; every `<!-- … -->` in it
/// becomes a comment (as the parsers would report it), so directives are read with exact offsets.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSuppressions(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = FuzzSupport.bytes(data, size)
    let source = SourceFile(path: "fuzz.md", bytes: bytes)
    var comments: [SourceComment] = []
    var i = 0
    while i + 4 <= bytes.count {
        guard bytes[i] == 0x3C, bytes[i + 1] == 0x21, bytes[i + 2] == 0x2D, bytes[i + 3] == 0x2D else { i += 1; continue }
        var j = i + 4
        while j + 3 <= bytes.count && !(bytes[j] == 0x2D && bytes[j + 1] == 0x2D && bytes[j + 2] == 0x3E) { j += 1 }
        let end = min(j + 3, bytes.count)
        let textEnd = min(j, bytes.count)
        comments.append(SourceComment(text: String(decoding: bytes[(i + 4)..<textEnd], as: UTF8.self),
                                      sourceRange: i..<end))
        i = end
    }
    let rules = FuzzSupport.linter.ruleSet
    let document = Document(source: source, format: .markdown, blocks: [], comments: comments)
    let suppressions = Suppressions(document: document, knownRuleIDs: rules.names)
    for line in [1, 2, 3, source.lineCount, source.lineCount + 1] {
        _ = suppressions.isSuppressed(ruleID: "JAM006", line: line)
    }
    let analyzed = AnalyzedDocument(document: document, lexicon: rules.lexicon, structure: rules.structure,
                                    procedural: rules.procedural)
    _ = analyzed.relevance.problems.count
    return 0
}

@_cdecl("FuzzSuppressions_main")
public func fuzzSuppressionsMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
    FuzzSupport.runDriver(argc, argv, fuzzSuppressions)
}
