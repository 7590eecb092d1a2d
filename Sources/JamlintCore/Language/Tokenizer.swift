import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Splits a block's text into words, numbers, punctuation and symbols, then into sentences.
///
/// Works on the scalar array of `BlockText` and builds each token's lower-case form in one
/// reusable UTF-8 buffer; equal forms share one `String`, interned per thread (`ThreadForms`;
/// numbers excepted, see `Scanner.numberForm`).
public enum Tokenizer {
    // Out of line so that profiles show the tokenizer as one function (inlined into the document
    // analysis it blurred with it); the call costs ~20 instructions a block.
    @inline(never)
    public static func tokenize(_ text: BlockText) -> TokenizedText {
        tokenize(text, fastWords: true)
    }

    /// `tokenize(block.pointee.text)`, for the document analysis: the caller's copy of the text
    /// for the call (three retains and releases a block, profile) becomes the tokens' own.
    /// `key`: the text's `TextCache.key`, which the analysis computes three blocks ahead (to
    /// prefetch the cache slot, `TextCache.prefetchSlot`) and uses again for the look-up of the
    /// block's mentions.
    /// `scratch`: the calling thread's (`TokenizerScratch.current()`), which the analysis holds
    /// (looking it up again was ~35 instructions a block, profile).
    @inline(never)
    static func tokenize(textOf block: UnsafePointer<Block>, key: UInt64, scratch: TokenizerScratch) -> TokenizedText {
        tokenize(block.pointee.text, fastWords: true, key: key, forms: scratch.forms, scratch: scratch)
    }

    /// `fastWords: false` takes the general paths for every word, number and punctuation mark and
    /// splits sentences by visiting every token: the tests compare the two
    /// (`TokenizerFastPathEquivalenceTests`).
    @inline(__always)
    static func tokenize(_ text: BlockText, fastWords: Bool) -> TokenizedText {
        // Unretained: the thread's table and scratch live until the thread ends (retaining and
        // releasing them was two of the calls per block that profiles showed).
        TokenizerScratch.current()._withUnsafeGuaranteedRef { scratch in
            tokenize(text, fastWords: fastWords, key: fastWords ? TextCache.key(text.scalars) : 0,
                     forms: scratch.forms, scratch: scratch)
        }
    }

    /// `key`: `TextCache.key(text.scalars)`, or 0 not to use the cache.
    @inline(__always)
    private static func tokenize(_ text: BlockText, fastWords: Bool, key: UInt64, forms: ByteTable<String>,
                                 scratch: TokenizerScratch) -> TokenizedText {
        // The table starts over only here and where the lexicon reads tokens made elsewhere
        // (`Lexicon.mentions`); the stamp says which generation the tokens' forms belong to.
        forms.makeRoom()
        let stamp = forms.stamp
        // A short text tokenized before on this thread (headings, labels, table cells and
        // boilerplate recur from memo to memo) shares the tokens made then.
        if key != 0, let (tokens, sentences) = scratch.texts.find(text.scalars, key: key, stamp: stamp) {
            return TokenizedText(text: text, tokens: tokens, sentences: sentences, formStamp: stamp)
        }
        var tokens: [Token] = []
        var breaks: [Int] = []
        text.scalars.withUnsafeBufferPointer { scalars in
            var scanner = Scanner(scalars: scalars, forms: forms, tokens: scratch.tokens, fastWords: fastWords)
            scanner.run(forms)
            // The buffers may have grown (a new allocation): the thread keeps the current ones.
            forms.scratchBytes = scanner.buffer
            tokens = scanner.tokens.takeArray()
            scratch.tokens = scanner.tokens
            // Moved out, not copied: copying retained the array and destroying the scanner
            // released it again.
            swap(&breaks, &scanner.breaks)
        }
        // The general path splits by visiting every token, so that the tests compare both splitters.
        // The ends read in place (passing the array retained and released it).
        let sentences = fastWords
            ? forms.scratchEnds.withUnsafeBufferPointer { ends in
                SentenceSplitter.split(tokens: tokens, breaks: breaks, ends: ends, scalars: text.scalars,
                                       shared: scratch.sentences)
            }
            : SentenceSplitter.splitVisitingEveryToken(tokens: tokens, breaks: breaks, scalars: text.scalars)
        if !forms.scratchEnds.isEmpty { forms.scratchEnds.removeAll(keepingCapacity: true) }
        if key != 0 { scratch.texts.insert(text.scalars, key: key, stamp: stamp, tokens: tokens, sentences: sentences) }
        return TokenizedText(text: text, tokens: tokens, sentences: sentences, formStamp: stamp)
    }

    /// Convenience for strings: composes to NFC and drops soft hyphens; token ranges index the
    /// resulting `text.scalars`, and `text.starts`/`ends` hold scalar offsets into `string`.
    public static func tokenize(_ string: String) -> TokenizedText {
        var builder = TextBuilder()
        var i = 0
        for s in string.unicodeScalars {
            builder.append(s, start: i, end: i + 1)
            i += 1
        }
        return tokenize(builder.build())
    }


    /// Abbreviations that swallow their final period ("dvs.", "kr."); multi-part ones such as
    /// "t.ex." and "bl.a." are recognised by shape.
    static let periodAbbreviations: Set<String> = [
        "dvs", "ca", "kr", "st", "nr", "resp", "enl", "jfr", "etc", "osv", "kap", "tel", "ang", "avd",
        "bl", "ex", "fr", "inkl", "exkl", "tkr", "mkr", "mnkr", "mdkr", "milj", "mn", "proc", "sid",
        "ev", "tf", "forts", "förv", "bil", "jmf", "obs", "dnr", "mfl", "mm", "pga", "sk", "ff", "s",
    ]

    /// `periodAbbreviations` as packed UTF-8 (see `ScratchBytes.packed`), sorted for a binary search.
    static let packedPeriodAbbreviations = PackedWords(periodAbbreviations)
}

/// The scanning state of one tokenisation pass, over the block's scalars in place (an unsafe
/// buffer valid for the pass: indexing the array checked bounds on every scalar).
struct Scanner {
    let s: UnsafeBufferPointer<Unicode.Scalar>
    /// The tokens made so far, in the thread's scratch memory (see `TokenBuffer`).
    var tokens: TokenBuffer
    /// Tokens a blank line or a new list item starts before (a sentence must break there), in
    /// order; kept as indices since most blocks have none.
    var breaks: [Int] = []
    /// The current token's lower-case bytes, in the form table's buffer (profile: allocating one
    /// per block cost ~300 instructions); the caller stores it back after the pass.
    var buffer: ScratchBytes
    private var pendingBreak = false
    private var needsNFC = false
    private let fastWords: Bool

