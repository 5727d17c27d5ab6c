/// A QA lead's scorecard for one or more queues: what a call must contain, must not contain, and what each
/// item is worth.
///
/// Like the dictionary, forms are data the store versions; analysis evaluates them over each call's
/// `FormFacts`, so editing a form re-scores the archive without re-reading any text through the dictionary.
public struct QAForm: Codable, Sendable, Hashable {
    public var name: String
    /// Queues the form scores; "*" makes it the default form for every queue no other form names.
    public var queues: [String]
    public var items: [FormItem]

    public init(name: String, queues: [String], items: [FormItem]) {
        self.name = name
        self.queues = queues
        self.items = items
    }

    public var isDefault: Bool { queues.contains(FormSet.anyQueue) }
}

/// One line of a form: passes when its condition happens (`require`) or never happens (`forbid`).
public struct FormItem: Codable, Sendable, Hashable {
    public var id: String
    /// What people read; the id when the form gives none.
    public var title: String
    public var points: Double
    /// Failing it fails the whole call, whatever the points.
    public var critical: Bool
    public var check: FormCheck
    public var condition: FormCondition
    /// When set and it does not happen, the item is not applicable and leaves the normalised score.
    public var appliesIf: FormCondition?

    public init(id: String, title: String? = nil, points: Double, critical: Bool = false, check: FormCheck,
                condition: FormCondition, appliesIf: FormCondition? = nil) {
        self.id = id
        self.title = title ?? id
        self.points = points
        self.critical = critical
        self.check = check
        self.condition = condition
        self.appliesIf = appliesIf
    }
}

public enum FormCheck: String, Codable, Sendable, Hashable {
    /// Passes when the condition happens.
    case require
    /// Passes when the condition never happens.
    case forbid
}
