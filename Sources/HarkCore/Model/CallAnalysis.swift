/// Everything analysis produces for one call: its markers and the score built on them.
public struct CallAnalysis: Codable, Sendable, Hashable {
    public var markers: [Marker]
    public var score: Score
    /// Concrete, timed advice in the call's language.
    public var suggestions: [String]

    public init(markers: [Marker], score: Score, suggestions: [String]) {
        self.markers = markers
        self.score = score
        self.suggestions = suggestions
    }
}
