import ArgumentParser

// PLACEHOLDER (lead)
struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Explain a rule.")
    @Argument var id: String
    func run() throws {}
}
