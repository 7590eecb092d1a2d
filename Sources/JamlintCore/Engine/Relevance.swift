import Foundation

/// The relevance gate (SKL "Checklista för jämställda beslut", step 1: "Beslutet berör kvinnor och män,
/// flickor och pojkar"): whether the gender rules apply to a memo at all.
///
/// A memo is exempt when its title is a procedural item (`ProceduralList`) or when it declares, with a
/// reason, that gender analysis is not relevant:
///
///     ---                                          <!-- jamlint-relevans: ej-relevant -- motivering: … -->
///     jamlint:
///       relevans: ej-relevant                      <meta name="jamlint-relevans" content="ej-relevant">
///       motivering: "Ärendet gäller …"             <meta name="jamlint-motivering" content="Ärendet gäller …">
///     ---
///
/// "Not relevant" needs a reason (Tillväxtverket: "ange det och motivera din slutsats"), so a declaration
/// without one is `declaredWithoutReason` and does not exempt the memo. `relevans: relevant` overrides a
/// procedural title.
public struct Relevance: Sendable {
    public enum Status: Sendable, Hashable {
        case relevant
        /// The title matched this procedural pattern (as written in the list).
        case procedural(matched: String)
        case declaredNotRelevant(reason: String)
        /// "Ej relevant" was declared without a reason.
        case declaredWithoutReason
    }

    public var status: Status
    /// Of the declaration, or of the title that matched (or the memo's title when relevant).
    public var location: SourceLocation?
    /// The source bytes of the declaration (its keyword and value), when one decided the status.
    public var declaration: Range<Int>?
    /// Unknown `relevans` values and similar mistakes in declarations.
    public var problems: [DirectiveProblem]

    public init(status: Status, location: SourceLocation? = nil, problems: [DirectiveProblem] = []) {
        self.status = status
        self.location = location
        self.problems = problems
    }

    /// True when the gender rules are to be skipped.
    public var isExempt: Bool {
        switch status {
        case .procedural, .declaredNotRelevant: return true
        case .relevant, .declaredWithoutReason: return false
        }
    }

    public static func assess(_ document: Document, procedural: ProceduralList) -> Relevance {
        let declaration = Declaration(document)
        var relevance: Relevance
        switch declaration.value {
        case .relevant:
            relevance = Relevance(status: .relevant, location: declaration.location)
        case .notRelevant where declaration.reason != nil:
            relevance = Relevance(status: .declaredNotRelevant(reason: declaration.reason ?? ""),
                                  location: declaration.location)
        case .notRelevant, nil:
            // The title field once for both uses (profile: reading the header fields twice per memo).
            let field = titleField(document)
            // A procedural title makes a missing reason moot.
            if let (pattern, location) = proceduralMatch(document, procedural, field: field) {
                relevance = Relevance(status: .procedural(matched: pattern), location: location)
            } else if declaration.value == .notRelevant {
                relevance = Relevance(status: .declaredWithoutReason, location: declaration.location)
                relevance.declaration = declaration.bytes
            } else {
                relevance = Relevance(status: .relevant, location: titleLocation(of: document, field: field))
            }
        }
        relevance.problems = declaration.problems
        return relevance
    }

    /// The memo's title: a `titel`/`title` header field, else the first heading, else the first line of the
    /// first paragraph.
    public static func title(of document: Document) -> (text: String, location: SourceLocation)? {
        title(of: document, field: titleField(document))
    }

    /// `title(of:)` with the title field already looked up.
    private static func title(of document: Document, field: (text: String, location: SourceLocation)?)
        -> (text: String, location: SourceLocation)? {
        if let field { return field }
        if let heading = document.blocks.firstIndex(where: { $0.kind == .heading }),
           let line = lines(of: document.blocks[heading], in: document, limit: 1).first {
            return line
        }
        for i in document.blocks.indices where document.blocks[i].kind == .paragraph {
            if let line = lines(of: document.blocks[i], in: document, limit: 1).first { return line }
        }
        return nil
    }

    /// `title(of:field:)?.location` without making the title's `String` (profile: every relevant memo
    /// made it, and copied the blocks it passed looking for a heading, for only the location).
    private static func titleLocation(of document: Document, field: (text: String, location: SourceLocation)?)
        -> SourceLocation? {
        if let field { return field.location }
        let blocks = document.blocks
        var heading: Int?
        for i in blocks.indices where blocks[i].kind == .heading {
            heading = i
            break
        }
        if let heading {
            let text = blocks[heading].text
            if let line = lineRanges(of: text, limit: 1).first {
                return document.source.location(ofByte: text.starts[line.lowerBound])
            }
        }
        for i in blocks.indices where blocks[i].kind == .paragraph {
            let text = blocks[i].text
            if let line = lineRanges(of: text, limit: 1).first {
                return document.source.location(ofByte: text.starts[line.lowerBound])
            }
        }
        return nil
    }