    init(scalars: UnsafeBufferPointer<Unicode.Scalar>, forms: ByteTable<String>, tokens: TokenBuffer, fastWords: Bool) {
        self.s = scalars
        self.fastWords = fastWords
        self.tokens = tokens
        buffer = forms.scratchBytes
        buffer.count = 0
    }

    mutating func run(_ forms: ByteTable<String>) {
        var i = 0
        let n = s.count
        var atLineStart = true
        while i < n {
            let c = s[i]
            // Profile: most scalars met here are the space after a word or a word's first
            // letter; those two are tested first (an ASCII letter is no white space, ignorable
            // or list marker, so the chain below gives it the same path).
            let asciiLetter = c.value < 0x80 && (c.value | 0x20) &- 0x61 < 26
            if !asciiLetter {
                if c.value == 0x20 { i += 1; continue }
                if ScalarClass.isWhitespace(c) {
                    if ScalarClass.isNewline(c) {
                        // A blank line (two line ends, CRLF counted once) breaks a sentence.
                        if c.value == 0x0D, i + 1 < n, s[i + 1].value == 0x0A { i += 1 }
                        if atLineStart && !tokens.isEmpty { pendingBreak = true }
                        atLineStart = true
                    }
                    i += 1
                    continue
                }
                if ScalarClass.isIgnorable(c) { i += 1; continue }
                if atLineStart, !tokens.isEmpty, isListMarker(at: i) { pendingBreak = true }
            }
            atLineStart = false
            if !asciiLetter && ScalarClass.isDigit(c) {
                i = scanNumber(from: i, forms)
            } else if asciiLetter || ScalarClass.isLetter(c) {
                guard fastWords else { i = scanWord(from: i, forms); continue }
                // The common word: ASCII and Latin-1 letters and digits only, starting with a
                // letter and ended by the text's end or by a scalar below U+0100 at which the
                // general path (`scanWord`) stops without looking further (not an apostrophe,
                // hyphen or soft hyphen; a period only where no abbreviation can start). Anything
                // else goes to `scanWord` from the start, which makes the same word in the cases
                // taken here (`TokenizerFastPathEquivalenceTests`). Profile: the calls, the copies
                // of the scanner's fields and the general checks were ~200 instructions a word on
                // top of the byte copy. Written out here: as a function it was not inlined.
                let start = i
                // `count` is 0 between tokens; at most two bytes a scalar, so the loop needs no check.
                buffer.count = 0
                let room = buffer.roomWhenEmpty(scalars: n - start)
                let end = start + room
                let base = buffer.base
                var w = 0
                var j = start
                var digit = false
                // Runs of ASCII letters in a loop of their own (one byte a scalar, ~10 instructions
                // instead of ~12 through `appendPlainLower`, profile: 2 M letters on 880 memos);
                // any other scalar goes through `appendPlainLower` and the run goes on after it.
                while true {
                    while j < end {
                        let l = s[j].value | 0x20
                        guard l &- 0x61 < 26 else { break }
                        // In bounds: w <= 2 (j - start) < 2 room, within the room reserved.
                        base[w] = UInt8(truncatingIfNeeded: l)
                        w &+= 1
                        j &+= 1
                    }
                    guard j < end, Self.appendPlainLower(s[j].value, base, &w, &digit) else { break }
                    j &+= 1
                }
                if j < n {
                    // Out of room, or a scalar the general path looks at more closely.
                    if j == end { i = scanWord(from: start, forms); continue }
                    let v = s[j].value
                    // Apostrophe, hyphen, period, soft hyphen or U+0100 and up: one test for the
                    // common end (a space or punctuation below U+0040), as a bit of a mask.
                    let looked = v < 0x40 ? (Self.wordEndsToLookAt &>> UInt64(v)) & 1 != 0 : v == 0xAD || v >= 0x100
                    if looked && v != 0x2E { i = scanWord(from: start, forms); continue }
                    // A period after letters: `scanWord` tries a dotted abbreviation for up to
                    // three scalars ("t.ex.") and then a period abbreviation ("dvs.", at most eight
                    // bytes, packed as the head); other words end before it, as here.
                    if v == 0x2E && !digit {
                        if j - start <= 3 { i = scanWord(from: start, forms); continue }
                        if w <= 8 {
                            buffer.count = w
                            if Tokenizer.packedPeriodAbbreviations.contains(buffer.head) {
                                i = scanWord(from: start, forms); continue
                            }
                        }
                    }
                }
                buffer.count = w
                let (lower, form) = formOfBuffer(keyedByHead: true, forms)
                tokens.append(Token(kind: .word, range: start..<j, lower: lower, hasNumber: false, form: form))
                notePendingBreak()
                buffer.count = 0
                i = j
            } else if ScalarClass.isHyphen(c), i + 1 < n, ScalarClass.isLetter(s[i + 1]),
                      i == 0 || ScalarClass.isWhitespace(s[i - 1]) {
                // "-män" in "yrkeskvinnor och -män": the second half of a suspended compound.
                i = scanWord(from: i, forms)
            } else {
                emitSingle(at: i, forms)
                i += 1
            }
        }
    }

    /// "- ", "* ", "• ", "1. ", "2) " at the start of a line.
    private func isListMarker(at i: Int) -> Bool {
        let c = s[i]
        if c == "•" || c == "·" || c == "▪" || c == "◦" { return true }
        if c == "-" || c == "*" || c == "–" {
            return i + 1 < s.count && ScalarClass.isWhitespace(s[i + 1])
        }
        var j = i
        while j < s.count, ScalarClass.isDigit(s[j]) { j += 1 }
        guard j > i, j - i <= 3, j + 1 < s.count, s[j] == "." || s[j] == ")" else { return false }
        return ScalarClass.isWhitespace(s[j + 1])
    }

    private mutating func emit(_ kind: TokenKind, _ range: Range<Int>, hasNumber: Bool = false,
                               _ forms: ByteTable<String>) {
        if needsNFC {
            let lower = buffer.string.precomposedStringWithCanonicalMapping
            tokens.append(Token(kind: kind, range: range, lower: lower, hasNumber: hasNumber, form: -1))
        } else if kind == .number {
            // Not in the form table (see `numberForm`).
            tokens.append(Token(kind: kind, range: range, lower: numberForm, hasNumber: hasNumber, form: -1))
        } else {
            // Words hold no NUL (only a lone U+0000 makes one, as punctuation).
            let (lower, form) = formOfBuffer(keyedByHead: fastWords && kind == .word, forms)
            // Built in place: a Token passed to a helper was copied and destroyed (a retain and a
            // release) per token.
            tokens.append(Token(kind: kind, range: range, lower: lower, hasNumber: hasNumber, form: form))
        }
        notePendingBreak()
        // Only the general word path makes words that swallowed a period.
        if kind == .word, range.upperBound > 0, s[range.upperBound - 1] == "." {
            forms.scratchEnds.append(Int32(truncatingIfNeeded: tokens.count - 1))
        }
        buffer.count = 0
        needsNFC = false
    }

