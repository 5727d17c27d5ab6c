/// First-contact resolution heuristic, one marker per call where the customer raised something:
/// - the problem statement: the customer's first negative or business keyword, or failing that their first
///   substantive utterance (at least 6 characters/words: "我想查一下这个月的话费账单");
/// - the agent's answer: agent speech after it;
/// - the confirmation: a customer positive keyword (明白了, 谢谢, "that works") after the agent's answer,
///   with no customer complaint after it.
/// "resolved" sits at the confirmation; otherwise "escalated" when the agent handed the problem on
/// (`AnalysisSettings.escalationPhrases`: 主管, 回电, "call you back"), else "unresolved" at the end.
enum Resolution {
    static func add(_ call: CallFacts, to markers: inout [Marker]) {
        let lang = call.language
        let us = call.utterances
        guard !us.isEmpty else { return }
        let counted = call.hits.allSatisfy { !$0.negated } ? call.hits : call.hits.filter { !$0.negated }
        let mono = !call.hasAgent || !call.hasCustomer

        var problemAt: Int?
        var problemText = ""
        if let p = counted.first(where: {
            call.isCustomerSide($0.speaker) && ($0.hit.role == .negative || $0.hit.role == .business)
        }) {
            problemAt = p.utterance
            problemText = call.term(of: p)
        }
        if let firstLong = us.indices.first(where: { i in
            call.isCustomerSide(us[i].speaker) && max(call.counts[i].han, call.counts[i].words) >= 6
        }), problemAt.map({ firstLong < $0 }) ?? true, !mono {
            problemAt = firstLong
            problemText = ""
        }
        guard let problem = problemAt else { return }
        let summary = problemText.isEmpty ? lang.pick("问题", "problem") : problemText

        // In a mono recording there is no telling who answered; any later utterance counts.
        let answer = us.indices.first { $0 > problem && (mono || us[$0].speaker == .agent) }
        var confirmation: TimedHit?
        if let answer {
            confirmation = counted.first { $0.utterance > answer && $0.hit.role == .positive
                && (mono || call.isCustomerSide($0.speaker)) }
        }
        if let ok = confirmation, !counted.contains(where: {
            $0.start >= ok.start && $0.hit.role == .negative && call.isCustomerSide($0.speaker)
        }) {
            markers.append(Marker(kind: .resolution, category: "resolved", speaker: ok.speaker, start: ok.start,
                                  end: ok.end, matchedText: call.term(of: ok), polarity: .positive, severity: .info,
                                  explanation: lang.pick("首次解决：客户提出\(summary)后确认“\(call.term(of: ok))”",
                                                         "resolved on first contact: the customer confirmed with \"\(call.term(of: ok))\""),
                                  utteranceIndex: ok.utterance))
            return
        }
        let handedOn = us.indices.first { i in
            i > problem && call.isAgentSide(us[i].speaker)
                && !call.escalation.hits(in: us[i].normalizedText).isEmpty
        }
        if let e = handedOn {
            markers.append(Marker(kind: .resolution, category: "escalated", speaker: us[e].speaker, start: us[e].start,
                                  end: us[e].end, matchedText: summary, polarity: .neutral, severity: .low,
                                  explanation: lang.pick("客户的\(summary)已转交/升级处理，未在本次通话解决",
                                                         "the customer's \(summary) was escalated, not solved in this call"),
                                  utteranceIndex: e))
            return
        }
        let last = us.count - 1
        markers.append(Marker(kind: .resolution, category: "unresolved", speaker: nil, start: us[last].start,
                              end: us[last].end, matchedText: summary, polarity: .negative, severity: .low,
                              explanation: lang.pick("客户提出的\(summary)未得到确认解决",
                                                     "the customer's \(summary) was not confirmed as resolved"),
                              utteranceIndex: last))
    }
}
