/// What form evaluation needs from one analysed call, kept in the store beside its analysis so a form edit
/// re-scores the archive from these alone: no transcript reading, no dictionary matching, no re-analysis.
///
/// Built by `Analyzer` from the same pass that makes the markers, so a form scores a call identically whether
/// it ran with the analysis or later over the stored facts.
public struct FormFacts: Codable, Sendable, Hashable {
    public struct Turn: Codable, Sendable, Hashable {
        public var speaker: Speaker
        public var start: Double
        public var end: Double
        /// Han characters and words in the text: speech rate is per character in Chinese, per word otherwise.
        public var han: Int
        public var words: Int
        /// The normalised text (lower case, Simplified), for `terms` and `regex`.
        public var text: String

        public init(speaker: Speaker, start: Double, end: Double, han: Int, words: Int, text: String) {
            self.speaker = speaker
            self.start = start
            self.end = end
            self.han = han
            self.words = words
            self.text = text
        }

        /// Characters (Chinese) or words per minute, when the turn is long enough to judge.
        func rate(_ settings: AnalysisSettings) -> (rate: Double, chinese: Bool)? {
            SpeechRate.perMinute(han: han, words: words, duration: end - start, settings: settings)
        }
    }

    /// A dictionary term heard (not negated) in a turn.
    public struct Hit: Codable, Sendable, Hashable {
        /// Index into `categories`.
        public var category: Int
        public var turn: Int
        public var start: Double
        public var end: Double
        /// The term it stands for.
        public var term: String

        public init(category: Int, turn: Int, start: Double, end: Double, term: String) {
            self.category = category
            self.turn = turn
            self.start = start
            self.end = end
            self.term = term
        }
    }

    public var duration: Double
    /// The call's main language ("zh", "en").
    public var language: String
    /// Turns in time order (the order `Marker.utteranceIndex` counts).
    public var turns: [Turn]
    public var categories: [String]
    /// In time order.
    public var hits: [Hit]

    public init(duration: Double, language: String, turns: [Turn], categories: [String], hits: [Hit]) {
        self.duration = duration
        self.language = language
        self.turns = turns
        self.categories = categories
        self.hits = hits
    }
}

/// What a form knows about a call besides its facts: the metadata it was imported with.
public struct FormContext: Sendable, Hashable {
    public var queue: String?
    public var direction: String?

    public init(queue: String? = nil, direction: String? = nil) {
        self.queue = queue
        self.direction = direction
    }
}