    /// A number's form, the bytes in `buffer`, as a String of its own: numbers are not entered in
    /// the form table. Most are unique (amounts, dates, case numbers; a count by regular
    /// expression over the 10,000-memo benchmark folder found ~42,000 distinct among ~655,000
    /// numbers, ~27,500 of them once, against ~1,100 distinct words), so each new one
    /// cost a hash, a miss in the table and an insertion, and they filled the table (making it
    /// start over) and pushed words out of its direct-mapped slots. Cachegrind, 1,000 memos:
    /// last-level data misses 1,043 k → 797 k, instructions −0.8 %. Numbers of up to 15 bytes
    /// make a small String, which allocates nothing. Readers of `Token.form` take their
    /// by-bytes path for these tokens, as for forms composed to NFC.
    @inline(__always) private var numberForm: String { buffer.string }

    /// The form of the bytes in `buffer` (no combining mark among them) and its table entry,
    /// added when new. `keyedByHead`: the bytes hold no NUL, so up to sixteen of them are told
    /// apart by their first and second eight bytes alone (`ByteTable.findShort`).
    @inline(__always) private func formOfBuffer(keyedByHead: Bool, _ forms: ByteTable<String>) -> (String, Int32) {
        let head = buffer.head
        let short = keyedByHead && buffer.count <= 16
        let second = short ? buffer.second : 0
        if short, let (lower, e) = forms.findShort(head: head, second: second) {
            return (lower, Int32(truncatingIfNeeded: e))
        }
        let h = buffer.hash(head: head)
        let form = forms.find(buffer.bytes, head: head, hash: h) ?? forms.insert(buffer.bytes, hash: h, buffer.string)
        let lower = forms.entries[form]
        if short { forms.rememberShort(head: head, second: second, entry: form, lower: lower) }
        return (lower, Int32(truncatingIfNeeded: form))
    }

    @inline(__always) private mutating func notePendingBreak() {
        if pendingBreak {
            breaks.append(tokens.count - 1)
            pendingBreak = false
        }
    }

    private mutating func emitSingle(at i: Int, _ forms: ByteTable<String>) {
        let c = s[i]
        let kind: TokenKind = ScalarClass.isSymbol(c) ? .symbol : .punctuation
        // Profile: hashing the one-scalar form was most of the ~250 instructions a punctuation
        // token; below U+0100 the table keeps each scalar's entry (`ByteTable.singleForms`).
        let v = c.value
        if fastWords, v < 0x100, let e = forms.singleForm(v) {
            tokens.append(Token(kind: kind, range: i..<(i + 1), lower: forms.entries[e], hasNumber: false,
                                form: Int32(truncatingIfNeeded: e)))
            notePendingBreak()
        } else {
            buffer.count = 0
            if ScalarClass.isHyphen(c) {
                buffer.append(0x2D)
            } else {
                buffer.appendLower(c)
            }
            let (lower, form) = formOfBuffer(keyedByHead: false, forms)
            if fastWords && v < 0x100 { forms.rememberSingle(v, entry: Int(form)) }
            tokens.append(Token(kind: kind, range: i..<(i + 1), lower: lower, hasNumber: false, form: form))
            notePendingBreak()
            buffer.count = 0
        }
        if kind == .punctuation && SentenceSplitter.isTerminalScalar(c) {
            forms.scratchEnds.append(Int32(truncatingIfNeeded: tokens.count - 1))
        }
    }

    /// The scalars below U+0040 after a plain word that the fast word path leaves to `scanWord`
    /// or looks at more closely: "'" (U+0027), "-" (U+002D) and "." (U+002E), as bits.
    private static var wordEndsToLookAt: UInt64 { 1 << 0x27 | 1 << 0x2D | 1 << 0x2E }

    private func isWordScalar(_ c: Unicode.Scalar) -> Bool {
        ScalarClass.isLetter(c) || ScalarClass.isDigit(c) || ScalarClass.isMark(c)
    }

    // MARK: Words

    /// One scalar of a plain word, lower-cased into `base` at `w` (which then moves past it): an
    /// ASCII letter or digit (`digit` set), or a Latin-1 letter as two UTF-8 bytes. False, with
    /// nothing written, for any other scalar. The room for two bytes must be there. Shared by the
    /// fast word path in `run` and the letter runs of `scanWord`, which must lower alike.
    @inline(__always)
    private static func appendPlainLower(
        _ v: UInt32, _ base: UnsafeMutablePointer<UInt8>, _ w: inout Int, _ digit: inout Bool
    ) -> Bool {
        // An ASCII letter first, in as few instructions as can be (profile: ~14 a letter with the
        // ASCII test before it): `v | 0x20` is in "a"..."z" only for ASCII letters, as setting
        // bit 5 leaves any scalar from U+0080 up above "z".
        let l = v | 0x20
        if l &- 0x61 < 26 {
            base[w] = UInt8(truncatingIfNeeded: l)
            w &+= 1
            return true
        }
        if v &- 0x30 < 10 {
            base[w] = UInt8(truncatingIfNeeded: v)
            w &+= 1
            digit = true
            return true
        }
        guard v >= 0x80, v < 0x100, v >= 0xC0 && v != 0xD7 && v != 0xF7 || v == 0xAA || v == 0xB5 || v == 0xBA else {
            return false
        }
        // Latin-1 upper case À–Þ (not ×) lowers by 0x20, as in `appendLower`.
        let lower = v >= 0xC0 && v <= 0xDE ? v + 0x20 : v
        base[w] = UInt8(truncatingIfNeeded: 0xC0 | (lower >> 6))
        base[w &+ 1] = UInt8(truncatingIfNeeded: 0x80 | (lower & 0x3F))
        w &+= 2
        return true
    }

