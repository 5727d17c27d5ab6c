/// A one-row bar across a call: marker ticks at their times in their colours, and the playhead.
/// Ticks that land on the same column keep the most severe one, so a negative hit is never hidden
/// by a neutral tick next to it.
public struct TimelineWidget: Sendable {
    /// A tick: when, how it looks, how much it matters (higher wins a shared column).
    public struct Tick: Sendable, Hashable {
        public var at: Double
        public var style: Style
        public var glyph: Character
        public var weight: Int
        public init(at: Double, style: Style, glyph: Character = "┃", weight: Int = 0) {
            self.at = at; self.style = style; self.glyph = glyph; self.weight = weight
        }
    }

    public var duration: Double
    public var ticks: [Tick]
    public var playhead: Double?

    public init(duration: Double, ticks: [Tick], playhead: Double?) {
        self.duration = duration
        self.ticks = ticks
        self.playhead = playhead
    }

    /// The column (0..<width) time `t` falls in.
    public static func column(of t: Double, duration: Double, width: Int) -> Int {
        guard duration > 0, width > 0 else { return 0 }
        return min(width - 1, max(0, Int((t / duration) * Double(width))))
    }

    public func render(into grid: inout CellGrid, x: Int, y: Int, width: Int) {
        guard width > 0 else { return }
        var cells = Array(repeating: Cell("─", Style(.dim)), count: width)
        var weights = Array(repeating: Int.min, count: width)
        for t in ticks {
            let c = TimelineWidget.column(of: t.at, duration: duration, width: width)
            if t.weight > weights[c] { weights[c] = t.weight; cells[c] = Cell(t.glyph, t.style) }
        }
        if let p = playhead {
            let c = TimelineWidget.column(of: p, duration: duration, width: width)
            cells[c] = Cell(cells[c].character == "─" ? "●" : cells[c].character, Style(.playhead))
        }
        for (i, cell) in cells.enumerated() { grid.put(String(cell.character), x: x + i, y: y, cell.style) }
    }
}
