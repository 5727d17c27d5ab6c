import Foundation
import GRDB
import HarkCore

extension CallStore {
    /// A `failJob` on a job that has been tried this many times marks it failed for good.
    public static let maxAttempts = 3
    /// A job whose worker vanished (killed, crashed) this many times is failed rather than retried forever.
    public static let maxAbandoned = 6

    /// Atomically takes the oldest queued job of the given kinds (rescores first: they are quick and follow a
    /// supervisor's dictionary edit) and marks it running for `worker`.
    public func claimJob(worker: String, kinds: Set<JobKind> = Set(JobKind.allCases), at now: Date = Date()) throws -> Job? {
        guard !kinds.isEmpty else { return nil }
        let kindList = kinds.map { "'\($0.rawValue)'" }.joined(separator: ",")
        return try pool.write { db in
            guard let row = try Row.fetchOne(db, sql: """
                UPDATE job SET state = 'running', attempts = attempts + 1, worker = ?, heartbeat = ?, claimed_at = ?, progress = 0
                WHERE id = (SELECT id FROM job WHERE state = 'queued' AND kind IN (\(kindList))
                            ORDER BY kind = 'rescore' DESC, id LIMIT 1)
                RETURNING *
                """, arguments: [worker, now.storeValue, now.storeValue]) else { return nil }
            let job = Jobs.job(from: row)
            if job.kind == .transcribe {
                try db.execute(sql: "UPDATE call SET status = 'transcribing', error = NULL WHERE id = ?", arguments: [job.callID])
            }
            return job
        }
    }

    /// Records that the worker is alive and how far it got (0...1 of the call's audio).
    public func heartbeat(job: Int64, progress: Double, at now: Date = Date()) throws {
        try pool.write { db in
            try db.execute(sql: "UPDATE job SET heartbeat = ?, progress = ? WHERE id = ? AND state = 'running'",
                           arguments: [now.storeValue, min(max(progress, 0), 1), job])
        }
    }

    /// Stores a finished transcription: utterances, analysis, job done and call done, in one transaction,
    /// so a kill at any moment leaves either the old state or all of the new one.
    public func finishTranscription(job: Int64, call: CallID, utterances: [Utterance], analysis: CallAnalysis?,
                                    at now: Date = Date()) throws {
        try pool.write { db in
            try Transcripts.replaceUtterances(db, utterances, call: call)
            if let analysis { try Transcripts.writeAnalysis(db, analysis, call: call, now: now) }
            try Jobs.markDone(db, job: job, now: now)
            try db.execute(sql: "DELETE FROM job_checkpoint WHERE job_id = ?", arguments: [job])
            try db.execute(sql: "UPDATE call SET status = 'done', error = NULL WHERE id = ?", arguments: [call])
        }
    }

    /// Stores a re-analysis of a stored transcript and marks the rescore job done, in one transaction.
    public func finishRescore(job: Int64, call: CallID, analysis: CallAnalysis, at now: Date = Date()) throws {
        try pool.write { db in
            try Transcripts.writeAnalysis(db, analysis, call: call, now: now)
            try Jobs.markDone(db, job: job, now: now)
        }
    }

