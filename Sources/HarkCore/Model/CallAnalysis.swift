/// Everything analysis produces for one call: its markers, the experience score built on them, and its QA
/// form's result.
public struct CallAnalysis: Codable, Sendable, Hashable {
    public var markers: [Marker]
    /// The experience score: the customer's side of the call (feelings, complaints, silences, waits,
    /// interruptions, resolution), every point pointing at a marker.
    public var score: Score
    /// Concrete, timed advice in the call's language.
    public var suggestions: [String]
    /// What the forms need to score the call again without re-analysis.
    public var facts: FormFacts?
    /// The call against its queue's QA form; nil when no form applies.
    public var form: FormResult?
    /// The form set version it was evaluated against; nil when no forms were given to the analyser.
    public var formsVersion: Int?
    /// For a mono call whose voices were told apart: how the roles were given (nil: kept as stored).
    public var roles: InferredRoles?

    public init(markers: [Marker], score: Score, suggestions: [String], facts: FormFacts? = nil,
                form: FormResult? = nil, formsVersion: Int? = nil) {
        self.markers = markers
        self.score = score
        self.suggestions = suggestions
        self.facts = facts
        self.form = form
        self.formsVersion = formsVersion ?? form?.version
    }

    /// The call's score as lists and dashboards show it: its form's, or the experience score when no form
    /// item applied.
    public var headline: Double { form?.score ?? score.value }
}
