import Foundation
import HarkCore
import HarkStore
import Synchronization

/// Background threads that run the store's job queue: transcriptions (through a `CallTranscribing` each
/// worker makes for itself) and rescores (analysis only: after a dictionary edit, or of calls an older
/// `Analyzer.version` analysed, which `start` queues). The one job runner: `hark work`, the desk's workers and
/// the desk's rescore-only thread (`rescoring`) are all this.
///
/// Each worker claims a job, runs it, and writes its result and the job's end in one transaction
/// (`finishTranscription`, `finishRescore`). Nothing is written for a call before that, so a kill at any moment
/// leaves the call as it was and the job `running` with a dead worker; `requeueStaleJobs` (run at start)
/// queues it again. A monitor thread heartbeats the running jobs with their progress every
/// `heartbeatInterval` seconds.
public final class WorkerPool: Sendable {
    public let store: CallStore
    public let options: WorkerPoolOptions
    /// What this pool takes: `options.kinds`, less transcriptions when it has no transcriber.
    public let kinds: Set<JobKind>
    private let makeTranscriber: (@Sendable () throws -> any CallTranscribing)?
    private let analyze: @Sendable (Call, [Utterance]) -> CallAnalysis?
    private let assignRoles: @Sendable (Call, [Utterance]) -> (utterances: [Utterance], roles: InferredRoles?)
    private let onEvent: @Sendable (WorkerEvent) -> Void
    private let state = Mutex(State())
    private let finished = DispatchGroup()
    /// Signalled to wake sleeping workers early (on stop).
    private let wake = DispatchSemaphore(value: 0)
    /// Signalled to wake the heartbeat thread early (on stop, or when the last worker leaves).
    private let monitorWake = DispatchSemaphore(value: 0)

    private struct State {
        var started = false
        var stopping = false
        var loadError: (any Error)?
        var running = 0
        /// Per worker slot: the job it is on and how far it got.
        var current: [Int: (job: Job, progress: Double)] = [:]
        /// Why the pool stopped by itself: the store cannot be written (disk full, I/O error).
        var failure: String?
        var reanalysing = 0
    }

    /// `transcriber` makes each worker's transcriber on its thread (nil: a pool that only rescores);
    /// `analyze` scores a transcript (nil: no analysis yet); `onEvent` is called on worker threads (and, for
    /// `.reanalysing`, on the thread calling `start`).
    public init(store: CallStore, options: WorkerPoolOptions = WorkerPoolOptions(),
                transcriber: (@Sendable () throws -> any CallTranscribing)?,
                analyze: @escaping @Sendable (Call, [Utterance]) -> CallAnalysis?,
                assignRoles: @escaping @Sendable (Call, [Utterance]) -> (utterances: [Utterance], roles: InferredRoles?) = { ($1, nil) },
                onEvent: @escaping @Sendable (WorkerEvent) -> Void = { _ in }) {
        self.store = store
        self.assignRoles = assignRoles
        self.options = options
        self.kinds = transcriber == nil ? options.kinds.intersection([.rescore]) : options.kinds
        self.makeTranscriber = transcriber
        self.analyze = analyze
        self.onEvent = onEvent
    }

    /// One thread running only rescores, with the store's current dictionary: what the desk runs when it has
    /// no speech models, so a dictionary saved there (or a newer analyser) still re-scores the archive. It can
    /// share a store with full pools: each job is claimed by exactly one of them.
    public static func rescoring(store: CallStore, analysis: AnalysisService, follow: Bool = true,
                                 onEvent: @escaping @Sendable (WorkerEvent) -> Void = { _ in }) -> WorkerPool {
        WorkerPool(store: store, options: WorkerPoolOptions(workers: 1, follow: follow, kinds: [.rescore], pollInterval: 0.25),
                   transcriber: nil, analyze: { analysis.analyze($0, $1) }, onEvent: onEvent)
    }

