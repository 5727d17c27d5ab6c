import CNcursesw

/// Terminal column widths of text: CJK ideographs and fullwidth forms take two columns, combining
/// marks none. Every layout decision in the TUI goes through here so alignment is by display width,
/// never by character count.
public enum DisplayWidth {
    /// Columns one scalar occupies (0, 1 or 2).
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v >= 0x20 && v < 0x7F { return 1 }          // ASCII fast path: most of every frame
        if v < 0x20 || v == 0x7F { return 0 }
        let w = Int(wcwidth(wchar_t(bitPattern: v)))
        if w >= 0 { return w }
        // wcwidth answers -1 under a non-UTF-8 locale (tests, pipes); fall back to the East Asian
        // wide ranges so layout never depends on the caller's environment.
        return fallback(v)
    }

    /// Columns a character (grapheme cluster) occupies: the widest of its scalars, so a base letter
    /// plus combining marks stays one column and an emoji with a variation selector stays two.
    public static func of(_ character: Character) -> Int {
        var widest = 0
        for s in character.unicodeScalars { widest = max(widest, of(s)) }
        return widest
    }

    /// Columns a string occupies.
    public static func of<S: StringProtocol>(_ text: S) -> Int {
        var total = 0
        for c in text { total += of(c) }
        return total
    }

    /// The longest prefix of `text` that fits `columns`, with an ellipsis when something was cut.
    public static func truncate(_ text: String, to columns: Int, ellipsis: Bool = true) -> String {
        guard columns > 0 else { return "" }
        if of(text) <= columns { return text }
        let budget = ellipsis ? columns - 1 : columns
        var out = ""
        var used = 0
        for c in text {
            let w = of(c)
            if used + w > budget { break }
            out.append(c)
            used += w
        }
        return ellipsis ? out + "…" : out
    }

    /// `text` truncated or padded with spaces to exactly `columns` display columns.
    public static func fit(_ text: String, to columns: Int, alignRight: Bool = false) -> String {
        let cut = truncate(text, to: columns)
        let pad = String(repeating: " ", count: max(0, columns - of(cut)))
        return alignRight ? pad + cut : cut + pad
    }

    static func fallback(_ v: UInt32) -> Int {
        switch v {
        case 0x0300...0x036F, 0x200B...0x200F, 0xFE00...0xFE0F: return 0
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD: return 2
        default: return 1
        }
    }
}
