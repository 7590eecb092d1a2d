extension Lexicon {
    /// Whether "man" at token `i` is the generic pronoun ("Man kan", "kan man", "om man") rather
    /// than the noun ("varje kvinna och man", "en ensamstående man").
    ///
    /// Coordination with a female noun wins over everything, then a preceding number ("100 man"
    /// counts heads, not men), a determiner or an adjective after one (noun), and the sentence
    /// start, subordinators and finite verbs (pronoun). With no evidence either way the pronoun
    /// is assumed: it is by far the more frequent reading in memo prose.
    func isPronoun(at i: Int, in text: TokenizedText) -> Bool {
        let c = compiled
        let tokens = text.tokens
        let sentence = text.sentences.isEmpty ? 0..<tokens.count : text.sentences[text.sentenceIndex(ofToken: i)].tokens
        let prev = i - 1 >= sentence.lowerBound ? tokens[i - 1] : nil
        let next = i + 1 < sentence.upperBound ? tokens[i + 1] : nil
        if let prev, c.coordinators.contains(prev.lower), i - 2 >= sentence.lowerBound,
           isCoordinatedNoun(tokens[i - 2].lower) {
            return false
        }
        if let next, c.coordinators.contains(next.lower), i + 2 < sentence.upperBound,
           isCoordinatedNoun(tokens[i + 2].lower) || tokens[i + 2].lower == "en" && i + 3 < sentence.upperBound
            && isCoordinatedNoun(tokens[i + 3].lower) {
            return false
        }
        guard let prev else { return true }
        if prev.kind == .number { return true }
        if prev.kind != .word { return true }
        let p = prev.lower
        if c.determiners.contains(p) { return false }
        // "Han är man.", "hon blev man och …": a copula after its subject, and no predicate after
        // `man` (the pronoun after an inverted copula has one: "är man sjuk", "I dag är man …").
        // Only the sentence's end or a coordinating word may follow: after a comma the predicate
        // may still come ("Som vårdnadshavare är man, enligt lagen, skyldig …").
        if c.copulas.contains(p), i - 2 >= sentence.lowerBound, tokens[i - 2].kind == .word,
           !c.subordinators.contains(tokens[i - 2].lower), !c.finiteVerbs.contains(tokens[i - 2].lower),
           next.map({ Self.endsSentence($0) || $0.kind == .word && c.coordinators.contains($0.lower) }) ?? true {
            return false
        }
        if c.subordinators.contains(p) || c.finiteVerbs.contains(p) { return true }
        // "en ensamstående man", "en gammal man": a participle, or any word after the article.
        if p.hasSuffix("nde") { return false }
        if i - 2 >= sentence.lowerBound, tokens[i - 2].lower == "en" { return false }
        return true
    }

    /// ". ! ? …": what may follow a predicate noun at the end of its sentence.
    private static func endsSentence(_ token: Token) -> Bool {
        token.kind == .punctuation && (token.lower == "." || token.lower == "!" || token.lower == "?" || token.lower == "…")
    }

    private func isCoordinatedNoun(_ lower: String) -> Bool {
        return compiled.exactHits(lower).contains { !$0.isAdjective && compiled.coordinatedCategories.contains($0.category) }
    }

    /// Whether "kön" at token `i` is the queue ("kön till förskolan", "stå i kön",
    /// "Kön har vuxit … väntetiden") rather than the sex category ("uppdelat på kön", "oavsett kön").
    func isQueue(at i: Int, in text: TokenizedText) -> Bool {
        let c = compiled
        let tokens = text.tokens
        let sentence = text.sentences.isEmpty ? 0..<tokens.count : text.sentences[text.sentenceIndex(ofToken: i)].tokens
        let prev = i - 1 >= sentence.lowerBound ? tokens[i - 1].lower : nil
        let next = i + 1 < sentence.upperBound ? tokens[i + 1].lower : nil
        if let prev, c.sexBefore.contains(prev) { return false }
        if let next, c.sexAfter.contains(next) { return false }
        if let next, c.queueAfter.contains(next) { return true }
        if let prev, c.queueBefore.contains(prev) { return true }
        return c.queueWords.contains(in: text, tokens: sentence)
    }
}
