/// How much a call is worth a coaching conversation: low scores, risk, and issues the agent repeats across
/// calls rank first. Used to order an agent's calls on the coaching screen and in reports.
public enum CoachingValue {
    /// Whether a marker counts against the agent: negative and not cancelled by a negation.
    public static func isIssue(_ marker: Marker) -> Bool { !marker.negated && marker.polarity == .negative }

    /// What a finding is called in rankings and reports: its keyword category, else its marker kind.
    public static func topic(of marker: Marker) -> String { marker.kind == .keyword ? marker.category : marker.kind.rawValue }

    /// A call's issues by name, as `Input.issues` wants them.
    public static func issues(in markers: [Marker]) -> [String] { markers.filter(isIssue).map(topic(of:)) }

    /// One call's inputs to the ranking.
    public struct Input: Sendable, Hashable {
        public var callID: CallID
        public var score: Double?
        public var risk: Bool
        /// Negative (counted, not negated) marker categories of the call, e.g. ["投诉", "slow_response"].
        public var issues: [String]

        public init(callID: CallID, score: Double?, risk: Bool, issues: [String]) {
            self.callID = callID
            self.score = score
            self.risk = risk
            self.issues = issues
        }
    }

    /// Call ids, most valuable first, with the value (higher = more to coach).
    public static func rank(_ calls: [Input]) -> [(callID: CallID, value: Double)] {
        // An issue seen in many of the agent's calls is a habit, worth more than a one-off.
        var callsWithIssue: [String: Int] = [:]
        for call in calls { for issue in Set(call.issues) { callsWithIssue[issue, default: 0] += 1 } }
        return calls.map { call in
            let scoreGap = 100 - (call.score ?? 100)
            let repeated = Set(call.issues).reduce(0.0) { $0 + Double(max(0, (callsWithIssue[$1] ?? 0) - 1)) * 5 }
            let value = scoreGap + (call.risk ? 25 : 0) + Double(call.issues.count) * 2 + repeated
            return (call.callID, value)
        }.sorted { $0.value != $1.value ? $0.value > $1.value : $0.callID < $1.callID }
    }
}
