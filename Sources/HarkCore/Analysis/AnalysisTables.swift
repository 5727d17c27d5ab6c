/// What analysis derives from the dictionary and settings, built once per `Analyzer` rather than per call
/// (rescoring an archive analyses many calls with one dictionary).
struct AnalysisTables: Sendable {
    /// Lower-cased `settings.intentNegations`.
    let intent: Set<String>
    /// Language tags of the dictionary's dialect categories.
    let dialects: Set<String>
    /// Finds `settings.escalationPhrases`.
    let escalation: KeywordMatcher
    let score: KeywordWeights

    init(dictionary: KeywordDictionary, settings: AnalysisSettings) {
        intent = Set(settings.intentNegations.map { $0.lowercased() })
        dialects = Set(dictionary.categories.compactMap(\.dialect))
        let phrases = settings.escalationPhrases.map { $0.lowercased() }.filter { !$0.isEmpty }
        escalation = KeywordMatcher(dictionary: KeywordDictionary(categories: [
            KeywordCategory(name: "escalation", role: .business, terms: phrases.map { KeywordTerm($0) }),
        ]))
        score = KeywordWeights(dictionary)
    }
}

/// Category weight × term weight for a keyword marker, looked up by the marker's category and term.
public struct KeywordWeights: Sendable {
    private let categories: [String: Double]
    private let terms: [String: [String: Double]]

    public init(_ dictionary: KeywordDictionary) {
        var categories: [String: Double] = [:]
        var terms: [String: [String: Double]] = [:]
        for c in dictionary.categories {
            categories[c.name] = c.weight
            for t in c.terms where t.weight != 1 { terms[c.name, default: [:]][t.text] = t.weight }
        }
        self.categories = categories
        self.terms = terms
    }

    public func weight(category: String, term: String) -> Double {
        guard let cw = categories[category] else { return 1 }
        return cw * (terms[category]?[term] ?? 1)
    }
}