    private mutating func scanWord(from start: Int, _ forms: ByteTable<String>) -> Int {
        let n = s.count
        var i = start
        buffer.count = 0
        if ScalarClass.isHyphen(s[i]) { buffer.append(0x2D); i += 1 }
        var lettersOnly = true
        while i < n {
            // Profile: the per-scalar chain below (and `append` storing the count back into the
            // scanner per byte) was most of scanWord's 350 instructions a word. Runs of ASCII and
            // Latin-1 letters and digits, nearly all of Swedish prose, are copied here instead.
            // (Written out here: as a function it was not inlined, ~40 instructions a word.)
            // Each scalar takes at most two bytes: the room is reserved up front, so the inner
            // loop keeps its write position in a register.
            let end = min(n, i + buffer.reserveRoom(scalars: n - i))
            let base = buffer.base
            var w = buffer.count
            var digit = false
            while i < end, Self.appendPlainLower(s[i].value, base, &w, &digit) { i &+= 1 }
            buffer.count = w
            if digit { lettersOnly = false }
            guard i < n else { break }
            // Out of room: reserve more and go on with the run.
            if i == end { continue }
            let c = s[i]
            // Any other ASCII scalar but the apostrophe and the hyphen ends the word (the
            // general chain below would come to the same `break`).
            if c.value < 0x80 && c.value != 0x27 && c.value != 0x2D { break }
            if ScalarClass.isLetter(c) || ScalarClass.isDigit(c) {
                if ScalarClass.isDigit(c) { lettersOnly = false }
                buffer.appendLower(c)
                i += 1
            } else if ScalarClass.isMark(c) {
                ScalarClass.appendUTF8(c, to: &buffer)
                needsNFC = true
                i += 1
            } else if ScalarClass.isIgnorable(c) {
                i += 1
            } else if ScalarClass.isApostrophe(c), i + 1 < n, ScalarClass.isLetter(s[i + 1]), buffer.count > 0 {
                buffer.append(0x27)
                i += 1
            } else if ScalarClass.isHyphen(c) {
                guard i + 1 < n else { buffer.append(0x2D); i += 1; break }
                let next = s[i + 1]
                if isWordScalar(next) {
                    buffer.append(0x2D)
                    i += 1
                } else if let joined = lineBreakJoin(after: i) {
                    // "kvinno-\njour" (hyphenation at a line end) is one word.
                    i = joined
                } else if ScalarClass.isWhitespace(next) || next == "," || next == "/" || next == ")" {
                    buffer.append(0x2D)
                    i += 1
                    break
                } else {
                    break
                }
            } else {
                break
            }
        }
        if lettersOnly, i < n, s[i] == "." {
            if let end = scanDottedAbbreviation(from: start, firstEnd: i) {
                i = end
            } else if isPeriodAbbreviation() {
                buffer.append(0x2E)
                i += 1
            }
        }
        emit(.word, start..<i, forms)
        return i
    }

    /// `Tokenizer.periodAbbreviations.contains(buffer.string)` without making a String and
    /// hashing it (about 900 instructions a call in a profile): every abbreviation is at most
    /// eight UTF-8 bytes, so it is compared as one 64-bit word. String equality is canonical
    /// equivalence: with a combining mark in the word (`needsNFC`) the Set decides.
    private func isPeriodAbbreviation() -> Bool {
        if needsNFC { return Tokenizer.periodAbbreviations.contains(buffer.string) }
        guard let packed = buffer.packed else { return false }
        return Tokenizer.packedPeriodAbbreviations.contains(packed)
    }

    /// After a hyphen at `i`: if a line break follows and the next line goes on with a lower-case
    /// word that is not a conjunction, the index where that word starts.
    private func lineBreakJoin(after i: Int) -> Int? {
        var j = i + 1
        var sawNewline = false
        while j < s.count, ScalarClass.isWhitespace(s[j]) {
            if ScalarClass.isNewline(s[j]) { sawNewline = true }
            j += 1
        }
        guard sawNewline, j < s.count, ScalarClass.isLetter(s[j]), !ScalarClass.isUpper(s[j]) else { return nil }
        var k = j
        var word = ""
        while k < s.count, ScalarClass.isLetter(s[k]), k - j < 8 { word.unicodeScalars.append(s[k]); k += 1 }
        if ["och", "eller", "samt", "respektive"].contains(word) { return nil }
        return j
    }

    /// "t.ex.", "bl.a.", "m.fl.", "s.k.", "d.v.s.": short letter groups joined by periods.
    /// `buffer` holds the first group; on success it holds the whole abbreviation.
    private mutating func scanDottedAbbreviation(from start: Int, firstEnd: Int) -> Int? {
        guard firstEnd - start <= 3 else { return nil }
        var i = firstEnd
        var groups = 1
        // The groups are appended in place and taken back when this is no abbreviation.
        let mark = buffer.count
        while i < s.count, s[i] == "." {
            buffer.append(0x2E)
            i += 1
            var j = i
            while j < s.count, ScalarClass.isLetter(s[j]), j - i < 4 { j += 1 }
            if j == i || j - i > 3 || (j < s.count && ScalarClass.isLetter(s[j])) { break }
            for k in i..<j { buffer.appendLower(s[k]) }
            groups += 1
            i = j
        }
        guard groups >= 2 else {
            buffer.count = mark
            return nil
        }
        // Without a final period ("t.ex Malmö") the abbreviation ends after its last group.
        if buffer.last != 0x2E, i < s.count, s[i] == "." { buffer.append(0x2E); i += 1 }
        return i
    }

    // MARK: Numbers

    private mutating func scanNumber(from start: Int, _ forms: ByteTable<String>) -> Int {
        let n = s.count
        if fastWords, let end = scanPlainInteger(from: start, forms) { return end }
        var i = start
        buffer.count = 0
        var firstGroup = 0
        while i < n, ScalarClass.isDigit(s[i]) { buffer.append(UInt8(s[i].value)); i += 1; firstGroup += 1 }
        // Digits glued to letters ("3R", "10st", "40-årsåldern") are a word.
        if i < n, ScalarClass.isLetter(s[i]) || ScalarClass.isHyphen(s[i]) && i + 1 < n && ScalarClass.isLetter(s[i + 1]) {
            return scanWord(from: start, forms)
        }
        if i < n, isIdentifierJoin(at: i, firstGroup: firstGroup) { return scanIdentifier(from: start, forms) }
        // Thousands groups: "6 765", "1 204 000" (first group at most three digits).
        if firstGroup <= 3 {
            while i + 4 <= n, ScalarClass.isThousandsSeparator(s[i]), exactlyThreeDigits(at: i + 1) {
                for k in (i + 1)..<(i + 4) { buffer.append(UInt8(s[k].value)) }
                i += 4
            }
        }
        var isIdentifier = false
        if i + 1 < n, s[i] == "," || s[i] == ".", ScalarClass.isDigit(s[i + 1]) {
            let sep = s[i]
            var j = i + 1
            while j < n, ScalarClass.isDigit(s[j]) { j += 1 }
            if sep == "." && j < n && s[j] == "." && j + 1 < n && ScalarClass.isDigit(s[j + 1]) {
                // "3.2.1": section numbering, not a value.
                isIdentifier = true
                while j < n, ScalarClass.isDigit(s[j]) || (s[j] == "." && j + 1 < n && ScalarClass.isDigit(s[j + 1])) {
                    j += 1
                }
                buffer.count = 0
                for k in start..<j { buffer.append(UInt8(truncatingIfNeeded: s[k].value)) }
            } else if sep == "." && j - i - 1 == 3 {
                for k in (i + 1)..<j { buffer.append(UInt8(s[k].value)) }
            } else {
                buffer.append(0x2E)
                for k in (i + 1)..<j { buffer.append(UInt8(s[k].value)) }
            }
            i = j
        }
        if i < n, ScalarClass.isLetter(s[i]) { return scanWord(from: start, forms) }
        emit(.number, start..<i, hasNumber: !isIdentifier && buffer.decimalValue != nil, forms)
        return i
    }

