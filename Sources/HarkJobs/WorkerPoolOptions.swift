import Foundation
import HarkCore

/// How a `WorkerPool` runs.
public struct WorkerPoolOptions: Sendable {
    /// Worker threads: each claims a job, runs it and writes the store. Default: cores − 1 (the UI keeps
    /// one), at least 1.
    public var workers: Int
    /// Keep waiting for new jobs when the queue is empty (the TUI, `hark work --follow`).
    public var follow: Bool
    /// Which jobs to take (a pool without a transcriber takes only rescores).
    public var kinds: Set<JobKind>
    /// Seconds between heartbeats of running jobs (progress other processes can read).
    public var heartbeatInterval: Double
    /// Seconds between looks at an empty queue in follow mode.
    public var pollInterval: Double
    /// A running job whose heartbeat is this old is taken to be abandoned and queued again.
    public var staleAfter: Double
    /// Seconds between checkpoints of a running transcription (a kill loses at most this much work).
    public var checkpointInterval: Double

    public static var defaultWorkers: Int { max(1, ProcessInfo.processInfo.activeProcessorCount - 1) }

    public init(workers: Int? = nil, follow: Bool = false, kinds: Set<JobKind> = Set(JobKind.allCases),
                heartbeatInterval: Double = 2, pollInterval: Double = 1, staleAfter: Double = 30,
                checkpointInterval: Double = 10) {
        self.workers = max(1, workers ?? Self.defaultWorkers)
        self.follow = follow
        self.kinds = kinds
        self.heartbeatInterval = heartbeatInterval
        self.pollInterval = pollInterval
        self.staleAfter = staleAfter
        self.checkpointInterval = checkpointInterval
    }
}
