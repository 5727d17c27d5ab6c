import Foundation
import HarkCore
import HarkStore

/// The desk's data from the call store (`CallStore`, GRDB in WAL mode, so reading never blocks the
/// workers writing).
public final class StoreDeskData: DeskDataSource {
    public let store: CallStore
    public let workerCount: Int
    /// The settings the desk's analysis runs with (the settings file's), for the Dictionary editor's preview.
    public let analysisSettings: AnalysisSettings

    private let problem: @Sendable () -> String?

    /// `workerProblem` asks the worker pool why it stopped, if it did.
    public init(store: CallStore, workerCount: Int = 0, workerProblem: @escaping @Sendable () -> String? = { nil },
                analysisSettings: AnalysisSettings = AnalysisSettings()) {
        self.store = store
        self.workerCount = workerCount
        self.problem = workerProblem
        self.analysisSettings = analysisSettings
    }

    public func workerProblem() -> String? { problem() }
    public func swapRoles(of call: CallID) throws -> InferredRoles { try store.swapRoles(of: call) }

    static func row(_ s: CallSummary) -> CallRow {
        CallRow(call: s.call, score: s.score, trend: s.trend, risk: s.risk, resolved: s.resolved, languages: s.languages,
                markerKinds: s.markerKinds, negativeHits: s.negativeHits, progress: s.jobProgress, formPassed: s.formPassed)
    }

    public func callRows() throws -> [CallRow] {
        try store.calls(CallQuery(sort: .startedAt, descending: true)).map(StoreDeskData.row)
    }

    public func newestCallRows(limit: Int) throws -> [CallRow] {
        try store.calls(CallQuery(sort: .startedAt, descending: true, limit: limit)).map(StoreDeskData.row)
    }

    public func callRows(ids: [CallID]) throws -> [CallRow] {
        guard !ids.isEmpty else { return [] }
        return try store.calls(CallQuery(callIDs: ids)).map(StoreDeskData.row)
    }

    public func runningProgress() throws -> [CallID: Double] {
        var out: [CallID: Double] = [:]
        for j in try store.jobs(states: [.running], limit: 200) where j.kind == .transcribe { out[j.callID] = j.progress }
        return out
    }

    public func search(_ query: String) throws -> [SearchMatch] {
        try store.search(query, limit: 500).map {
            SearchMatch(callID: $0.callID, utteranceIndex: $0.utteranceIndex, start: $0.start, text: $0.text)
        }
    }

    public func review(of id: CallID) throws -> ReviewData? {
        guard let call = try store.call(id) else { return nil }
        var colors: [String: String] = [:]
        for c in try store.dictionary()?.categories ?? [] { colors[c.name] = c.color }
        return ReviewData(call: call, utterances: try store.utterances(of: id), analysis: try store.analysis(of: id),
                          categoryColors: colors)
    }

    /// Running and failed jobs, then the next queued and the last finished ones.
    public func jobs() throws -> [JobRow] {
        let jobs = try store.jobs(states: [.running, .failed], limit: 300) + store.jobs(states: [.queued], limit: 200)
            + store.jobs(states: [.done], limit: 200)
        let calls = try store.calls(CallQuery(callIDs: Array(Set(jobs.map(\.callID)))))
        var byID: [CallID: Call] = [:]
        for c in calls { byID[c.call.id] = c.call }
        return jobs.map { j in
            let c = byID[j.callID]
            let label = c.map { "#\($0.id) \($0.metadata.agent ?? "—") → \($0.metadata.customer ?? "—")" } ?? "#\(j.callID)"
            return JobRow(job: j, callLabel: label, callDuration: c?.duration ?? 0)
        }
    }

    public func issueCategories() throws -> [CallID: [String]] { try store.negativeCategoriesByCall() }

    public func retry(job: Int64) throws { try store.retryJob(job) }

    public func revision() throws -> DeskRevision {
        DeskRevision(calls: try store.callCount(), jobs: try store.jobCounts(), live: try store.liveActivity())
    }

    public func recentAlerts(since: Date) throws -> [Alert] { try store.recentAlerts(since: since) }
}
