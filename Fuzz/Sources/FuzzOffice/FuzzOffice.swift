import FuzzSupport
import JamlintCore

/// The Word and OpenDocument path: the zip container (directory checks, ZIPFoundation, inflate with
/// the size limits), the XML parts, every rule and the text report. One input is read as both formats.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOffice(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = FuzzSupport.bytes(data, size)
    FuzzSupport.lint(bytes, path: "fuzz.docx", format: .docx)
    FuzzSupport.lint(bytes, path: "fuzz.odt", format: .odt)
    return 0
}

@_cdecl("FuzzOffice_main")
public func fuzzOfficeMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
    FuzzSupport.runDriver(argc, argv, fuzzOffice)
}
