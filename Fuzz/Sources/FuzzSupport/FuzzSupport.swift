import Foundation
@testable import JamlintCore

/// What every fuzz target shares: the shipped rules, loaded once, and a loader with the default limits.
public enum FuzzSupport {
    /// `$JAMLINT_RULES`, else the `Rules/` folder of this checkout (the fuzzers run from a build tree).
    public static let rulesDirectory: String = {
        if let env = ProcessInfo.processInfo.environment["JAMLINT_RULES"], !env.isEmpty { return env }
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("Rules").path
    }()

    public static let linter: Linter = {
        do {
            return try Linter(rulesDirectory: rulesDirectory, useConfiguration: false)
        } catch {
            fatalError("fuzz setup: cannot load the rules from \(rulesDirectory): \(error)")
        }
    }()

    public static let loader = DocumentLoader(structure: linter.ruleSet.structure)
    nonisolated(unsafe) static let reporter = TextReporter(context: ReportContext(rules: linter.rules))

    /// Parses `bytes` as a file named `path` and, when it parses, runs every rule and renders the
    /// findings the way the text reporter does (so position mapping is exercised too).
    public static func lint(_ bytes: [UInt8], path: String, format: DocumentFormat) {
        guard let document = try? loader.parse(bytes: bytes, path: path, format: format) else { return }
        _ = DocumentDump.text(document)
        let findings = linter.lint(document)
        _ = reporter.add(FileResult(path: path, findings: findings, source: document.source))
    }

    /// The bytes of a fuzz input.
    public static func bytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
        guard let data, size > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: size))
    }
}

/// libFuzzer's driver. SwiftPM links an executable target with `main` aliased to `<Target>_main`, so
/// libFuzzer's own `main` is never pulled in: each target defines that symbol and starts the driver.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

extension FuzzSupport {
    public static func runDriver(
        _ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
    ) -> Int32 {
        // Load the rules before the driver starts: it times every input, the first one too.
        _ = linter.rules.count
        _ = loader.maxFileSize
        var count = argc
        var vector = argv
        return LLVMFuzzerRunDriver(&count, &vector, callback)
    }
}