    /// Procedural titles are looked for in the title field when there is one; otherwise in the first heading
    /// and in the short lines before it, because converted memos often start with header lines
    /// ("TJÄNSTESKRIVELSE", "Datum …") and carry their title as a plain paragraph.
    private static func proceduralMatch(_ document: Document, _ list: ProceduralList,
                                        field: (text: String, location: SourceLocation)?)
        -> (String, SourceLocation)? {
        guard !list.isEmpty else { return nil }
        if let field {
            return list.match(title: field.text).map { ($0, field.location) }
        }
        // The leading lines are matched on their scalars, in order, and only a match gets a
        // location: making a `String` of every leading line showed in profiles.
        var examined = 0
        for b in document.blocks.indices where document.blocks[b].kind != .metadata {
            let isHeading = document.blocks[b].kind == .heading
            let limit = isHeading ? 1 : maxLeadingLines - examined
            let text = document.blocks[b].text
            for line in lineRanges(of: text, limit: limit) {
                examined += 1
                // Scalars, as the `String`'s `unicodeScalars.count` was before.
                guard line.count <= maxTitleLength else { continue }
                if let pattern = list.match(scalars: text.scalars[line]) {
                    return (pattern, document.source.location(ofByte: text.starts[line.lowerBound]))
                }
            }
            if isHeading || examined >= maxLeadingLines { break }
        }
        return nil
    }

    private static let maxTitleLength = 200
    private static let maxLeadingLines = 8
    private static let titleKeys: Set<String> = ["titel", "title", "rubrik"]

    /// `titleKeys.contains(key.lowercased())`; an ASCII key by its bytes (profile: lower-casing
    /// every header field name of every memo).
    private static func isTitleKey(_ key: String) -> Bool {
        var copy = key
        let ascii: Bool? = copy.withUTF8 { b in
            if !b.allSatisfy({ $0 < 0x80 }) {
                // Only the Kelvin sign (UTF-8 E2 84 AA) lower-cases to a letter a–z; any other
                // scalar from U+0080 on leaves a scalar other than a–z in the lower-cased text
                // (tested up to U+1FFFF), which then equals none of the keys,
                // all letters a–z. Profile: `lowercased()` of every header field name with "ä".
                for i in 0..<max(b.count - 2, 0) where b[i] == 0xE2 && b[i + 1] == 0x84 && b[i + 2] == 0xAA { return nil }
                return false
            }
            for k in titleKeyBytes where k.count == b.count {
                var i = 0
                while i < b.count && (b[i] >= 0x41 && b[i] <= 0x5A ? b[i] + 0x20 : b[i]) == k[i] { i += 1 }
                if i == b.count { return true }
            }
            return false
        }
        return ascii ?? titleKeys.contains(key.lowercased())
    }

    /// The title keys' bytes (lower-case ASCII), for `isTitleKey`.
    private static let titleKeyBytes: [[UInt8]] = titleKeys.map { Array($0.utf8) }

    private static func titleField(_ document: Document) -> (text: String, location: SourceLocation)? {
        // By index: iterating the blocks copied each one (a struct of many arrays) for a kind test.
        for i in document.blocks.indices where document.blocks[i].kind == .metadata {
            guard let key = document.blocks[i].metadataKey, isTitleKey(key) else { continue }
            if let line = lines(of: document.blocks[i], in: document, limit: 1).first { return line }
        }
        return nil
    }

    /// The first `limit` non-blank lines of a block's text, trimmed, each with the location of its first
    /// character.
    private static func lines(of block: Block, in document: Document, limit: Int)
        -> [(text: String, location: SourceLocation)] {
        let text = block.text
        // Labelled like the result: an unlabelled array was converted (copied) on return.
        var out: [(text: String, location: SourceLocation)] = []
        for range in lineRanges(of: text, limit: limit) {
            out.append((text.string(range), document.source.location(ofByte: text.starts[range.lowerBound])))
        }
        return out
    }

    /// The scalar ranges of the first `limit` non-blank lines of a block's text, trimmed (non-empty).
    private static func lineRanges(of text: BlockText, limit: Int) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var start = 0
        var i = 0
        while i <= text.count && out.count < limit {
            if i == text.count || text.scalars[i] == "\n" {
                // Trimmed in place (slicing the text copied its three arrays per line).
                var lo = start, hi = i
                while lo < hi && ScalarClass.isWhitespace(text.scalars[lo]) { lo += 1 }
                while hi > lo && ScalarClass.isWhitespace(text.scalars[hi - 1]) { hi -= 1 }
                if lo < hi { out.append(lo..<hi) }
                start = i + 1
            }
            i += 1
        }
        return out
    }
}

/// The `jamlint-relevans` / `jamlint-motivering` declarations of a document, from header fields (front matter,
/// `<meta>`) and comments, the first in source order winning.
private struct Declaration {
    enum Value { case relevant, notRelevant }

