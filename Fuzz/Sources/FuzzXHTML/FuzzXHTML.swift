import FuzzSupport
import JamlintCore

/// The XHTML path: load (UTF-8 check, parse, implicit headings), every rule, the text report.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzXHTML(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    FuzzSupport.lint(FuzzSupport.bytes(data, size), path: "fuzz.xhtml", format: .xhtml)
    return 0
}

@_cdecl("FuzzXHTML_main")
public func fuzzXHTMLMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
    FuzzSupport.runDriver(argc, argv, fuzzXHTML)
}
