import HarkCore

extension Format {
    /// Pads or truncates to `width` terminal columns (CJK characters take two), made safe for a terminal first.
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
