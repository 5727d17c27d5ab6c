/// What an item looks for in a call: one thing that can happen (a phrase, a silence, a slow answer, overtalk,
/// a speech rate, a call property), narrowed by who, when and how often, and combined with others by
/// `all` / `any`.
///
/// A condition "happens" at a moment: the first time everything it asks for holds. That moment is what
/// the item's result points at, and what another item's `before` / `after` compares with.
public struct FormCondition: Codable, Sendable, Hashable {
    // MARK: What (at most one of these groups per table)

    /// A dictionary category's terms (with its sound-alike matching and negation).
    public var category: String?
    /// Literal phrases, matched as written with negation (不保证收益 is not a promise).
    public var terms: [String]?
    /// A regular expression over an utterance's normalised (lower-case, Simplified) text.
    public var regex: String?
    /// An utterance matching this does not count, even when `regex` / `terms` / `category` match it.
    public var notRegex: String?
    /// Nobody speaking for longer than this (seconds).
    public var silenceOver: Double?
    /// The agent answering a customer turn later than this (seconds).
    public var slowResponseOver: Double?
    /// Both sides speaking at once for longer than this (seconds); `role` is who started talking over.
    public var overtalkOver: Double?
    /// An utterance faster / slower than this many characters (Chinese) or words (English) per minute.
    public var rateOver: Double?
    public var rateUnder: Double?
    /// Call properties: the recording's direction ("inbound", "outbound") and main language ("zh", "en").
    public var direction: String?
    public var language: String?

    // MARK: Narrowing

    public var role: FormRole?
    /// Starts within the first N seconds / ends within the last N seconds (or percent of the call).
    public var first: Double?
    public var last: Double?
    public var firstPct: Double?
    public var lastPct: Double?
    /// Happens before / after the moment another item's condition happened (by item id).
    public var before: String?
    public var after: String?
    /// At least this many occurrences; the condition happens at the N-th.
    public var minCount: Int?

    // MARK: Combining

    /// Every one of these happens too; the condition happens when the last of them has.
    public var all: [FormCondition]?
    /// At least one of these happens; the condition happens when the first of them does.
    public var any: [FormCondition]?

    public init(category: String? = nil, terms: [String]? = nil, regex: String? = nil, notRegex: String? = nil,
                silenceOver: Double? = nil, slowResponseOver: Double? = nil, overtalkOver: Double? = nil,
                rateOver: Double? = nil, rateUnder: Double? = nil, direction: String? = nil, language: String? = nil,
                role: FormRole? = nil, first: Double? = nil, last: Double? = nil, firstPct: Double? = nil,
                lastPct: Double? = nil, before: String? = nil, after: String? = nil, minCount: Int? = nil,
                all: [FormCondition]? = nil, any: [FormCondition]? = nil) {
        self.category = category
        self.terms = terms
        self.regex = regex
        self.notRegex = notRegex
        self.silenceOver = silenceOver
        self.slowResponseOver = slowResponseOver
        self.overtalkOver = overtalkOver
        self.rateOver = rateOver
        self.rateUnder = rateUnder
        self.direction = direction
        self.language = language
        self.role = role
        self.first = first
        self.last = last
        self.firstPct = firstPct
        self.lastPct = lastPct
        self.before = before
        self.after = after
        self.minCount = minCount
        self.all = all
        self.any = any
    }

    /// Whether this table itself tests something (evaluation asks this per call; `tested` names them).
    var testsSomething: Bool {
        category != nil || terms != nil || regex != nil || silenceOver != nil || slowResponseOver != nil
            || overtalkOver != nil || rateOver != nil || rateUnder != nil || direction != nil || language != nil
    }

    /// The kinds of thing this table itself tests (not its `all` / `any`), for validation.
    var tested: [String] {
        var out: [String] = []
        if category != nil || terms != nil || regex != nil {
            out.append([category.map { _ in "category" }, terms.map { _ in "terms" }, regex.map { _ in "regex" }]
                .compactMap { $0 }.joined(separator: "+"))
        }
        if silenceOver != nil { out.append("silence_over") }
        if slowResponseOver != nil { out.append("slow_response_over") }
        if overtalkOver != nil { out.append("overtalk_over") }
        if rateOver != nil || rateUnder != nil { out.append("rate_over/rate_under") }
        if direction != nil || language != nil { out.append("direction/language") }
        return out
    }

    /// Item ids this condition (and everything inside it) refers to.
    var references: [String] {
        [before, after].compactMap { $0 } + (all ?? []).flatMap(\.references) + (any ?? []).flatMap(\.references)
    }

    /// Categories this condition (and everything inside it) uses.
    var categories: [String] {
        [category].compactMap { $0 } + (all ?? []).flatMap(\.categories) + (any ?? []).flatMap(\.categories)
    }
}

/// Whose speech a condition looks at. A mono recording's single speaker counts as either side.
public enum FormRole: String, Codable, Sendable, Hashable, CaseIterable {
    case agent
    case customer
    case any
}
