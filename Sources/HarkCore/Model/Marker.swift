/// Whether a marker counts for or against the call.
public enum Polarity: String, Codable, Sendable, Hashable, CaseIterable {
    case negative
    case neutral
    case positive
}

/// How much a marker matters to a supervisor.
public enum Severity: Int, Codable, Sendable, Hashable, CaseIterable, Comparable {
    case info = 0
    case low = 1
    case medium = 2
    case high = 3

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A flagged moment in a call: what, who, when, and why it matters.
public struct Marker: Codable, Sendable, Hashable {
    public var kind: MarkerKind
    /// Dictionary category ("投诉", "refund"), language code, or a kind-specific label.
    public var category: String
    public var speaker: Speaker?
    /// Seconds from call start.
    public var start: Double
    public var end: Double
    /// The words that triggered it, if any.
    public var matchedText: String
    public var polarity: Polarity
    public var severity: Severity
    /// One sentence a supervisor can read.
    public var explanation: String
    /// The utterance (index in the call's time-ordered utterances) it belongs to, if any.
    public var utteranceIndex: Int?
    /// True when a negation word cancelled a keyword hit (kept as evidence, not counted).
    public var negated: Bool
    /// For a keyword heard by sound: what the recogniser wrote (击死了), where `matchedText` is the term it
    /// stands for (急死了). Nil when the term was recognised as written.
    public var heard: String?

    public init(kind: MarkerKind, category: String, speaker: Speaker? = nil, start: Double, end: Double,
                matchedText: String = "", polarity: Polarity = .neutral, severity: Severity = .info,
                explanation: String, utteranceIndex: Int? = nil, negated: Bool = false, heard: String? = nil) {
        self.kind = kind
        self.category = category
        self.speaker = speaker
        self.start = start
        self.end = end
        self.matchedText = matchedText
        self.polarity = polarity
        self.severity = severity
        self.explanation = explanation
        self.utteranceIndex = utteranceIndex
        self.negated = negated
        self.heard = heard
    }
}
