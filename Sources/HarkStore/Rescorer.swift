import Foundation
import HarkCore

/// Runs `rescore` jobs (analysis only, no speech models) on one background thread, so a dictionary saved
/// from the desk re-scores the archive even where no transcription workers run. It claims only rescore
/// jobs, so it can share a store with a full worker pool: a job is claimed by exactly one of them.
public final class Rescorer: Sendable {
    private let store: CallStore
    private let analysis: AnalysisService
    private let worker: String
    private let state = Locked((stopped: false, started: false))
    private let wake = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)

    public init(store: CallStore, analysis: AnalysisService, worker: String = "rescore") {
        self.store = store
        self.analysis = analysis
        self.worker = worker
    }

    /// Starts the thread; it polls the queue every `interval` seconds while idle.
    public func start(interval: Double = 0.25) {
        guard state.withLock({ s in defer { s.started = true }; return !s.started }) else { return }
        let thread = Thread { [self] in
            while !state.withLock({ $0.stopped }) {
                if (try? runOne()) != true { _ = wake.wait(timeout: .now() + interval) }
            }
            finished.signal()
        }
        thread.name = "hark-rescore"
        thread.start()
    }

    /// Asks the thread to stop after the job in hand, and waits for it.
    public func stop() {
        let started = state.withLock { s in s.stopped = true; return s.started }
        wake.signal()
        if started { finished.wait() }
    }

    /// Claims and runs one rescore job; false when none was queued. Callable without `start` (tests, CLI).
    @discardableResult
    public func runOne() throws -> Bool {
        guard let job = try store.claimJob(worker: worker, kinds: [.rescore]) else { return false }
        do {
            guard let call = try store.call(job.callID) else { throw StoreError.noSuchCall(job.callID) }
            let analyzer = try analysis.analyzer()
            let result = analyzer.analyze(try store.utterances(of: call.id), duration: call.duration)
            try store.finishRescore(job: job.id, call: call.id, analysis: result)
        } catch {
            try? store.failJob(job.id, error: String(describing: error))
        }
        return true
    }

    /// Runs queued rescore jobs until none is left; returns how many ran.
    @discardableResult
    public func drain() throws -> Int {
        var n = 0
        while try runOne() { n += 1 }
        return n
    }
}
