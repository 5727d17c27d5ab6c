/// E-mail addresses as written (zhang.san@example.com) and as a recogniser writes them when spoken:
/// "sarah dot miller at example dot com", "Sarah not Miller at Ensemble.com". The returned range covers the
/// user name and the domain; masking hides the user name.
enum SpokenEmail {
    static let topLevel: Set<String> = ["com", "net", "org", "cn", "edu", "gov", "io", "co", "uk", "info", "biz",
                                        "me", "us", "de", "jp", "hk", "tw", "sg", "ai", "app", "mil"]
    /// Words that end a user name going backwards: what people say before an address.
    static let stops: Set<String> = ["is", "at", "me", "email", "mail", "address", "to", "my", "your", "the", "it",
                                     "its", "send", "and", "or", "was", "e"]
    static let joiners: Set<String> = [".", "_", "-", "+", "%", "dot", "underscore", "dash", "hyphen"]

    struct Token {
        var text: String
        var range: Range<Int>
    }

    static func find(in s: [Unicode.Scalar], cues: PIICues) -> [Range<Int>] {
        let tokens = tokenize(s)
        var out: [Range<Int>] = []
        var i = 0
        while i < tokens.count {
            guard tokens[i].text == "@" || tokens[i].text == "at" || tokens[i].text == "艾特",
                  let domainEnd = domain(after: i, tokens) else { i += 1; continue }
            var start = i
            var words = 0
            var k = i - 1
            // Back over the user name: words joined by separators, at most four words.
            while k >= 0 {
                let t = tokens[k].text
                if joiners.contains(t) { k -= 1; continue }
                guard isWord(t), !stops.contains(t) || tokens[i].text == "@" && words == 0, words < 4 else { break }
                start = k
                words += 1
                if tokens[i].text == "@" && k > 0 && !joiners.contains(tokens[k - 1].text) { break }
                k -= 1
            }
            if words > 0 {
                out.append(tokens[start].range.lowerBound..<tokens[domainEnd].range.upperBound)
                i = domainEnd + 1
            } else {
                i += 1
            }
        }
        // "my email is sarah miller example dot com": an address after an e-mail cue, with its "at" lost.
        for cue in cues.emailCues where !out.contains(where: { $0.lowerBound >= cue.upperBound && $0.lowerBound - cue.upperBound < 40 }) {
            guard var first = tokens.firstIndex(where: { $0.range.lowerBound >= cue.upperBound }) else { continue }
            while first < tokens.count, tokens[first].text == "is" || tokens[first].text == "address" || tokens[first].text == ":" {
                first += 1
            }
            let window = tokens[first...].prefix(10)
            guard let tld = window.firstIndex(where: { topLevel.contains($0.text) && $0.range.lowerBound > tokens[first].range.lowerBound }),
                  tld > first, joiners.contains(tokens[tld - 1].text), window[first..<tld].allSatisfy({ isWord($0.text) || joiners.contains($0.text) })
            else { continue }
            out.append(tokens[first].range.lowerBound..<tokens[tld].range.upperBound)
        }
        return out
    }

    /// The index of the domain's last token when `tokens[at]` is followed by word (joiner word)+ ending in a
    /// top-level domain.
    static func domain(after at: Int, _ tokens: [Token]) -> Int? {
        var k = at + 1
        guard k < tokens.count, isWord(tokens[k].text) else { return nil }
        var last: Int?
        k += 1
        while k + 1 < tokens.count, tokens[k].text == "." || tokens[k].text == "dot", isWord(tokens[k + 1].text) {
            if topLevel.contains(tokens[k + 1].text) { last = k + 1 }
            k += 2
        }
        return last
    }

    static func isWord(_ t: String) -> Bool {
        t.unicodeScalars.allSatisfy(PIIDetector.isASCIIAlnum) && !t.isEmpty
    }

    /// ASCII words (lower case), '@', and the separators . _ - as tokens of their own; 艾特 for '@'.
    static func tokenize(_ s: [Unicode.Scalar]) -> [Token] {
        var out: [Token] = []
        var i = 0
        while i < s.count {
            let c = s[i]
            if PIIDetector.isASCIIAlnum(c) {
                var j = i
                var word = String.UnicodeScalarView()
                while j < s.count, PIIDetector.isASCIIAlnum(s[j]) {
                    word.append(PIIDetector.isASCIILetter(s[j]) ? Unicode.Scalar(s[j].value | 0x20)! : s[j])
                    j += 1
                }
                out.append(Token(text: String(word), range: i..<j))
                i = j
            } else if c == "@" || c == "." || c == "_" || c == "-" || c == ":" || c == "+" || c == "%" {
                out.append(Token(text: String(Character(c)), range: i..<(i + 1)))
                i += 1
            } else if c == "艾", i + 1 < s.count, s[i + 1] == "特" {
                out.append(Token(text: "艾特", range: i..<(i + 2)))
                i += 2
            } else {
                i += 1
            }
        }
        return out
    }
}
