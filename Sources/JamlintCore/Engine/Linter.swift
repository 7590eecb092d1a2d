import Foundation

/// The result of linting one file: its findings in report order, or why it could not be read.
public struct FileResult: Sendable {
    public var path: String
    public var findings: [Finding]
    public var error: ParseError?
    /// The source, kept so reporters can quote lines; nil when the file could not be read.
    public var source: SourceFile?

    public init(path: String, findings: [Finding], error: ParseError? = nil, source: SourceFile? = nil) {
        self.path = path
        self.findings = findings
        self.error = error
        self.source = source
    }
}

/// Runs the rule set over documents. Thread-safe: one linter serves every worker thread.
public final class Linter: Sendable {
    public let language: MessageLanguage
    public let rulesDirectory: String
    public let maxFileSize: Int
    let base: RuleSet
    let resolver: ConfigurationResolver?
    let cache = RuleSetCache()
    let only: Set<String>?
    /// Where the time goes, for `--timings`; nil (the default) measures nothing.
    public let timings: Timings?

    /// The rules of the shipped (or given) folder, without any configuration applied.
    public var rules: [RuleDescriptor] { base.descriptors }
    public var ruleSet: RuleSet { base }

    /// Loads the rules (and lexicons) from `rulesDirectory` (default: the shipped `Rules/`).
    /// With `useConfiguration`, `.jamlint.yml` files are looked up from each linted file (or
    /// `configPath` is used for all).
    public init(
        rulesDirectory: String? = nil, language: MessageLanguage = .sv, configPath: String? = nil,
        useConfiguration: Bool = true, only: Set<String>? = nil,
        maxFileSize: Int = DocumentLoader.defaultMaxFileSize, timings: Timings? = nil
    ) throws {
        guard let dir = rulesDirectory ?? RulesLocation.defaultDirectory() else {
            throw DataFileError(path: "Rules", line: 1, column: 1,
                                message: "no rules folder found; pass --rules DIR or set JAMLINT_RULES")
        }
        self.rulesDirectory = dir
        self.language = language
        self.maxFileSize = maxFileSize
        self.only = only
        self.timings = timings
        var base = try RuleSet.load(directory: dir)
        if let only { base = base.restricted(to: Set(only.map { base.names[$0] ?? base.names[$0.lowercased()] ?? $0 })) }
        self.base = base
        self.resolver = useConfiguration ? try ConfigurationResolver(explicitPath: configPath) : nil
    }

    /// Lints one file from disk.
    public func lintFile(path: String, format: DocumentFormat? = nil) -> FileResult {
        lintBytes(nil, path: path, format: format)
    }

    /// Lints bytes read elsewhere (stdin, a staged git blob); `path` names them in the output and
    /// is used to find the configuration. With `bytes == nil` the file at `path` is read.
    public func lintBytes(_ bytes: [UInt8]?, path: String, format: DocumentFormat? = nil) -> FileResult {
        let rules: RuleSet
        do {
            rules = try ruleSet(forFile: path)
        } catch {
            return FileResult(path: path, findings: [], error: configurationProblem(error, linting: path))
        }
        let loader = DocumentLoader(structure: rules.structure, maxFileSize: maxFileSize)
        guard timings != nil else {
            var none: TimingSample?
            return lint(bytes, path: path, format: format, rules: rules, loader: loader, timing: &none)
        }
        var sample: TimingSample? = TimingSample()
        let result = lint(bytes, path: path, format: format, rules: rules, loader: loader, timing: &sample)
        // The document and its analysis are freed by now.
        sample?.lap(.release)
        if let sample { timings?.add(sample) }
        return result
    }

    private func lint(_ bytes: [UInt8]?, path: String, format: DocumentFormat?, rules: RuleSet,
                      loader: DocumentLoader, timing: inout TimingSample?) -> FileResult {
        do throws(ParseError) {
            let input: [UInt8]
            if let bytes { input = bytes } else { input = try loader.readFile(path) }
            timing?.lap(.read)
            let document = try loader.parse(bytes: input, path: path, format: format)
            timing?.lap(.parse)
            return FileResult(path: path, findings: lint(document, rules: rules, timing: &timing), source: document.source)
        } catch {
            return FileResult(path: path, findings: [], error: error)
        }
    }

