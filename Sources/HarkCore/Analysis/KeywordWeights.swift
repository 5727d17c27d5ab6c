/// Category weight × term weight for a keyword marker, looked up by the marker's category and term.
public struct KeywordWeights: Sendable {
    private let categories: [String: Double]
    private let terms: [String: [String: Double]]

    public init(_ dictionary: KeywordDictionary) {
        var categories: [String: Double] = [:]
        var terms: [String: [String: Double]] = [:]
        for c in dictionary.categories {
            categories[c.name] = c.weight
            for t in c.terms where t.weight != 1 { terms[c.name, default: [:]][t.text] = t.weight }
        }
        self.categories = categories
        self.terms = terms
    }

    public func weight(category: String, term: String) -> Double {
        guard let cw = categories[category] else { return 1 }
        return cw * (terms[category]?[term] ?? 1)
    }
}
