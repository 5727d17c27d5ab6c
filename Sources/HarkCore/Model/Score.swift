/// The overall feeling of a call, from its emotion evidence.
public enum EmotionTrend: String, Codable, Sendable, Hashable, CaseIterable {
    case positive
    case neutral
    case negative
}

/// One line of a score's evidence chain: points gained or lost, and the moment that caused it.
public struct ScoreEvidence: Codable, Sendable, Hashable {
    /// Positive adds to the score, negative subtracts.
    public var points: Double
    public var reason: String
    /// Index into the call's markers, when a marker caused it.
    public var markerIndex: Int?
    /// Seconds from call start the evidence points at.
    public var at: Double

    public init(points: Double, reason: String, markerIndex: Int? = nil, at: Double) {
        self.points = points
        self.reason = reason
        self.markerIndex = markerIndex
        self.at = at
    }
}

/// A call's 0–100 quality score; `base + sum(evidence.points)`, clamped, equals `value`.
public struct Score: Codable, Sendable, Hashable {
    public var value: Double
    public var base: Double
    public var evidence: [ScoreEvidence]
    public var trend: EmotionTrend
    /// Raised for supervisor alerts (e.g. a formal complaint).
    public var risk: Bool
    /// First-contact resolution heuristic: problem stated, resolved, confirmed.
    public var resolved: Bool

    public init(value: Double, base: Double, evidence: [ScoreEvidence], trend: EmotionTrend,
                risk: Bool, resolved: Bool) {
        self.value = value
        self.base = base
        self.evidence = evidence
        self.trend = trend
        self.risk = risk
        self.resolved = resolved
    }
}
