/// Concrete, timed coaching advice from a call's markers, in the call's language, most important first
/// (then by time), at most `limit` lines. What each kind advises is declared with the kind (`MarkerKind.spec`).
public enum Suggestions {
    public static func make(_ markers: [Marker], score: Score, language: ReportLanguage,
                            settings: AnalysisSettings = .init(), limit: Int = 6) -> [String] {
        // Rank first, word only the few that are kept: a call can have dozens of markers.
        var candidates: [(priority: Int, at: Double, index: Int)] = []
        var tally = SuggestionTally(settings: settings)
        for (i, m) in markers.enumerated() {
            if let priority = m.kind.spec.advice?.priority(m, &tally) { candidates.append((priority, m.start, i)) }
        }
        candidates.sort { $0.priority != $1.priority ? $0.priority > $1.priority : $0.at < $1.at }
        var out: [String] = []
        for c in candidates where out.count < limit {
            guard let line = text(markers[c.index], language) else { continue }
            if !out.contains(line) { out.append(line) }
        }
        return out
    }

    /// The advice for one marker; nil for a kind that never gives any.
    static func text(_ m: Marker, _ lang: ReportLanguage) -> String? {
        m.kind.spec.advice?.text(m, lang)
    }
}

/// What advice a call has already been given, so one finding is not said twice.
struct SuggestionTally {
    let settings: AnalysisSettings
    /// A complaint-risk line was given.
    var complained = false
    /// Categories whose repetition was advised on.
    var repeated: [String] = []
}
