/// Masks personal data in text for reports and exports.
///
/// What stays visible is what a supervisor needs to tell two numbers apart and nothing more: a phone keeps
/// its first 3 and last 4 digits (138****5678, the usual Chinese convention), IDs and cards keep their last 4,
/// an e-mail keeps the first letter and the domain. Spaces and hyphens inside numbers are kept.
public enum Redactor {
    /// `text` with every `PIIDetector` match masked.
    public static func redact(_ text: String) -> String {
        let matches = PIIDetector.find(in: text)
        guard !matches.isEmpty else { return text }
        var scalars = Array(text.unicodeScalars)
        for m in matches { mask(&scalars, m) }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars)
        return String(out)
    }

    /// The masked form of one match's text, as markers show it.
    public static func masked(_ text: String, kind: PIIKind) -> String {
        var scalars = Array(text.unicodeScalars)
        mask(&scalars, PIIMatch(kind: kind, range: 0..<scalars.count))
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars)
        return String(out)
    }

    private static func mask(_ s: inout [Unicode.Scalar], _ m: PIIMatch) {
        switch m.kind {
        case .email:
            guard let at = s[m.range].firstIndex(of: "@") else { return }
            for k in m.range.lowerBound + 1..<at { s[k] = "*" }
        case .phone, .idCard, .bankCard:
            // Positions of the characters that carry the number (digits and a trailing X).
            let positions = m.range.filter { PIIDetector.digit(s[$0]) != nil || s[$0] == "x" || s[$0] == "X" }
            var keepHead = m.kind == .phone ? 3 : 0
            if m.kind == .phone, positions.count == 13 { keepHead = 5 } // "+86" prefix digits stay too
            let keepTail = 4
            for (n, k) in positions.enumerated() where n >= keepHead && n < positions.count - keepTail {
                s[k] = "*"
            }
        }
    }
}
