import Foundation
import HarkCore

/// The Queue screen's state: jobs (active first), counts, throughput and ETA, and the cursor.
public struct QueueModel: Sendable {
    public private(set) var jobs: [JobRow] = []
    public var workers = 0
    public var cursor = ListCursor()
    /// Audio minutes transcribed per wall-clock minute over the recent window.
    public private(set) var throughput: Double = 0
    /// Seconds until the queue is empty at the current throughput, when it can be estimated.
    public private(set) var eta: Double?

    /// Throughput is measured over jobs finished in this many seconds before `now`.
    public static let window = 600.0

    public init() {}

    public var selectedJob: JobRow? { jobs[safe: cursor.selected] }

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
        cursor.setCount(jobs.count)
        if let keep, let i = jobs.firstIndex(where: { $0.job.id == keep }) { cursor.select(i) }
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

