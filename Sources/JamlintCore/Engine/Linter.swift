// PLACEHOLDER API (the lead replaces the implementation; the public API stays).

/// The result of linting one file: its findings in report order, or why it could not be read.
public struct FileResult: Sendable {
    public var path: String
    public var findings: [Finding]
    public var error: ParseError?
    /// The source, kept so reporters can quote lines; nil when the file could not be read.
    public var source: SourceFile?

    public init(path: String, findings: [Finding], error: ParseError? = nil, source: SourceFile? = nil) {
        self.path = path
        self.findings = findings
        self.error = error
        self.source = source
    }
}

/// Runs the rule set over documents. Thread-safe: one linter serves every worker thread.
public final class Linter: Sendable {
    public let language: MessageLanguage
    public let rules: [RuleDescriptor]
    public let loader: DocumentLoader

    /// Loads the rules (and lexicons) from `rulesDirectory` (default: the shipped `Rules/`).
    public init(rulesDirectory: String? = nil, language: MessageLanguage = .sv) throws {
        self.language = language
        self.rules = []
        self.loader = DocumentLoader()
    }

    /// Lints one file from disk. `configPath` overrides the `.jamlint.yml` search.
    public func lintFile(path: String, format: DocumentFormat? = nil, configPath: String? = nil) -> FileResult {
        lintBytes(nil, path: path, format: format, configPath: configPath)
    }

    /// Lints bytes read elsewhere (stdin, a staged git blob); `path` names them in the output and
    /// is used to find the configuration. With `bytes == nil` the file at `path` is read.
    public func lintBytes(_ bytes: [UInt8]?, path: String, format: DocumentFormat? = nil, configPath: String? = nil) -> FileResult {
        do throws(ParseError) {
            let document: Document
            if let bytes {
                document = try loader.parse(bytes: bytes, path: path, format: format)
            } else {
                document = try loader.load(path: path, format: format)
            }
            return FileResult(path: path, findings: lint(document), source: document.source)
        } catch {
            return FileResult(path: path, findings: [], error: error)
        }
    }

    public func lint(_ document: Document) -> [Finding] { [] }
}
