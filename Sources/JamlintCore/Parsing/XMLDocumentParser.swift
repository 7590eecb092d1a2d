// PLACEHOLDER: replaced by the libxml2 parser (helper B).
public struct XMLDocumentParser: Sendable {
    public enum Mode: Sendable { case xhtml, html }
    public let mode: Mode
    public init(mode: Mode) { self.mode = mode }
    public func parse(_ source: SourceFile) throws(ParseError) -> Document {
        throw ParseError(path: source.path, message: "XHTML not implemented yet")
    }
}
