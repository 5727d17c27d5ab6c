/// How a mono call's two voices were given the agent and customer roles: kept with the call, shown in Review
/// ("roles inferred (87 %)"), and swapped by a supervisor when wrong.
public struct InferredRoles: Codable, Sendable, Hashable {
    /// The diarization speaker (0: who spoke first, 1: the other) who is the agent.
    public var agentVoice: Int
    /// 0.5 (a guess) … 1.
    public var confidence: Double
    /// True once a supervisor swapped the roles the inference gave.
    public var swapped: Bool

    public init(agentVoice: Int, confidence: Double, swapped: Bool = false) {
        self.agentVoice = agentVoice
        self.confidence = confidence
        self.swapped = swapped
    }

    /// "roles inferred (87 %)", "roles swapped by a supervisor".
    public var label: String {
        swapped ? "roles swapped by a supervisor" : "roles inferred (\(Int((confidence * 100).rounded())) %)"
    }
}

extension RoleInference {
    /// Gives a diarized mono call's utterances their roles: `channel` carries each one's diarization speaker
    /// (0 or 1, as `Transcriber` writes them for a mono recording), the speaker becomes agent or customer, and
    /// the channel goes back to 0 (the recording's only one). Nil roles when the call is not a diarized mono one
    /// (stereo, or one voice): the utterances come back as they were.
    public static func assign(_ utterances: [Utterance], direction: String?,
                              analyzer: Analyzer) -> (utterances: [Utterance], roles: InferredRoles?) {
        // Mono recordings, and stereo files carrying one mixed signal twice (`Transcriber` transcribes those as mono).
        guard utterances.allSatisfy({ $0.speaker == .mixed }),
              utterances.contains(where: { $0.channel == 1 }) else { return (utterances, nil) }
        let roles = infer(utterances, speakers: utterances.map(\.channel), direction: direction, analyzer: analyzer)
        let relabelled = utterances.map { u -> Utterance in
            var u = u
            u.speaker = u.channel == roles.agent ? .agent : .customer
            u.channel = 0
            return u
        }
        return (relabelled, InferredRoles(agentVoice: roles.agent, confidence: roles.confidence))
    }
}