    /// A broken `.jamlint.yml` (or a rule folder it names) is reported at its own file, line and
    /// column, in the report's language, for every memo it governs.
    func configurationProblem(_ error: any Error, linting path: String) -> ParseError {
        switch error {
        case let e as ConfigError:
            return ParseError(path: Self.relative(e.path), line: e.line ?? 1, column: e.column ?? 1,
                              message: e.message.text(language))
        case let e as DataFileError:
            return ParseError(path: Self.relative(e.path), line: e.line, column: e.column, message: e.message)
        case let e as ParseError:
            return e
        default:
            return ParseError(path: path, message: "\(error)")
        }
    }

    /// `path` relative to the current folder when it lies below it, as paths in reports are.
    static func relative(_ path: String) -> String {
        let cwd = FileManager.default.currentDirectoryPath
        let prefix = cwd.hasSuffix("/") ? cwd : cwd + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }

    /// The configuration-adjusted rule set for a file (cached per configuration file).
    public func ruleSet(forFile path: String) throws -> RuleSet {
        guard let resolver, let configuration = try resolver.configuration(forFile: path) else { return base }
        return try cache.get(configuration.sourcePath) {
            var set = try RuleSet.load(directory: rulesDirectory, configuration: configuration)
            if let only { set = set.restricted(to: Set(only.map { set.names[$0] ?? $0 })) }
            return set
        }
    }

    /// Resolves relative paths against the current folder as it is now (see
    /// `ConfigurationResolver.pinCurrentDirectory`).
    public func pinCurrentDirectory() { resolver?.pinCurrentDirectory() }

    /// Whether a configuration ignores this path (for folder walks).
    public func isIgnored(_ path: String) -> Bool { ignoringConfiguration(path) != nil }

    /// The configuration file whose `ignore` globs match this path; nil when none does.
    public func ignoringConfiguration(_ path: String) -> String? {
        guard let resolver, let configuration = try? resolver.configuration(forFile: path),
              configuration.isIgnored(path) else { return nil }
        return configuration.sourcePath
    }

    public func lint(_ document: Document) -> [Finding] { lint(document, rules: base) }

    public func lint(_ document: Document, rules: RuleSet) -> [Finding] {
        var timing: TimingSample?
        return lint(document, rules: rules, timing: &timing)
    }

    /// `lint(_:rules:)`, adding the analysis and each rule to `timing` when there is one.
    func lint(_ document: Document, rules: RuleSet, timing: inout TimingSample?) -> [Finding] {
        let analyzed = AnalyzedDocument(document: document, lexicon: rules.lexicon, structure: rules.structure,
                                        procedural: rules.procedural, prefilters: rules.prefilterUnion)
        let suppressions = Suppressions(document: document, knownRuleIDs: rules.names)
        let exempt: Bool
        switch analyzed.relevance.status {
        case .procedural, .declaredNotRelevant: exempt = true
        default: exempt = false
        }
        let problems = suppressions.problems + analyzed.relevance.problems
        timing?.lap(.analyse)
        // One context per scope, shared by the rules: a context per rule copied the lexicon, the
        // structure lexicon and the analysed document (a retain and release of each of their
        // fields), about 3 % of a folder run in a callgrind profile. Locals, so that a rule borrows
        // its context instead of getting a copy.
        // One object for what the three share (see `RuleContext.Shared`).
        let shared = RuleContext.Shared(document: analyzed, lexicon: rules.lexicon, structure: rules.structure,
                                        suppressionProblems: problems, scratch: RuleScratch())
        let documentContext = RuleContext(shared, scope: .document)
        let genderContext = RuleContext(shared, scope: .genderSection)
        let impactContext = RuleContext(shared, scope: .impact)
        var findings: [Finding] = []
        // Findings are located one after another; the next on a line is counted on from the last.
        var cursor = LocationCursor()
        // Rules read in place: iterating the array copied each rule (its file's strings and arrays).
        rules.rules.withUnsafeBufferPointer { all in
            // Conditions other rules skip on (`skip_when`), evaluated once per memo, in the gender
            // section; by rule index (by name, and through `rules.rules[i]`, which copied the rule).
            var holds = [Bool?].filled(with: nil, count: all.count)
            func conditionHolds(_ index: Int) -> Bool {
                if let known = holds[index] { return known }
                let result = all[index].runner.applies(genderContext)
                holds[index] = result
                return result
            }
            for r in all.indices where all[r].enabled {
                // A skipped rule's time is its conditions'.
                defer { timing?.lap(rule: all[r].id) }
                if all[r].file.gated && exempt { continue }
                if !all[r].skipRules.isEmpty, all[r].skipRules.contains(where: conditionHolds) { continue }
                // The kind called where it lies and the rule's fields read in place: passing
                // `all[r]` or its kind copied the rule (or the existential) per rule and memo.
                let raws: [RawFinding]
                switch all[r].file.scope {
                case .document: raws = all[r].runner.check(documentContext)
                case .genderSection: raws = all[r].runner.check(genderContext)
                case .impact: raws = all[r].runner.check(impactContext)
                }
                for raw in raws {
                    let finding = makeFinding(raw, rule: all, r, analyzed, &cursor)
                    if suppressions.isSuppressed(ruleID: finding.ruleID, line: finding.start.line) { continue }
                    findings.append(finding)
                }
            }
        }
        findings.sort(by: Finding.reportOrder)
        timing?.lap(.rules)
        return findings
    }

