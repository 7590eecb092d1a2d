import Foundation
import Testing
@testable import JamlintCore

/// Precision and recall of `Lexicon.mentions` per category on the labelled corpus.
@Suite struct LabelledCorpusTests {
    static let tagNames: [String: [String]] = [
        "w": ["women"], "m": ["men"], "g": ["girls"], "b": ["boys"], "s": ["sex"], "c": ["children"],
        "p": ["people"], "st": ["staff", "people"], "u": ["units"], "i": ["intersectional"],
    ]
    static let evaluated = ["women", "men", "girls", "boys", "sex", "children", "people", "staff", "units",
                            "intersectional"]

    struct Label: Hashable {
        var category: String
        var start: Int
    }

    /// The plain sentence and its expected (category, scalar offset) labels.
    static func parse(_ marked: String) -> (String, Set<Label>) {
        var plain = String.UnicodeScalarView()
        var labels = Set<Label>()
        var scalars = Array(marked.unicodeScalars)[...]
        while let c = scalars.first {
            scalars.removeFirst()
            guard c == "[" else { plain.append(c); continue }
            let start = plain.count
            while let d = scalars.first, d != "|" { plain.append(d); scalars.removeFirst() }
            scalars.removeFirst()
            var tags = ""
            while let d = scalars.first, d != "]" { tags.unicodeScalars.append(d); scalars.removeFirst() }
            scalars.removeFirst()
            for tag in tags.split(separator: ",") {
                for category in tagNames[String(tag)] ?? ["?\(tag)"] { labels.insert(Label(category: category, start: start)) }
            }
        }
        return (String(plain), labels)
    }

    @Test func corpusHasEnoughSentences() {
        #expect(LabelledCorpus.sentences.count >= 200)
        for s in LabelledCorpus.sentences {
            let (_, labels) = Self.parse(s)
            #expect(labels.allSatisfy { Self.evaluated.contains($0.category) }, "bad tag in: \(s)")
        }
    }

    @Test func precisionAndRecallPerCategory() {
        let lexicon = LanguageTestSupport.lexicon
        var tp: [String: Int] = [:], fp: [String: Int] = [:], fn: [String: Int] = [:]
        var problems: [String] = []
        for marked in LabelledCorpus.sentences {
            let (plain, expected) = Self.parse(marked)
            let text = Tokenizer.tokenize(plain)
            let found = Set(lexicon.mentions(in: text).filter { Self.evaluated.contains($0.category) }
                .map { Label(category: $0.category, start: text.text.starts[$0.scalars.lowerBound]) })
            for l in found.intersection(expected) { tp[l.category, default: 0] += 1 }
            for l in found.subtracting(expected) {
                fp[l.category, default: 0] += 1
                problems.append("FP \(l.category)@\(l.start): \(plain)")
            }
            for l in expected.subtracting(found) {
                fn[l.category, default: 0] += 1
                problems.append("FN \(l.category)@\(l.start): \(plain)")
            }
        }
        for p in problems { print(p) }
        print("category        precision  recall   (tp/fp/fn)")
        for category in Self.evaluated {
            let t = Double(tp[category] ?? 0), f = Double(fp[category] ?? 0), n = Double(fn[category] ?? 0)
            let precision = t + f == 0 ? 1 : t / (t + f)
            let recall = t + n == 0 ? 1 : t / (t + n)
            let name = category.padding(toLength: 15, withPad: " ", startingAt: 0)
            print("\(name) \(String(format: "%.3f", precision))      \(String(format: "%.3f", recall))    "
                  + "(\(Int(t))/\(Int(f))/\(Int(n)))")
            #expect(t > 0, "no true positives for \(category)")
            #expect(precision >= 0.95, "precision for \(category) is \(precision)")
            #expect(recall >= 0.95, "recall for \(category) is \(recall)")
        }
    }
}