    /// Queues abandoned jobs again and calls analysed by an older `Analyzer.version` for re-analysis, and starts
    /// the workers once each has its transcriber. Throws (and runs nothing) when one cannot be made: failing
    /// every queued call for a setup problem would only make the supervisor retry them all after fixing it.
    public func start() throws {
        let already = state.withLock { s in
            defer { s.started = true }
            return s.started
        }
        guard !already else { return }
        try store.requeueStaleJobs(olderThan: options.staleAfter)
        if kinds.contains(.rescore) {
            let stale = try store.queueReanalysis(olderThan: Analyzer.version)
            state.withLock { $0.reanalysing = stale }
            if stale > 0 { onEvent(.reanalysing(calls: stale)) }
        }

        let ready = DispatchSemaphore(value: 0)
        for slot in 0..<options.workers {
            finished.enter()
            state.withLock { $0.running += 1 }
            let thread = Thread { [self] in
                defer {
                    state.withLock { $0.running -= 1 }
                    finished.leave()
                }
                let transcriber: (any CallTranscribing)?
                do {
                    transcriber = try makeTranscriber?()
                    ready.signal()
                } catch {
                    state.withLock { $0.loadError = $0.loadError ?? error }
                    ready.signal()
                    return
                }
                work(slot: slot, transcriber: transcriber)
            }
            thread.name = "hark-worker-\(slot)"
            // Whisper's decoder recurses deeply in onnxruntime; the default 512 KiB secondary stack is tight.
            thread.stackSize = 8 << 20
            thread.start()
        }
        for _ in 0..<options.workers { ready.wait() }
        if let error = state.withLock({ $0.loadError }) {
            stop()
            wait()
            throw error
        }
        finished.enter()
        let monitor = Thread { [self] in
            defer { finished.leave() }
            monitorLoop()
        }
        monitor.name = "hark-heartbeat"
        monitor.start()
    }

    /// Stops claiming jobs; a call in progress is abandoned at its next segment and queued again later.
    public func stop() {
        let workers = state.withLock { s in
            s.stopping = true
            return s.running
        }
        for _ in 0..<max(workers, 1) { wake.signal() }
        monitorWake.signal()
    }

    /// Leaves at once, for a process about to end: stops claiming and puts every job in hand back on the queue
    /// (its attempt not counted, its last saved checkpoint kept, so at most `checkpointInterval` of decoding is
    /// redone), without waiting for the decodes in flight. The caller then ends the process without unwinding,
    /// so no recogniser is torn down under a running decode. A worker that finishes meanwhile still writes its
    /// result, which leaves the call done instead of queued: either way nothing is lost.
    public func abandon() {
        stop()
        let held = state.withLock { s in s.current.map { (slot: $0.key, job: $0.value.job) } }
        for h in held { try? store.releaseJob(h.job.id, worker: WorkerIdentity.name(slot: h.slot)) }
    }

    /// Blocks until every worker has exited (the queue ran dry, or `stop()` was called).
    public func wait() {
        finished.wait()
    }

    /// `start()`, then `wait()`; throws when the pool stopped because the store cannot be written.
    public func run() throws {
        try start()
        wait()
        if let failure { throw JobError.storeUnwritable(failure) }
    }

    /// Why the pool stopped by itself (one line naming the store), nil while it has not. Nothing spins:
    /// a store that cannot be written stops every worker at once, and the jobs stay as they were.
    public var failure: String? { state.withLock { $0.failure } }

    private func give(up reason: String) {
        state.withLock { $0.failure = $0.failure ?? reason }
        stop()
    }

    /// How many calls `start` queued for re-analysis because an older `Analyzer.version` analysed them.
    public var queuedForReanalysis: Int { state.withLock { $0.reanalysing } }

    /// The jobs being worked on now, with their progress (0...1).
    public var current: [(job: Job, progress: Double)] {
        state.withLock { s in s.current.sorted { $0.key < $1.key }.map(\.value) }
    }

    public var isStopping: Bool { state.withLock { $0.stopping } }

    // MARK: - Worker threads

    private func work(slot: Int, transcriber: (any CallTranscribing)?) {
        let worker = WorkerIdentity.name(slot: slot)
        var failures = 0
        while !isStopping {
            let job: Job?
            do {
                job = try store.claimJob(worker: worker, kinds: kinds)
                failures = 0
            } catch {
                if let reason = store.unwritableReason(error) {
                    give(up: reason)
                    break
                }
                // The store is busy or briefly unavailable: wait and try again rather than lose the worker,
                // but not for ever when nobody is following the queue.
                failures += 1
                if !options.follow && failures >= 10 {
                    give(up: "\(store.path): cannot claim a job: \(error)")
                    break
                }
                sleep(options.pollInterval)
                continue
            }
            guard let job else {
                if !options.follow { break }
                sleep(options.pollInterval)
                continue
            }
            process(job, slot: slot, transcriber: transcriber)
        }
        // Workers that finished early leave; anything still running elsewhere is that worker's to finish.
        state.withLock { $0.current[slot] = nil }
        wakeMonitorIfLast()
    }