    /// The finding for rule `rules[r]`'s raw finding.
    func makeFinding(_ raw: RawFinding, rule rules: UnsafeBufferPointer<CompiledRule>, _ r: Int,
                     _ doc: AnalyzedDocument, _ cursor: inout LocationCursor) -> Finding {
        let source = doc.document.source
        var start: SourceLocation
        var end: SourceLocation
        var matched = raw.values["match"] ?? ""
        var section: String?
        if let bytes = raw.bytes {
            // `matched` stays as the rule gave it (empty for comments and declarations): it is part of
            // the finding's fingerprint, which baselines made before keep.
            (start, end) = Self.span(source, bytes.lowerBound, bytes.upperBound, cursor: &cursor)
        } else if let b = raw.block ?? doc.titleBlock {
            let text = doc.document.blocks[b].text
            var range = raw.scalars
            if raw.block == nil || range.isEmpty {
                // The whole first line of the block, without surrounding space.
                let trimmed = text.scalars.firstIndex { !$0.properties.isWhitespace } ?? 0
                let lineEnd = text.scalars[trimmed...].firstIndex { $0 == "\n" } ?? text.count
                range = trimmed..<max(trimmed, lineEnd)
                if raw.block == nil && matched.isEmpty { matched = text.string(range) }
            }
            if range.isEmpty {
                let at = text.isEmpty ? doc.document.blocks[b].sourceRange.lowerBound : text.starts[min(range.lowerBound, text.count - 1)]
                start = Self.locate(source, at, cursor: &cursor).location
                end = start
            } else {
                let bytes = text.sourceRange(range)
                (start, end) = Self.span(source, bytes.lowerBound, bytes.upperBound, cursor: &cursor)
            }
            section = doc.section(containing: b).flatMap { $0.heading == nil ? nil : $0.title }
        } else {
            start = Self.location(source, ofByte: 0)
            end = start
        }
        // Through the buffer: a local copy of the descriptor retained and released its strings.
        return Finding(
            ruleID: rules[r].file.descriptor.id,
            severity: rules[r].severityIsConfigured ? rules[r].severity : raw.severity ?? rules[r].severity,
            path: source.path, start: start, end: end,
            message: fill(rules[r].file.descriptor.message.text(language), raw),
            help: rules[r].file.descriptor.help.map { fill($0.text(language), raw) },
            notes: [], matchedText: matched, section: section
        )
    }

    /// `source.location(ofByte:)`, its column counted on the bytes when the line up to the offset
    /// has only scalars below U+0300 but CR (each a character of its own, as `shortened` relies on):
    /// counting the Characters of a repaired String copy was ~5,000 instructions a finding in
    /// profiles, for every line with an å, ä or ö before the finding.
    static func location(_ source: SourceFile, ofByte rawOffset: Int) -> SourceLocation {
        locate(source, rawOffset).location
    }

    /// `location(source, ofByte:)`, and whether its column was counted on the bytes.
    static func locate(_ source: SourceFile, _ rawOffset: Int) -> (location: SourceLocation, counted: Bool) {
        var cursor = LocationCursor()
        return locate(source, rawOffset, cursor: &cursor)
    }

    /// `locate`, counted on from `cursor` where it can be (see `LocationCursor`), which then keeps
    /// this location when `remember` says so.
    static func locate(_ source: SourceFile, _ rawOffset: Int, cursor: inout LocationCursor, remember: Bool = true)
        -> (location: SourceLocation, counted: Bool) {
        let bytes = source.bytes
        let offset = max(source.bomLength, min(rawOffset, bytes.count))
        let line = source.line(ofByte: offset)
        let start = source.lineStarts[line - 1]
        let found: (location: SourceLocation, counted: Bool)
        if let (column, latin) = cursor.column(of: offset, line: line, in: bytes) {
            found = (SourceLocation(offset: offset, line: line, column: column), latin)
        } else if start <= offset, let count = latinCharacterCount(bytes, start..<offset) {
            found = (SourceLocation(offset: offset, line: line, column: count + 1), true)
        } else {
            found = (source.location(ofByte: rawOffset), false)
        }
        if remember { cursor.remember(found.location, latin: found.counted, lineStart: start, in: bytes) }
        return found
    }

