import Foundation
import HarkAudio
import HarkCore
import HarkStore
import Synchronization

/// Background threads that transcribe queued calls and write the results to the store.
///
/// Each worker owns a `Transcriber` (its own VAD; recognisers come from a shared `RecognizerPool`), claims a
/// job, transcribes the call, and
/// writes its utterances, analysis and job state in one transaction (`finishTranscription`). Nothing is
/// written for a call before that, so a kill at any moment leaves the call as it was and the job `running`
/// with a dead worker; `requeueStaleJobs` (run at start) queues it again. A monitor thread heartbeats
/// the running jobs with their progress every `heartbeatInterval` seconds.
public final class WorkerPool: Sendable {
    public let store: CallStore
    public let catalog: ModelCatalog
    public let options: WorkerPoolOptions
    private let analyze: @Sendable (Call, [Utterance]) -> CallAnalysis?
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
        var loaded = 0
        var loadError: (any Error)?
        var running = 0
        /// Per worker slot: the job it is on and how far it got.
        var current: [Int: (job: Job, progress: Double)] = [:]
        /// Why the pool stopped by itself: the store cannot be written (disk full, I/O error).
        var failure: String?
    }

    /// `analyze` scores a transcript (nil: no analysis yet); `onEvent` is called on worker threads.
    public init(store: CallStore, catalog: ModelCatalog, options: WorkerPoolOptions = WorkerPoolOptions(),
                analyze: @escaping @Sendable (Call, [Utterance]) -> CallAnalysis?,
                onEvent: @escaping @Sendable (WorkerEvent) -> Void = { _ in }) {
        self.store = store
        self.catalog = catalog
        self.options = options
        self.analyze = analyze
        self.onEvent = onEvent
    }

    /// Checks the models, queues abandoned jobs again, and starts the workers once every recogniser has
    /// loaded. Throws (and starts nothing) when a model is missing or broken: failing every queued call
    /// for a setup problem would only make the supervisor retry them all after fixing it.
    public func start() throws {
        let already = state.withLock { s in
            defer { s.started = true }
            return s.started
        }
        guard !already else { return }
        let vadModel = try catalog.vad()
        let engines = try RecognizerPool(model: catalog.recognizer(named: options.recognizerName),
                                         options: options.recognizer, engines: options.engines)
        try store.requeueStaleJobs(olderThan: options.staleAfter)

        let ready = DispatchSemaphore(value: 0)
        for slot in 0..<options.workers {
            finished.enter()
            state.withLock { $0.running += 1 }
            let thread = Thread { [self] in
                defer {
                    state.withLock { $0.running -= 1 }
                    finished.leave()
                }
                let transcriber: Transcriber
                do {
                    transcriber = try Transcriber(
                        engines: engines, vad: VoiceActivityDetector(model: vadModel, options: options.vad),
                        script: options.script.converter)
                    state.withLock { $0.loaded += 1 }
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

    /// Blocks until every worker has exited (the queue ran dry, or `stop()` was called).
    public func wait() {
        finished.wait()
    }

    /// `start()`, then `wait()`; throws when the pool stopped because the store cannot be written.
    public func run() throws {
        try start()
        wait()
        if let failure { throw PoolError.storeUnwritable(failure) }
    }

    /// Why the pool stopped by itself (one line naming the store), nil while it has not. Nothing spins:
    /// a store that cannot be written stops every worker at once, and the jobs stay as they were.
    public var failure: String? { state.withLock { $0.failure } }

    private func give(up reason: String) {
        state.withLock { $0.failure = $0.failure ?? reason }
        stop()
    }

    /// The jobs being worked on now, with their progress (0...1).
    public var current: [(job: Job, progress: Double)] {
        state.withLock { s in s.current.sorted { $0.key < $1.key }.map(\.value) }
    }

    public var isStopping: Bool { state.withLock { $0.stopping } }

    // MARK: - Worker threads

    private func work(slot: Int, transcriber: Transcriber) {
        let worker = WorkerIdentity.name(slot: slot)
        var failures = 0
        while !isStopping {
            let job: Job?
            do {
                job = try store.claimJob(worker: worker, kinds: options.kinds)
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

    private func process(_ job: Job, slot: Int, transcriber: Transcriber) {
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
                var lastReport = Date.distantPast
                let utterances = try transcriber.transcribe(path: call.path, progress: { fraction in
                    state.withLock { $0.current[slot]?.progress = fraction }
                    if Date().timeIntervalSince(lastReport) >= 0.25 || fraction >= 1 {
                        lastReport = Date()
                        onEvent(.progress(worker: slot, job: job, fraction: fraction))
                    }
                }, shouldStop: { self.isStopping }, resume: job.kind == .transcribe ? try? store.checkpoint(job: job.id) : nil,
                checkpoint: { cp in
                    latest = cp
                    if Date().timeIntervalSince(saved) >= options.checkpointInterval {
                        try? store.saveCheckpoint(job: job.id, cp)
                        saved = Date()
                    }
                })
                try store.finishTranscription(job: job.id, call: call.id, utterances: utterances,
                                              analysis: analyze(call, utterances))
                onEvent(.finished(worker: slot, job: job, call: call, utterances: utterances.count,
                                  seconds: Date().timeIntervalSince(began)))
            case .rescore:
                let utterances = try store.utterances(of: call.id)
                guard let analysis = analyze(call, utterances) else {
                    throw PoolError.noAnalysis(path: call.path)
                }
                try store.finishRescore(job: job.id, call: call.id, analysis: analysis)
                onEvent(.finished(worker: slot, job: job, call: call, utterances: utterances.count,
                                  seconds: Date().timeIntervalSince(began)))
            }
        } catch SpeechError.cancelled {
            if let latest { try? store.saveCheckpoint(job: job.id, latest) }
            // A clean stop: the call goes back to the queue now, its attempt not counted. (If even that write
            // fails, requeueStaleJobs frees it once this process is gone.)
            try? store.releaseJob(job.id, worker: WorkerIdentity.name(slot: slot))
            onEvent(.abandoned(worker: slot, job: job))
        } catch {
            if let reason = store.unwritableReason(error) {
                // Not the call's fault: leave the job for a later run rather than count it against the call.
                try? store.releaseJob(job.id, worker: WorkerIdentity.name(slot: slot))
                onEvent(.abandoned(worker: slot, job: job))
                give(up: reason)
                return
            }
            let reason = String(describing: error).replacingOccurrences(of: "\n", with: " ")
            try? store.failJob(job.id, error: reason, permanent: Self.isPermanent(error))
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

    /// Audio that can never decode fails at once; a missing file may come back (a share remounted), and
    /// anything else may be passing, so those are tried again.
    static func isPermanent(_ error: any Error) -> Bool {
        guard let audio = error as? AudioError else { return false }
        switch audio {
        case .empty, .unsupported: return true
        case let .unreadable(_, reason): return reason != "no such file"
        case .device: return false
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

/// Why the pool could not complete a job.
enum PoolError: Error, CustomStringConvertible {
    case noAnalysis(path: String)
    case storeUnwritable(String)

    var description: String {
        switch self {
        case let .noAnalysis(path): return "\(path): no analysis available to rescore this call"
        case let .storeUnwritable(reason): return reason
        }
    }
}
