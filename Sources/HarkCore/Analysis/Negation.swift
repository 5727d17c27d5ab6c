/// A dictionary term found in one utterance, after overlaps and negation are settled.
struct SpottedHit {
    var pattern: Int
    var categoryIndex: Int
    var termIndex: Int
    var role: CategoryRole
    var byteStart: Int
    var byteEnd: Int
    var scalarStart: Int
    var scalarEnd: Int
    /// The negation word that cancels this hit, if one does.
    var negatedBy: String?
    /// Found by sound: the text says something that sounds like the term.
    var phonetic = false
}

/// Turns the matcher's raw, overlapping hits into the hits analysis counts.
///
/// 1. The longest term wins: 不满意 (negative) swallows the 满意 (positive) and the 不 (negation) inside it,
///    "thank you for calling" (closing) swallows "thank you" (praise). Equal ranges in two categories both stay.
/// 2. A negation word that is part of a kept term is not a negation: the 不 of 不满 and 不错 negates nothing.
/// 3. A remaining negation word at most `window` units before a negative or positive term, with no clause
///    break between, cancels it: 没有不满意 is not a complaint, "not satisfied" is a listed negative term,
///    and "I am not really happy" cancels the praise "happy". Business terms are topics, not sentiment:
///    only not-wanting words (`intent`: 不要退款) cancel them; 到现在都没有退款 is still about a refund.
/// 4. A-not-A questions (能不能快点, 是不是投诉) are not negations, nor are words that only contain one
///    (不然 / 否则 "otherwise", 不管 "whatever", 不仅 "not only", 不一定 "not necessarily").
/// 5. A negation's scope ends at its clause: punctuation, or, in unpunctuated recognised text, a word that
///    opens a new clause (但是, 不然, 所以, but, so).
enum Negation {
    /// Words with a negation inside that negate nothing after them.
    static let lookalikes: [[UInt8]] = [
        "不然", "要不然", "要不", "不管", "不仅", "不光", "不但", "不一定", "不得不", "不如", "不久", "不断", "差不多",
        "不少", "不过", "不止", "没准", "不好意思", "了不起", "not only", "no matter", "no doubt", "not just",
    ].map { Array($0.utf8) }
    /// Words that open a new clause: a negation before them does not reach past them.
    static let clauseOpeners: [[UInt8]] = [
        "但是", "可是", "不过", "然后", "所以", "否则", "不然", "要不然", "因为", "结果", "而且",
        " but ", " so ", " because ", " otherwise ", " then ",
    ].map { Array($0.utf8) }

    /// - Parameters:
    ///   - sound: the text's `Pinyin.soundForm`, scanned with `phonetic` for terms heard by sound.
    static func spot(_ bytes: UnsafeBufferPointer<UInt8>, matcher: KeywordMatcher, window: Int,
                     intent: Set<String>, raw: inout [KeywordMatcher.Hit],
                     phonetic: KeywordMatcher? = nil, sound: UnsafeBufferPointer<UInt8>? = nil) -> [SpottedHit] {
        raw.removeAll(keepingCapacity: true)
        matcher.scan(bytes, into: &raw)
        if let phonetic, let sound {
            var heard: [KeywordMatcher.Hit] = []
            phonetic.scan(sound, into: &heard)
            let written = raw.filter { matcher.patterns[$0.pattern].role != .negation }
            for h in heard {
                // Sound only fills in where nothing was recognised as written.
                if written.contains(where: { $0.start < h.end && h.start < $0.end }) { continue }
                let exact = phonetic.patterns[h.pattern].exact
                // Two syllables sound alike by chance (是王 / 失望): a short term must keep one of its characters.
                if matcher.patterns[exact].byteCount <= 6, !sharesCharacter(bytes, h, matcher.patterns[exact], matcher) {
                    continue
                }
                raw.append(KeywordMatcher.Hit(pattern: exact, start: h.start, end: h.end, phonetic: true))
            }
        }
        guard !raw.isEmpty else { return [] }
        let patterns = matcher.patterns
        // Leftmost first, longest first among equal starts, so containers come before what they contain;
        // a term as written before one heard by sound over the same text.
        raw.sort {
            if $0.start != $1.start { return $0.start < $1.start }
            if $0.end - $0.start != $1.end - $1.start { return ($0.end - $0.start) > ($1.end - $1.start) }
            return !$0.phonetic && $1.phonetic
        }

        var kept: [KeywordMatcher.Hit] = []
        var negations: [KeywordMatcher.Hit] = []
        var dialect: [KeywordMatcher.Hit] = []
        for hit in raw {
            switch patterns[hit.pattern].role {
            case .negation: if !containedInLonger(hit, negations) { negations.append(hit) }
            case .dialect: if !containedInLonger(hit, dialect) { dialect.append(hit) }
            default:
                // Two overlapping terms of one category are one mention (想咨询 / 咨询一下 in 我想咨询一下).
                let category = patterns[hit.pattern].categoryIndex
                if !containedInLonger(hit, kept), !kept.contains(where: {
                    patterns[$0.pattern].categoryIndex == category && $0.start < hit.end && hit.start < $0.end
                }) { kept.append(hit) }
            }
        }
        negations.removeAll { n in
            kept.contains { $0.start < n.end && n.start < $0.end } || isQuestionForm(bytes, n)
                || isInLookalike(bytes, n)
        }

        var out: [SpottedHit] = []
        out.reserveCapacity(kept.count + dialect.count)
        kept.append(contentsOf: dialect)
        for hit in kept {
            let p = patterns[hit.pattern]
            var spotted = SpottedHit(pattern: hit.pattern, categoryIndex: p.categoryIndex, termIndex: p.termIndex,
                                     role: p.role, byteStart: hit.start, byteEnd: hit.end,
                                     scalarStart: TextScan.scalarOffset(bytes, byte: hit.start),
                                     scalarEnd: TextScan.scalarOffset(bytes, byte: hit.end), negatedBy: nil,
                                     phonetic: hit.phonetic)
            if p.role == .negative || p.role == .positive || p.role == .business,
               let n = negations.last(where: { $0.end <= hit.start }) {
                let gap = TextScan.unitsBetween(bytes, from: n.end, to: hit.start)
                let np = patterns[n.pattern]
                let word = matcher.dictionary.categories[np.categoryIndex].terms[np.termIndex].text
                if !gap.blocked && gap.units <= window && (p.role != .business || intent.contains(word))
                    && !opensClause(bytes, from: n.end, to: hit.start) {
                    spotted.negatedBy = word
                }
            }
            out.append(spotted)
        }
        out.sort { $0.byteStart < $1.byteStart }
        return out
    }

