/// One marker per negative, positive or business keyword hit. Negated hits stay as evidence
/// (`negated = true`, severity info) so a supervisor sees why 没有不满意 did not count.
/// Compliance phrases (by the speaker who must say them) and dialect cues get neutral keyword markers too,
/// so the timeline shows where the phrase was; their verdicts come from `Compliance` and `LanguageSegments`.
enum KeywordMarkers {
    static func add(_ call: CallFacts, to markers: inout [Marker]) {
        let lang = call.language
        // "Thank you for calling" opens English calls: a closing phrase (the last compliance phrase in the
        // order) in the agent's first utterance is part of the greeting, not a closing.
        let closingOrder = call.tables.closingOrder
        let firstAgent = call.speakers.firstIndex { call.isAgentSide($0) }
        let lastAgent = call.speakers.lastIndex { call.isAgentSide($0) }
        for h in call.hits {
            let category = call.category(of: h)
            let polarity: Polarity
            var severity: Severity
            switch category.role {
            case .negative:
                polarity = .negative
                severity = call.settings.riskCategories.contains(category.name) ? .high : .medium
            case .positive:
                // An agent's 谢谢 / 太好了 is courtesy, not customer satisfaction.
                guard call.isCustomerSide(h.speaker) else { continue }
                polarity = .positive
                severity = .info
            case .business:
                polarity = .neutral
                severity = .low
            case .compliance:
                // Only the speaker who must say it: a customer's 你好 is not the agent's greeting.
                guard saidByRequired(h.speaker, category.speaker, call) else { continue }
                if category.order != nil && category.order == closingOrder && h.utterance == firstAgent
                    && firstAgent != lastAgent { continue }
                polarity = .neutral
                severity = .info
            case .dialect:
                polarity = .neutral
                severity = .info
            case .negation:
                continue
            }
            let term = call.term(of: h)
            let who = lang.speaker(h.speaker)
            let heard = h.hit.phonetic ? call.text(of: h) : nil
            var explanation: String
            if let heard, h.hit.negatedBy == nil {
                explanation = lang.pick("\(who)说“≈\(term)”（\(category.name)，识别为“\(heard)”）",
                                        "\(who) said \"≈\(term)\" (\(lang.category(category.name)), recognised as \"\(heard)\")")
            } else if let by = h.hit.negatedBy {
                severity = .info
                explanation = lang.pick("\(who)说“\(term)”，但前面有否定词“\(by)”，不计入",
                                        "\(who) said \"\(term)\" after \"\(by)\", so it is not counted")
            } else {
                explanation = lang.pick("\(who)说“\(term)”（\(category.name)）",
                                        "\(who) said \"\(term)\" (\(lang.category(category.name)))")
            }
            markers.append(Marker(kind: .keyword, category: category.name, speaker: h.speaker, start: h.start,
                                  end: h.end, matchedText: term, polarity: polarity, severity: severity,
                                  explanation: explanation, utteranceIndex: h.utterance,
                                  negated: h.hit.negatedBy != nil, heard: heard))
        }
    }

    private static func saidByRequired(_ s: Speaker, _ required: Speaker?, _ call: CallFacts) -> Bool {
        guard let required else { return true }
        switch required {
        case .agent: return call.isAgentSide(s)
        case .customer: return call.isCustomerSide(s)
        case .mixed: return true
        }
    }
}
