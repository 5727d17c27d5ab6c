/// Text bound for a terminal, from file names, sidecar fields or transcripts the user did not write.
extension Format {
    /// Control characters (C0, DEL, C1) shown as escapes (`\e`, `\n`, `\x07`), so `\e[2J` in an agent's name
    /// cannot clear the screen and a newline cannot forge a line. `keepNewlines` for multi-line text such as a report.
    public static func safe(_ text: String, keepNewlines: Bool = false) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            guard isControl(s), !(keepNewlines && s == "\n") else { out.append(s); continue }
            let shown: String
            switch s {
            case "\u{1B}": shown = "\\e"
            case "\n": shown = "\\n"
            case "\r": shown = "\\r"
            case "\t": shown = "\\t"
            default:
                let hex = String(s.value, radix: 16, uppercase: true)
                shown = "\\x" + (hex.count < 2 ? "0" + hex : hex)
            }
            out.append(contentsOf: shown.unicodeScalars)
        }
        return String(out)
    }

    public static func isControl(_ s: Unicode.Scalar) -> Bool { s.value < 0x20 || (0x7F...0x9F).contains(s.value) }
}
