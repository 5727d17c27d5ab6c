/// The line each table header and key of a TOML text is on, for error messages and `hark config`'s sources
/// (TOMLKit gives line numbers only for syntax errors).
///
/// `scan` returns dotted paths: `analysis` for a `[analysis]` header (or a root `analysis = {…}`),
/// `analysis.long_silence` for `long_silence = 5` under it (or a root `analysis.long_silence = 5`). Quoted keys
/// lose their quotes; the first occurrence of a path wins (an array of tables keeps its first). Strings,
/// comments, multi-line strings and arrays spread over lines are skipped, so text inside them is never taken
/// for a key. Only meant for files TOMLKit has already parsed.
public enum TOMLKeyLines {
    public static func scan(_ text: String) -> [String: Int] {
        var lines: [String: Int] = [:]
        var table: [String] = []
        var state = ValueState()
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            var line = Substring(raw)
            if state.continues {
                state.consume(&line)
                if state.continues { continue }
            }
            line = line.drop { $0 == " " || $0 == "\t" }
            guard let first = line.first, first != "#", first != "\r" else { continue }
            if first == "[" {
                let isArray = line.hasPrefix("[[")
                line = line.dropFirst(isArray ? 2 : 1)
                guard let path = keyPath(&line) else { continue }
                table = path
                let id = path.joined(separator: ".")
                if lines[id] == nil { lines[id] = number }
                continue
            }
            guard let path = keyPath(&line) else { continue }
            line = line.drop { $0 == " " || $0 == "\t" }
            guard line.first == "=" else { continue }
            line = line.dropFirst()
            let id = (table + path).joined(separator: ".")
            if lines[id] == nil { lines[id] = number }
            state.consume(&line)
        }
        return lines
    }

    /// Reads `a.b."c d"` (spaces around dots allowed) and leaves `line` after it.
    static func keyPath(_ line: inout Substring) -> [String]? {
        var parts: [String] = []
        while true {
            line = line.drop { $0 == " " || $0 == "\t" }
            guard let first = line.first else { return nil }
            if first == "\"" || first == "'" {
                line = line.dropFirst()
                var part = ""
                var escaped = false
                var closed = false
                while let c = line.first {
                    line = line.dropFirst()
                    if first == "\"" && escaped { part.append(c); escaped = false; continue }
                    if first == "\"" && c == "\\" { escaped = true; continue }
                    if c == first { closed = true; break }
                    part.append(c)
                }
                guard closed else { return nil }
                parts.append(part)
            } else {
                let bare = line.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
                guard !bare.isEmpty else { return nil }
                parts.append(String(bare))
                line = line.dropFirst(bare.count)
            }
            line = line.drop { $0 == " " || $0 == "\t" }
            guard line.first == "." else { return parts }
            line = line.dropFirst()
        }
    }

    /// Where a value stands at the end of a line: inside a multi-line string, or inside brackets.
    struct ValueState {
        var multiline: Character?
        var depth = 0
        var continues: Bool { multiline != nil || depth > 0 }

        /// Reads a value's text up to the end of the line (or a comment).
        mutating func consume(_ line: inout Substring) {
            while !line.isEmpty {
                if let quote = multiline {
                    let closing = String(repeating: quote, count: 3)
                    guard let end = line.range(of: closing) else { line = ""; return }
                    // A backslash before the closing quotes of a basic string escapes the first of them.
                    if quote == "\"", end.lowerBound > line.startIndex, line[line.index(before: end.lowerBound)] == "\\" {
                        line = line[line.index(after: end.lowerBound)...]
                        continue
                    }
                    line = line[end.upperBound...]
                    multiline = nil
                    continue
                }
                let c = line.first!
                if c == "#" { line = ""; return }
                if (c == "\"" || c == "'") && line.hasPrefix(String(repeating: c, count: 3)) {
                    multiline = c
                    line = line.dropFirst(3)
                    continue
                }
                line = line.dropFirst()
                switch c {
                case "\"", "'":
                    var escaped = false
                    while let d = line.first {
                        line = line.dropFirst()
                        if c == "\"" && escaped { escaped = false; continue }
                        if c == "\"" && d == "\\" { escaped = true; continue }
                        if d == c { break }
                    }
                case "[", "{": depth += 1
                case "]", "}": depth = max(0, depth - 1)
                default: break
                }
            }
        }
    }
}
