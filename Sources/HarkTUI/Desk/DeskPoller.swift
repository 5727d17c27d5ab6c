import Foundation
import HarkCore

/// Keeps the Calls and Queue screens in step with the store: the newest calls first and the rest from a
/// background thread, then every `interval` the store's revision; new calls reload the list, jobs that moved
/// reload only their calls, so a 100,000-call list stays responsive while workers run.
final class DeskPoller {
    enum Result { case unchanged, progress, archive, failed(String) }

    /// How many calls the first frame loads.
    static let firstPage = 400

    var interval: TimeInterval = 0.5
    /// Whether the last `poll` asked the store (its interval had passed), for screens that poll with it.
    private(set) var polled = false
    private let data: DeskDataSource
    private let calls: CallsController
    private let queue: QueueController
    private let now: () -> Date
    private var lastRevision: DeskRevision?
    private var lastProgress: [CallID: Double] = [:]
    /// Job states at the last reload, to find the calls whose jobs moved since.
    private var jobStates: [Int64: JobState] = [:]
    private var lastPoll = Date.distantPast
    /// The background load of every call (see `firstLoad`).
    private enum FullLoad: Sendable { case idle, loading, loaded([CallRow], [CallSortKey: [Int]]), failed }
    private let fullLoadBox = Locked(FullLoad.idle)
    /// Calls whose jobs moved while the full list was loading, to read again after it arrives.
    private var changedDuringLoad: Set<CallID> = []
    private var ignoreFullLoad = false

    init(data: DeskDataSource, calls: CallsController, queue: QueueController, now: @escaping () -> Date) {
        self.data = data
        self.calls = calls
        self.queue = queue
        self.now = now
    }

    /// Rows of the newest calls first, so a large archive shows its first frame at once; the whole list
    /// follows from a background thread and `poll` swaps it in.
    func firstLoad() throws {
        lastRevision = try data.revision()
        let first = try data.newestCallRows(limit: Self.firstPage)
        calls.model.setRows(first)
        try reloadJobs()
        guard first.count == Self.firstPage else { return }
        calls.model.partial = true
        let data = self.data, loader = fullLoadBox
        loader.withLock { $0 = .loading }
        let thread = Thread {
            // The sort orders are made here too, so the main thread never sorts the whole archive.
            let result: FullLoad = (try? data.callRows()).map { .loaded($0, CallsModel.orders(of: $0)) } ?? .failed
            loader.withLock { $0 = result }
        }
        thread.name = "hark-calls-load"
        thread.start()
    }

    /// Reloads calls and jobs.
    func reload() throws {
        lastRevision = try data.revision()
        calls.model.setRows(try data.callRows())
        // A background first load still running would bring an older list: drop it when it comes.
        if calls.model.partial { ignoreFullLoad = true; calls.model.partial = false }
        try reloadJobs()
    }

    /// Swaps in the whole call list once the background load is done, with the calls whose jobs moved
    /// meanwhile read again.
    private func takeFullLoad() -> Result {
        let state = fullLoadBox.withLock { s -> FullLoad in
            if case .loading = s { return .loading }
            defer { s = .idle }
            return s
        }
        switch state {
        case .idle, .loading: return .unchanged
        case .failed:
            calls.model.partial = false
            return .failed("could not load every call; showing the newest \(Self.firstPage)")
        case let .loaded(rows, orders):
            if ignoreFullLoad { ignoreFullLoad = false; return .unchanged }
            calls.model.setRows(rows, orders: orders)
            calls.model.partial = false
            if !changedDuringLoad.isEmpty, let fresh = try? data.callRows(ids: Array(changedDuringLoad)) { calls.model.update(fresh) }
            changedDuringLoad = []
            return .archive
        }
    }

    private var isLoadingAll: Bool { fullLoadBox.withLock { if case .loading = $0 { true } else { false } } }

    /// Reloads the job list; returns the calls whose jobs appeared or changed state.
    @discardableResult
    private func reloadJobs() throws -> [CallID] {
        let rows = try data.jobs()
        var changed: [CallID] = []
        for r in rows where jobStates[r.job.id] != r.job.state { changed.append(r.job.callID) }
        jobStates = Dictionary(rows.map { ($0.job.id, $0.job.state) }, uniquingKeysWith: { a, _ in a })
        queue.setJobs(rows, workers: data.workerCount, now: now())
        return changed
    }

    /// `queueShown`: the Queue is on screen, so its jobs are read at every poll, not only when they moved.
    func poll(queueShown: Bool) -> Result {
        polled = false
        let loaded = takeFullLoad()
        if case .archive = loaded { return .archive }
        if case .failed = loaded { return loaded }
        let t = now()
        guard t.timeIntervalSince(lastPoll) >= interval else { return .unchanged }
        lastPoll = t
        polled = true
        var result = Result.unchanged
        do {
            let rev = try data.revision()
            if rev != lastRevision {
                if rev.calls != lastRevision?.calls {
                    try reload()
                } else {
                    // Live calls that grew or ended (an ended one leaves the live list).
                    let old = lastRevision?.live ?? [:]
                    let moved = Set(old.keys).union(rev.live.keys).filter { old[$0] != rev.live[$0] }
                    lastRevision = rev
                    let changed = try reloadJobs() + moved
                    if isLoadingAll { changedDuringLoad.formUnion(changed) }
                    calls.model.update(try data.callRows(ids: Array(Set(changed))))
                }
                result = .archive
            } else if queueShown {
                try reloadJobs()
                result = .progress
            }
            let progress = try data.runningProgress()
            if progress != lastProgress {
                lastProgress = progress
                calls.model.updateProgress(progress)
                if case .unchanged = result { result = .progress }
            }
        } catch {
            return .failed("refresh failed: \(error)")
        }
        return result
    }
}
