import FuzzSupport
import JamlintCore

/// The Markdown path: load (UTF-8 check, parse, implicit headings), every rule, the text report.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMarkdown(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    FuzzSupport.lint(FuzzSupport.bytes(data, size), path: "fuzz.md", format: .markdown)
    return 0
}

@_cdecl("FuzzMarkdown_main")
public func fuzzMarkdownMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
    FuzzSupport.runDriver(argc, argv, fuzzMarkdown)
}
