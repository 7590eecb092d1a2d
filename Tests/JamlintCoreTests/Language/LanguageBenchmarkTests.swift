import Foundation
import Testing
@testable import JamlintCore

/// Throughput of the language layer on ~1 MB of memo-like text. Prints figures only (no test may
/// assert a time); enabled with JAMLINT_BENCH=1, and meaningful in a release build:
///     JAMLINT_BENCH=1 swift test -c release -Xswiftc -enable-testing --filter LanguageBenchmark
@Suite struct LanguageBenchmarkTests {
    static let enabled = ProcessInfo.processInfo.environment["JAMLINT_BENCH"] == "1"

    /// Paragraph-sized blocks built from the labelled corpus (markup removed), about `bytes` long.
    static func blocks(bytes: Int) -> [BlockText] {
        let sentences = LabelledCorpus.sentences.map { LabelledCorpusTests.parse($0).0 }
        var out: [BlockText] = []
        var total = 0
        var k = 0
        while total < bytes {
            var paragraph = ""
            for _ in 0..<5 {
                paragraph += sentences[k % sentences.count] + " "
                k += 7
            }
            total += paragraph.utf8.count
            out.append(Tokenizer.tokenize(paragraph).text)
        }
        return out
    }

    @Test(.enabled(if: enabled)) func throughput() {
        let lexicon = LanguageTestSupport.lexicon
        let blocks = Self.blocks(bytes: 1_000_000)
        let bytes = blocks.reduce(0) { $0 + $1.string.utf8.count }
        let clock = ContinuousClock()
        var texts: [TokenizedText] = []
        let tTokenize = clock.measure { texts = blocks.map { Tokenizer.tokenize($0) } }
        var mentions: [[Mention]] = []
        let tMentions = clock.measure { mentions = texts.map { lexicon.mentions(in: $0) } }
        var counts = 0
        let tCounts = clock.measure {
            for (t, m) in zip(texts, mentions) { counts += PeopleCounts.find(in: t, mentions: m, lexicon: lexicon).count }
        }
        var cues = 0
        let lists = ["justification", "comparison", "measures", "goals", "follow-up", "target-group", "consequence"]
            .compactMap { lexicon.cueList($0) }
        let tCues = clock.measure { for t in texts { for l in lists { cues += l.matches(in: t).count } } }
        let tokens = texts.reduce(0) { $0 + $1.tokens.count }
        let found = mentions.reduce(0) { $0 + $1.count }
        func seconds(_ d: Duration) -> Double {
            Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
        }
        print("bench: \(bytes) bytes, \(blocks.count) blocks, \(tokens) tokens, \(found) mentions, "
              + "\(counts) people counts, \(cues) cue matches")
        print("bench: tokenize \(Int(Double(tokens) / seconds(tTokenize))) tokens/s "
              + "(\(String(format: "%.1f", Double(bytes) / 1e6 / seconds(tTokenize))) MB/s)")
        print("bench: mentions \(Int(Double(tokens) / seconds(tMentions))) tokens/s, "
              + "\(Int(Double(found) / seconds(tMentions))) mentions/s")
        print("bench: people counts \(String(format: "%.1f", seconds(tCounts) * 1000)) ms, "
              + "7 cue lists \(String(format: "%.1f", seconds(tCues) * 1000)) ms")
        #expect(tokens > 0)
    }
}
