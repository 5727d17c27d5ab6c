import HarkCore

/// What the pool reports as it works (for a progress bar, a log, or the TUI's status line).
public enum WorkerEvent: Sendable {
    /// At start: this many calls analysed by an older `Analyzer.version` were queued for re-analysis (sent only
    /// when there were some).
    case reanalysing(calls: Int)
    case started(worker: Int, job: Job, call: Call)
    /// Fraction (0...1) of the call's audio done.
    case progress(worker: Int, job: Job, fraction: Double)
    case finished(worker: Int, job: Job, call: Call, utterances: Int, seconds: Double)
    /// One line naming the file and the problem; the job is retried or failed by the store.
    case failed(worker: Int, job: Job, reason: String)
    /// Stopped mid-call on shutdown; the store queues the job again later.
    case abandoned(worker: Int, job: Job)
}
