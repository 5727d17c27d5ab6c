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
        var speechEnd: Double?
        for i in call.starts.indices {
            let start = call.starts[i]
            if let e = speechEnd, start - e >= call.settings.longSilence {
                let gap = start - e
                markers.append(Marker(kind: .silence, category: "silence", speaker: nil, start: e, end: start,
                                      polarity: .negative, severity: gap >= 2 * call.settings.longSilence ? .medium : .low,
                                      explanation: lang.pick("\(seconds1(gap)) 秒无人说话", "\(seconds1(gap)) s with no one speaking")))
            }
            speechEnd = max(speechEnd ?? call.ends[i], call.ends[i])
        }
    }

    /// The agent's first speech after a customer turn, when it comes `slowResponse` seconds or more after
    /// the turn ends. A customer backchannel inside a long agent utterance is not a turn.
    static func slowResponses(_ call: CallFacts, _ markers: inout [Marker]) {
        let lang = call.language
        var agentEnd = -Double.infinity
        var turnEnd: Double?
        var turnFirst = 0
        for i in call.starts.indices {
            let start = call.starts[i], uEnd = call.ends[i]
            switch call.speakers[i] {
            case .customer:
                if uEnd > agentEnd {
                    if turnEnd == nil { turnFirst = i }
                    turnEnd = max(turnEnd ?? uEnd, uEnd)
                }
            case .agent:
                if let end = turnEnd, start - end >= call.settings.slowResponse {
                    let wait = start - end
                    // Name what the customer raised in that turn, so the advice says what was left waiting.
                    let topic = call.hits.last { $0.utterance >= turnFirst && $0.utterance < i && !$0.negated
                        && call.isCustomerSide($0.speaker)
                        && ($0.hit.role == .business || $0.hit.role == .negative) }
                    let raised = topic.map { call.category(of: $0).name } ?? ""
                    markers.append(Marker(kind: .slowResponse, category: "slow_response", speaker: .agent, start: end,
                                          end: start, matchedText: raised, polarity: .negative,
                                          severity: wait >= 2 * call.settings.slowResponse ? .high : .medium,
                                          explanation: lang.pick("客户说完后坐席 \(seconds1(wait)) 秒才回应",
                                                                 "the agent answered \(seconds1(wait)) s after the customer finished"),
                                          utteranceIndex: i))
                }
                turnEnd = nil
                agentEnd = max(agentEnd, uEnd)
            case .mixed:
                break
            }
        }
    }

    /// Stretches where agent and customer speak at once for `overtalk` seconds or more. The speaker is the
    /// one who started talking over the other.
    static func overtalk(_ call: CallFacts, _ markers: inout [Marker]) {
        let lang = call.language
        let agent = call.speakers.indices.filter { call.speakers[$0] == .agent }
        let customer = call.speakers.indices.filter { call.speakers[$0] == .customer }
        var a = 0, c = 0
        while a < agent.count && c < customer.count {
            let aStart = call.starts[agent[a]], aEnd = call.ends[agent[a]]
            let cStart = call.starts[customer[c]], cEnd = call.ends[customer[c]]
            let lo = max(aStart, cStart), hi = min(aEnd, cEnd)
            if hi - lo >= call.settings.overtalk {
                let agentInterrupts = aStart > cStart
                let who: Speaker = agentInterrupts ? .agent : .customer
                markers.append(Marker(kind: .overtalk, category: "overtalk", speaker: who, start: lo, end: hi,
                                      polarity: agentInterrupts ? .negative : .neutral,
                                      severity: agentInterrupts ? .medium : .low,
                                      explanation: lang.pick("\(lang.speaker(who))打断对方，双方同时说话 \(seconds1(hi - lo)) 秒",
                                                             "\(lang.speaker(who)) talked over the other side for \(seconds1(hi - lo)) s"),
                                      utteranceIndex: agentInterrupts ? agent[a] : customer[c]))
            }
            if aEnd < cEnd { a += 1 } else { c += 1 }
        }
    }

    /// Utterances spoken too fast or too slow: Chinese characters or English words per minute.
    static func speechRate(_ call: CallFacts, _ markers: inout [Marker]) {
        let s = call.settings
        let lang = call.language
        for i in call.starts.indices where call.ends[i] - call.starts[i] >= s.rateMinDuration {
            let u = call.utterances[i]
            let c = call.counts[i]
            let chinese = c.han >= c.words
            let units = chinese ? c.han : c.words
            guard units >= s.rateMinUnits else { continue }
            let rate = Double(units) / (u.duration / 60)
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
