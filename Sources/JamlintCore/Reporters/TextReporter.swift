/// Compiler-style text: a GNU line `path:line:col: severity: message [ID]` that editors can jump
/// to, the source line with a caret under the span, `help`/`note` lines, a blank line, and a
/// summary at the end. Unreadable files print as `path:line:col: error: message [parse]`.
public final class TextReporter: Reporter {
    let context: ReportContext
    let strings: ReportStrings

    public init(context: ReportContext) {
        self.context = context
        self.strings = ReportStrings(language: context.language)
    }

    public func begin() -> String { "" }

    public func add(_ result: FileResult) -> String {
        var out: [UInt8] = []
        add(result, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    // Written straight into UTF-8 bytes: joining small Strings (and `clean`'s scalar-by-scalar
    // appends) cost ~100,000 instructions a finding in profiles, more than linting it.
    public func add(_ result: FileResult, to out: inout [UInt8]) {
        if let error = result.error {
            header(path: error.path, line: error.line, column: error.column, severity: .error,
                   message: error.message, id: strings.parseRule, to: &out)
            out.append(contentsOf: [0x0A, 0x0A])
        }
        for finding in result.findings {
            render(finding, source: result.source, to: &out)
        }
    }

    public func finish(_ summary: Summary) -> String {
        paint(strings.summaryLine(summary), Style.bold) + "\n"
    }

    func render(_ finding: Finding, source: SourceFile?) -> String {
        var out: [UInt8] = []
        render(finding, source: source, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    func render(_ finding: Finding, source: SourceFile?, to out: inout [UInt8]) {
        header(path: finding.path, line: finding.start.line, column: finding.start.column,
               severity: finding.severity, message: finding.message, id: finding.ruleID, to: &out)
        out.append(0x0A)
        let snippet = source.flatMap { SourceSnippet(source: $0, start: finding.start, end: finding.end) }
        let gutterWidth = Self.digitCount(snippet?.lineNumber ?? finding.start.line)
        let blank = gutterWidth + 2
        if let snippet {
            // paint(" \(lineNumber) |", gutter) + (text.isEmpty ? "" : " " + text) + "\n"
            open(Style.gutter, &out)
            out.append(0x20)
            Self.appendInt(snippet.lineNumber, to: &out)
            out.append(contentsOf: [0x20, 0x7C])
            close(&out)
            if !snippet.text.isEmpty {
                out.append(0x20)
                out.append(contentsOf: snippet.text.utf8)
            }
            out.append(0x0A)
            // paint(blank + "|", gutter) + " " + paint(caretLine, severity) + "\n"
            open(Style.gutter, &out)
            Self.appendRepeated(0x20, blank, to: &out)
            out.append(0x7C)
            close(&out)
            out.append(0x20)
            open(Style.severity(finding.severity), &out)
            Self.appendRepeated(0x20, snippet.caretStart, to: &out)
            Self.appendRepeated(UInt8(ascii: "^"), snippet.caretWidth, to: &out)
            close(&out)
            out.append(0x0A)
        }
        if let help = finding.help, !help.isEmpty {
            annotation(strings.help, help, blank: blank, to: &out)
        }
        if source?.positionUnit == .paragraphs {
            annotation(strings.note, strings.paragraphNote(finding.start.line, section: finding.section), blank: blank,
                       to: &out)
        }
        for note in finding.notes {
            annotation(strings.note, note, blank: blank, to: &out)
        }
        out.append(0x0A)
    }

    /// paint(blank + "=", gutter) + " " + paint(label + ":", bold) + " " + clean(text) + "\n"
    private func annotation(_ label: String, _ text: String, blank: Int, to out: inout [UInt8]) {
        open(Style.gutter, &out)
        Self.appendRepeated(0x20, blank, to: &out)
        out.append(UInt8(ascii: "="))
        close(&out)
        out.append(0x20)
        open(Style.bold, &out)
        out.append(contentsOf: label.utf8)
        out.append(UInt8(ascii: ":"))
        close(&out)
        out.append(0x20)
        Self.appendClean(text, to: &out)
        out.append(0x0A)
    }

    func header(path: String, line: Int, column: Int, severity: Severity, message: String, id: String) -> String {
        var out: [UInt8] = []
        header(path: path, line: line, column: column, severity: severity, message: message, id: id, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// paint("\(clean(path)):\(line):\(column):", bold) + " " + paint(severity + ":", severity) + " "
    /// + paint(clean(message), bold) + " " + paint("[\(id)]", dim)
    func header(path: String, line: Int, column: Int, severity: Severity, message: String, id: String,
                to out: inout [UInt8]) {
        open(Style.bold, &out)
        Self.appendClean(path, to: &out)
        out.append(UInt8(ascii: ":"))
        Self.appendInt(line, to: &out)
        out.append(UInt8(ascii: ":"))
        Self.appendInt(column, to: &out)
        out.append(UInt8(ascii: ":"))
        close(&out)
        out.append(0x20)
        open(Style.severity(severity), &out)
        out.append(contentsOf: severity.rawValue.utf8)
        out.append(UInt8(ascii: ":"))
        close(&out)
        out.append(0x20)
        open(Style.bold, &out)
        Self.appendClean(message, to: &out)
        close(&out)
        out.append(0x20)
        open(Style.dim, &out)
        out.append(UInt8(ascii: "["))
        out.append(contentsOf: id.utf8)
        out.append(UInt8(ascii: "]"))
        close(&out)
    }

    func paint(_ text: String, _ style: String) -> String {
        context.color ? style + text + Style.reset : text
    }

    /// The start of `paint(…, style)` when colouring.
    @inline(__always) private func open(_ style: String, _ out: inout [UInt8]) {
        if context.color { out.append(contentsOf: style.utf8) }
    }

    /// The end of `paint`.
    @inline(__always) private func close(_ out: inout [UInt8]) {
        if context.color { out.append(contentsOf: Style.reset.utf8) }
    }

    /// One line of text with control characters made visible, so messages cannot break the layout.
    static func clean(_ text: String) -> String {
        var out: [UInt8] = []
        appendClean(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `clean(text)` appended as UTF-8: LF, CR and tab become a space, other C0 and C1 controls
    /// and DEL U+FFFD. On the bytes, which a String holds as valid UTF-8: a C1 control is C2 80–C2 9F.
    static func appendClean(_ text: String, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            let n = bytes.count
            out.reserveCapacity(out.count + n)
            var i = 0
            while i < n {
                // The run of bytes kept as they are, copied in one piece; eight bytes at a time
                // while none can be a control or a C1 lead byte (the test may flag a byte that is
                // neither, which the byte step then takes).
                var j = i
                if let base = bytes.baseAddress {
                    while j + 8 <= n {
                        let w = EightBytes.load(base + j)
                        let low = (w &- EightBytes.ones &* 0x20) & ~w & EightBytes.highBits
                        if low | EightBytes.equalBytes(w, 0x7F) | EightBytes.equalBytes(w, 0xC2) != 0 { break }
                        j += 8
                    }
                }
                while j < n {
                    let b = bytes[j]
                    if b < 0x20 || b == 0x7F || (b == 0xC2 && j + 1 < n && bytes[j + 1] < 0xA0) { break }
                    j += 1
                }
                if j > i { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<j])) }
                guard j < n else { break }
                let b = bytes[j]
                if b == 0x0A || b == 0x0D || b == 0x09 {
                    out.append(0x20)
                    i = j + 1
                } else {
                    out.append(contentsOf: [0xEF, 0xBF, 0xBD])
                    i = j + (b == 0xC2 ? 2 : 1)
                }
            }
        }
    }

    /// The decimal digits of `String(value)`.
    static func appendInt(_ value: Int, to out: inout [UInt8]) {
        guard value >= 0 else {
            out.append(contentsOf: String(value).utf8)
            return
        }
        // The digits from the last into a small buffer (a String per number showed in profiles).
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var v = value
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[23 - count] = UInt8(truncatingIfNeeded: v % 10) + 0x30
                v /= 10
                count += 1
            } while v > 0
            out.append(contentsOf: buffer[(24 - count)...])
        }
    }

    /// How many characters `String(value)` has.
    static func digitCount(_ value: Int) -> Int {
        guard value >= 0 else { return String(value).count }
        var n = 1
        var v = value
        while v >= 10 { v /= 10; n += 1 }
        return n
    }

    @inline(__always) static func appendRepeated(_ byte: UInt8, _ count: Int, to out: inout [UInt8]) {
        if count > 0 { out.append(contentsOf: repeatElement(byte, count: count)) }
    }

    enum Style {
        static let reset = "\u{1B}[0m"
        static let bold = "\u{1B}[1m"
        static let dim = "\u{1B}[2m"
        static let gutter = "\u{1B}[1;34m"
        static func severity(_ s: Severity) -> String {
            switch s {
            case .error: return "\u{1B}[1;31m"
            case .warning: return "\u{1B}[1;33m"
            case .note: return "\u{1B}[1;36m"
            }
        }
    }
}
