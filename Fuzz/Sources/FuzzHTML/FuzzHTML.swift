import FuzzSupport
import JamlintCore

/// The HTML path: load (UTF-8 check, parse, implicit headings), every rule, the text report.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTML(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    FuzzSupport.lint(FuzzSupport.bytes(data, size), path: "fuzz.html", format: .html)
    return 0
}

@_cdecl("FuzzHTML_main")
public func fuzzHTMLMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
    FuzzSupport.runDriver(argc, argv, fuzzHTML)
}