    /// 能不能 / 是不是 / 有没有: the A-not-A question repeats the character around the negation, and asks
    /// rather than denies (能不能快点 is impatience, not its negation).
    private static func isQuestionForm(_ b: UnsafeBufferPointer<UInt8>, _ n: KeywordMatcher.Hit) -> Bool {
        guard n.start >= 3, n.end + 3 <= b.count, n.end - n.start == 3 else { return false }
        return b[n.start - 3] == b[n.end] && b[n.start - 2] == b[n.end + 1] && b[n.start - 1] == b[n.end + 2]
            && b[n.end] >= 0xE0
    }

    /// The text under a hit has one of the term's (three-byte) characters in the same place.
    private static func sharesCharacter(_ b: UnsafeBufferPointer<UInt8>, _ h: KeywordMatcher.Hit,
                                        _ p: KeywordMatcher.Pattern, _ matcher: KeywordMatcher) -> Bool {
        let term = Array(matcher.dictionary.categories[p.categoryIndex].terms[p.termIndex].text.utf8)
        guard term.count == h.end - h.start else { return false }
        var k = 0
        while k + 3 <= term.count {
            if b[h.start + k] == term[k] && b[h.start + k + 1] == term[k + 1] && b[h.start + k + 2] == term[k + 2] {
                return true
            }
            k += 3
        }
        return false
    }

    /// The negation's bytes are part of one of `lookalikes` in the text (the 不 of 不然).
    private static func isInLookalike(_ b: UnsafeBufferPointer<UInt8>, _ n: KeywordMatcher.Hit) -> Bool {
        let word = Array(b[n.start..<n.end])
        for l in lookalikes where l.count > word.count {
            var offset = 0
            while offset + word.count <= l.count {
                if Array(l[offset..<(offset + word.count)]) == word {
                    let start = n.start - offset
                    if start >= 0, start + l.count <= b.count, Array(b[start..<(start + l.count)]) == l { return true }
                }
                offset += 1
            }
        }
        return false
    }

    /// A clause opener lies between the negation and the term (or starts right where the negation ends).
    private static func opensClause(_ b: UnsafeBufferPointer<UInt8>, from lo: Int, to hi: Int) -> Bool {
        guard hi > lo else { return false }
        for w in clauseOpeners {
            // English openers carry their spaces; the negation's own end may be the first space.
            let first = max(0, lo - (w.first == 0x20 ? 1 : 0))
            guard hi - first >= w.count else { continue }
            var i = first
            while i + w.count <= min(b.count, hi + (w.last == 0x20 ? 1 : 0)) {
                if b[i] == w[0], Array(b[i..<(i + w.count)]) == w { return true }
                i += 1
            }
        }
        return false
    }

    private static func containedInLonger(_ h: KeywordMatcher.Hit, _ kept: [KeywordMatcher.Hit]) -> Bool {
        let len = h.end - h.start
        for k in kept.reversed() where k.start <= h.start && k.end >= h.end && (k.end - k.start) > len {
            return true
        }
        return false
    }
}
