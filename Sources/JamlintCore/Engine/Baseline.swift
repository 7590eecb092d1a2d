import Foundation

/// Findings an archive already had when jamlint was adopted. `--baseline FILE` hides them so only
/// new findings fail; `--write-baseline FILE` records the current ones. Matching uses `FindingKey`
/// (path, rule, normalised matched text, section heading, occurrence index), never line numbers,
/// so edits above a finding do not bring it back. Format: docs/output.md, "Baseline file".
public struct Baseline: Sendable {
    public static let schemaVersion = 1
    public var keys: Set<FindingKey>

    public init(keys: Set<FindingKey> = []) { self.keys = keys }

    struct File: Codable {
        var schema: String?
        var version: Int
        var findings: [Entry]
    }

    struct Entry: Codable {
        var path: String
        var ruleId: String
        var section: String?
        var text: String
        var occurrence: Int?
        var line: Int?
        var message: String?
    }

    public static func load(path: String) throws(ToolError) -> Baseline {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ToolError("cannot read baseline \(path)")
        }
        return try parse(data, path: path)
    }

    public static func parse(_ data: Data, path: String = "baseline") throws(ToolError) -> Baseline {
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: data)
        } catch {
            throw ToolError("baseline \(path) is not a jamlint baseline: \(error)")
        }
        guard file.version == schemaVersion else {
            throw ToolError("baseline \(path) has version \(file.version); this jamlint reads version \(schemaVersion)")
        }
        var keys = Set<FindingKey>()
        for e in file.findings {
            keys.insert(FindingKey(path: e.path, ruleID: e.ruleId, text: e.text, section: e.section ?? "",
                                   occurrence: e.occurrence ?? 0))
        }
        return Baseline(keys: keys)
    }

    /// The result without the findings the baseline records, and how many were hidden.
    public func filter(_ result: FileResult) -> (result: FileResult, hidden: Int) {
        guard !keys.isEmpty, !result.findings.isEmpty else { return (result, 0) }
        var kept = result
        kept.findings = []
        var hidden = 0
        for (finding, key) in zip(result.findings, FindingKey.keys(for: result.findings)) {
            if keys.contains(key) { hidden += 1 } else { kept.findings.append(finding) }
        }
        return (kept, hidden)
    }
}

/// Collects findings during a run and renders the baseline file at the end.
public struct BaselineWriter: Sendable {
    var entries: [JSONValue] = []

    public init() {}

    public mutating func add(_ result: FileResult) {
        for (f, key) in zip(result.findings, FindingKey.keys(for: result.findings)) {
            entries.append(.object([
                ("path", .string(key.path)),
                ("ruleId", .string(key.ruleID)),
                ("section", .string(f.section ?? "")),
                ("text", .string(f.matchedText)),
                ("occurrence", .int(key.occurrence)),
                ("line", .int(f.start.line)),
                ("message", .string(f.message)),
            ]))
        }
    }

    public var count: Int { entries.count }

    public func render() -> String {
        JSONValue.object([
            ("schema", .string("jamlint-baseline")),
            ("version", .int(Baseline.schemaVersion)),
            ("findings", .array(entries)),
        ]).rendered(pretty: true) + "\n"
    }
}
