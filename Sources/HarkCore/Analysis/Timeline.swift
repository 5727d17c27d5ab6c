/// The moments the timing of turns alone shows: long silences, slow answers, overtalk. One implementation for
/// the markers (`Prosody`) and the forms (`silence_over`, `slow_response_over`, `overtalk_over`), so a form's
/// threshold sees exactly what the markers would at that threshold.
enum Timeline {
    struct Span {
        var start: Double
        var end: Double
        /// The turn it belongs to (the agent's late answer, the one who talked over), when one.
        var turn: Int?
        /// For overtalk: who started talking over the other.
        var speaker: Speaker?
        /// For a slow answer: the first turn of the customer's unanswered run.
        var firstTurn: Int?
    }

    /// Gaps of at least `over` seconds in which no one speaks (turns in time order).
    static func silences(starts: [Double], ends: [Double], over: Double) -> [Span] {
        var out: [Span] = []
        var speechEnd: Double?
        for i in starts.indices {
            if let e = speechEnd, starts[i] - e >= over { out.append(Span(start: e, end: starts[i])) }
            speechEnd = max(speechEnd ?? ends[i], ends[i])
        }
        return out
    }

    /// The agent starting at least `over` seconds after the customer's turn (run of turns) ended.
    static func slowResponses(starts: [Double], ends: [Double], speakers: [Speaker], over: Double) -> [Span] {
        var out: [Span] = []
        var agentEnd = -Double.infinity
        var turnEnd: Double?
        var turnFirst = 0
        for i in starts.indices {
            switch speakers[i] {
            case .customer:
                if ends[i] > agentEnd {
                    if turnEnd == nil { turnFirst = i }
                    turnEnd = max(turnEnd ?? ends[i], ends[i])
                }
            case .agent:
                if let end = turnEnd, starts[i] - end >= over {
                    out.append(Span(start: end, end: starts[i], turn: i, speaker: .agent, firstTurn: turnFirst))
                }
                turnEnd = nil
                agentEnd = max(agentEnd, ends[i])
            case .mixed:
                break
            }
        }
        return out
    }

    /// Agent and customer speaking at once for at least `over` seconds; `speaker` is the one who started later.
    static func overtalk(starts: [Double], ends: [Double], speakers: [Speaker], over: Double) -> [Span] {
        var out: [Span] = []
        let agent = speakers.indices.filter { speakers[$0] == .agent }
        let customer = speakers.indices.filter { speakers[$0] == .customer }
        var a = 0, c = 0
        while a < agent.count && c < customer.count {
            let aStart = starts[agent[a]], aEnd = ends[agent[a]]
            let cStart = starts[customer[c]], cEnd = ends[customer[c]]
            let lo = max(aStart, cStart), hi = min(aEnd, cEnd)
            if hi - lo >= over {
                let agentInterrupts = aStart > cStart
                out.append(Span(start: lo, end: hi, turn: agentInterrupts ? agent[a] : customer[c],
                                speaker: agentInterrupts ? .agent : .customer))
            }
            if aEnd < cEnd { a += 1 } else { c += 1 }
        }
        return out
    }
}
