import HarkCore
import TOMLKit

/// Reads and writes keyword dictionaries in the TOML layout documented at the top of
/// `dictionaries/default.toml` (`[[category]]` tables with name, role, weight, color, terms, and the
/// optional speaker/order/dialect/term_weights).
///
/// Decoding validates what analysis relies on, so a bad file is refused with one line naming the file and
/// the problem instead of silently producing a dictionary that matches nothing.
public enum DictionaryTOML {
    /// Weights outside this range are refused; they would let one word swamp the whole score.
    public static let weightRange: ClosedRange<Double> = 0...10

    /// Why a dictionary file was refused. `description` reads `"SOURCE: problem"`.
    public struct DecodeError: Error, CustomStringConvertible, Equatable {
        public var source: String
        public var problem: String
        public var description: String { "\(source): \(problem)" }
    }

    /// Parses `toml` (the contents of `source`, used only in error messages) into a dictionary.
    public static func decode(_ toml: String, source: String) throws -> KeywordDictionary {
        func fail(_ problem: String) -> DecodeError { DecodeError(source: source, problem: problem) }
        let root = try TOMLText.parse(toml, source: source)
        guard let list = root["category"] else { throw fail("no [[category]] tables") }
        guard let tables = list.array else { throw fail("`category` must be an array of tables ([[category]])") }

        var categories: [KeywordCategory] = []
        var names = Set<String>()
        for (index, value) in tables.enumerated() {
            guard let table = value.table else { throw fail("category #\(index + 1) is not a table") }
            guard let name = table["name"]?.string?.trimmed, !name.isEmpty else {
                throw fail("category #\(index + 1) has no name")
            }
            let at = "category \"\(name)\""
            guard names.insert(name).inserted else { throw fail("duplicate \(at)") }
            guard let roleText = table["role"]?.string else { throw fail("\(at) has no role") }
            guard let role = CategoryRole(rawValue: roleText) else {
                let known = CategoryRole.allCases.map(\.rawValue).joined(separator: ", ")
                throw fail("\(at) has unknown role \"\(roleText)\" (expected one of: \(known))")
            }
            let weight = try number(table["weight"], default: 1, what: "\(at) weight", fail: fail)
            guard weightRange.contains(weight) else {
                throw fail("\(at) weight \(weight) is outside 0...10")
            }
            guard let termList = table["terms"]?.array else { throw fail("\(at) has no terms array") }
            var termWeights: [String: Double] = [:]
            if let extra = table["term_weights"] {
                guard let weights = extra.table else { throw fail("\(at) term_weights must be a table") }
                for key in weights.keys {
                    let w = try number(weights[key], default: 1, what: "\(at) term \"\(key)\" weight", fail: fail)
                    guard weightRange.contains(w) else {
                        throw fail("\(at) term \"\(key)\" weight \(w) is outside 0...10")
                    }
                    termWeights[key.lowercased()] = w
                }
            }
            var terms: [KeywordTerm] = []
            var seen = Set<String>()
            for (termIndex, termValue) in termList.enumerated() {
                guard let raw = termValue.string else { throw fail("\(at) term #\(termIndex + 1) is not a string") }
                // Terms are matched against lower-cased text, so they are stored lower-cased.
                let text = raw.trimmed.lowercased()
                guard !text.isEmpty else { throw fail("\(at) term #\(termIndex + 1) is empty") }
                guard seen.insert(text).inserted else { throw fail("\(at) has duplicate term \"\(text)\"") }
                terms.append(KeywordTerm(text, weight: termWeights[text] ?? 1))
            }
            for key in termWeights.keys where !seen.contains(key) {
                throw fail("\(at) term_weights names \"\(key)\", which is not one of its terms")
            }
            guard !terms.isEmpty else { throw fail("\(at) has no terms") }

            var speaker: Speaker?
            if let s = table["speaker"] {
                guard let text = s.string, let parsed = Speaker(rawValue: text) else {
                    throw fail("\(at) speaker must be one of: agent, customer, mixed")
                }
                speaker = parsed
            }
            var order: Int?
            if let o = table["order"] {
                guard let n = o.int else { throw fail("\(at) order must be an integer") }
                order = n
            }
            var dialect: String?
            if let d = table["dialect"] {
                guard let text = d.string?.trimmed, !text.isEmpty else {
                    throw fail("\(at) dialect must be a non-empty string")
                }
                dialect = text
            }
            if role == .dialect && dialect == nil { throw fail("\(at) is a dialect category without `dialect`") }
            var color: String?
            if let c = table["color"] {
                guard let text = c.string else { throw fail("\(at) color must be a string") }
                color = text
            }
            categories.append(KeywordCategory(name: name, role: role, weight: weight, color: color, terms: terms,
                                              speaker: speaker, order: order, dialect: dialect))
        }
        return KeywordDictionary(categories: categories)
    }

    /// Writes `d` in the documented layout; `decode(encode(d), source:)` gives back `d`.
    public static func encode(_ d: KeywordDictionary) -> String {
        var out = "# Hark keyword dictionary (layout: see dictionaries/default.toml).\nversion = 1\n"
        for category in d.categories {
            out += "\n[[category]]\n"
            out += "name = \(quoted(category.name))\n"
            out += "role = \(quoted(category.role.rawValue))\n"
            out += "weight = \(number(category.weight))\n"
            out += "color = \(quoted(category.color))\n"
            if let speaker = category.speaker { out += "speaker = \(quoted(speaker.rawValue))\n" }
            if let order = category.order { out += "order = \(order)\n" }
            if let dialect = category.dialect { out += "dialect = \(quoted(dialect))\n" }
            out += "terms = [\n"
            for term in category.terms { out += "  \(quoted(term.text)),\n" }
            out += "]\n"
            let weighted = category.terms.filter { $0.weight != 1 }
            if !weighted.isEmpty {
                out += "\n[category.term_weights]\n"
                for term in weighted { out += "\(quoted(term.text)) = \(number(term.weight))\n" }
            }
        }
        return out
    }

    // TOML integers and floats are both accepted where a weight is expected: `weight = 2` is natural to write.
    private static func number(_ value: TOMLValueConvertible?, default fallback: Double, what: String,
                               fail: (String) -> DecodeError) throws -> Double {
        guard let value else { return fallback }
        if let d = value.double, d.isFinite { return d }
        if let i = value.int { return Double(i) }
        throw fail("\(what) must be a number")
    }

    static func number(_ d: Double) -> String {
        // Always write a float literal so the type survives a round trip through other TOML tools.
        d == d.rounded() && abs(d) < 1e15 ? "\(Int(d)).0" : "\(d)"
    }

    static func quoted(_ s: String) -> String { TOMLText.quoted(s) }
}

private extension String {
    var trimmed: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
