/// First-contact resolution heuristic: the customer states a problem (a negative or business keyword),
/// the agent later says a resolution phrase (`AnalysisSettings.resolutionCategory`), and the customer then
/// confirms with a positive keyword and does not complain again. One marker: "resolved" at the
/// confirmation, or "unresolved" at the end when a problem was stated but never confirmed solved.
enum Resolution {
    static func add(_ call: CallFacts, to markers: inout [Marker]) {
        let lang = call.language
        let resolutionIndex = call.dictionary.categories.firstIndex { $0.name == call.settings.resolutionCategory }
        let counted = call.hits.filter { !$0.negated }
        guard let problem = counted.firstIndex(where: {
            call.isCustomerSide($0.speaker) && ($0.hit.role == .negative || $0.hit.role == .business)
        }) else { return }
        let mono = !call.hasAgent || !call.hasCustomer
        var resolution: Int?
        if let resolutionIndex {
            resolution = counted[(problem + 1)...].firstIndex {
                $0.hit.categoryIndex == resolutionIndex && (mono || $0.speaker == .agent)
            }
        }
        var confirmation: Int?
        if let r = resolution {
            confirmation = counted[(r + 1)...].firstIndex {
                $0.hit.role == .positive && (mono || call.isCustomerSide($0.speaker))
            }
        }
        if let c = confirmation, let r = resolution,
           !counted[(c + 1)...].contains(where: { $0.hit.role == .negative && call.isCustomerSide($0.speaker) }) {
            let p = counted[problem], fix = counted[r], ok = counted[c]
            markers.append(Marker(kind: .resolution, category: "resolved", speaker: ok.speaker, start: ok.start,
                                  end: ok.end, matchedText: call.term(of: ok), polarity: .positive, severity: .info,
                                  explanation: lang.pick(
                                      "首次解决：客户提出“\(call.term(of: p))”，坐席“\(call.term(of: fix))”，客户确认“\(call.term(of: ok))”",
                                      "resolved on first contact: \"\(call.term(of: p))\", then \"\(call.term(of: fix))\", confirmed with \"\(call.term(of: ok))\""),
                                  utteranceIndex: ok.utterance))
        } else {
            let p = counted[problem]
            let last = call.utterances.count - 1
            let u = call.utterances[last]
            markers.append(Marker(kind: .resolution, category: "unresolved", speaker: nil, start: u.start, end: u.end,
                                  matchedText: call.term(of: p), polarity: .negative, severity: .low,
                                  explanation: lang.pick("客户提出的“\(call.term(of: p))”未得到确认解决",
                                                         "the customer's \"\(call.term(of: p))\" was not confirmed as resolved"),
                                  utteranceIndex: last))
        }
    }
}
