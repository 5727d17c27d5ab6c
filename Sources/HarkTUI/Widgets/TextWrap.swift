/// Wraps styled text to a display width. Chinese (and other unspaced scripts) may break between any
/// two characters; Latin text breaks at spaces, and a word longer than the line is split. Widths are
/// display columns, so a CJK line holds half as many characters as a Latin one.
public enum TextWrap {
    /// The wrapped lines, each a list of spans no wider than `width` columns.
    public static func wrap(_ spans: [Span], width: Int) -> [[Span]] {
        guard width > 0 else { return [] }
        // Flatten to styled characters, since breaks ignore span boundaries.
        var chars: [(Character, Style)] = []
        for s in spans { for c in s.text where c != "\n" { chars.append((c, s.style)) } }
        var lines: [[(Character, Style)]] = []
        var line: [(Character, Style)] = []
        var lineWidth = 0
        var i = 0
        while i < chars.count {
            let (c, _) = chars[i]
            if c == " " && line.isEmpty && !lines.isEmpty { i += 1; continue }   // no leading space after a break
            if isUnspaced(c) || c == " " {
                let w = DisplayWidth.of(c)
                if lineWidth + w > width { lines.append(line); line = []; lineWidth = 0; continue }
                line.append(chars[i]); lineWidth += w; i += 1
                continue
            }
            // A Latin word: take it whole if it fits on this or a fresh line, else split it.
            var j = i, wordWidth = 0
            while j < chars.count, chars[j].0 != " ", !isUnspaced(chars[j].0) { wordWidth += DisplayWidth.of(chars[j].0); j += 1 }
            if lineWidth + wordWidth <= width {
                line.append(contentsOf: chars[i..<j]); lineWidth += wordWidth; i = j
            } else if wordWidth <= width && !line.isEmpty {
                lines.append(line); line = []; lineWidth = 0
            } else {
                while i < j {
                    let w = DisplayWidth.of(chars[i].0)
                    if lineWidth + w > width { lines.append(line); line = []; lineWidth = 0 }
                    line.append(chars[i]); lineWidth += w; i += 1
                }
            }
        }
        if !line.isEmpty || lines.isEmpty { lines.append(line) }
        // A break eats the spaces before it, so lines never end in padding that would be highlighted.
        return lines.map { line in
            var l = line
            while l.count > 1, l.last?.0 == " " { l.removeLast() }
            return merge(l)
        }
    }

    /// Plain-text convenience.
    public static func wrap(_ text: String, width: Int, style: Style = .plain) -> [String] {
        wrap([Span(text, style)], width: width).map { $0.map(\.text).joined() }
    }

    static func isUnspaced(_ c: Character) -> Bool {
        guard let s = c.unicodeScalars.first else { return false }
        return DisplayWidth.of(s) == 2
    }

    static func merge(_ chars: [(Character, Style)]) -> [Span] {
        var out: [Span] = []
        for (c, st) in chars {
            if let last = out.last, last.style == st { out[out.count - 1].text.append(c) } else { out.append(Span(String(c), st)) }
        }
        return out
    }
}

/// Splits text into spans, styling every (case-insensitive) occurrence of any needle with its style.
/// Used for search hits and keyword hits; earlier needles win where matches overlap.
public enum Highlighter {
    public static func spans(_ text: String, base: Style, needles: [(String, Style)]) -> [Span] {
        let needles = needles.filter { !$0.0.isEmpty }
        guard !needles.isEmpty else { return [Span(text, base)] }
        let chars = Array(text)
        let lower = chars.map { Character($0.lowercased()) }
        var styles = Array(repeating: base, count: chars.count)
        var taken = Array(repeating: false, count: chars.count)
        for (needle, style) in needles {
            let n = Array(needle.lowercased())
            guard n.count <= lower.count else { continue }
            var i = 0
            while i + n.count <= lower.count {
                if Array(lower[i..<i + n.count]) == n && !taken[i..<i + n.count].contains(true) {
                    for k in i..<i + n.count { styles[k] = style; taken[k] = true }
                    i += n.count
                } else { i += 1 }
            }
        }
        var out: [Span] = []
        for (c, st) in zip(chars, styles) {
            if let last = out.last, last.style == st { out[out.count - 1].text.append(c) } else { out.append(Span(String(c), st)) }
        }
        return out
    }
}