    /// The locations of two byte offsets, the second counted on from the first when both lie on
    /// one line of such text (a finding's span mostly does): then each scalar is a character and
    /// the counts add up.
    static func span(_ source: SourceFile, _ lower: Int, _ upper: Int) -> (SourceLocation, SourceLocation) {
        var cursor = LocationCursor()
        return span(source, lower, upper, cursor: &cursor)
    }

    /// `span`, counted on from `cursor` where it can be. Only the start is kept: the next finding
    /// mostly starts after this one's start but not always after its end, and an end on a later
    /// line would drop the marks of the start's line.
    static func span(_ source: SourceFile, _ lower: Int, _ upper: Int, cursor: inout LocationCursor)
        -> (SourceLocation, SourceLocation) {
        let (start, counted) = locate(source, lower, cursor: &cursor)
        let offset = max(source.bomLength, min(upper, source.bytes.count))
        if counted, offset >= start.offset,
           start.line == source.lineCount || offset < source.lineStarts[start.line],
           let n = latinCharacterCount(source.bytes, start.offset..<offset) {
            return (start, SourceLocation(offset: offset, line: start.line, column: start.column + n))
        }
        return (start, locate(source, upper, cursor: &cursor, remember: false).location)
    }

    /// The number of Characters of the bytes when all are ASCII but CR or well-formed two-byte
    /// sequences of U+0080–U+02FF (lead bytes C2–CB); nil otherwise.
    static func latinCharacterCount(_ bytes: [UInt8], _ range: Range<Int>) -> Int? {
        bytes.withUnsafeBufferPointer { b -> Int? in
            guard range.upperBound <= b.count, let base = b.baseAddress else { return range.isEmpty ? 0 : nil }
            var count = 0
            var i = range.lowerBound
            let end = range.upperBound
            // Eight ASCII bytes without a CR at a time (the line before a finding is often long).
            while i + 8 <= end {
                let w = EightBytes.load(base + i)
                guard w & EightBytes.highBits == 0, EightBytes.equalBytes(w, 0x0D) == 0 else { break }
                i += 8
                count += 8
            }
            while i < end {
                let x = b[i]
                if x < 0x80 {
                    if x == 0x0D { return nil }
                    i += 1
                } else if x >= 0xC2 && x <= 0xCB && i + 1 < end && b[i + 1] & 0xC0 == 0x80 {
                    i += 2
                } else {
                    return nil
                }
                count += 1
            }
            return count
        }
    }

