import Foundation

/// Which of a mono call's two voices is the agent, from what each says and when: the greeting and
/// self-introduction, "how can I help", the compliance phrases an agent reads, who speaks first; the customer's
/// side from complaints and wants. The confidence is kept with the call and shown, and a supervisor can swap.
public enum RoleInference {
    public struct Roles: Sendable, Hashable {
        /// The diarization speaker (0 or 1) who is the agent.
        public var agent: Int
        /// 0.5 (a guess) … 1 (every cue agrees).
        public var confidence: Double
        public init(agent: Int, confidence: Double) {
            self.agent = agent
            self.confidence = confidence
        }
    }

    /// Phrases only an agent says, beyond the dictionary's compliance categories.
    static let agentPhrases = ["我是", "工号", "很高兴为您服务", "有什么可以帮您", "有什么可以帮你", "请问您", "为您查询", "帮您",
                               "this is", "my name is", "how can i help", "how may i help", "speaking", "let me check",
                               "thank you for calling", "thanks for calling"]
    /// Phrases a customer says.
    static let customerPhrases = ["我想", "我要", "我的", "你们", "帮我", "i want", "i need", "my ", "you people", "your service"]

    /// Finds `agentPhrases` (category 0) and `customerPhrases` (category 1); compiled once.
    static let phraseMatcher = KeywordMatcher(dictionary: KeywordDictionary(categories: [
        KeywordCategory(name: "agent", role: .business, terms: agentPhrases.map { KeywordTerm($0) }),
        KeywordCategory(name: "customer", role: .business, terms: customerPhrases.map { KeywordTerm($0) }),
    ]))

    /// - Parameters:
    ///   - utterances: the call's utterances in time order; `speakers[i]` is utterance i's diarization speaker.
    ///   - direction: "inbound" / "outbound": who opens an inbound call is the agent's greeting more surely.
    public static func infer(_ utterances: [Utterance], speakers: [Int], direction: String?, analyzer: Analyzer) -> Roles {
        var score = [0.0, 0.0]   // evidence that the speaker is the agent, minus evidence that it is the customer
        var raw: [KeywordMatcher.Hit] = []
        var extra: [KeywordMatcher.Hit] = []
        let categories = analyzer.dictionary.categories
        for (i, u) in utterances.enumerated() where speakers.indices.contains(i) {
            let s = speakers[i]
            guard s == 0 || s == 1 else { continue }
            var text = u.normalizedText
            text.withUTF8 { b in
                let hits = Negation.spot(b, matcher: analyzer.matcher, window: analyzer.settings.negationWindow,
                                         intent: [], raw: &raw)
                for h in hits where h.negatedBy == nil {
                    switch categories[h.categoryIndex].role {
                    case .compliance: score[s] += categories[h.categoryIndex].order == 1 ? 1 : 2
                    case .negative: score[s] -= 1
                    default: break
                    }
                }
                extra.removeAll(keepingCapacity: true)
                phraseMatcher.scan(b, into: &extra)
                for h in extra { score[s] += phraseMatcher.patterns[h.pattern].categoryIndex == 0 ? 1.5 : -0.5 }
            }
        }
        // The first voice of a recorded call is usually the agent's (inbound: the greeting; outbound: the call
        // is recorded from the agent's introduction), a weaker cue than words.
        if let first = speakers.first(where: { $0 == 0 || $0 == 1 }) { score[first] += direction == "outbound" ? 0.5 : 1 }
        let margin = score[0] - score[1]
        let agent = margin >= 0 ? 0 : 1
        let confidence = 0.5 + 0.5 * tanh(abs(margin) / 4)
        return Roles(agent: agent, confidence: (confidence * 100).rounded() / 100)
    }
}
