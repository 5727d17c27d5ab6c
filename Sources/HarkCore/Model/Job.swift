import Foundation

/// What a background job does to a call.
public enum JobKind: String, Codable, Sendable, Hashable, CaseIterable {
    /// Speech recognition, then analysis.
    case transcribe
    /// Analysis only, on the stored transcript: after a dictionary change, or for a call an older
    /// `Analyzer.version` analysed.
    case rescore
}

/// A job's life: `queued -> running -> done | failed`; a stale `running` job returns to `queued`.
public enum JobState: String, Codable, Sendable, Hashable, CaseIterable {
    case queued
    case running
    case done
    case failed
}

/// A unit of background work on one call.
public struct Job: Codable, Sendable, Hashable, Identifiable {
    public var id: Int64
    public var callID: CallID
    public var kind: JobKind
    public var state: JobState
    public var attempts: Int
    /// 0...1 of the call's audio done.
    public var progress: Double
    public var worker: String?
    public var heartbeat: Date?
    public var error: String?
    public var createdAt: Date
    public var finishedAt: Date?

    public init(id: Int64, callID: CallID, kind: JobKind, state: JobState, attempts: Int, progress: Double,
                worker: String?, heartbeat: Date?, error: String?, createdAt: Date, finishedAt: Date?) {
        self.id = id
        self.callID = callID
        self.kind = kind
        self.state = state
        self.attempts = attempts
        self.progress = progress
        self.worker = worker
        self.heartbeat = heartbeat
        self.error = error
        self.createdAt = createdAt
        self.finishedAt = finishedAt
    }
}