    /// The common number: digits alone, ended by the text's end or by an ASCII scalar after which
    /// the general path (`scanNumber`) takes nothing more (not a letter, "-", "/", ":", ",", ".",
    /// nor a space before a thousands group). Emits it and returns where it ends, or returns nil
    /// for the general path to start over. Profile: numbers cost ~600 instructions each, half of
    /// that in the per-byte appends, `decimalValue` and the call to `emit`.
    @inline(__always) private mutating func scanPlainInteger(from start: Int, _ forms: ByteTable<String>) -> Int? {
        let n = s.count
        // `count` is 0 between tokens; a digit takes one byte, so the loop needs no check.
        let end = start + buffer.reserveRoom(scalars: n - start)
        let base = buffer.base
        var j = start
        while j < end {
            let d = s[j].value &- 0x30
            guard d < 10 else { break }
            base[j &- start] = UInt8(truncatingIfNeeded: d &+ 0x30)
            j &+= 1
        }
        let w = j - start
        if j < n {
            if j == end { return nil }
            let v = s[j].value
            // Non-ASCII: letters, thousands separators, hyphens; ASCII letters make a word.
            if v >= 0x80 || (v | 0x20) &- 0x61 < 26 { return nil }
            if v == 0x2D || v == 0x2F || v == 0x3A || v == 0x2C || v == 0x2E { return nil }
            if v == 0x20, w <= 3, j + 4 <= n, exactlyThreeDigits(at: j + 1) { return nil }
        }
        buffer.count = w
        // Digits alone always read as a value (`DecimalForm.value`; read when asked for).
        tokens.append(Token(kind: .number, range: start..<j, lower: numberForm, hasNumber: true, form: -1))
        notePendingBreak()
        buffer.count = 0
        return j
    }

    private func exactlyThreeDigits(at i: Int) -> Bool {
        guard i + 3 <= s.count else { return false }
        for k in i..<(i + 3) where !ScalarClass.isDigit(s[k]) { return false }
        return i + 3 == s.count || !ScalarClass.isDigit(s[i + 3])
    }

    /// Dates, times and case numbers: "2024-01-23", "10:30", "0263/19", "2023-00738".
    /// A short range such as "10-15" stays two numbers.
    private func isIdentifierJoin(at i: Int, firstGroup: Int) -> Bool {
        let c = s[i]
        guard i + 1 < s.count, ScalarClass.isDigit(s[i + 1]) else { return false }
        if c == "/" || c == ":" { return true }
        if ScalarClass.isHyphen(c) {
            var j = i + 1
            while j < s.count, ScalarClass.isDigit(s[j]) { j += 1 }
            return firstGroup == 4 || j - i - 1 >= 4
        }
        return false
    }

    private mutating func scanIdentifier(from start: Int, _ forms: ByteTable<String>) -> Int {
        var i = start
        buffer.count = 0
        while i < s.count {
            let c = s[i]
            if ScalarClass.isDigit(c) {
                buffer.append(UInt8(c.value))
            } else if (c == "/" || c == ":" || c == "." || ScalarClass.isHyphen(c)),
                      i + 1 < s.count, ScalarClass.isDigit(s[i + 1]) {
                buffer.append(ScalarClass.isHyphen(c) ? 0x2D : UInt8(c.value))
            } else {
                break
            }
            i += 1
        }
        emit(.number, start..<i, hasNumber: false, forms)
        return i
    }
}

/// The tokens of one tokenisation pass, written in place into memory the thread reuses from block
/// to block, then moved into an array of exactly their count (`takeArray`). Profile: appending to
/// an `Array` checked its uniqueness (a runtime call) and capacity per token, and its reserve
/// (a quarter of the scalar count) was twice what most blocks needed.
struct TokenBuffer {
    private(set) var base: UnsafeMutablePointer<Token>
    private(set) var capacity: Int
    /// Initialised tokens from `base`.
    private(set) var count = 0

    static var initialCapacity: Int { 512 }

    init() {
        capacity = Self.initialCapacity
        base = .allocate(capacity: capacity)
    }

    @inline(__always) var isEmpty: Bool { count == 0 }

    @inline(__always) mutating func append(_ token: __owned Token) {
        if count == capacity { grow() }
        // In bounds: count < capacity after `grow`.
        (base + count).initialize(to: token)
        count += 1
    }

    @inline(never) private mutating func grow() {
        let bigger = UnsafeMutablePointer<Token>.allocate(capacity: capacity * 2)
        bigger.moveInitialize(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity *= 2
    }

    /// The tokens as an array; the buffer is empty after. A buffer grown past four times its
    /// first size (a huge block) is given back, so a thread keeps little memory between blocks.
    mutating func takeArray() -> [Token] {
        let n = count
        count = 0
        var result: [Token] = []
        // Not `Array(unsafeUninitializedCapacity:)`: its allocation is not specialised and looked
        // up the storage class's metadata per call (~300 instructions, profile).
        if n > 0 { result.append(contentsOf: MovedTokens(base: base, count: n)) }
        // `append(contentsOf:)` moves the tokens through `MovedTokens._copyContents`; a standard
        // library that took another path would see an iterator that yields nothing and leave the
        // block without tokens (and the moved-from tokens uninitialised here would leak): stop.
        precondition(result.count == n, "tokens were not moved into the array")
        if capacity > 4 * Self.initialCapacity {
            base.deallocate()
            capacity = Self.initialCapacity
            base = .allocate(capacity: capacity)
        }
        return result
    }

    /// Frees the memory (the buffer must be empty).
    func deallocate() {
        base.deinitialize(count: count)
        base.deallocate()
    }
}

/// Tokens to move into an array by `append(contentsOf:)`, which copies a sequence through its
/// `_copyContents`: here one move of all the tokens (no retain, nothing left to release), into
/// storage the specialised append allocates. Only for that: its iterator yields nothing.
private struct MovedTokens: Sequence {
    let base: UnsafeMutablePointer<Token>
    let count: Int

    struct Iterator: IteratorProtocol {
        mutating func next() -> Token? { nil }
    }

    func makeIterator() -> Iterator { Iterator() }

    var underestimatedCount: Int { count }

