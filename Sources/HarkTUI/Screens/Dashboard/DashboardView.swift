import Foundation
import HarkCore

/// Draws the Dashboard: an agent table with score bars, then hour-of-day sparklines.
enum DashboardView {
    static let columns = [Column("Agent", minWidth: 8), Column("Calls", width: 6, alignRight: true),
                          Column("Avg", width: 4, alignRight: true), Column("Score", width: 12),
                          Column("Neg%", width: 5, alignRight: true), Column("FCR%", width: 5, alignRight: true),
                          Column("Top categories", minWidth: 10)]

    static func hourBlock(_ rect: Rect) -> Int { rect.height >= 12 ? 4 : 0 }

    static func layout(_ model: inout DashboardModel, rect: Rect) {
        model.cursor.layout(visibleRows: max(1, rect.height - 2 - hourBlock(rect)))
    }

    /// `counting` is how many calls are being aggregated while there are no aggregates yet.
    /// `updating`: newer aggregates are being made (the numbers shown are a moment old).
    static func render(_ m: DashboardModel, counting: Int?, updating: Bool = false, into grid: inout CellGrid, rect: Rect) {
        guard rect.height >= 4 else { return }
        if let n = counting {
            grid.put("Counting \(n) calls…", x: rect.x + 1, y: rect.y + 1, Style(.dim))
            return
        }
        let t = m.total
        let summary = "\(t.calls) calls · \(t.scored) scored · avg score \(t.averageScore.map { String(Int($0.rounded())) } ?? "—")"
            + " · negative \(pct(t.negativeRate)) · FCR \(pct(t.fcrRate))" + (updating ? " · updating…" : "")
        grid.put(DisplayWidth.truncate(summary, to: rect.width), x: rect.x, y: rect.y, Style(.title))
        // Hour-of-day block: calls and average score as sparklines over 24 hours.
        let hourBlock = hourBlock(rect)
        let tableRect = Rect(x: rect.x, y: rect.y + 1, width: rect.width, height: rect.height - 1 - hourBlock)
        let widths = TableWidget(columns: columns).layout(width: tableRect.width)
        TableWidget(columns: columns).render(into: &grid, rect: tableRect, rowCount: m.agents.count, top: m.cursor.top, selected: m.cursor.selected) { i in
            let a = m.agents[i]
            let avg = a.averageScore
            return [[Span(a.label)], [Span("\(a.calls)")], [Format.score(avg)],
                    [Span(Bars.bar((avg ?? 0) / 100, width: widths[3]), Format.score(avg).style)],
                    [Span(pct(a.negativeRate), Style(a.negativeRate > 0.3 ? .bad : .text))],
                    [Span(pct(a.fcrRate), Style(a.fcrRate >= 0.7 ? .good : .text))],
                    [Span(a.topCategories.joined(separator: " "), Style(.marker(.keyword, .neutral)))]]
        }
        guard hourBlock > 0 else { return }
        let y = tableRect.maxY
        let hours = m.hours
        let labelW = 11
        grid.put("By hour     " + (0..<24).map { $0 % 6 == 0 ? String(format: "%-6d", $0) : "" }.joined(), x: rect.x, y: y, Style(.header))
        grid.put(DisplayWidth.fit("calls", to: labelW), x: rect.x, y: y + 1, Style(.dim))
        grid.put(Bars.sparkline(hours.map { Double($0.calls) }), x: rect.x + labelW + 1, y: y + 1, Style(.title))
        grid.put(DisplayWidth.fit("avg score", to: labelW), x: rect.x, y: y + 2, Style(.dim))
        grid.put(Bars.sparkline(hours.map { $0.averageScore ?? 0 }), x: rect.x + labelW + 1, y: y + 2, Style(.good))
        grid.put(DisplayWidth.fit("negative %", to: labelW), x: rect.x, y: y + 3, Style(.dim))
        grid.put(Bars.sparkline(hours.map { $0.negativeRate }), x: rect.x + labelW + 1, y: y + 3, Style(.bad))
        let busiest = hours.max { $0.calls < $1.calls }
        if let b = busiest, b.calls > 0, rect.width > labelW + 60 {
            grid.put("busiest \(b.label):00 (\(b.calls) calls)", x: rect.x + labelW + 27, y: y + 1, Style(.dim), limit: rect.maxX)
        }
    }

    static func pct(_ v: Double) -> String { "\(Int((v * 100).rounded()))%" }
}
