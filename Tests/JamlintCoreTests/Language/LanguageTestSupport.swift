import Foundation
@testable import JamlintCore

/// The lexicon in this checkout's `Rules/lexicon`, loaded once for all language tests.
enum LanguageTestSupport {
    static let lexiconDirectory: String = {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Rules/lexicon").path
    }()

    static let lexicon: Lexicon = {
        do {
            return try Lexicon.load(directory: lexiconDirectory)
        } catch {
            fatalError("lexicon failed to load: \(error)")
        }
    }()

    /// "category:form" of every mention, in order.
    static func labels(_ text: String, categories: Set<String>? = nil) -> [String] {
        let t = Tokenizer.tokenize(text)
        return lexicon.mentions(in: t)
            .filter { categories?.contains($0.category) ?? true }
            .map { "\($0.category):\($0.form)" }
    }

    static func words(_ text: String) -> [String] {
        Tokenizer.tokenize(text).tokens.map(\.lower)
    }

    static func sentences(_ text: String) -> [String] {
        let t = Tokenizer.tokenize(text)
        return t.sentences.map { t.text.string($0.scalars) }
    }
}
