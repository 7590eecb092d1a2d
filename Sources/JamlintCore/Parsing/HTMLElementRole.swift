/// What an (X)HTML element means for jamlint's document model.
enum HTMLElementRole: Equatable {
    /// Content that is never prose: scripts, styles, the head, preformatted and code blocks.
    case skip
    case heading(Int)
    /// `<p>` and other elements that hold one paragraph of prose (captions, summaries).
    case paragraph
    case listItem
    case cell(header: Bool)
    case row
    case table
    case tableSection(header: Bool)
    case list
    case quote
    /// Sectioning and grouping elements: text directly inside them forms anonymous paragraphs.
    case container
    case definitionList
    case term
    case definition
    case lineBreak
    /// `<hr>`: ends the current block.
    case rule
    case strong
    case meta
    /// Everything else, including unknown elements: its text belongs to the surrounding block.
    case inline

    /// The role of an element by its lowercase local name.
    static func of(_ name: String) -> HTMLElementRole {
        roles[name] ?? .inline
    }

    private static let roles: [String: HTMLElementRole] = {
        var roles: [String: HTMLElementRole] = [
            "p": .paragraph, "caption": .paragraph, "figcaption": .paragraph, "summary": .paragraph,
            "legend": .paragraph, "address": .paragraph,
            "h1": .heading(1), "h2": .heading(2), "h3": .heading(3), "h4": .heading(4), "h5": .heading(5),
            "h6": .heading(6),
            "li": .listItem, "ul": .list, "ol": .list, "menu": .list, "dir": .list,
            "td": .cell(header: false), "th": .cell(header: true), "tr": .row, "table": .table,
            "thead": .tableSection(header: true), "tbody": .tableSection(header: false),
            "tfoot": .tableSection(header: false),
            "blockquote": .quote,
            "dl": .definitionList, "dt": .term, "dd": .definition,
            "br": .lineBreak, "hr": .rule, "strong": .strong, "b": .strong, "meta": .meta,
        ]
        for name in [
            "head", "title", "script", "style", "pre", "listing", "xmp", "plaintext", "template", "textarea",
            "svg", "math", "noscript", "iframe", "object", "select", "option", "datalist", "audio", "video",
            "canvas", "map",
        ] {
            roles[name] = .skip
        }
        for name in [
            "html", "body", "div", "section", "article", "main", "header", "footer", "nav", "aside", "figure",
            "form", "fieldset", "details", "center", "hgroup", "colgroup", "frameset", "noframes",
        ] {
            roles[name] = .container
        }
        return roles
    }()
}
