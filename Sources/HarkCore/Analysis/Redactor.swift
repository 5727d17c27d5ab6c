/// Masks personal data in text for reports and exports: every span `PIIDetector.maskable` finds, so a number
/// the recogniser got one digit wrong is hidden as surely as a valid one.
///
/// What stays visible is what a supervisor needs to tell two numbers apart and nothing more: a phone keeps
/// its first 3 and last 4 digits (138****5678, the usual Chinese convention), other numbers their last 4,
/// an e-mail address its first letter and its domain. Separators inside numbers are kept.
public enum Redactor {
    /// `text` with every maskable span masked.
    public static func redact(_ text: String) -> String {
        let matches = PIIDetector.maskable(in: text)
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
            let user = m.range.lowerBound..<userEnd(s, m.range)
            // Written, the whole user name goes; spoken, its words (the spaces between them stay).
            let written = s[m.range].contains("@")
            for k in user.dropFirst() where written || PIIDetector.isASCIIAlnum(s[k]) { s[k] = "*" }
        case .phone, .idCard, .bankCard, .account, .number:
            // Positions of the characters that carry the number (digits and a trailing X).
            let positions = m.range.filter { PIIDetector.digit(s[$0]) != nil || s[$0] == "x" || s[$0] == "X" }
            var keepHead = m.kind == .phone && positions.count >= 10 ? 3 : 0
            if m.kind == .phone, positions.count == 13 { keepHead = 5 } // "+86" prefix digits stay too
            // Short numbers masked for their cue (a 4-digit code) keep nothing.
            let keepTail = positions.count >= 8 ? 4 : 0
            for (n, k) in positions.enumerated() where n >= keepHead && n < positions.count - keepTail {
                s[k] = "*"
            }
        }
    }

    /// Where an address's user name ends: at '@', at the spoken "at" / 艾特, else before its domain.
    private static func userEnd(_ s: [Unicode.Scalar], _ r: Range<Int>) -> Int {
        if let at = s[r].firstIndex(of: "@") { return at }
        let tokens = SpokenEmail.tokenize(Array(s[r]))
        if let at = tokens.lastIndex(where: { $0.text == "at" || $0.text == "艾特" }) {
            return r.lowerBound + tokens[at].range.lowerBound
        }
        // No "at": hide everything but the top-level domain.
        if let dot = tokens.lastIndex(where: { $0.text == "." || $0.text == "dot" }) {
            return r.lowerBound + tokens[dot].range.lowerBound
        }
        return r.upperBound
    }
}
