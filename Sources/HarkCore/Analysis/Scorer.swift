/// Scores a call from its markers: `base + Σ evidence.points`, clamped to 0…100, where every point gained or
/// lost is one `ScoreEvidence` pointing at the marker (and time) that earned it.
///
/// Works from markers alone (plus the dictionary for keyword weights), so a stored analysis can be re-scored
/// with new weights without re-running detection.
public enum Scorer {
    public static func score(_ markers: [Marker], dictionary: KeywordDictionary,
                             settings: AnalysisSettings = .init()) -> Score {
        score(markers, weights: KeywordWeights(dictionary), settings: settings)
    }

    /// Scores with keyword weights prepared once (`KeywordWeights(dictionary)`), for rescoring many calls.
    public static func score(_ markers: [Marker], weights table: KeywordWeights,
                             settings: AnalysisSettings = .init()) -> Score {
        let w = settings.weights
        func keywordWeight(_ m: Marker) -> Double {
            table.weight(category: m.category, term: m.matchedText) * (m.heard == nil ? 1 : settings.phoneticWeight)
        }
        let hasCustomer = markers.contains { $0.speaker == .customer }
        func customerSide(_ s: Speaker?) -> Bool { s == .customer || (s == .mixed && !hasCustomer) || s == nil }
        let hasSlow = markers.contains { $0.kind == .slowResponse }

        var evidence: [ScoreEvidence] = []
        var keywordLoss = 0.0, keywordGain = 0.0
        var negativeHits = 0
        var risk = false
        var mood = 0.0
        let lastThird = markers.reduce(0) { max($0, $1.end) } * 2 / 3

        for (i, m) in markers.enumerated() {
            var points = 0.0
            var reason = m.explanation
            switch m.kind {
            case .keyword where !m.negated && customerSide(m.speaker):
                if m.polarity == .negative {
                    negativeHits += 1
                    if settings.riskCategories.contains(m.category) { risk = true }
                    let p = min(w.negativeKeyword * keywordWeight(m), w.maxKeywordLoss - keywordLoss)
                    keywordLoss += max(0, p)
                    points = -max(0, p)
                    mood -= m.start >= lastThird ? 2 : 1
                } else if m.polarity == .positive {
                    let p = min(w.positiveKeyword * keywordWeight(m), w.maxKeywordGain - keywordGain)
                    keywordGain += max(0, p)
                    points = max(0, p)
                    mood += m.start >= lastThird ? 2 : 1
                }
            case .emotion:
                if m.polarity == .negative {
                    points = -w.negativeEmotion
                    if m.speaker != .agent { mood -= m.start >= lastThird ? 2 : 1 }
                } else if m.polarity == .positive {
                    points = w.positiveEmotion
                    if m.speaker != .agent { mood += m.start >= lastThird ? 2 : 1 }
                }
            case .silence:
                // A gap already charged as a slow response is not charged twice.
                if !hasSlow || !markers.contains(where: { $0.kind == .slowResponse && $0.start < m.end && m.start < $0.end }) {
                    points = -w.longSilence
                }
            case .slowResponse:
                points = -w.slowResponse
            case .overtalk where m.speaker == .agent:
                points = -w.agentOvertalk
            case .speechRate where m.speaker == .agent:
                points = -w.agentSpeechRate
            case .repetition:
                points = -w.repetitionBurst
            case .compliance:
                if m.polarity == .positive { points = w.compliancePresent }
                else if m.isMissingCompliance { points = -w.complianceMissing }
                else { points = -w.complianceOutOfOrder }
            case .pii where m.polarity == .negative:
                points = -w.agentPII
            case .resolution where m.category == "resolved":
                points = w.resolved
                reason = m.explanation
            default:
                break
            }
            if points != 0 {
                evidence.append(ScoreEvidence(points: points, reason: reason, markerIndex: i, at: m.start))
            }
        }
        if negativeHits >= settings.riskNegativeHits { risk = true }
        let total = w.base + evidence.reduce(0) { $0 + $1.points }
        let value = min(100, max(0, total))
        let trend: EmotionTrend = mood >= 1 ? .positive : mood <= -1 ? .negative : .neutral
        let resolved = markers.contains { $0.kind == .resolution && $0.category == "resolved" }
        return Score(value: value, base: w.base, evidence: evidence, trend: trend, risk: risk, resolved: resolved)
    }
}
