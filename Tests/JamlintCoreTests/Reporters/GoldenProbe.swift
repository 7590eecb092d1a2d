import Foundation
import Testing
@testable import JamlintCore

// Writes the current output of every format to $JAMLINT_GOLDEN_DUMP (when set), to refresh
// ReporterGoldenTests after a deliberate format change. Does nothing otherwise.
@Suite struct GoldenProbe {
    @Test func dump() throws {
        guard let dir = ProcessInfo.processInfo.environment["JAMLINT_GOLDEN_DUMP"] else { return }
        for format in OutputFormat.allCases {
            try ReportFixture.render(format).write(toFile: "\(dir)/\(format.rawValue)", atomically: true, encoding: .utf8)
        }
        try ReportFixture.render(.text, language: .en).write(toFile: "\(dir)/text-en", atomically: true, encoding: .utf8)
        try ReportFixture.render(.text, color: true).write(toFile: "\(dir)/text-color", atomically: true, encoding: .utf8)
    }
}