    var value: Value?
    var reason: String?
    var location: SourceLocation?
    /// The declaration's source bytes, from `location` on.
    var bytes: Range<Int>?
    var problems: [DirectiveProblem] = []

    init(_ document: Document) {
        // Each declaration: where it starts and ends in the source (the value, or the comment's
        // `jamlint-relevans` and value), its value and its reason.
        var found: [(offset: Int, end: Int, value: String?, reason: String?)] = []
        for b in document.blocks.indices where document.blocks[b].kind == .metadata {
            let block = document.blocks[b]
            // Only `jamlint…` keys declare anything; the others are skipped before normalising.
            guard let key = block.metadataKey, key.utf8.first.map({ $0 | 0x20 == 0x6A }) == true else { continue }
            let offset = block.text.starts.first ?? block.sourceRange.lowerBound
            let end = max(offset, block.text.ends.last ?? offset)
            switch Self.normaliseKey(key) {
            case "jamlint.relevans", "jamlint.relevance": found.append((offset, end, block.text.trimmed().string, nil))
            case "jamlint.motivering", "jamlint.reason": found.append((offset, end, nil, block.text.trimmed().string))
            default: continue
            }
        }
        for comment in document.comments {
            guard let directive = DirectiveText(comment: comment, source: document.source) else { continue }
            switch directive.keyword {
            case "relevans", "relevance":
                if directive.reason == nil,
                   let label = directive.argument.range(of: "motivering:", options: .caseInsensitive) {
                    // "ej-relevant, motivering: …" without the ` -- ` separator.
                    let value = directive.argument[..<label.lowerBound]
                        .trimmingCharacters(in: CharacterSet(charactersIn: " \t\n\r,;"))
                    let reason = directive.argument[label.upperBound...].trimmingCharacters(in: .whitespacesAndNewlines)
                    // The value ends before the label's token ("inte relevant, motivering: …").
                    let label = directive.ids.firstIndex { $0.0.lowercased().hasPrefix("motivering:") } ?? 0
                    let end = label > 0 ? directive.ids[label - 1].1.upperBound : directive.keywordEnd
                    found.append((directive.keywordOffset, max(end, directive.keywordOffset), value, reason))
                } else {
                    let valueText = directive.ids.map(\.0).joined(separator: " ")
                    let end = max(directive.ids.last?.1.upperBound ?? directive.keywordEnd, directive.keywordOffset)
                    found.append((directive.keywordOffset, end, valueText, directive.reason.map(Self.stripReasonLabel)))
                }
            case "motivering", "reason":
                found.append((directive.keywordOffset, max(directive.keywordEnd, directive.keywordOffset), nil,
                              directive.argument))
            default: continue
            }
        }
        found.sort { $0.offset < $1.offset }
        for item in found {
            if let written = item.value {
                guard value == nil else { continue }
                let location = document.source.location(ofByte: item.offset)
                switch Self.normaliseValue(written) {
                case "ej-relevant", "inte-relevant", "icke-relevant", "not-relevant":
                    value = .notRelevant
                case "relevant":
                    value = .relevant
                default:
                    problems.append(DirectiveProblem(
                        severity: .warning, location: location, length: item.end - item.offset,
                        message: LocalizedText(
                            sv: "okänt värde `\(written)` för jamlint-relevans; skriv ej-relevant (med motivering) "
                                + "eller relevant",
                            en: "unknown value `\(written)` for jamlint-relevans; write ej-relevant (with a reason) "
                                + "or relevant")))
                    continue
                }
                self.location = location
                bytes = item.offset..<item.end
                if reason == nil, let r = item.reason, Self.isReason(r) { reason = r }
            } else if reason == nil, let r = item.reason, Self.isReason(r) {
                reason = r
            }
        }
    }

    /// Front matter gives "jamlint.relevans"; `<meta>` gives "jamlint-relevans"; either may be capitalised.
    private static func normaliseKey(_ key: String) -> String {
        String(key.lowercased().map { $0 == "-" || $0 == "_" ? "." : $0 })
    }

    private static func normaliseValue(_ value: String) -> String {
        var s = value.lowercased().trimmingCharacters(in: .whitespacesAndNewlines)
        while let last = s.last, last == "." || last == "," || last == ";" { s.removeLast() }
        return String(s.map { $0 == " " || $0 == "_" ? "-" : $0 })
    }

    /// "motivering: Ärendet …" → "Ärendet …".
    private static func stripReasonLabel(_ reason: String) -> String {
        for label in ["motivering", "reason"] {
            guard reason.count > label.count,
                  reason.prefix(label.count).lowercased() == label else { continue }
            let rest = reason.dropFirst(label.count)
            guard rest.first == ":" else { continue }
            return rest.dropFirst().trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return reason
    }

    /// A reason must say something: at least one letter.
    private static func isReason(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0.properties.isAlphabetic }
    }
}
