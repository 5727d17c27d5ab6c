import Foundation
import HarkCore

/// Draws the Calls screen: a table of calls with a summary line; search hits highlighted.
enum CallsView {
    static func columns(searching: Bool) -> [Column] {
        var c = [
            Column("Time", width: 11), Column("Agent", minWidth: 6), Column("Customer", minWidth: 6),
            Column("Dur", width: 7, alignRight: true), Column("Status", width: 8), Column("Score", width: 5, alignRight: true),
            Column("Tr", width: 2), Column("Lang", width: 5),
        ]
        c.append(searching ? Column("Match", minWidth: 12) : Column("Flags", minWidth: 8))
        return c
    }

    /// Rows of the table body that fit in `rect` (below the header and above the summary line).
    static func visibleRows(_ rect: Rect) -> Int { max(1, rect.height - 2) }

    static func render(_ m: CallsModel, into grid: inout CellGrid, rect: Rect) {
        let (tableRect, summaryRect) = rect.splitTop(rect.height - 1)
        let searching = !m.searchQuery.isEmpty
        let table = TableWidget(columns: columns(searching: searching))
        table.render(into: &grid, rect: tableRect, rowCount: m.visible.count, top: m.cursor.top, selected: m.cursor.selected) { i in
            cells(m.rows[m.visible[i]], model: m)
        }
        var summary = "\(m.visible.count) of \(m.rows.count)\(m.partial ? "+ (loading the rest)" : "") calls · sort \(m.sort.rawValue) \(m.descending ? "↓" : "↑")"
        if !m.filterText.isEmpty { summary += " · filter: \(m.filterText)" }
        if searching { summary += " · search \"\(m.searchQuery)\": \(m.matches.count) calls" }
        if m.visible.isEmpty && m.rows.isEmpty { summary = "No calls yet — import recordings with `hark import PATH…`" }
        grid.fill(summaryRect, " ", Style(.dim))
        grid.put(DisplayWidth.truncate(summary, to: summaryRect.width), x: summaryRect.x, y: summaryRect.y, Style(.dim))
    }

    static func cells(_ row: CallRow, model: CallsModel) -> [[Span]] {
        let c = row.call
        let status: Span
        if let p = row.progress, c.status == .queued || c.status == .transcribing {
            status = Span("\(Int((p * 100).rounded()))%", Style(.status(.transcribing)))
        } else {
            // A call still being recorded stands out: its transcript grows as it is heard.
            status = Span(c.status == .live ? "LIVE" : c.status.rawValue, Style(.status(c.status)))
        }
        let langs = row.languages.map { Span(Format.languageTag($0), Style(.language($0))) }
        var last: [Span]
        if let m = model.matches[row.id] {
            last = [Span(Format.duration(m.start) + " ", Style(.dim))]
                + Highlighter.spans(m.text, base: .plain, needles: [(model.searchQuery, Style(.searchHit))])
        } else {
            last = []
            // A critical QA form item failed: the call fails whatever its score says.
            if row.formPassed == false { last.append(Span("FAIL ", Style(.bad, .bold))) }
            if row.risk { last.append(Span("risk ", Style(.bad))) }
            if row.resolved { last.append(Span("fcr ", Style(.good))) }
            if row.negativeHits > 0 { last.append(Span("neg\(row.negativeHits) ", Style(.marker(.keyword, .negative)))) }
            // Each kind that declares a list tag shows it (MarkerKind.spec), so a new kind needs no change here.
            for kind in MarkerKind.allCases where row.markerKinds.contains(kind) {
                if let tag = kind.spec.tag { last.append(Span(tag + " ", Style(.marker(kind, .negative)))) }
            }
            if c.status == .failed { last.append(Span(c.error ?? "failed", Style(.status(.failed)))) }
        }
        return [
            [Span(Format.shortDate(c.metadata.startedAt ?? c.importedAt))],
            [Span(c.metadata.agent ?? "—")],
            [Span(c.metadata.customer ?? "—")],
            [Span(Format.duration(c.duration))],
            [status],
            [Format.score(row.score)],
            [Format.trend(row.trend)],
            Array(langs.map { [$0] }.joined(separator: [Span(" ")])),
            last,
        ]
    }
}