    /// Replaces each `{name}` of a message template with the finding's value (quoted) or
    /// localised value. One pass over the template: Foundation's `replacingOccurrences` per
    /// value cost more than the rule that found the problem.
    func fill(_ template: String, _ raw: RawFinding) -> String {
        var t = template
        // On the bytes with memchr: the generic `utf8.contains` was ~2,000 instructions a message,
        // and most templates have no placeholder.
        guard t.withUTF8({ b in b.baseAddress.map { memchr($0, 0x7B, b.count) != nil } ?? false }) else { return template }
        var out: [UInt8] = []
        out.reserveCapacity(template.utf8.count + 64)
        t.withUTF8 { b in
            var i = 0
            while i < b.count {
                // The text up to the next `{` in one piece (an append per byte showed in profiles).
                var j = i
                while j < b.count && b[j] != UInt8(ascii: "{") { j += 1 }
                if j > i {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: b[i..<j]))
                    i = j
                    continue
                }
                guard let close = b[(i + 1)...].firstIndex(of: UInt8(ascii: "}")) else {
                    out.append(b[i])
                    i += 1
                    continue
                }
                let nameBytes = UnsafeBufferPointer(rebasing: b[(i + 1)..<close])
                let name = String(decoding: nameBytes, as: UTF8.self)
                if let v = Self.value(named: nameBytes, name, in: raw.values) {
                    out.append(contentsOf: Self.quote(v).utf8)
                } else if let v = raw.localizedValues[name] {
                    out.append(contentsOf: v.text(language).utf8)
                } else {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: b[i...close]))
                }
                i = close + 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `values[name]`, found by comparing the bytes of the (few) keys first: hashing the name
    /// showed in profiles. A key with other bytes can still equal the name (canonical
    /// equivalence), so without a byte match the dictionary is asked.
    @inline(__always)
    static func value(named bytes: UnsafeBufferPointer<UInt8>, _ name: String, in values: [String: String]) -> String? {
        for (key, value) in values where key.utf8.count == bytes.count {
            var key = key
            if key.withUTF8({ $0.elementsEqual(bytes) }) { return value }
        }
        return values[name]
    }

    /// Quoted text in a message: one line, at most 60 characters.
    static func quote(_ text: String) -> String {
        // Most values are on one line with single spaces: then they are their own one-line form
        // (the Character-wise split, join and count were most of filling a message).
        // Bytes that can start white space other than a plain space (ASCII controls, U+0085,
        // U+00A0, U+1680, U+2000–U+3000) need a look at the scalars (`hasOnlyLoneSpaces`).
        if text.utf8.first != 0x20, text.utf8.last != 0x20 {
            var plain = true
            var wide = false
            var previousSpace = false
            for b in text.utf8 {
                if (b >= 0x09 && b <= 0x0D) || (b == 0x20 && previousSpace) {
                    plain = false
                    break
                }
                if b == 0xC2 || b == 0xE1 || b == 0xE2 || b == 0xE3 { wide = true }
                previousSpace = b == 0x20
            }
            if plain && text.utf8.count <= 60 && !wide { return text }
            // Dashes, quotes and « » (lead bytes C2 and E2) are common in quoted text, and so are
            // sentences longer than 60 bytes; the long way cost ~4,500 instructions a message in
            // profiles.
            if plain && hasOnlyLoneSpaces(text) { return shortened(text) }
        }
        let oneLine = text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        return oneLine.count > 60 ? String(oneLine.prefix(57)) + "…" : oneLine
    }

    /// A one-line text of at most 60 characters, else its first 57 and "…". Scalars below U+0300
    /// but CR are a Character each (no mark, joiner or Hangul jamo among them), so such a text is
    /// counted and cut by scalars.
    static func shortened(_ oneLine: String) -> String {
        if oneLine.utf8.count <= 60 { return oneLine }
        // On the bytes: a scalar from U+0300 on has a lead byte from CC on; the others start at
        // each byte that is not a continuation byte. `cut` is where the 58th scalar starts.
        var copy = oneLine
        let counted: (count: Int, cut: Int)? = copy.withUTF8 { b in
            var count = 0
            var cut = b.count
            for (i, x) in b.enumerated() {
                if x == 0x0D || x >= 0xCC { return nil }
                if x & 0xC0 != 0x80 {
                    if count == 57 { cut = i }
                    count += 1
                }
            }
            return (count, cut)
        }
        guard let counted else { return oneLine.count > 60 ? String(oneLine.prefix(57)) + "…" : oneLine }
        guard counted.count > 60 else { return oneLine }
        var bytes = Array(oneLine.utf8.prefix(counted.cut))
        bytes.append(contentsOf: [0xE2, 0x80, 0xA6])
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether the only white space `Character`s of the text are single U+0020 scalars: no other
    /// White_Space scalar (`isWhiteSpace`), and no scalar from U+0300 on right after a space (a
    /// mark or joiner that could make "space + mark" one Character). Then, without leading,
    /// trailing or double spaces, splitting at white space and joining with spaces gives the text.
    static func hasOnlyLoneSpaces(_ text: String) -> Bool {
        var previousSpace = false
        for s in text.unicodeScalars {
            let v = s.value
            if previousSpace && v >= 0x300 { return false }
            if v != 0x20 && isWhiteSpace(v) { return false }
            previousSpace = v == 0x20
        }
        return true
    }

    /// The White_Space scalars (`Unicode.Scalar.Properties.isWhitespace`, checked over all
    /// scalars by a test), by value.
    @inline(__always) static func isWhiteSpace(_ v: UInt32) -> Bool {
        if v < 0x80 { return v == 0x20 || (v >= 0x09 && v <= 0x0D) }
        if v < 0x1680 { return v == 0x85 || v == 0xA0 }
        switch v {
        case 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }
}

/// Rule sets by configuration file, built once each, shared by all threads.
final class RuleSetCache: @unchecked Sendable {
    private let lock = NSLock()
    private var sets: [String: Result<RuleSet, any Error>] = [:]

    func get(_ key: String, build: () throws -> RuleSet) throws -> RuleSet {
        lock.lock()
        if let r = sets[key] { lock.unlock(); return try r.get() }
        lock.unlock()
        let result = Result { try build() }
        lock.lock()
        sets[key] = result
        lock.unlock()
        return try result.get()
    }
}
