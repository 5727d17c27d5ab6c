/// The `?` overlay: every key of the current screen and the global ones, from the bindings themselves.
enum HelpOverlay {
    static func render(into grid: inout CellGrid, area: Rect, title: String, lines: [(keys: String, text: String)]) {
        let keyWidth = min(18, lines.map { DisplayWidth.of($0.keys) }.max() ?? 4)
        let textWidth = lines.map { DisplayWidth.of($0.text) }.max() ?? 10
        let box = Box.centred(width: keyWidth + textWidth + 6, height: lines.count + 3, in: area)
        let inner = Box.draw(into: &grid, rect: box, title: "\(title) — keys (any key closes)")
        for (i, line) in lines.enumerated() where i < inner.height {
            grid.put(DisplayWidth.fit(line.keys, to: keyWidth), x: inner.x + 1, y: inner.y + i, Style(.title))
            grid.put(DisplayWidth.truncate(line.text, to: inner.width - keyWidth - 3), x: inner.x + keyWidth + 3,
                     y: inner.y + i, Style(.text))
        }
    }
}
