import Foundation
import HarkCore

/// Draws the Queue screen: totals line, then a job table with progress bars and failure reasons.
enum QueueView {
    static let columns = [Column("Job", width: 6, alignRight: true), Column("Call", minWidth: 10), Column("Kind", width: 10),
                          Column("State", width: 7), Column("Progress", width: 22), Column("Try", width: 3, alignRight: true),
                          Column("Worker / error", minWidth: 10)]

    /// The failed job's reason under the table, and the table's rect.
    static func split(_ model: QueueModel, rect: Rect) -> (table: Rect, detail: [String]) {
        var detail: [String] = []
        if let j = model.selectedJob, j.job.state == .failed, rect.height >= 8 {
            let reason = j.job.error ?? "unknown error"
            detail = Array(TextWrap.wrap("job \(j.job.id) failed: \(reason)", width: max(10, rect.width - 2)).prefix(3))
        }
        let detailHeight = detail.isEmpty ? 0 : detail.count + 1
        return (Rect(x: rect.x, y: rect.y + 1, width: rect.width, height: max(0, rect.height - 1 - detailHeight)), detail)
    }

    static func layout(_ model: inout QueueModel, rect: Rect) {
        model.cursor.layout(visibleRows: max(1, split(model, rect: rect).table.height - 1))
    }

    static func render(_ m: QueueModel, into grid: inout CellGrid, rect: Rect) {
        guard rect.height >= 2 else { return }
        var totals: [Span] = []
        for s in JobState.allCases {
            totals.append(Span("\(s.rawValue) \(m.count(s))", Style(.status(statusFor(s)))))
            totals.append(Span(" · "))
        }
        totals.append(Span("workers \(m.workers) · \(String(format: "%.1f", m.throughput)) audio-min/min"))
        if let eta = m.eta { totals.append(Span(" · ETA \(Format.duration(eta))")) } else { totals.append(Span(" · ETA —", Style(.dim))) }
        grid.put(totals, x: rect.x, y: rect.y, limit: rect.maxX)
        // The selected failed job's whole reason sits under the table: the column cuts long paths short.
        let (tableRect, detail) = split(m, rect: rect)
        for (i, line) in detail.enumerated() {
            grid.put(line, x: rect.x + 1, y: tableRect.maxY + 1 + i, Style(.bad), limit: rect.maxX)
        }
        let widths = TableWidget(columns: columns).layout(width: tableRect.width)
        TableWidget(columns: columns).render(into: &grid, rect: tableRect, rowCount: m.jobs.count, top: m.cursor.top, selected: m.cursor.selected) { i in
            let r = m.jobs[i]
            let j = r.job
            let progress: Span
            switch j.state {
            case .running, .queued: progress = Span(Bars.progress(j.progress, width: widths[4]), Style(.status(.transcribing)))
            case .done: progress = Span(Bars.progress(1, width: widths[4]), Style(.status(.done)))
            case .failed: progress = Span("failed", Style(.status(.failed)))
            }
            let last = j.state == .failed ? Span(j.error ?? "unknown error", Style(.bad)) : Span(j.worker ?? "", Style(.dim))
            return [[Span("\(j.id)")], [Span(r.callLabel)], [Span(j.kind.rawValue)],
                    [Span(j.state.rawValue, Style(.status(statusFor(j.state))))], [progress], [Span("\(j.attempts)")], [last]]
        }
        if m.jobs.isEmpty { grid.put("Queue empty.", x: tableRect.x + 1, y: tableRect.y + 1, Style(.dim)) }
    }

    static func statusFor(_ s: JobState) -> CallStatus {
        switch s {
        case .queued: return .queued
        case .running: return .transcribing
        case .done: return .done
        case .failed: return .failed
        }
    }
}
