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

    /// Pads or truncates to `width` terminal columns (CJK characters take two).
    static func column(_ text: String, _ width: Int) -> String {
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