    /// Reports a failed attempt: the job is queued again until it has been tried `maxAttempts` times, then it
    /// is failed for good and a transcription failure marks the call failed with the reason.
    public func failJob(_ job: Int64, error: String, permanent: Bool = false, at now: Date = Date()) throws {
        try pool.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM job WHERE id = ?", arguments: [job]) else {
                throw StoreError.noSuchJob(job)
            }
            let current = Jobs.job(from: row)
            // A recording that can never decode (corrupt, empty, unsupported) is not tried again.
            let final = permanent || current.attempts >= Self.maxAttempts
            try Jobs.settle(db, current, failed: final, error: error, now: now)
        }
    }


    /// Records how far a running transcription got (replacing the last record).
    public func saveCheckpoint(job: Int64, _ checkpoint: TranscriptCheckpoint, at now: Date = Date()) throws {
        let body = try JSONCoding.encode(checkpoint)
        try pool.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO job_checkpoint (job_id, body, saved_at) VALUES (?, ?, ?)",
                           arguments: [job, body, now.storeValue])
        }
    }

    /// Where the job's transcription had got to, if it ran before; nil when it never did or the record is
    /// unreadable (the call then starts from the beginning).
    public func checkpoint(job: Int64) throws -> TranscriptCheckpoint? {
        try pool.read { db in
            guard let body = try String.fetchOne(db, sql: "SELECT body FROM job_checkpoint WHERE job_id = ?", arguments: [job])
            else { return nil }
            return try? JSONCoding.decode(TranscriptCheckpoint.self, body)
        }
    }

    /// Gives a job back after a clean stop (Ctrl-C, `Q`): queued again at once, the attempt not counted, so
    /// stopping never brings a healthy call closer to `failed`. Only the worker holding it can release it.
    public func releaseJob(_ job: Int64, worker: String) throws {
        try pool.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM job WHERE id = ? AND state = 'running' AND worker = ?",
                                             arguments: [job, worker]) else { return }
            let current = Jobs.job(from: row)
            try db.execute(sql: """
                UPDATE job SET state = 'queued', attempts = MAX(0, attempts - 1), worker = NULL, heartbeat = NULL,
                               progress = 0 WHERE id = ?
                """, arguments: [job])
            if current.kind == .transcribe {
                try db.execute(sql: "UPDATE call SET status = 'queued' WHERE id = ?", arguments: [current.callID])
            }
        }
    }

    /// Returns `running` jobs whose worker is gone to the queue: a heartbeat older than `seconds`, or a worker
    /// process on this host that no longer exists (so a restart after kill -9 resumes at once).
    @discardableResult
    public func requeueStaleJobs(olderThan seconds: Double = 30, at now: Date = Date()) throws -> Int {
        try pool.write { db in
            let running = try Row.fetchAll(db, sql: "SELECT * FROM job WHERE state = 'running'").map(Jobs.job(from:))
            var requeued = 0
            for job in running {
                let stale = (job.heartbeat?.timeIntervalSince(now) ?? -.infinity) < -seconds
                guard stale || !WorkerIdentity.isAlive(job.worker) else { continue }
                // Poison-pill guard: a worker that died after checkpointing progress on this call was killed, not
                // killed *by* the call; only deaths without progress count towards failing it.
                let progressed = try Bool.fetchOne(db, sql: """
                    SELECT c.saved_at > COALESCE(j.claimed_at, 0) FROM job_checkpoint c JOIN job j ON j.id = c.job_id
                    WHERE c.job_id = ?
                    """, arguments: [job.id]) ?? false
                let abandonedTooOften = !progressed && job.attempts >= Self.maxAbandoned
                try Jobs.settle(db, job, failed: abandonedTooOften,
                                error: "worker \(job.worker ?? "?") stopped \(job.attempts) times while processing",
                                now: now)
                if progressed {
                    try db.execute(sql: "UPDATE job SET attempts = MAX(0, attempts - 1) WHERE id = ?", arguments: [job.id])
                }
                if !abandonedTooOften { requeued += 1 }
            }
            return requeued
        }
    }

    /// Queues a job for a call (re-transcribe, re-score) unless one of that kind is already pending.
    public func enqueue(_ kind: JobKind, for call: CallID, at now: Date = Date()) throws {
        try pool.write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM call WHERE id = ?", arguments: [call]) == true else {
                throw StoreError.noSuchCall(call)
            }
            try Jobs.enqueue(db, call: call, kind: kind, now: now)
            if kind == .transcribe {
                try db.execute(sql: "UPDATE call SET status = 'queued', error = NULL WHERE id = ?", arguments: [call])
            }
        }
    }

    /// Queues a rescore (analysis only, no speech recognition) of every transcribed call last analysed by an
    /// `Analyzer.version` older than `version`, in one transaction; returns how many were queued (a call with
    /// a rescore already pending is not queued twice).
    @discardableResult
    public func queueReanalysis(olderThan version: Int = Analyzer.version, at now: Date = Date()) throws -> Int {
        try pool.write { db in
            try db.execute(sql: """
                INSERT OR IGNORE INTO job (call_id, kind, state, created_at)
                SELECT id, 'rescore', 'queued', ? FROM call WHERE status = 'done' AND analysis_version < ? ORDER BY id
                """, arguments: [now.storeValue, version])
            return db.changesCount
        }
    }

    /// The `Analyzer.version` the call's stored analysis was made with (0: before versions were recorded, or
    /// never analysed); nil when there is no such call.
    public func analysisVersion(of call: CallID) throws -> Int? {
        try pool.read { db in try Int.fetchOne(db, sql: "SELECT analysis_version FROM call WHERE id = ?", arguments: [call]) }
    }

    /// Jobs, newest first, optionally only in some states.
    public func jobs(states: Set<JobState>? = nil, limit: Int = 500) throws -> [Job] {
        try pool.read { db in
            var sql = "SELECT * FROM job"
            if let states, !states.isEmpty {
                sql += " WHERE state IN (\(states.map { "'\($0.rawValue)'" }.joined(separator: ",")))"
            }
            sql += " ORDER BY id DESC LIMIT \(limit)"
            return try Row.fetchAll(db, sql: sql).map(Jobs.job(from:))
        }
    }

    /// Puts a failed job back in the queue with a fresh attempt count.
    public func retryJob(_ id: Int64) throws {
        try pool.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM job WHERE id = ?", arguments: [id]) else {
                throw StoreError.noSuchJob(id)
            }
            _ = try Jobs.retry(db, Jobs.job(from: row))
        }
    }

    /// Queues every failed job again (`hark work --retry-failed`), in one transaction; returns how many.
    @discardableResult
    public func retryFailedJobs() throws -> Int {
        try pool.write { db in
            try Row.fetchAll(db, sql: "SELECT * FROM job WHERE state = 'failed'").map(Jobs.job(from:))
                .reduce(0) { $0 + (try Jobs.retry(db, $1) ? 1 : 0) }
        }
    }

    /// How many jobs are in each state.
    /// Jobs of `kind` waiting to run (queued or running).
    public func pendingJobCount(kind: JobKind) throws -> Int {
        try pool.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM job WHERE kind = ? AND state IN ('queued', 'running')",
                             arguments: [kind.rawValue]) ?? 0
        }
    }

    public func jobCounts() throws -> [JobState: Int] {
        try pool.read { db in
            var counts: [JobState: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT state, COUNT(*) AS n FROM job GROUP BY state") {
                if let state = JobState(rawValue: row["state"]) { counts[state] = row["n"] }
            }
            return counts
        }
    }
}