    __consuming func _copyContents(initializing buffer: UnsafeMutableBufferPointer<Token>) -> (Iterator, Int) {
        let n = Swift.min(count, buffer.count)
        if n > 0, let to = buffer.baseAddress { to.moveInitialize(from: base, count: n) }
        return (Iterator(), n)
    }
}

/// The tokens and sentences of short texts tokenized before on one thread, by the text's scalars.
///
/// Profile and a simulation on the benchmark memos: nearly half of the blocks are texts of at
/// most 128 scalars met before (headings, metadata labels, table cells, boilerplate sentences),
/// 18 % of all scalars; sharing their arrays saves scanning them, allocating the token array
/// and, when the document is freed, walking and freeing it. Direct-mapped, 4,096 slots (2,048
/// found 44 % of the blocks, 4,096 49 %): a slot holds the last text met twice (`insert`) whose
/// key maps to it.
/// Entries are valid for the form-table generation they were made in (`stamp`): the tokens'
/// `form` indices point into it. Memory stays bounded: at most 4,096 texts of 128 scalars and
/// their tokens per thread.
final class TextCache {
    /// 128 bytes, aligned to the cache line: the first line holds what the tokenizer and the
    /// document analysis read for every block, the second what headings and the cue scans read.
    /// cachegrind (1,000 memos): with 120-byte slots laid out by topic, a look-up touched two or
    /// three lines, and those were most of `AnalyzedDocument.init`'s cache misses. The slot's key
    /// is not kept (its tag is in `tags`).
    private struct Slot {
        var stamp: UInt64
        var scalars: [Unicode.Scalar]
        var tokens: [Token]
        var sentences: [Sentence]
        var mentions: [Mention] = []
        /// The `PrefilterUnion` the text was scanned with (held, so that no other can take its
        /// address), and the scan's answer: `unionBits`, or nil (exotic) where `unionBits` is
        /// all ones and `unionExotic` is set.
        var union: AnyObject? = nil
        /// The `CompiledLexicon.id` the mentions were found with (0: none yet).
        var lexicon: UInt64 = 0
        var unionBits: UInt64 = 0
        // The second line.
        var unionExotic = false
        /// For a heading: its title, and the categories `structure` (a `StructureLexicon.Revision`,
        /// held so that no other can take its address) gives it.
        var title: String? = nil
        var structure: AnyObject? = nil
        var categories: [String] = []
        /// The cue-list matches of the blocks of this text (`AnalyzedBlock.cueMatches`).
        var cues: CueMatches? = nil
        /// To 128 bytes (`init` checks the stride in debug builds).
        private var padding: (UInt64, UInt64) = (0, 0)

        init(stamp: UInt64, scalars: [Unicode.Scalar], tokens: [Token], sentences: [Sentence]) {
            self.stamp = stamp
            self.scalars = scalars
            self.tokens = tokens
            self.sentences = sentences
        }

        var unionFound: UInt64? {
            @inline(__always) get { unionBits == ~0 && unionExotic ? nil : unionBits }
            set {
                unionBits = newValue ?? ~0
                unionExotic = newValue == nil
            }
        }
    }

    private static var slotCount: Int { 4096 }
    /// Longer texts are not kept (they seldom recur, and they would hold more memory).
    static var maxScalars: Int { 128 }
    private let slots: UnsafeMutablePointer<Slot>
    /// Each slot's tag (`tag(ofKey:)`, 0 for a free slot), in an array of its own: 8 KB, against
    /// 512 KB of slots. The parsers ask for kept scalars (`keptScalars`) block by block with
    /// nothing to prefetch, and reading a slot's key there missed the cache (perf, 10,000 memos:
    /// 58 % of the ~2.9 % of the run's time in `ScalarMapBuffer.text`; cachegrind, 1,000 memos:
    /// with 64-bit keys in a 32 KB array, 26 k misses on it); most texts are not kept, and their
    /// look-up ends here. A tag is a filter only: every look-up then compares the scalars, or the
    /// very token array the slot holds, which no other text has.
    private let tags: UnsafeMutablePointer<UInt16>

    /// The tags of texts met once and not kept (`insert`), by other bits of the key than the
    /// slot's and the tag's: 32 KB.
    private let seen: UnsafeMutablePointer<UInt16>
    private static var seenCount: Int { 16384 }

