/// The customer saying the same complaint or demand term again and again — one negative or business term
/// (投诉, 退款, "refund"; 要投诉 counts as 投诉) `repetitionCount` times (3) within `repetitionWindow` (60 s):
/// a sign the agent is not addressing it. Different words of one category (不满意, 太糟糕, 生气) are ordinary venting and are
/// left to the emotion and keyword evidence. Every customer utterance that reaches the count gets a marker
/// (category = the term's category) spanning the hits in its window, so a supervisor sees each time the
/// customer had to repeat themselves.
enum Repetition {
    static func add(_ call: CallFacts, to markers: inout [Marker]) {
        let s = call.settings
        guard s.repetitionCount > 1 else { return }
        var byTerm: [Int: [TimedHit]] = [:]
        for h in call.hits where (h.hit.role == .negative || h.hit.role == .business) && !h.negated
            && call.isCustomerSide(h.speaker) {
            byTerm[call.rootPattern(h.hit.pattern), default: []].append(h)
        }
        let lang = call.language
        for pattern in byTerm.keys.sorted() {
            let hits = byTerm[pattern]!
            guard hits.count >= s.repetitionCount else { continue }
            let name = call.dictionary.categories[hits[0].hit.categoryIndex].name
            let term = call.patternText(pattern)
            var first = 0
            var lastMarked = -1
            for (j, h) in hits.enumerated() {
                while h.start - hits[first].start > s.repetitionWindow { first += 1 }
                let n = j - first + 1
                // One marker per utterance: the last hit of that utterance reaching the count.
                let lastInUtterance = j + 1 == hits.count || hits[j + 1].utterance != h.utterance
                guard n >= s.repetitionCount, lastInUtterance, h.utterance != lastMarked else { continue }
                lastMarked = h.utterance
                let span = h.end - hits[first].start
                markers.append(Marker(kind: .repetition, category: name, speaker: h.speaker,
                                      start: hits[first].start, end: h.end, matchedText: term,
                                      polarity: .negative, severity: .high,
                                      explanation: lang.pick("客户在 \(Int(span.rounded())) 秒内 \(n) 次说“\(term)”",
                                                             "the customer said \"\(term)\" \(n) times in \(Int(span.rounded())) s"),
                                      utteranceIndex: h.utterance))
            }
        }
    }
}
