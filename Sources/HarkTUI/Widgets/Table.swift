/// A table column: title, width in display columns (or flexible), alignment.
public struct Column: Sendable {
    public var title: String
    /// Fixed width; `nil` shares the space left over among flexible columns.
    public var width: Int?
    public var alignRight: Bool
    public var minWidth: Int

    public init(_ title: String, width: Int? = nil, alignRight: Bool = false, minWidth: Int = 4) {
        self.title = title
        self.width = width
        self.alignRight = alignRight
        self.minWidth = minWidth
    }
}

/// A scrolling table with a header row and a selected row. Cells are styled spans, so search hits
/// can be highlighted inside a cell; every cell is cut or padded by display width so columns stay
/// aligned with Chinese names in them.
public struct TableWidget: Sendable {
    public var columns: [Column]

    public init(columns: [Column]) { self.columns = columns }

    /// Column widths for `total` columns: fixed widths first, the rest shared by flexible columns;
    /// when space runs out, trailing columns are dropped (width 0).
    public func layout(width total: Int) -> [Int] {
        let gaps = max(0, columns.count - 1)
        let fixed = columns.compactMap(\.width).reduce(0, +)
        let flexCount = columns.filter { $0.width == nil }.count
        var free = total - gaps - fixed
        var widths = columns.map { $0.width ?? 0 }
        if flexCount > 0 {
            let share = max(0, free / flexCount)
            var extra = max(0, free - share * flexCount)
            for i in columns.indices where columns[i].width == nil {
                widths[i] = max(columns[i].minWidth, share + (extra > 0 ? 1 : 0))
                if extra > 0 { extra -= 1 }
            }
            free = 0
        }
        // Drop trailing columns until the row fits.
        var used = widths.reduce(0, +) + gaps
        var i = widths.count - 1
        while used > total && i > 0 {
            used -= widths[i] + 1
            widths[i] = 0
            i -= 1
        }
        if used > total, !widths.isEmpty { widths[0] = max(0, widths[0] - (used - total)) }
        return widths
    }

    /// Draws the header and `rowCount` rows starting at `top`; `row(i)` gives row i's cells.
    public func render(into grid: inout CellGrid, rect: Rect, rowCount: Int, top: Int, selected: Int?,
                       focused: Bool = true, row: (Int) -> [[Span]]) {
        guard rect.height > 0 else { return }
        let widths = layout(width: rect.width)
        grid.fill(Rect(x: rect.x, y: rect.y, width: rect.width, height: 1), " ", Style(.header))
        var x = rect.x
        for (c, w) in zip(columns, widths) where w > 0 {
            grid.put(DisplayWidth.fit(c.title, to: w, alignRight: c.alignRight), x: x, y: rect.y, Style(.header))
            x += w + 1
        }
        let bodyRows = rect.height - 1
        for r in 0..<bodyRows {
            let index = top + r
            let y = rect.y + 1 + r
            grid.fill(Rect(x: rect.x, y: y, width: rect.width, height: 1))
            guard index < rowCount else { continue }
            let cells = row(index)
            var x = rect.x
            for (i, w) in widths.enumerated() where w > 0 {
                let spans = i < cells.count ? cells[i] : []
                let textWidth = spans.reduce(0) { $0 + DisplayWidth.of($1.text) }
                var start = x
                if columns[i].alignRight && textWidth < w { start = x + w - textWidth }
                let end = grid.put(clipSpans(spans, to: w), x: start, y: y, limit: x + w)
                _ = end
                x += w + 1
            }
            if index == selected {
                let role: StyleRole = focused ? .selection : .dim
                grid.restyle(Rect(x: rect.x, y: y, width: rect.width, height: 1)) { old in
                    // Highlights inside the selected row keep their colour, shown reversed.
                    if old.role == .searchHit || isHighlight(old.role) { return old.with(.reverse) }
                    return Style(role, old.attributes)
                }
            }
        }
    }

    /// Cuts spans to `width` columns with an ellipsis when something was cut.
    func clipSpans(_ spans: [Span], to width: Int) -> [Span] {
        let total = spans.reduce(0) { $0 + DisplayWidth.of($1.text) }
        if total <= width { return spans }
        var out: [Span] = []
        var budget = width - 1
        for s in spans {
            let w = DisplayWidth.of(s.text)
            if w <= budget { out.append(s); budget -= w; continue }
            out.append(Span(DisplayWidth.truncate(s.text, to: budget, ellipsis: false), s.style))
            break
        }
        out.append(Span("…", spans.last?.style ?? .plain))
        return out
    }

    private func isHighlight(_ role: StyleRole) -> Bool {
        switch role {
        case .marker, .category, .bad: return true
        default: return false
        }
    }
}
