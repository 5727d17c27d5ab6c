/// Turns a call's utterances into markers, a score with its evidence chain, and suggestions.
///
/// Pure and deterministic: the same utterances, dictionary and settings give the same analysis, which is
/// what makes rescoring the archive after a dictionary edit safe. Build one per dictionary (the keyword
/// automaton is compiled in `init`) and share it across threads.
public struct Analyzer: Sendable {
    /// The analysis this build does. Bump it whenever the same utterances and dictionary would give other
    /// markers, scores or suggestions (a new marker kind, a detector or scoring change): each stored call
    /// records the version it was analysed with, and the job runners re-analyse every call analysed by an older
    /// one (no speech recognition, a rescore job per call), so the archive catches up by itself.
    // 2: suggestions say times as the list and the player do ("3:12", not "03:12").
    // 3: compliance comes from the call's QA form (no "missing" marker for a phrase its queue does not
    //    require); the experience score no longer counts compliance; form facts are kept.
    public static let version = 3

    public let dictionary: KeywordDictionary
    public let settings: AnalysisSettings
    public let matcher: KeywordMatcher
    /// Scores each call against its queue's QA form; nil analyses without forms.
    public let forms: FormEvaluator?
    /// Everything derived from the dictionary and settings once, not per call.
    private let tables: AnalysisTables

    public init(dictionary: KeywordDictionary, settings: AnalysisSettings = .init(), forms: FormEvaluator? = nil) {
        self.dictionary = dictionary
        self.settings = settings
        self.forms = forms
        self.matcher = KeywordMatcher(dictionary: dictionary)
        self.tables = AnalysisTables(dictionary: dictionary, settings: settings, matcher: matcher)
    }

    /// Analyses one call. Utterances may come in any order; markers come back sorted by start time, and
    /// `Marker.utteranceIndex` points into the utterances sorted by start.
    public func analyze(_ utterances: [Utterance], duration: Double, context: FormContext = FormContext()) -> CallAnalysis {
        let sorted = Self.sortedByStart(utterances)
        let call = CallFacts(sorted, duration: duration, matcher: matcher, tables: tables, settings: settings)
        var markers: [Marker] = []
        markers.reserveCapacity(32)
        KeywordMarkers.add(call, to: &markers)
        EmotionMarkers.add(call, to: &markers)
        LanguageSegments.add(call, to: &markers)
        Prosody.add(call, to: &markers)
        Repetition.add(call, to: &markers)
        PIIMarkers.add(call, to: &markers)
        Resolution.add(call, to: &markers)
        // Stable: equal starts keep the order the detectors produced them in. Indices are sorted, not markers,
        // so each marker is moved once.
        let order = markers.indices.sorted {
            markers[$0].start != markers[$1].start ? markers[$0].start < markers[$1].start : $0 < $1
        }
        markers = order.map { markers[$0] }
        let score = Scorer.score(markers, weights: tables.score, settings: settings)
        let suggestions = Suggestions.make(markers, score: score, language: call.language, settings: settings)
        let facts = call.formFacts
        return CallAnalysis(markers: markers, score: score, suggestions: suggestions, facts: facts,
                            form: forms?.evaluate(facts, context: context), formsVersion: forms?.version)
    }

    /// Utterances ordered by start, ties kept in input order; every `utteranceIndex` refers to this order.
    public static func sortedByStart(_ utterances: [Utterance]) -> [Utterance] {
        var isSorted = true
        for i in utterances.indices.dropFirst() where utterances[i].start < utterances[i - 1].start {
            isSorted = false
            break
        }
        if isSorted { return utterances }
        let order = utterances.indices.sorted {
            utterances[$0].start != utterances[$1].start ? utterances[$0].start < utterances[$1].start : $0 < $1
        }
        return order.map { utterances[$0] }
    }
}
