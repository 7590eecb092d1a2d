import ArgumentParser
import Foundation
import JamlintCore

/// `jamlint inspect FILE`: shows the blocks, kinds, positions and text that rules see, so a
/// clerk or rule author can tell why a heading was (not) found.
struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the document model jamlint sees (blocks, kinds, positions, text).",
        discussion: "Positions are line:column (columns in characters); a range's end is exclusive."
    )

    @Argument(help: "The memo to read.")
    var path: String

    @Flag(help: "Print JSON instead of one line per block.")
    var json = false

    @Flag(help: "Also list, per block, the lexicon mentions (women, men, people …) the rules see.")
    var mentions = false

    @Option(help: "Read the file as markdown, xhtml, html, text, docx or odt instead of choosing by its extension.")
    var format: String?

    func validate() throws {
        if let format, DocumentFormat(rawValue: format.lowercased()) == nil {
            let known = DocumentFormat.allCases.map(\.rawValue).joined(separator: ", ")
            throw ValidationError("unknown format '\(format)'; use one of \(known)")
        }
    }

    func run() throws {
        let chosen = format.flatMap { DocumentFormat(rawValue: $0.lowercased()) }
        let document: Document
        do {
            document = try DocumentLoader().load(path: path, format: chosen)
        } catch {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode(2)
        }
        print(json ? DocumentDump.json(document) : DocumentDump.text(document), terminator: "")
        if mentions && !json {
            print(DocumentDump.mentions(document, lexicon: Lexicon.builtin), terminator: "")
        }
    }
}
