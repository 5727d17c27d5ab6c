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
    /// The highest `order` among the compliance categories: the closing phrase, whose hit in the agent's
    /// opening ("Thank you for calling…") is not a closing.
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
        closingOrder = dictionary.categories.filter { $0.role == .compliance }.compactMap(\.order).max()
    }
}
