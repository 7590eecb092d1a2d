import ArgumentParser
import JamlintCore

// PLACEHOLDER (helper A)
struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the document model jamlint sees.")
    @Argument var path: String
    func run() throws {
        let doc = try DocumentLoader().load(path: path)
        for block in doc.blocks {
            let loc = doc.source.location(ofByte: block.sourceRange.lowerBound)
            print("\(loc.line):\(loc.column) \(block.kind.rawValue) \(block.text.string)")
        }
    }
}