/// Row-level job operations shared by the store's methods.
enum Jobs {
    /// A failed job queued again from scratch, unless one of its kind is already pending; true when queued.
    static func retry(_ db: Database, _ job: Job) throws -> Bool {
        guard job.state == .failed else { return false }
        try db.execute(sql: """
            UPDATE job SET state = 'queued', attempts = 0, error = NULL, progress = 0, finished_at = NULL
            WHERE id = ? AND NOT EXISTS (SELECT 1 FROM job j WHERE j.call_id = ? AND j.kind = ?
                                         AND j.state IN ('queued', 'running'))
            """, arguments: [job.id, job.callID, job.kind.rawValue])
        guard db.changesCount > 0 else { return false }
        if job.kind == .transcribe {
            try db.execute(sql: "UPDATE call SET status = 'queued', error = NULL WHERE id = ?", arguments: [job.callID])
        }
        return true
    }

    /// Queues a job unless the call already has one of that kind pending.
    static func enqueue(_ db: Database, call: CallID, kind: JobKind, now: Date) throws {
        try db.execute(sql: """
            INSERT OR IGNORE INTO job (call_id, kind, state, created_at) VALUES (?, ?, 'queued', ?)
            """, arguments: [call, kind.rawValue, now.storeValue])
    }

    static func markDone(_ db: Database, job: Int64, now: Date) throws {
        try db.execute(sql: """
            UPDATE job SET state = 'done', progress = 1, error = NULL, finished_at = ?, heartbeat = ? WHERE id = ?
            """, arguments: [now.storeValue, now.storeValue, job])
    }

    /// Ends an attempt: back to `queued`, or `failed` for good (and the call with it, for transcription).
    static func settle(_ db: Database, _ job: Job, failed: Bool, error: String, now: Date) throws {
        if failed {
            try db.execute(sql: "UPDATE job SET state = 'failed', error = ?, finished_at = ? WHERE id = ?",
                           arguments: [error, now.storeValue, job.id])
            if job.kind == .transcribe {
                try db.execute(sql: "UPDATE call SET status = 'failed', error = ? WHERE id = ?", arguments: [error, job.callID])
            }
        } else {
            try db.execute(sql: "UPDATE job SET state = 'queued', error = ?, worker = NULL, progress = 0 WHERE id = ?",
                           arguments: [error, job.id])
            if job.kind == .transcribe {
                try db.execute(sql: "UPDATE call SET status = 'queued' WHERE id = ?", arguments: [job.callID])
            }
        }
    }

    static func job(from row: Row) -> Job {
        let heartbeat: Double? = row["heartbeat"]
        let finished: Double? = row["finished_at"]
        return Job(id: row["id"], callID: row["call_id"], kind: JobKind(rawValue: row["kind"]) ?? .transcribe,
                   state: JobState(rawValue: row["state"]) ?? .queued, attempts: row["attempts"],
                   progress: row["progress"], worker: row["worker"], heartbeat: heartbeat.map(Date.init(storeValue:)),
                   error: row["error"], createdAt: Date(storeValue: row["created_at"]),
                   finishedAt: finished.map(Date.init(storeValue:)))
    }
}
