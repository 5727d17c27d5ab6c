import Foundation
import HarkCore

/// One row of the Calls screen: a call with what the list shows about it.
public struct CallRow: Sendable, Hashable, Identifiable {
    public var call: Call
    /// The QA form's score, else the experience score.
    public var score: Double?
    /// False when a critical form item failed; nil when no form scores the call.
    public var formPassed: Bool?
    public var trend: EmotionTrend?
    public var risk: Bool
    public var resolved: Bool
    public var languages: [String]
    /// Which marker kinds the call has.
    public var markerKinds: Set<MarkerKind>
    public var negativeHits: Int
    /// 0...1 while a job works on the call.
    public var progress: Double?
    /// Keyword categories hit in the call (for the dashboard's top categories), if known.
    public var categories: [String]

    public init(call: Call, score: Double? = nil, trend: EmotionTrend? = nil, risk: Bool = false, resolved: Bool = false,
                languages: [String] = [], markerKinds: Set<MarkerKind> = [], negativeHits: Int = 0,
                progress: Double? = nil, categories: [String] = [], formPassed: Bool? = nil) {
        self.call = call
        self.score = score
        self.formPassed = formPassed
        self.trend = trend
        self.risk = risk
        self.resolved = resolved
        self.languages = languages
        self.markerKinds = markerKinds
        self.negativeHits = negativeHits
        self.progress = progress
        self.categories = categories
    }

    public var id: CallID { call.id }
}

/// A transcript line matching a full-text search.
public struct SearchMatch: Sendable, Hashable {
    public var callID: CallID
    public var utteranceIndex: Int
    public var start: Double
    public var text: String
    public init(callID: CallID, utteranceIndex: Int, start: Double, text: String) {
        self.callID = callID; self.utteranceIndex = utteranceIndex; self.start = start; self.text = text
    }
}

/// Everything the Review screen shows about one call.
public struct ReviewData: Sendable, Hashable {
    public var call: Call
    public var utterances: [Utterance]
    public var analysis: CallAnalysis?
    /// Category name → colour name, from the dictionary, so keyword hits show in their category colour.
    public var categoryColors: [String: String]
    public init(call: Call, utterances: [Utterance], analysis: CallAnalysis?, categoryColors: [String: String] = [:]) {
        self.call = call; self.utterances = utterances; self.analysis = analysis; self.categoryColors = categoryColors
    }
}

/// A job as the Queue screen shows it, with the call it works on.
public struct JobRow: Sendable, Hashable {
    public var job: Job
    public var callLabel: String
    public var callDuration: Double
    public init(job: Job, callLabel: String, callDuration: Double) {
        self.job = job; self.callLabel = callLabel; self.callDuration = callDuration
    }
}

/// What the desk reads and asks for. The store adapter implements it over `CallStore`; tests use an
/// in-memory one. Calls are synchronous and made from the UI thread, so each must be quick.
/// A cheap fingerprint of the store: when it changes, the desk reloads what changed.
public struct DeskRevision: Sendable, Hashable {
    public var calls: Int
    public var jobs: [JobState: Int]
    /// Each live call's utterances so far: a live call changes with no job moving.
    public var live: [CallID: Int]
    public init(calls: Int, jobs: [JobState: Int], live: [CallID: Int] = [:]) {
        self.calls = calls
        self.jobs = jobs
        self.live = live
    }
}

public protocol DeskDataSource: AnyObject, Sendable {
    /// Every call (the Calls screen sorts and filters in memory).
    func callRows() throws -> [CallRow]
    /// The rows of just these calls (after their jobs changed).
    func callRows(ids: [CallID]) throws -> [CallRow]
    /// Progress (0...1) of every call being transcribed now.
    func runningProgress() throws -> [CallID: Double]
    /// Transcript lines matching `query`.
    func search(_ query: String) throws -> [SearchMatch]
    func review(of call: CallID) throws -> ReviewData?
    /// Recent jobs, active ones first.
    func jobs() throws -> [JobRow]
    func retry(job: Int64) throws
    /// The newest `limit` calls (start time, newest first): enough for the first frame of a large archive.
    func newestCallRows(limit: Int) throws -> [CallRow]
    /// Negative keyword categories hit in each call (negated hits left out), for the Dashboard's top issues.
    /// Asked only when the Dashboard is built, not on every reload.
    func issueCategories() throws -> [CallID: [String]]
    /// Changes whenever calls are added or jobs change state; polled to decide when to reload.
    func revision() throws -> DeskRevision
    /// Background workers transcribing, for the Queue screen.
    var workerCount: Int { get }
    /// Why the background workers stopped by themselves (the store cannot be written: disk full), nil while
    /// they run.
    func workerProblem() -> String?
    /// Swaps a mono call's inferred agent and customer and queues its re-analysis.
    func swapRoles(of call: CallID) throws -> InferredRoles
    /// Alerts fired since `since`, newest first (the alert bar).
    func recentAlerts(since: Date) throws -> [Alert]
}

public extension DeskDataSource {
    func workerProblem() -> String? { nil }
    func recentAlerts(since: Date) throws -> [Alert] { [] }
}
