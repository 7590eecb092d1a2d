import Foundation
import Testing
@testable import JamlintCore

/// `MetadataFieldKind.isField` (by the Latin-1 key index) answers as `fields.contains(normalise(key))`
/// for generated header field names, with the shipped MEMO001 and with field lists a municipality
/// could configure (other case, NFD, soft hyphens, numbering, dashes, names beyond Latin-1, which
/// turn the index off); both answers occur.
@Suite struct MetadataFieldKeyTests {
    static let pieces = ["Diarienummer", "diarienr", "DNR", "Dnr", "Ärende", "ärende", "A\u{308}rende", "-", "–", "nr",
                         " ", "  ", "\t", "\u{A0}", "\u{AD}", ":", ".", "12. ", "3 ", "Vår", "beteckning", "Beteckning",
                         "V\u{E5}r", "Va\u{30A}r", "İ", "ı", "K", "\u{212A}", "ß", "Ő", "x", "”"]

    @Test func indexAnswersAsTheNormalisedSet() throws {
        let shipped = try RuleFile.load(path: RulesLocation.defaultDirectory()! + "/MEMO001.yml")
        let lexicon = Lexicon.builtin
        var optionSets: [[String: OptionValue]] = [shipped.options]
        for names in [["Ärende-nr", "Vår beteckning", "dnr"], ["Ärende–nr", "Dnr"], ["Őrszám", "Dnr"],
                      ["Diarie\u{AD}nummer", "A\u{308}rendenummer"], ["12. Dnr", "Beteckning:"]] {
            var options = shipped.options
            options["fields"] = .list(names.map { .string($0) })
            optionSets.append(options)
        }
        var rng = SeededGenerator(seed: 0xD14_0018)
        var yes = 0, no = 0, usable = 0
        for options in optionSets {
            let made = try RuleKinds.make(shipped, options: options, lexicon: lexicon)
            let kind = try #require(made as? MetadataFieldKind)
            if kind.fieldIndex.isUsable { usable += 1 }
            for _ in 0..<3000 {
                let key = rng.text(from: Self.pieces, maxPieces: 4)
                let expected = kind.fields.contains(StructureLexicon.normalise(key))
                #expect(kind.isField(key) == expected, "\(key.debugDescription)")
                if expected { yes += 1 } else { no += 1 }
            }
        }
        #expect(yes > 500 && no > 500 && usable >= 3 && usable < optionSets.count, "\(yes) \(no) \(usable)")
    }
}