    @inline(__always) private static func seenIndex(ofKey key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key >> 32) & UInt64(seenCount - 1))
    }

    /// Sixteen bits of a key other than those of its slot (`slotIndex`), never 0.
    @inline(__always) private static func tag(ofKey key: UInt64) -> UInt16 {
        UInt16(truncatingIfNeeded: key >> 48) | 1
    }

    /// Whether the slot of `key` may hold the text of `key` (its tag is that key's).
    @inline(__always) private func mayHold(_ key: UInt64) -> Bool {
        // In bounds: `slotIndex` is below the slot count.
        tags[Self.slotIndex(ofKey: key)] == Self.tag(ofKey: key)
    }

    init() {
        assert(MemoryLayout<Slot>.stride % 64 == 0, "TextCache.Slot is not a whole number of cache lines")
        slots = UnsafeMutableRawPointer
            .allocate(byteCount: MemoryLayout<Slot>.stride * Self.slotCount, alignment: 64)
            .bindMemory(to: Slot.self, capacity: Self.slotCount)
        slots.initialize(repeating: Slot(stamp: 0, scalars: [], tokens: [], sentences: []), count: Self.slotCount)
        // Key 0 marks a free slot: `key` never returns it for a text kept here.
        tags = .allocate(capacity: Self.slotCount)
        tags.initialize(repeating: 0, count: Self.slotCount)
        seen = .allocate(capacity: Self.seenCount)
        seen.initialize(repeating: 0, count: Self.seenCount)
    }

    deinit {
        slots.deinitialize(count: Self.slotCount)
        UnsafeMutableRawPointer(slots).deallocate()
        tags.deallocate()
        seen.deallocate()
    }

    /// A hash of the text's length and of up to eight scalars at each end (a full hash cost more
    /// than it saved; texts alike at both ends only share a slot); 0 for a text not kept here.
    /// From eight scalars up, the sixteen are read as eight words of two scalars, each multiplied
    /// by a constant of its own (independent multiplications: the chain of sixteen dependent ones
    /// before was ~70 instructions a block, profile), then mixed so that every scalar reaches the
    /// bits the slot is taken from.
    @inline(__always) static func key(_ scalars: [Unicode.Scalar]) -> UInt64 {
        let n = scalars.count
        guard n > 0, n <= maxScalars else { return 0 }
        return scalars.withUnsafeBufferPointer { key(ofFew: $0) }
    }

    /// `key` of the scalars in `s`, which must number 1 to `maxScalars`.
    @inline(__always) private static func key(ofFew s: UnsafeBufferPointer<Unicode.Scalar>) -> UInt64 {
        let n = s.count
        var h = UInt64(truncatingIfNeeded: n) &* 0x9E37_79B9_7F4A_7C15
        if n >= 8, let base = s.baseAddress {
            // In bounds: the first and the last 32 bytes of n >= 8 four-byte scalars.
            let head = UnsafeRawPointer(base)
            let tail = head + (n - 8) * 4
            @inline(__always) func word(_ p: UnsafeRawPointer, _ offset: Int) -> UInt64 {
                UInt64(littleEndian: p.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            }
            h ^= (word(head, 0) &* 0xBF58_476D_1CE4_E5B9) ^ (word(head, 8) &* 0x94D0_49BB_1331_11EB)
                ^ (word(head, 16) &* 0xD6E8_FEB8_6659_FD93) ^ (word(head, 24) &* 0xA076_1D64_78BD_642F)
                ^ (word(tail, 0) &* 0xE703_7ED1_A0B4_28DB) ^ (word(tail, 8) &* 0x8EBC_6AF0_9C88_C6E3)
                ^ (word(tail, 16) &* 0x5899_65CC_7537_4CC3) ^ (word(tail, 24) &* 0x1D8E_4E27_C47D_124F)
        } else {
            for k in 0..<n {
                h = (h ^ UInt64(s[k].value)) &* 0x100_0000_01B3
            }
        }
        // For both paths (a simulation on the benchmark memos: without it, the short texts'
        // keys crowded into few slots and a fifth of the hits were lost).
        h = (h ^ (h >> 32)) &* 0x9E37_79B9_7F4A_7C15
        h ^= h >> 29
        return h | 1
    }

    /// The scalars kept in the calling thread's cache that equal `scalars` (the same values, in
    /// any generation), for a parser to share instead of copying `scalars` into an array of their
    /// own; nil if none are kept (or `scalars` is empty or longer than `maxScalars`).
    /// Profile (callgrind, 880 memos): copying each block's scalars out of the parser's buffer
    /// was 46,771 allocations (perf: 1.3 % of wall time in `mi_malloc` under it), and about half
    /// of the blocks are recurring texts whose scalars the cache holds already.
    @inline(__always) static func keptScalars(equalTo scalars: UnsafeBufferPointer<Unicode.Scalar>) -> [Unicode.Scalar]? {
        guard scalars.count > 0, scalars.count <= maxScalars else { return nil }
        let key = key(ofFew: scalars)
        return TokenizerScratch.current()._withUnsafeGuaranteedRef { $0.texts.kept(scalars, key: key) }
    }

    @inline(__always) private func kept(_ scalars: UnsafeBufferPointer<Unicode.Scalar>, key: UInt64) -> [Unicode.Scalar]? {
        // In bounds: `slotIndex` is below the slot count.
        guard mayHold(key) else { return nil }
        let entry = slot(key)
        // The tag only filters: the text is compared whole (lengths first).
        let equal = entry.pointee.scalars.withUnsafeBufferPointer { Self.same($0, scalars) }
        return equal ? entry.pointee.scalars : nil
    }

    /// Prefetches the slot of a text with `key` (its lines only: nothing is read). The document
    /// analysis calls this three blocks ahead and `prefetchContents` one block ahead: profile (perf,
    /// cpu-clock, 10,000 memos): the slot's key check, the scalar comparison, the retains on a hit
    /// and the releases on an insert were ~7 % of the run's time against ~2.5 % of its
    /// instructions, cache misses taken one after another (slot, then what it points to).
    @inline(__always) func prefetchSlot(key: UInt64) {
        guard key != 0 else { return }
        Prefetch.read(UnsafeRawPointer(slot(key)), bytes: MemoryLayout<Slot>.stride)
    }

    /// Prefetches what the look-up of a text with `key` and `scalarCount` scalars reads in the
    /// arrays its slot holds: for the same key (a hit, as a rule), the kept scalars it compares
    /// and the headers of the tokens, sentences and mentions it retains; for another key, the
    /// headers of the arrays the insert will release (and free, most of them). Reads the slot, so
    /// its lines should have been prefetched (`prefetchSlot`) a while before.
    @inline(__always) func prefetchContents(key: UInt64, scalarCount: Int) {
        guard key != 0 else { return }
        let entry = slot(key)
        // The arrays' storage objects, from the slot's memory: copying an array out to find its
        // storage retained it, and the retain waited for the very line the prefetch is for.
        // An array's storage begins with its header (reference count, count), 32 bytes before
        // its elements.
        if mayHold(key) {
            // A hit, as a rule (the tag is 16 bits of the key, which holds the length).
            Prefetch.read(Self.storage(&entry.pointee.scalars), bytes: 32 + min(scalarCount, Self.maxScalars) * 4)
        } else {
            Prefetch.read(Self.storage(&entry.pointee.scalars))
            Prefetch.read(Self.storage(&entry.pointee.categories))
        }
        Prefetch.read(Self.storage(&entry.pointee.tokens))
        Prefetch.read(Self.storage(&entry.pointee.sentences))
        Prefetch.read(Self.storage(&entry.pointee.mentions))
    }

    /// The address of an array's storage object, from the array's own memory (an array is one
    /// reference to it), for prefetching only: nothing is retained or read through it.
    @inline(__always) private static func storage<T>(_ array: UnsafeMutablePointer<[T]>) -> UnsafeRawPointer {
        UnsafeRawPointer(array).load(as: UnsafeRawPointer.self)
    }

    /// The slot a key maps to, below the slot count.
    @inline(__always) static func slotIndex(ofKey key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key >> 20) & UInt64(slotCount - 1))
    }

    @inline(__always) private func slot(_ key: UInt64) -> UnsafeMutablePointer<Slot> {
        // In bounds: `slotIndex` is below the slot count.
        slots + Self.slotIndex(ofKey: key)
    }

    /// The tokens and sentences kept for these scalars in this generation, if any.
    @inline(__always) func find(_ scalars: [Unicode.Scalar], key: UInt64, stamp: UInt64)
        -> ([Token], [Sentence])? {
        let entry = slot(key)
        guard mayHold(key), entry.pointee.stamp == stamp,
              Self.same(entry.pointee.scalars, scalars) else { return nil }
        return (entry.pointee.tokens, entry.pointee.sentences)
    }

    /// Keeps the text's tokens in its slot, from the second time the text is met: a text met once
    /// is only remembered (`seen`). cachegrind (1,000 memos): every miss used to take the slot, and
    /// releasing what an evicted slot held (cold by then; most of it freed, the tokens walked) was
    /// 67 k cache misses, 6 % of the run's, while most texts kept that way never came back.
    func insert(_ scalars: [Unicode.Scalar], key: UInt64, stamp: UInt64, tokens: [Token], sentences: [Sentence]) {
        let s = Self.seenIndex(ofKey: key)
        let tag = Self.tag(ofKey: key)
        // In bounds: `seenIndex` is below `seenCount`.
        guard seen[s] == tag else {
            seen[s] = tag
            return
        }
        slot(key).pointee = Slot(stamp: stamp, scalars: scalars, tokens: tokens, sentences: sentences)
        tags[Self.slotIndex(ofKey: key)] = tag
    }

    /// The mentions of `text` by the lexicon with `id` (`makeMentions()`, when `mentions`; else
    /// none) and its scan by the prefilter union `union` (`makeScan()`; 0 without a union), kept
    /// with the text's tokens when they are the ones kept here: the mentions depend on the tokens,
    /// the scalars and the lexicon alone, the scan on the scalars (folded as it goes) and the
    /// union's literals alone. Profile: finding the mentions again for a recurring text was most of
    /// the lexicon's cost for such blocks; the union scan of every block was ~28 M instructions on
    /// 880 memos, about half of the blocks recurring texts (one lookup here for both: a lookup of
    /// its own when the scan was asked for cost more than the scans it saved).
    /// `key` is `key(text.text.scalars)`, as `Tokenizer.tokenize(textOf:key:)` gives it.
    @inline(__always)
    func analysis(of text: TokenizedText, key: UInt64, lexicon id: UInt64, mentions: Bool, union: AnyObject?,
                  _ makeMentions: () -> [Mention], _ makeScan: () -> UInt64?) -> (mentions: [Mention], scan: UInt64?) {
        let entry = slot(key)
        // The very token array kept here (the slot holds it, so no other array can have its
        // address): the same tokens of the same scalars.
        guard key != 0, mayHold(key), Self.sameStorage(entry.pointee.tokens, text.tokens) else {
            return (mentions ? makeMentions() : [], union == nil ? 0 : makeScan())
        }
        var found: [Mention] = []
        if mentions {
            if entry.pointee.lexicon == id {
                found = entry.pointee.mentions
            } else {
                found = makeMentions()
                entry.pointee.lexicon = id
                entry.pointee.mentions = found
            }
        }
        guard let union else { return (found, 0) }
        if entry.pointee.union === union { return (found, entry.pointee.unionFound) }
        let scan = makeScan()
        entry.pointee.union = union
        entry.pointee.unionFound = scan
        return (found, scan)
    }

    /// The cue-list matches kept for `text`, shared by the blocks of a recurring text as its
    /// tokens are (the matches depend on the tokens and the list alone; profile: the cue scans of
    /// the gender sections' blocks were ~12 M instructions on 880 memos); a new, unshared one for
    /// other texts. `count`: the size a new one is made at.
    func cueMatches(of text: TokenizedText, count: Int) -> CueMatches {
        let key = Self.key(text.text.scalars)
        let entry = slot(key)
        guard key != 0, mayHold(key), Self.sameStorage(entry.pointee.tokens, text.tokens) else {
            return CueMatches(count: count)
        }
        if let kept = entry.pointee.cues { return kept }
        let made = CueMatches(count: count)
        entry.pointee.cues = made
        return made
    }

    /// `make()`, a heading's title and its categories by the structure lexicon whose revision is
    /// `structure`, kept with the text's tokens as `analysis(of:)` keeps mentions: the title is
    /// the text, the categories depend on it and the lexicon alone (most headings recur from memo
    /// to memo; making the title and looking it up were ~2,000 instructions a heading, profile).
    /// The block's tokens are read where the block holds them: passing them (a `TokenizedText`)
    /// copied their four references, ~4 retains and 3 releases a heading (profile, 880 memos).
    func heading(of block: AnalyzedBlock, structure: AnyObject,
                 _ make: () -> (title: String, categories: [String])) -> (title: String, categories: [String]) {
        let key = Self.key(block.tokens.text.scalars)
        guard key != 0 else { return make() }
        let entry = slot(key)
        guard mayHold(key), Self.sameStorage(entry.pointee.tokens, block.tokens.tokens) else { return make() }
        if let title = entry.pointee.title, entry.pointee.structure === structure {
            return (title, entry.pointee.categories)
        }
        let found = make()
        entry.pointee.title = found.title
        entry.pointee.structure = structure
        entry.pointee.categories = found.categories
        return found
    }

    private static func sameStorage(_ a: [Token], _ b: [Token]) -> Bool {
        guard !a.isEmpty, a.count == b.count else { return false }
        return a.withUnsafeBufferPointer { x in b.withUnsafeBufferPointer { y in x.baseAddress == y.baseAddress } }
    }

    /// The same scalars (equal counts, equal memory).
    private static func same(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Bool {
        guard a.count == b.count else { return false }
        return a.withUnsafeBufferPointer { x in b.withUnsafeBufferPointer { y in same(x, y) } }
    }

    /// The same scalars, compared as memory.
    @inline(__always)
    private static func same(_ x: UnsafeBufferPointer<Unicode.Scalar>, _ y: UnsafeBufferPointer<Unicode.Scalar>) -> Bool {
        guard x.count == y.count else { return false }
        guard let p = x.baseAddress, let q = y.baseAddress else { return true }
        // The very array (a block whose parser shared the kept scalars, `keptScalars`).
        return p == q || memcmp(p, q, x.count * MemoryLayout<Unicode.Scalar>.stride) == 0
    }
}

