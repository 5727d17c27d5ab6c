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
    /// Indices of the compliance categories this queue requires, and the highest `order` among them.
    let compliance: [Int]
    let closingOrder: Int?
    /// Finds the dictionary's terms by sound (nil when `settings.phoneticMatching` is off).
    let phonetic: KeywordMatcher?

    init(dictionary: KeywordDictionary, settings: AnalysisSettings, matcher: KeywordMatcher) {
        phonetic = settings.phoneticMatching.map { KeywordMatcher.phonetic(matcher, closeness: $0) }
        intent = Set(settings.intentNegations.map { $0.lowercased() })
        dialects = Set(dictionary.categories.compactMap(\.dialect))
        let phrases = settings.escalationPhrases.map { $0.lowercased() }.filter { !$0.isEmpty }
        escalation = KeywordMatcher(dictionary: KeywordDictionary(categories: [
            KeywordCategory(name: "escalation", role: .business, terms: phrases.map { KeywordTerm($0) }),
        ]))
        score = KeywordWeights(dictionary)
        let required = settings.requiredCompliance.map(Set.init)
        compliance = dictionary.categories.indices.filter {
            dictionary.categories[$0].role == .compliance && (required?.contains(dictionary.categories[$0].name) ?? true)
        }
        closingOrder = compliance.compactMap { dictionary.categories[$0].order }.max()
    }
}
