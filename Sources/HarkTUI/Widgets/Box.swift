/// Framed panels: a border with an optional title.
public enum Box {
    /// Draws a single-line border around `rect` with `title` in the top edge; returns the inside.
    @discardableResult
    public static func draw(into grid: inout CellGrid, rect: Rect, title: String? = nil, style: Style = Style(.border),
                            fill: Bool = true) -> Rect {
        guard rect.width >= 2, rect.height >= 2 else { return Rect(x: rect.x, y: rect.y, width: 0, height: 0) }
        if fill { grid.fill(rect.inset(1)) }
        let h = String(repeating: "─", count: rect.width - 2)
        grid.put("┌" + h + "┐", x: rect.x, y: rect.y, style)
        grid.put("└" + h + "┘", x: rect.x, y: rect.maxY - 1, style)
        for y in rect.y + 1..<rect.maxY - 1 {
            grid.put("│", x: rect.x, y: y, style)
            grid.put("│", x: rect.maxX - 1, y: y, style)
        }
        if let title, rect.width > 4 {
            grid.put(" " + DisplayWidth.truncate(title, to: rect.width - 4) + " ", x: rect.x + 1, y: rect.y, Style(.title))
        }
        return rect.inset(1)
    }

    /// A rect of `width` × `height` centred in `outer` (shrunk to fit).
    public static func centred(width: Int, height: Int, in outer: Rect) -> Rect {
        let w = min(width, outer.width), h = min(height, outer.height)
        return Rect(x: outer.x + (outer.width - w) / 2, y: outer.y + (outer.height - h) / 2, width: w, height: h)
    }
}
