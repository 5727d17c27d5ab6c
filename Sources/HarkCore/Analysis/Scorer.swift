/// Scores a call from its markers: `base + Σ evidence.points`, clamped to 0…100, where every point gained or
/// lost is one `ScoreEvidence` pointing at the marker (and time) that earned it.
///
/// Works from markers alone (plus the dictionary for keyword weights), so a stored analysis can be re-scored
/// with new weights without re-running detection. What each kind is worth is declared with the kind
/// (`MarkerKind.spec`).
public enum Scorer {
    public static func score(_ markers: [Marker], dictionary: KeywordDictionary,
                             settings: AnalysisSettings = .init()) -> Score {
        score(markers, weights: KeywordWeights(dictionary), settings: settings)
    }

    /// Scores with keyword weights prepared once (`KeywordWeights(dictionary)`), for rescoring many calls.
    public static func score(_ markers: [Marker], weights table: KeywordWeights,
                             settings: AnalysisSettings = .init()) -> Score {
        var tally = ScoreTally(markers, table: table, settings: settings)
        var evidence: [ScoreEvidence] = []
        for (i, m) in markers.enumerated() {
            let points = m.kind.spec.points(m, &tally)
            if points != 0 {
                evidence.append(ScoreEvidence(points: points, reason: m.explanation, markerIndex: i, at: m.start))
            }
        }
        if tally.negativeHits >= settings.riskNegativeHits { tally.risk = true }
        let base = settings.weights.base
        let value = min(100, max(0, base + evidence.reduce(0) { $0 + $1.points }))
        let trend: EmotionTrend = tally.mood >= 1 ? .positive : tally.mood <= -1 ? .negative : .neutral
        let resolved = markers.contains { $0.kind == .resolution && $0.category == "resolved" }
        return Score(value: value, base: base, evidence: evidence, trend: trend, risk: tally.risk, resolved: resolved)
    }
}

/// What scoring one call counts across its markers: keyword points are capped per call, risk and the
/// emotional trend build up over the call.
struct ScoreTally {
    let settings: AnalysisSettings
    let table: KeywordWeights
    let markers: [Marker]
    /// When a call has no customer channel, the mixed (or unknown) speaker stands for the customer.
    let hasCustomer: Bool
    let hasSlow: Bool
    /// Feelings in the last third of the call count double towards its trend: how it ended matters most.
    let lastThird: Double
    var keywordLoss = 0.0
    var keywordGain = 0.0
    var negativeHits = 0
    var risk = false
    var mood = 0.0

    init(_ markers: [Marker], table: KeywordWeights, settings: AnalysisSettings) {
        self.settings = settings
        self.table = table
        self.markers = markers
        hasCustomer = markers.contains { $0.speaker == .customer }
        hasSlow = markers.contains { $0.kind == .slowResponse }
        lastThird = markers.reduce(0) { max($0, $1.end) } * 2 / 3
    }

    func keywordWeight(_ m: Marker) -> Double {
        table.weight(category: m.category, term: m.matchedText) * (m.heard == nil ? 1 : settings.phoneticWeight)
    }

    func customerSide(_ s: Speaker?) -> Bool { s == .customer || (s == .mixed && !hasCustomer) || s == nil }

    func overlapsSlowResponse(_ m: Marker) -> Bool {
        hasSlow && markers.contains { $0.kind == .slowResponse && $0.start < m.end && m.start < $0.end }
    }

    mutating func moodSwing(_ m: Marker, by sign: Double) {
        mood += sign * (m.start >= lastThird ? 2 : 1)
    }
}
