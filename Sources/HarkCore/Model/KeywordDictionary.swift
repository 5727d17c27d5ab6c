/// What a dictionary category means to analysis.
public enum CategoryRole: String, Codable, Sendable, Hashable, CaseIterable {
    case negative
    case positive
    case business
    /// Phrases the agent must say.
    case compliance
    /// Words that cancel a following keyword (没有不满意).
    case negation
    /// Cue words of a dialect (Cantonese 唔该, Sichuanese 巴适).
    case dialect
}

/// One term of a category. `weight` scales the category's weight for this term.
public struct KeywordTerm: Codable, Sendable, Hashable {
    public var text: String
    public var weight: Double

    public init(_ text: String, weight: Double = 1) {
        self.text = text
        self.weight = weight
    }
}

/// A named group of terms with a role, a weight, and the theme colour it is shown in.
public struct KeywordCategory: Codable, Sendable, Hashable {
    public var name: String
    public var role: CategoryRole
    public var weight: Double
    /// Theme colour role name ("negative", "positive", "business", ...).
    public var color: String
    public var terms: [KeywordTerm]
    /// Compliance only: which speaker must say it, and the order it should come in (lower first).
    public var speaker: Speaker?
    public var order: Int?
    /// Dialect only: the language tag shown for it ("yue", "sichuan").
    public var dialect: String?

    public init(name: String, role: CategoryRole, weight: Double = 1, color: String? = nil,
                terms: [KeywordTerm], speaker: Speaker? = nil, order: Int? = nil, dialect: String? = nil) {
        self.name = name
        self.role = role
        self.weight = weight
        self.color = color ?? role.rawValue
        self.terms = terms
        self.speaker = speaker
        self.order = order
        self.dialect = dialect
    }
}

/// The whole editable keyword dictionary.
public struct KeywordDictionary: Codable, Sendable, Hashable {
    public var categories: [KeywordCategory]

    public init(categories: [KeywordCategory]) {
        self.categories = categories
    }

    public func categories(withRole role: CategoryRole) -> [KeywordCategory] {
        categories.filter { $0.role == role }
    }
}
