import HarkCore

/// The text forms behind full-text search.
///
/// FTS5's `unicode61` tokenizer keeps a run of Han characters as one token, and `trigram` cannot find
/// queries shorter than three characters. Spacing every CJK character makes each one a token; a query
/// spaced the same way and sent as a phrase then finds Chinese of any length in order, and English words
/// stay whole words.
public enum SearchText {
    /// The indexed form of normalised text: CJK characters separated by spaces.
    public static func indexForm(_ normalized: String) -> String {
        var out = String.UnicodeScalarView()
        out.reserveCapacity(normalized.unicodeScalars.count * 2)
        for scalar in normalized.unicodeScalars {
            if CJK.isUnspaced(scalar) {
                out.append(" ")
                out.append(scalar)
                out.append(" ")
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// An FTS5 MATCH expression for a normalised query: each whitespace-separated part becomes a quoted
    /// phrase, and all parts must occur. Nil when the query has nothing searchable.
    public static func matchExpression(_ normalizedQuery: String) -> String? {
        let phrases = normalizedQuery.split(whereSeparator: \.isWhitespace).compactMap { part -> String? in
            let tokens = indexForm(String(part))
                .split { !$0.isLetter && !$0.isNumber }
                .map(String.init)
            guard !tokens.isEmpty else { return nil }
            return "\"" + tokens.joined(separator: " ") + "\""
        }
        return phrases.isEmpty ? nil : phrases.joined(separator: " AND ")
    }
}
