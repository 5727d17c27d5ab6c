/// How a call did against its form: a normalised score, pass/fail, and every item's result with the moment
/// that decided it.
public struct FormResult: Codable, Sendable, Hashable {
    public var form: String
    /// The store's form version it was evaluated with (0 for a form that was never saved).
    public var version: Int
    /// 100 × points of passed items / points of applicable items; nil when no item applied.
    public var score: Double?
    /// False when a critical item failed.
    public var passed: Bool
    public var items: [FormItemResult]

    public init(form: String, version: Int, score: Double?, passed: Bool, items: [FormItemResult]) {
        self.form = form
        self.version = version
        self.score = score
        self.passed = passed
        self.items = items
    }

    // Reports write `name` and each item's `result`, the words a QA lead uses.
    enum CodingKeys: String, CodingKey {
        case form = "name", version, score, passed, items
    }
}

public enum FormOutcome: String, Codable, Sendable, Hashable, CaseIterable {
    case passed
    case failed
    /// Not applicable: its `applies_if` did not happen.
    case na
}

public struct FormItemResult: Codable, Sendable, Hashable {
    public var id: String
    public var title: String
    public var points: Double
    public var critical: Bool
    public var outcome: FormOutcome
    /// The moment that decided it (the phrase said, the silence heard), nil when the deciding thing never
    /// happened ("never said", "no silence over 15 s").
    public var at: Double?
    public var end: Double?
    /// The turn (index in time order) it points at, when one.
    public var turn: Int?
    /// What was found there, as the recogniser wrote it or measured ("您好", "18.2 s").
    public var evidence: String

    enum CodingKeys: String, CodingKey {
        case id, title, points, critical, outcome = "result", at, end, turn, evidence
    }

    /// "passed at 0:12 (您好)", "failed: never happened", "n/a".
    public var summary: String {
        switch outcome {
        case .na: return "n/a"
        case .passed, .failed:
            let word = outcome == .passed ? "passed" : "failed"
            // Nothing decided it: a required thing never happened, or a forbidden one never did.
            guard let at else { return "\(word): never happened" }
            return "\(word) at \(Format.duration(at))" + (evidence.isEmpty ? "" : " (\(evidence))")
        }
    }

    public init(id: String, title: String, points: Double, critical: Bool, outcome: FormOutcome, at: Double?,
                end: Double?, turn: Int?, evidence: String) {
        self.id = id
        self.title = title
        self.points = points
        self.critical = critical
        self.outcome = outcome
        self.at = at
        self.end = end
        self.turn = turn
        self.evidence = evidence
    }
}
