import Foundation

/// Human formats shared by the CLI's outputs.
enum Format {
    /// 75.4 → "1:15"; 3725 → "1:02:05".
    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        let (h, m, s) = (total / 3600, total / 60 % 60, total % 60)
        return h > 0 ? String(format: "%d:%02d:%02d", h, m, s) : String(format: "%d:%02d", m, s)
    }

    static func dateTime(_ date: Date?) -> String {
        guard let date else { return "-" }
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.dateFormat = "yyyy-MM-dd HH:mm"
        return f.string(from: date)
    }

    /// Data made safe for a terminal: control characters (C0, DEL, C1) from file names, sidecar fields or
    /// transcripts shown as escapes (`\e`, `\n`, `\x07`), so `\e[2J` in an agent's name cannot clear the screen
    /// and a newline cannot forge a line. `keepNewlines` for multi-line text such as a report.
    static func safe(_ text: String, keepNewlines: Bool = false) -> String {
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
            default: shown = String(format: "\\x%02X", s.value)
            }
            out.append(contentsOf: shown.unicodeScalars)
        }
        return String(out)
    }

    static func isControl(_ s: Unicode.Scalar) -> Bool { s.value < 0x20 || (0x7F...0x9F).contains(s.value) }

    /// Pads or truncates to `width` terminal columns (CJK characters take two).
    static func column(_ raw: String, _ width: Int) -> String {
        let text = safe(raw)
        var out = ""
        var used = 0
        for ch in text {
            let w = ch.unicodeScalars.contains { $0.value >= 0x1100 && (0x2E80...0xFFEF).contains($0.value) || $0.value >= 0x20000 } ? 2 : 1
            if used + w > width { break }
            out.append(ch)
            used += w
        }
        return out + String(repeating: " ", count: max(0, width - used))
    }
}