/// Cue-list matches of one text by list id (`CueList.id`), each with the list's `memoOwner`, which
/// is unique to its phrases: a list of another lexicon with the same id does not read them.
/// Shared by the blocks of a recurring text on one thread (`TextCache.cueMatches(of:count:)`).
final class CueMatches {
    // Unchecked exclusivity: touched by one thread, through `AnalyzedBlock.cueMatches` only.
    @exclusivity(unchecked) var lists: [(owner: UInt64, matches: [Range<Int>])?]

    init(count: Int) {
        // `Array(repeating:count:)` cost ~800 instructions a block in profiles, and filling an
        // uninitialised buffer ~600 (see `Array.filled`).
        lists = .filled(with: nil, count: count)
    }
}

/// What the tokenizer keeps per thread: the form table (`ThreadForms`), the token buffer, the
/// shared one-sentence arrays and the texts tokenized before. One object, so one thread-specific lookup a block.
final class TokenizerScratch {
    let forms = ByteTable<String>()
    // Unchecked exclusivity: used by the owning thread only, once per block.
    @exclusivity(unchecked) var tokens = TokenBuffer()
    let sentences = SentenceCache()
    let texts = TextCache()

    deinit { tokens.deallocate() }

    private static let slot = ThreadSlot { TokenizerScratch() }

    /// The calling thread's scratch, unretained: the thread's key holds it until the thread ends.
    @inline(__always) static func current() -> Unmanaged<TokenizerScratch> { slot.current() }
}

/// Token forms made before, by their bytes, one table per thread: creating a String from bytes
/// cost about 200 instructions a token, finding the one made for the same word before a quarter
/// of that. Profile: checking a table out of a locked pool and back (two lock round trips) cost
/// ~400 instructions a block; a thread-specific value is one `pthread_getspecific`.
enum ThreadForms {
    /// The calling thread's table (used by that thread only, so no lock); it lives as long as
    /// the thread (`TokenizerScratch`).
    static func table() -> ByteTable<String> {
        TokenizerScratch.current()._withUnsafeGuaranteedRef { $0.forms }
    }
}
