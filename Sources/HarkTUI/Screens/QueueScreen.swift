import Foundation
import HarkCore

/// The Queue screen's state: jobs (active first), counts, throughput and ETA, and the cursor.
public struct QueueModel: Sendable {
    public private(set) var jobs: [JobRow] = []
    public var workers = 0
    public var selected = 0
    public var top = 0
    /// Audio minutes transcribed per wall-clock minute over the recent window.
    public private(set) var throughput: Double = 0
    /// Seconds until the queue is empty at the current throughput, when it can be estimated.
    public private(set) var eta: Double?

    /// Throughput is measured over jobs finished in this many seconds before `now`.
    public static let window = 600.0

    public init() {}

    public var selectedJob: JobRow? { jobs.indices.contains(selected) ? jobs[selected] : nil }

    public func count(_ state: JobState) -> Int { jobs.filter { $0.job.state == state }.count }

    public mutating func setJobs(_ rows: [JobRow], workers: Int, now: Date) {
        let keep = selectedJob?.job.id
        let rank: [JobState: Int] = [.running: 0, .failed: 1, .queued: 2, .done: 3]
        jobs = rows.sorted { a, b in
            let ra = rank[a.job.state]!, rb = rank[b.job.state]!
            if ra != rb { return ra < rb }
            return a.job.state == .done ? (a.job.finishedAt ?? .distantPast) > (b.job.finishedAt ?? .distantPast) : a.job.id < b.job.id
        }
        self.workers = workers
        if let keep, let i = jobs.firstIndex(where: { $0.job.id == keep }) { selected = i }
        selected = min(max(0, selected), max(0, jobs.count - 1))
        let recent = jobs.filter { $0.job.state == .done && $0.job.kind == .transcribe && ($0.job.finishedAt.map { now.timeIntervalSince($0) <= QueueModel.window } ?? false) }
        if let oldest = recent.compactMap({ $0.job.finishedAt }).min() {
            // At least a minute of span, so one fast job does not claim a huge rate.
            let span = max(60, now.timeIntervalSince(oldest))
            throughput = recent.reduce(0) { $0 + $1.callDuration } / 60 / (span / 60)
        } else {
            throughput = 0
        }
        let remaining = jobs.filter { $0.job.kind == .transcribe && ($0.job.state == .queued || $0.job.state == .running) }
            .reduce(0.0) { $0 + $1.callDuration * (1 - $1.job.progress) } / 60
        eta = throughput > 0 ? remaining / throughput * 60 : (remaining == 0 ? 0 : nil)
    }
}

/// Draws the Queue screen: totals line, then a job table with progress bars and failure reasons.
public enum QueueScreen {
    static let columns = [Column("Job", width: 6, alignRight: true), Column("Call", minWidth: 10), Column("Kind", width: 10),
                          Column("State", width: 7), Column("Progress", width: 22), Column("Try", width: 3, alignRight: true),
                          Column("Worker / error", minWidth: 10)]

    public static func pageSize(_ rect: Rect) -> Int { max(1, rect.height - 2) }

    public static func render(_ model: inout QueueModel, into grid: inout CellGrid, rect: Rect) {
        guard rect.height >= 2 else { return }
        var totals: [Span] = []
        for s in JobState.allCases {
            totals.append(Span("\(s.rawValue) \(model.count(s))", Style(.status(statusFor(s)))))
            totals.append(Span(" · "))
        }
        totals.append(Span("workers \(model.workers) · \(String(format: "%.1f", model.throughput)) audio-min/min"))
        if let eta = model.eta { totals.append(Span(" · ETA \(Format.duration(eta))")) } else { totals.append(Span(" · ETA —", Style(.dim))) }
        grid.put(totals, x: rect.x, y: rect.y, limit: rect.maxX)
        // The selected failed job's whole reason sits under the table: the column cuts long paths short.
        var detail: [String] = []
        if model.jobs.indices.contains(model.selected), model.jobs[model.selected].job.state == .failed, rect.height >= 8 {
            let reason = model.jobs[model.selected].job.error ?? "unknown error"
            detail = Array(TextWrap.wrap("job \(model.jobs[model.selected].job.id) failed: \(reason)", width: max(10, rect.width - 2)).prefix(3))
        }
        let detailHeight = detail.isEmpty ? 0 : detail.count + 1
        let tableRect = Rect(x: rect.x, y: rect.y + 1, width: rect.width, height: rect.height - 1 - detailHeight)
        for (i, line) in detail.enumerated() {
            grid.put(line, x: rect.x + 1, y: tableRect.maxY + 1 + i, Style(.bad), limit: rect.maxX)
        }
        model.top = TableWidget.scrollOffset(current: model.top, selected: model.selected, visibleRows: tableRect.height - 1,
                                             rowCount: model.jobs.count)
        let m = model
        let widths = TableWidget(columns: columns).layout(width: tableRect.width)
        TableWidget(columns: columns).render(into: &grid, rect: tableRect, rowCount: m.jobs.count, top: m.top, selected: m.selected) { i in
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
