/// Turns a call's utterances into markers, a score with its evidence chain, and suggestions.
///
/// Pure and deterministic: the same utterances, dictionary and settings give the same analysis, which is
/// what makes rescoring the archive after a dictionary edit safe. Build one per dictionary (the keyword
/// automaton is compiled in `init`) and share it across threads.
public struct Analyzer: Sendable {
    public let dictionary: KeywordDictionary
    public let settings: AnalysisSettings
    public let matcher: KeywordMatcher
    /// Everything derived from the dictionary and settings once, not per call.
    private let tables: AnalysisTables

    public init(dictionary: KeywordDictionary, settings: AnalysisSettings = .init()) {
        self.dictionary = dictionary
        self.settings = settings
        self.matcher = KeywordMatcher(dictionary: dictionary)
        self.tables = AnalysisTables(dictionary: dictionary, settings: settings)
    }

    /// Analyses one call. Utterances may come in any order; markers come back sorted by start time, and
    /// `Marker.utteranceIndex` points into the utterances sorted by start.
    public func analyze(_ utterances: [Utterance], duration: Double) -> CallAnalysis {
        let sorted = Self.sortedByStart(utterances)
        let call = CallFacts(sorted, duration: duration, matcher: matcher, tables: tables, settings: settings)
        var markers: [Marker] = []
        markers.reserveCapacity(32)
        KeywordMarkers.add(call, to: &markers)
        EmotionMarkers.add(call, to: &markers)
        LanguageSegments.add(call, to: &markers)
        Prosody.add(call, to: &markers)
        Repetition.add(call, to: &markers)
        Compliance.add(call, to: &markers)
        PIIMarkers.add(call, to: &markers)
        Resolution.add(call, to: &markers)
        // Stable: equal starts keep the order the detectors produced them in.
        markers = markers.enumerated().sorted {
            $0.element.start != $1.element.start ? $0.element.start < $1.element.start : $0.offset < $1.offset
        }.map(\.element)
        let score = Scorer.score(markers, weights: tables.score, settings: settings)
        let suggestions = Suggestions.make(markers, score: score, language: call.language, settings: settings)
        return CallAnalysis(markers: markers, score: score, suggestions: suggestions)
    }

    /// Utterances ordered by start, ties kept in input order; every `utteranceIndex` refers to this order.
    public static func sortedByStart(_ utterances: [Utterance]) -> [Utterance] {
        var isSorted = true
        for i in utterances.indices.dropFirst() where utterances[i].start < utterances[i - 1].start {
            isSorted = false
            break
        }
        if isSorted { return utterances }
        return utterances.enumerated().sorted {
            $0.element.start != $1.element.start ? $0.element.start < $1.element.start : $0.offset < $1.offset
        }.map(\.element)
    }
}
