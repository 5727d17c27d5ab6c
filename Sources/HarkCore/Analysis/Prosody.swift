/// Timing of the conversation: long silences, slow agent responses, overtalk, and speech rate.
enum Prosody {
    static func add(_ call: CallFacts, to markers: inout [Marker]) {
        silences(call, &markers)
        if call.hasAgent && call.hasCustomer {
            slowResponses(call, &markers)
            overtalk(call, &markers)
        }
        speechRate(call, &markers)
    }

    /// Gaps where nobody speaks, between the first and the last speech of the call.
    static func silences(_ call: CallFacts, _ markers: inout [Marker]) {
        let lang = call.language
        for s in Timeline.silences(starts: call.starts, ends: call.ends, over: call.settings.longSilence) {
            let gap = s.end - s.start
            markers.append(Marker(kind: .silence, category: "silence", speaker: nil, start: s.start, end: s.end,
                                  polarity: .negative, severity: gap >= 2 * call.settings.longSilence ? .medium : .low,
                                  explanation: lang.pick("\(seconds1(gap)) 秒无人说话", "\(seconds1(gap)) s with no one speaking")))
        }
    }

    static func slowResponses(_ call: CallFacts, _ markers: inout [Marker]) {
        let lang = call.language
        let late = Timeline.slowResponses(starts: call.starts, ends: call.ends, speakers: call.speakers,
                                          over: call.settings.slowResponse)
        for s in late {
            guard let i = s.turn, let turnFirst = s.firstTurn else { continue }
            let wait = s.end - s.start
            // What the customer was waiting about: the last topic or complaint of their unanswered turns.
            let topic = call.hits.last { $0.utterance >= turnFirst && $0.utterance < i && !$0.negated
                && call.isCustomerSide($0.speaker)
                && ($0.hit.role == .business || $0.hit.role == .negative) }
            let raised = topic.map { call.category(of: $0).name } ?? ""
            markers.append(Marker(kind: .slowResponse, category: "slow_response", speaker: .agent, start: s.start,
                                  end: s.end, matchedText: raised, polarity: .negative,
                                  severity: wait >= 2 * call.settings.slowResponse ? .high : .medium,
                                  explanation: lang.pick("客户说完后坐席 \(seconds1(wait)) 秒才回应",
                                                         "the agent answered \(seconds1(wait)) s after the customer finished"),
                                  utteranceIndex: i))
        }
    }

    static func overtalk(_ call: CallFacts, _ markers: inout [Marker]) {
        let lang = call.language
        for s in Timeline.overtalk(starts: call.starts, ends: call.ends, speakers: call.speakers,
                                   over: call.settings.overtalk) {
            let who = s.speaker ?? .customer
            let agentInterrupts = who == .agent
            markers.append(Marker(kind: .overtalk, category: "overtalk", speaker: who, start: s.start, end: s.end,
                                  polarity: agentInterrupts ? .negative : .neutral,
                                  severity: agentInterrupts ? .medium : .low,
                                  explanation: lang.pick("\(lang.speaker(who))打断对方，双方同时说话 \(seconds1(s.end - s.start)) 秒",
                                                         "\(lang.speaker(who)) talked over the other side for \(seconds1(s.end - s.start)) s"),
                                  utteranceIndex: s.turn))
        }
    }

    static func speechRate(_ call: CallFacts, _ markers: inout [Marker]) {
        let s = call.settings
        let lang = call.language
        for i in call.starts.indices {
            let u = call.utterances[i]
            guard let (rate, chinese) = SpeechRate.perMinute(han: call.counts[i].han, words: call.counts[i].words,
                                                             duration: u.duration, settings: s) else { continue }
            let fast = chinese ? s.fastCharsPerMinute : s.fastWordsPerMinute
            let slow = chinese ? s.slowCharsPerMinute : s.slowWordsPerMinute
            guard rate > fast || rate < slow else { continue }
            let tooFast = rate > fast
            let unit = chinese ? lang.pick("字/分钟", "characters/min") : lang.pick("词/分钟", "words/min")
            let r = Int(rate.rounded())
            markers.append(Marker(kind: .speechRate, category: tooFast ? "fast" : "slow", speaker: u.speaker,
                                  start: u.start, end: u.end, matchedText: "\(r) \(unit)",
                                  polarity: u.speaker == .agent ? .negative : .neutral, severity: .low,
                                  explanation: lang.pick("\(lang.speaker(u.speaker))语速过\(tooFast ? "快" : "慢")（\(r) \(unit)）",
                                                         "\(lang.speaker(u.speaker)) spoke too \(tooFast ? "fast" : "slowly") (\(r) \(unit))"),
                                  utteranceIndex: i))
        }
    }
}
