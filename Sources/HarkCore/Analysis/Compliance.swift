/// Phrases the agent must say, in order (greeting, identity check, risk notice, closing by default).
///
/// Per compliance category one marker: present (positive), missing (negative, empty `matchedText`), or
/// out of order (negative, with the phrase) when a phrase that should come later was said before it —
/// e.g. the risk notice read out before the customer's identity was checked. The last phrase in the order
/// (the closing) is judged by its last occurrence, so "Thank you for calling" in an English greeting does
/// not make the whole call look out of order.
enum Compliance {
    private struct Found {
        var category: KeywordCategory
        var order: Int
        var hit: TimedHit?
        var orderHit: TimedHit?
    }

    static func add(_ call: CallFacts, to markers: inout [Marker]) {
        let lang = call.language
        let indices = call.tables.compliance
        guard !indices.isEmpty, !call.utterances.isEmpty else { return }
        let maxOrder = call.tables.closingOrder
        // One pass over the hits: first and last time each required phrase was said by the right speaker.
        var first = [TimedHit?](repeating: nil, count: indices.count)
        var last = first
        for h in call.hits where h.hit.role == .compliance && !h.negated {
            guard let k = indices.firstIndex(of: h.hit.categoryIndex),
                  saidByRequired(h.speaker, call.dictionary.categories[h.hit.categoryIndex].speaker, call) else { continue }
            if first[k] == nil { first[k] = h }
            last[k] = h
        }
        var found: [Found] = []
        for (k, index) in indices.enumerated() {
            let category = call.dictionary.categories[index]
            let order = category.order ?? Int.max
            let judged = category.order != nil && category.order == maxOrder ? last[k] : first[k]
            found.append(Found(category: category, order: order, hit: judged, orderHit: judged))
        }

        let firstAgent = call.utterances.firstIndex { call.isAgentSide($0.speaker) } ?? 0
        for f in found {
            let name = f.category.name
            let shown = lang.category(name)
            guard let hit = f.hit, let at = f.orderHit else {
                // Where it should have been: the opening for the first phrase, the end for the last,
                // otherwise right after the previous phrase that was said.
                var anchor = firstAgent
                if f.order == maxOrder { anchor = call.utterances.count - 1 }
                else if let prev = found.filter({ $0.order < f.order && $0.orderHit != nil }).max(by: { $0.order < $1.order }),
                        let u = prev.orderHit?.utterance { anchor = u }
                let u = call.utterances[anchor]
                markers.append(Marker(kind: .compliance, category: name, speaker: f.category.speaker ?? .agent,
                                      start: u.start, end: u.end, matchedText: "", polarity: .negative,
                                      severity: .high,
                                      explanation: lang.pick("缺少规范用语：\(name)", "\(shown) was never said"),
                                      utteranceIndex: anchor))
                continue
            }
            let later = found.first { other in
                other.order > f.order && other.order != Int.max && (other.orderHit?.start ?? .infinity) < at.start
            }
            if let later, f.order != Int.max {
                markers.append(Marker(kind: .compliance, category: name, speaker: at.speaker, start: at.start,
                                      end: at.end, matchedText: call.term(of: at), polarity: .negative, severity: .medium,
                                      explanation: lang.pick("\(name)晚于\(later.category.name)，顺序不规范",
                                                             "\(shown) came after \(lang.category(later.category.name))"),
                                      utteranceIndex: at.utterance))
            } else {
                markers.append(Marker(kind: .compliance, category: name, speaker: hit.speaker, start: hit.start,
                                      end: hit.end, matchedText: call.term(of: hit), polarity: .positive,
                                      severity: .info,
                                      explanation: lang.pick("已说规范用语：\(name)", "\(shown) was said"),
                                      utteranceIndex: hit.utterance))
            }
        }
    }

    static func saidByRequired(_ s: Speaker, _ required: Speaker?, _ call: CallFacts) -> Bool {
        guard let required else { return true }
        switch required {
        case .agent: return call.isAgentSide(s)
        case .customer: return call.isCustomerSide(s)
        case .mixed: return true
        }
    }
}

extension Marker {
    /// A compliance phrase that was never said (as opposed to said, or said out of order).
    public var isMissingCompliance: Bool { kind == .compliance && matchedText.isEmpty && polarity == .negative }
    /// A compliance phrase said, but before a phrase that should come first.
    public var isOutOfOrderCompliance: Bool { kind == .compliance && !matchedText.isEmpty && polarity == .negative }
}