    private func process(_ job: Job, slot: Int, transcriber: (any CallTranscribing)?) {
        state.withLock { $0.current[slot] = (job, 0) }
        defer { state.withLock { $0.current[slot] = nil } }
        let began = Date()
        // The newest checkpoint of this run, and when one was last written (every few seconds, so a kill -9
        // loses at most that much; a clean stop writes the newest).
        var latest: TranscriptCheckpoint?
        var saved = Date()
        do {
            guard let call = try store.call(job.callID) else { throw StoreError.noSuchCall(job.callID) }
            onEvent(.started(worker: slot, job: job, call: call))
            switch job.kind {
            case .transcribe:
                guard let transcriber else { throw JobError.noTranscriber(path: call.path) }
                var lastReport = Date.distantPast
                let utterances = try transcriber.transcribe(file: call.file, progress: { fraction in
                    state.withLock { $0.current[slot]?.progress = fraction }
                    if Date().timeIntervalSince(lastReport) >= 0.25 || fraction >= 1 {
                        lastReport = Date()
                        onEvent(.progress(worker: slot, job: job, fraction: fraction))
                    }
                }, shouldStop: { self.isStopping }, resume: try? store.checkpoint(job: job.id), checkpoint: { cp in
                    latest = cp
                    if Date().timeIntervalSince(saved) >= options.checkpointInterval {
                        try? store.saveCheckpoint(job: job.id, cp)
                        saved = Date()
                    }
                })
                // A mono call's voices get their roles before anything is analysed or stored.
                let (prepared, roles) = assignRoles(call, utterances)
                var analysis = analyze(call, prepared)
                analysis?.roles = roles
                try store.finishTranscription(job: job.id, call: call.id, utterances: prepared, analysis: analysis)
                onEvent(.finished(worker: slot, job: job, call: call, utterances: utterances.count,
                                  seconds: Date().timeIntervalSince(began)))
            case .rescore:
                let utterances = try RescoreJob.run(job, call: call, store: store, analyze: analyze)
                onEvent(.finished(worker: slot, job: job, call: call, utterances: utterances,
                                  seconds: Date().timeIntervalSince(began)))
            }
        } catch {
            let worker = WorkerIdentity.name(slot: slot)
            if let reason = store.unwritableReason(error) {
                // Not the call's fault: leave the job for a later run rather than count it against the call.
                try? store.releaseJob(job.id, worker: worker)
                onEvent(.abandoned(worker: slot, job: job))
                give(up: reason)
                return
            }
            let outcome = job.kind == .transcribe ? transcriber?.outcome(of: error) ?? .retry : .retry
            if outcome == .stopped {
                if let latest { try? store.saveCheckpoint(job: job.id, latest) }
                // A clean stop: the call goes back to the queue now, its attempt not counted. (If even that
                // write fails, requeueStaleJobs frees it once this process is gone.)
                try? store.releaseJob(job.id, worker: worker)
                onEvent(.abandoned(worker: slot, job: job))
                return
            }
            let reason = String(describing: error).replacingOccurrences(of: "\n", with: " ")
            try? store.failJob(job.id, error: reason, permanent: outcome == .permanent)
            onEvent(.failed(worker: slot, job: job, reason: reason))
        }
    }

    // MARK: - Heartbeats

    private func monitorLoop() {
        var lastRequeue = Date()
        while true {
            let (jobs, running) = state.withLock { s in (s.current.values.map { ($0.job.id, $0.progress) }, s.running) }
            for (id, progress) in jobs { try? store.heartbeat(job: id, progress: progress) }
            if running == 0 { return }
            // In follow mode jobs of workers that died elsewhere come back without a restart.
            if options.follow, Date().timeIntervalSince(lastRequeue) >= options.staleAfter / 2 {
                _ = try? store.requeueStaleJobs(olderThan: options.staleAfter)
                lastRequeue = Date()
            }
            _ = monitorWake.wait(timeout: .now() + options.heartbeatInterval)
        }
    }

    private func wakeMonitorIfLast() {
        // `running` is decremented after this returns, so "last" means one left.
        if state.withLock({ $0.running <= 1 }) { monitorWake.signal() }
    }

    private func sleep(_ seconds: Double) {
        _ = wake.wait(timeout: .now() + seconds)
        // A stop wakes one sleeper per signal; keep the signal for the others.
        if isStopping { wake.signal() }
    }
}
