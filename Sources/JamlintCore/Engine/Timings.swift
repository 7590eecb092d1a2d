#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import CPosix

/// Where the time of a lint run goes, for `jamlint lint --timings`: wall time per phase and per
/// rule, summed over all files and threads. A municipality that adds its own rules (a slow regular
/// expression) or a folder that lints slowly can see why, as with ESLint's `TIMING=1` or
/// SwiftLint's `--benchmark`.
///
/// Each file's times are collected without locking (`TimingSample`) and added here once per file.
public final class Timings: @unchecked Sendable {
    /// The phases of linting one file, in order.
    public enum Phase: Int, CaseIterable, Sendable {
        /// Loading the rules, lexicons and the configuration, once per run.
        case setup
        /// Finding the files: walking folders, excludes and `ignore` (each file's configuration).
        case collect
        /// Reading the file (or the staged blob) into memory.
        case read
        /// Parsing it into blocks (Markdown, XHTML, …), implicit headings included.
        case parse
        /// Tokens, sentences, lexicon mentions, sections and relevance, shared by the rules.
        case analyse
        /// The rules, suppressions and making findings.
        case rules
        /// Freeing the document and its analysis.
        case release
        /// Formatting the findings for the report (on the thread that writes it).
        case report

        func label(_ language: MessageLanguage) -> String {
            let sv = language == .sv
            switch self {
            case .setup: return sv ? "läsa regler" : "load rules"
            case .collect: return sv ? "hitta filer" : "find files"
            case .read: return sv ? "läsa filer" : "read files"
            case .parse: return sv ? "tolka" : "parse"
            case .analyse: return sv ? "analysera text" : "analyse text"
            case .rules: return sv ? "regler" : "rules"
            case .release: return sv ? "frigöra minne" : "free memory"
            case .report: return sv ? "rapport" : "report"
            }
        }
    }

    private let lock = NSLock()
    private var phases = [UInt64](repeating: 0, count: Phase.allCases.count)
    private var rules: [String: UInt64] = [:]
    private var files = 0

    public init() {}

    /// Nanoseconds on a monotonic clock.
    @inline(__always)
    static func now() -> UInt64 {
        // Through C: `timespec`'s members have the owner problem `FileStatus` describes.
        jamlint_monotonic_nanoseconds()
    }

    /// Adds one file's times.
    func add(_ sample: TimingSample) {
        lock.lock()
        defer { lock.unlock() }
        files += 1
        for (i, t) in sample.phases.enumerated() { phases[i] &+= t }
        for (id, t) in sample.rules { rules[id, default: 0] &+= t }
    }

    /// Adds time to one phase (setup and report, measured outside the linter).
    public func add(_ phase: Phase, nanoseconds: UInt64) {
        lock.lock()
        phases[phase.rawValue] &+= nanoseconds
        lock.unlock()
    }

    /// Seconds spent in `phase` so far, summed over threads.
    public func seconds(_ phase: Phase) -> Double {
        lock.lock()
        defer { lock.unlock() }
        return Double(phases[phase.rawValue]) / 1e9
    }

    /// Seconds per rule id, slowest first (ties by id).
    public func ruleSeconds() -> [(id: String, seconds: Double)] {
        lock.lock()
        defer { lock.unlock() }
        return rules.map { ($0.key, Double($0.value) / 1e9) }
            .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
    }

    /// The table printed after the report: phases, then rules, as seconds and shares of the
    /// summed time. `names` gives a rule's name beside its id; `wall` and `jobs` describe the run.
    public func render(language: MessageLanguage, wall: Double, jobs: Int, names: [String: String] = [:]) -> String {
        lock.lock()
        let fileCount = files
        lock.unlock()
        let summed = Phase.allCases.reduce(0.0) { $0 + seconds($1) }
        let sv = language == .sv
        func number(_ v: Double, _ decimals: Int) -> String {
            let s = String(format: "%.\(decimals)f", v)
            return sv ? s.replacingOccurrences(of: ".", with: ",") : s
        }
        func share(_ v: Double) -> String { summed > 0 ? number(100 * v / summed, 1) + " %" : "–" }
        let perRule = ruleSeconds()
        // A row without seconds is a heading.
        var rows: [(label: String, seconds: Double?)] = Phase.allCases.map { ($0.label(language), seconds($0)) }
        if !perRule.isEmpty {
            rows.append((sv ? "regler var för sig:" : "rules one by one:", nil))
            rows += perRule.map { ("  " + (names[$0.id].map { [id = $0.id] in "\(id) \($0)" } ?? $0.id), $0.seconds) }
        }
        // Milliseconds, so that one memo's phases do not all read 0.000 s.
        let width = rows.map(\.label.count).max() ?? 0
        let times = rows.map { $0.seconds.map { number($0 * 1000, 1) + " ms" } ?? "" }
        let timeWidth = times.map(\.count).max() ?? 0
        var out = sv
            ? "jamlint: tider för \(fileCount) \(fileCount == 1 ? "fil" : "filer"), \(jobs) \(jobs == 1 ? "tråd" : "trådar"), \(number(wall * 1000, 1)) ms totalt (tider per tråd summerade):\n"
            : "jamlint: timings for \(fileCount) \(fileCount == 1 ? "file" : "files"), \(jobs) \(jobs == 1 ? "thread" : "threads"), \(number(wall * 1000, 1)) ms in all (times summed over threads):\n"
        for (k, row) in rows.enumerated() {
            guard let seconds = row.seconds else {
                out += "  " + row.label + "\n"
                continue
            }
            let pad = String(repeating: " ", count: width - row.label.count + 2 + timeWidth - times[k].count)
            let percent = share(seconds)
            out += "  " + row.label + pad + times[k] + String(repeating: " ", count: max(1, 9 - percent.count)) + percent + "\n"
        }
        return out
    }
}

/// One file's times, collected on the thread that lints it.
struct TimingSample {
    var phases = [UInt64](repeating: 0, count: Timings.Phase.allCases.count)
    var rules: [(String, UInt64)] = []
    private var mark = Timings.now()

    /// Ends the current phase as `phase` and starts the next one.
    mutating func lap(_ phase: Timings.Phase) {
        let t = Timings.now()
        phases[phase.rawValue] &+= t &- mark
        mark = t
    }

    /// Ends the current span as time of rule `id` (and of the rules phase).
    mutating func lap(rule id: String) {
        let t = Timings.now()
        let d = t &- mark
        phases[Timings.Phase.rules.rawValue] &+= d
        rules.append((id, d))
        mark = t
    }

}
