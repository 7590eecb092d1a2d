import FuzzSupport
@testable import JamlintCore

/// The YAML loaders: the same text read as a `.jamlint.yml` (rules resolved against the shipped ids,
/// ignore patterns matched) and as a rule file (parsed and compiled with the shipped lexicon).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConfig(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let text = String(decoding: FuzzSupport.bytes(data, size), as: UTF8.self)
    let rules = FuzzSupport.linter.ruleSet
    if let config = try? Configuration.parse(yaml: text, path: "/fuzz/.jamlint.yml") {
        _ = try? config.resolvedRules(knownRuleIDs: rules.names)
        for path in ["/fuzz/a.md", "/fuzz/arkiv/2024/b.xhtml", "/fuzz/.git/x", "/other/c.md"] {
            _ = config.isIgnored(path)
        }
        _ = config.isIgnored("/fuzz/arkiv", isDirectory: true)
    }
    if let file = try? RuleFile.parse(text, path: "/fuzz/FUZZ001.yml") {
        _ = try? RuleKinds.make(file, options: file.options, lexicon: rules.lexicon)
    }
    return 0
}

@_cdecl("FuzzConfig_main")
public func fuzzConfigMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
    FuzzSupport.runDriver(argc, argv, fuzzConfig)
}
