// PLACEHOLDER: replaced by helper A.
public struct ImplicitHeadings: Sendable {
    public let lexicon: StructureLexicon
    public init(lexicon: StructureLexicon) { self.lexicon = lexicon }
    public func apply(to document: inout Document) {}
}
