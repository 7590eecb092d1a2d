import Yams

/// YAML front matter at the top of a Markdown memo: `---` on the first line, up to a line `---`
/// or `...`. Each scalar becomes a `.metadata` block keyed by its dotted path
/// (`jamlint.relevans`); items of a sequence repeat their parent's key.
///
/// A file that starts with `---` is only read as front matter when the next non-blank line looks
/// like YAML (`key:` or a `#` comment), so a memo that opens with a thematic break still parses.
/// Front matter that looks like YAML but is malformed is a `ParseError` at the offending line.
struct FrontMatter {
    /// The whole front matter, delimiter lines included.
    let range: Range<Int>
    let blocks: [Block]

    static func parse(_ source: SourceFile) throws(ParseError) -> FrontMatter? {
        guard source.lineCount >= 2, isDelimiter(source, line: 1, allowDots: false) else { return nil }
        var close = 0
        var firstContent = 0
        for line in 2...source.lineCount {
            if isDelimiter(source, line: line, allowDots: true) { close = line; break }
            if firstContent == 0 && !isBlank(source, line: line) { firstContent = line }
        }
        guard close > 0 else { return nil }
        if firstContent > 0 && !looksLikeYAML(source, line: firstContent) { return nil }
        let yamlRange = source.lineStarts[1]..<source.lineStarts[close - 1]
        let end = close < source.lineCount ? source.lineStarts[close] : source.bytes.count
        let range = source.lineStarts[0]..<end
        let yaml = String(decoding: source.bytes[yamlRange], as: UTF8.self)
        let root: Node?
        do {
            // Values are read as strings, so no implicit tag resolution (its regexes dominate the cost);
            // an explicit encoding avoids reading the environment on every call.
            root = try Yams.compose(yaml: yaml, .basic, .default, .utf8)
        } catch {
            throw parseError(error, source: source)
        }
        guard let root else { return FrontMatter(range: range, blocks: []) }
        guard case .mapping = root else { return nil }
        var reader = Reader(source: source)
        reader.visit(root, path: "", keyStart: nil)
        return FrontMatter(range: range, blocks: reader.blocks)
    }

    private static func isDelimiter(_ source: SourceFile, line: Int, allowDots: Bool) -> Bool {
        var content = source.bytes[source.lineRange(line)]
        while let last = content.last, last == 0x20 || last == 0x09 { content.removeLast() }
        guard content.count == 3 else { return false }
        if content.allSatisfy({ $0 == 0x2D }) { return true }
        return allowDots && content.allSatisfy({ $0 == 0x2E })
    }

    private static func isBlank(_ source: SourceFile, line: Int) -> Bool {
        source.bytes[source.lineRange(line)].allSatisfy { $0 == 0x20 || $0 == 0x09 }
    }

    /// `key:` (a plain key followed by a colon and a space or the line end), or a YAML comment.
    private static func looksLikeYAML(_ source: SourceFile, line: Int) -> Bool {
        let content = source.bytes[source.lineRange(line)]
        guard let first = content.first else { return false }
        if first == 0x23 { return true }
        var i = content.startIndex
        while i < content.endIndex {
            let b = content[i]
            if b == 0x3A {
                let next = i + 1
                return i > content.startIndex && (next == content.endIndex || content[next] == 0x20 || content[next] == 0x09)
            }
            if b == 0x20 && i == content.startIndex { return false }
            i += 1
        }
        return false
    }

    private static func parseError(_ error: Error, source: SourceFile) -> ParseError {
        var mark: Mark?
        var problem = "\(error)"
        if let yamlError = error as? YamlError {
            switch yamlError {
            case let .scanner(context, text, m, _), let .parser(context, text, m, _), let .composer(context, text, m, _):
                mark = m
                problem = context.map { "\(text) \($0.text)" } ?? text
            case let .duplicatedKeysInMapping(duplicates, context):
                mark = context.mark
                problem = "duplicate key \(duplicates.joined(separator: ", "))"
            default:
                break
            }
        }
        var line = 1, column = 1
        if let mark, let offset = offset(in: source, yamlLine: mark.line, column: mark.column) {
            let location = source.location(ofByte: offset)
            line = location.line
            column = location.column
        }
        return ParseError(path: source.path, line: line, column: column,
                          message: "invalid YAML front matter: \(problem)")
    }

    /// The byte offset of a Yams mark (1-based line of the YAML text, 1-based column in scalars).
    static func offset(in source: SourceFile, yamlLine: Int, column: Int) -> Int? {
        let line = yamlLine + 1  // the YAML text starts after the opening `---`
        guard line >= 1, line <= source.lineCount else { return nil }
        let range = source.lineRange(line)
        var p = range.lowerBound
        var remaining = column - 1
        while remaining > 0 && p < range.upperBound {
            let b = source.bytes[p]
            p += b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4
            remaining -= 1
        }
        return min(p, range.upperBound)
    }

    private struct Reader {
        let source: SourceFile
        var blocks: [Block] = []

        init(source: SourceFile) { self.source = source }

        mutating func visit(_ node: Node, path: String, keyStart: Int?) {
            switch node {
            case let .mapping(mapping):
                for (key, value) in mapping {
                    let name = key.string ?? "?"
                    let start = key.mark.flatMap { FrontMatter.offset(in: source, yamlLine: $0.line, column: $0.column) }
                    visit(value, path: path.isEmpty ? name : path + "." + name, keyStart: start)
                }
            case let .sequence(sequence):
                for item in sequence { visit(item, path: path, keyStart: keyStart) }
            case let .scalar(scalar):
                emit(scalar, key: path, keyStart: keyStart)
            case .alias:
                break
            }
        }

        private mutating func emit(_ scalar: Node.Scalar, key: String, keyStart: Int?) {
            let bytes = source.bytes
            let valueStart = scalar.mark.flatMap {
                FrontMatter.offset(in: source, yamlLine: $0.line, column: $0.column)
            } ?? keyStart ?? 0
            let value = Array(scalar.string.utf8)
            var contentStart = valueStart
            var exact = false
            switch scalar.style {
            case .plain: exact = true
            case .singleQuoted, .doubleQuoted: exact = true; contentStart += 1
            default: break
            }
            exact = exact && contentStart + value.count <= bytes.count
                && bytes[contentStart..<(contentStart + value.count)].elementsEqual(value)
            var builder = TextBuilder()
            if exact {
                builder.appendLiteral(bytes[contentStart..<(contentStart + value.count)], at: contentStart)
            } else {
                // Escapes, folding or a block scalar: the value is known, its exact bytes are not.
                for s in scalar.string.unicodeScalars { builder.append(s, start: valueStart, end: valueStart) }
            }
            let text = builder.build()
            let start = min(keyStart ?? valueStart, valueStart)
            let end = max(text.ends.last ?? valueStart, valueStart)
            blocks.append(Block(kind: .metadata, text: text, metadataKey: key, sourceRange: start..<end))
        }
    }
}
