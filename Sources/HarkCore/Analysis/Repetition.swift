/// The customer coming back to the same negative category again and again (3 times within 60 s by default):
/// a sign the agent is not addressing it. One marker per burst, spanning its hits.
enum Repetition {
    static func add(_ call: CallFacts, to markers: inout [Marker]) {
        let s = call.settings
        guard s.repetitionCount > 1 else { return }
        var byCategory: [Int: [TimedHit]] = [:]
        for h in call.hits where h.hit.role == .negative && !h.negated && call.isCustomerSide(h.speaker) {
            byCategory[h.hit.categoryIndex, default: []].append(h)
        }
        let lang = call.language
        for categoryIndex in byCategory.keys.sorted() {
            let hits = byCategory[categoryIndex]!
            var i = 0
            while i + s.repetitionCount - 1 < hits.count {
                var j = i
                while j + 1 < hits.count, hits[j + 1].start - hits[i].start <= s.repetitionWindow { j += 1 }
                let n = j - i + 1
                guard n >= s.repetitionCount else { i += 1; continue }
                let name = call.dictionary.categories[categoryIndex].name
                var words: [String] = []
                for h in hits[i...j] where !words.contains(call.term(of: h)) { words.append(call.term(of: h)) }
                let span = hits[j].end - hits[i].start
                markers.append(Marker(kind: .repetition, category: name, speaker: hits[i].speaker,
                                      start: hits[i].start, end: hits[j].end,
                                      matchedText: words.joined(separator: lang.pick("、", ", ")),
                                      polarity: .negative, severity: .high,
                                      explanation: lang.pick("客户在 \(Int(span.rounded())) 秒内 \(n) 次表达\(name)",
                                                             "the customer expressed \(lang.category(name)) \(n) times in \(Int(span.rounded())) s"),
                                      utteranceIndex: hits[i].utterance))
                i = j + 1
            }
        }
    }
}
