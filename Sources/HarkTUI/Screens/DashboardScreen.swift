import Foundation
import HarkCore

/// Aggregates for one group of calls (an agent, an hour of day).
public struct CallStats: Sendable, Hashable {
    public var label: String
    public var calls = 0
    public var scored = 0
    public var scoreSum = 0.0
    public var negative = 0
    public var resolved = 0
    public var categories: [String: Int] = [:]

    public init(label: String) { self.label = label }

    public var averageScore: Double? { scored > 0 ? scoreSum / Double(scored) : nil }
    /// Share of scored calls with a negative trend or negative keyword hits.
    public var negativeRate: Double { scored > 0 ? Double(negative) / Double(scored) : 0 }
    /// First-contact resolution rate among scored calls.
    public var fcrRate: Double { scored > 0 ? Double(resolved) / Double(scored) : 0 }
    public var topCategories: [String] {
        categories.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(3).map(\.key)
    }

    mutating func add(_ row: CallRow) {
        calls += 1
        guard let s = row.score else { return }
        scored += 1
        scoreSum += s
        if row.trend == .negative || row.negativeHits > 0 { negative += 1 }
        if row.resolved { resolved += 1 }
        for c in row.categories { categories[c, default: 0] += 1 }
    }
}

/// The Dashboard's numbers: per agent and per hour of day.
public struct DashboardModel: Sendable {
    public private(set) var agents: [CallStats] = []
    /// 24 entries, hour 0…23 (local time).
    public private(set) var hours: [CallStats] = (0..<24).map { CallStats(label: String(format: "%02d", $0)) }
    public private(set) var total = CallStats(label: "all")
    public var selected = 0
    public var top = 0

    public init() {}

    public init(rows: [CallRow], calendar: Calendar = .current) {
        var byAgent: [String: CallStats] = [:]
        for r in rows {
            let a = r.call.metadata.agent ?? "(unknown)"
            byAgent[a, default: CallStats(label: a)].add(r)
            let h = calendar.component(.hour, from: r.call.metadata.startedAt ?? r.call.importedAt)
            hours[h].add(r)
            total.add(r)
        }
        agents = byAgent.values.sorted { $0.calls != $1.calls ? $0.calls > $1.calls : $0.label < $1.label }
    }
}

/// Draws the Dashboard: an agent table with score bars, then hour-of-day sparklines.
public enum DashboardScreen {
    static let columns = [Column("Agent", minWidth: 8), Column("Calls", width: 6, alignRight: true),
                          Column("Avg", width: 4, alignRight: true), Column("Score", width: 12),
                          Column("Neg%", width: 5, alignRight: true), Column("FCR%", width: 5, alignRight: true),
                          Column("Top categories", minWidth: 10)]

    public static func pageSize(_ rect: Rect) -> Int { max(1, rect.height - 8) }

    public static func render(_ model: inout DashboardModel, into grid: inout CellGrid, rect: Rect) {
        guard rect.height >= 4 else { return }
        let t = model.total
        let summary = "\(t.calls) calls · \(t.scored) scored · avg score \(t.averageScore.map { String(Int($0.rounded())) } ?? "—")"
            + " · negative \(pct(t.negativeRate)) · FCR \(pct(t.fcrRate))"
        grid.put(DisplayWidth.truncate(summary, to: rect.width), x: rect.x, y: rect.y, Style(.title))
        // Hour-of-day block: calls and average score as sparklines over 24 hours.
        let hourBlock = rect.height >= 12 ? 4 : 0
        let tableRect = Rect(x: rect.x, y: rect.y + 1, width: rect.width, height: rect.height - 1 - hourBlock)
        model.selected = min(max(0, model.selected), max(0, model.agents.count - 1))
        model.top = TableWidget.scrollOffset(current: model.top, selected: model.selected, visibleRows: tableRect.height - 1,
                                             rowCount: model.agents.count)
        let m = model
        let widths = TableWidget(columns: columns).layout(width: tableRect.width)
        TableWidget(columns: columns).render(into: &grid, rect: tableRect, rowCount: m.agents.count, top: m.top, selected: m.selected) { i in
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
