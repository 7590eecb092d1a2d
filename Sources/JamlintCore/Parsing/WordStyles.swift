import Foundation

/// The paragraph and character styles of a Word document (`word/styles.xml`), resolved through
/// `w:basedOn`: which styles are headings (by outline level, or by name: "heading 2", Swedish
/// "Rubrik 2", "Title"/"Rubrik"), which are bold and which are numbered lists.
struct WordStyles {
    struct Style {
        var name: String = ""
        var basedOn: String?
        var outlineLevel: Int?
        var bold: Bool?
        var numbered = false
    }

    private(set) var styles: [String: Style] = [:]
    private(set) var defaultParagraphStyle: String?

    init() {}

    init(root: XMLTreeElement) {
        for element in root.elements where WordML.isW(element, "style") {
            guard let id = WordML.attribute(element, "styleId") else { continue }
            var style = Style()
            style.name = element.elements.first { WordML.isW($0, "name") }.flatMap { WordML.attribute($0, "val") } ?? ""
            style.basedOn = element.elements.first { WordML.isW($0, "basedOn") }.flatMap { WordML.attribute($0, "val") }
            if let pPr = element.elements.first(where: { WordML.isW($0, "pPr") }) {
                style.outlineLevel = WordML.outlineLevel(pPr)
                style.numbered = WordML.numbering(pPr) != nil
            }
            if let rPr = element.elements.first(where: { WordML.isW($0, "rPr") }) { style.bold = WordML.bold(rPr) }
            styles[id] = style
            if WordML.attribute(element, "type") == "paragraph", WordML.attribute(element, "default") == "1" {
                defaultParagraphStyle = id
            }
        }
    }

    /// The chain of a style and the styles it is based on (bounded: `basedOn` can loop).
    private func chain(_ id: String?) -> [Style] {
        var out: [Style] = []
        var next = id ?? defaultParagraphStyle
        while let current = next, let style = styles[current], out.count < 16 {
            out.append(style)
            next = style.basedOn
        }
        return out
    }

    /// Heading level 1–6 of a paragraph style, or nil when it is not a heading style.
    func headingLevel(_ id: String?) -> Int? {
        if let id, styles[id] == nil, let level = Self.headingLevel(name: id) { return level }
        for style in chain(id) {
            if let level = Self.headingLevel(name: style.name) { return level }
            if let outline = style.outlineLevel { return outline < 9 ? min(outline + 1, 6) : nil }
        }
        return nil
    }

    func isBold(_ id: String?) -> Bool {
        for style in chain(id) { if let bold = style.bold { return bold } }
        return false
    }

    func isNumbered(_ id: String?) -> Bool { chain(id).contains { $0.numbered } }

    /// "heading 1", "Heading1", "Rubrik 1", "rubrik1" → 1; "Title", "Rubrik" → 1.
    static func headingLevel(name: String) -> Int? {
        let lower = name.lowercased().replacingOccurrences(of: " ", with: "")
        if lower == "title" || lower == "rubrik" { return 1 }
        for prefix in ["heading", "rubrik", "überschrift"] where lower.hasPrefix(prefix) {
            let rest = lower.dropFirst(prefix.count)
            if rest.count == 1, let level = Int(rest), level >= 1 { return min(level, 6) }
        }
        return nil
    }
}

/// WordprocessingML names: the transitional namespace Word writes and the strict one it can.
enum WordML {
    static let main = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    static let strict = "http://purl.oclc.org/ooxml/wordprocessingml/main"

    static func isW(_ element: XMLTreeElement, _ name: String) -> Bool {
        element.name == name && (element.namespace == main || element.namespace == strict)
    }

    static func attribute(_ element: XMLTreeElement, _ name: String) -> String? {
        element.attribute(name, namespace: main) ?? element.attribute(name, namespace: strict)
    }

    static func child(_ element: XMLTreeElement, _ name: String) -> XMLTreeElement? {
        element.elements.first { isW($0, name) }
    }

    /// `w:b` / `w:bCs`: present without `w:val`, or with a true value.
    static func bold(_ rPr: XMLTreeElement) -> Bool? {
        guard let b = child(rPr, "b") else { return nil }
        return isOn(attribute(b, "val"))
    }

    static func isOn(_ value: String?) -> Bool {
        guard let value else { return true }
        return !(value == "0" || value == "false" || value == "off" || value == "none")
    }

    static func outlineLevel(_ pPr: XMLTreeElement) -> Int? {
        child(pPr, "outlineLvl").flatMap { attribute($0, "val") }.flatMap { Int($0) }
    }

    /// The list level (0-based) when the paragraph is numbered; `w:numId` 0 switches numbering off.
    static func numbering(_ pPr: XMLTreeElement) -> Int? {
        guard let numPr = child(pPr, "numPr") else { return nil }
        if let id = child(numPr, "numId").flatMap({ attribute($0, "val") }), id == "0" { return nil }
        return child(numPr, "ilvl").flatMap { attribute($0, "val") }.flatMap { Int($0) } ?? 0
    }
}
