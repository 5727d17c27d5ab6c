import Foundation
import HarkCore
import HarkStore

/// What the Dictionary editor reads and writes. The store adapter implements it; a data source without it
/// shows the screen with a one-line reason instead.
public protocol DictionaryDataSource: AnyObject, Sendable {
    /// The current dictionary (the default one when the store has none yet).
    func dictionary() throws -> KeywordDictionary
    /// The newest saved version number.
    func dictionaryVersion() throws -> Int
    func keywordHits() throws -> KeywordHitStats
    /// Every transcribed call with its transcript and stored score, for the what-if preview.
    func previewInputs() throws -> [DictionaryPreview.Input]
    /// Saves a version (by the desk's author) and queues the rescore; returns the version number.
    func saveDictionary(_ dictionary: KeywordDictionary, summary: String) throws -> Int
    func dictionaryVersions() throws -> [DictionaryVersion]
    func dictionary(version: Int) throws -> KeywordDictionary?
    func rescoreProgress() throws -> RescoreProgress
    /// The analysis settings previews are computed with (the desk's, from the settings file).
    var analysisSettings: AnalysisSettings { get }
}

extension DictionaryDataSource {
    public var analysisSettings: AnalysisSettings { AnalysisSettings() }
}

/// One agent on the Coaching screen's picker.
public struct AgentRow: Sendable, Hashable {
    public var name: String
    public var calls: Int
    public var averageScore: Double?
    public var risky: Int
    public init(name: String, calls: Int, averageScore: Double?, risky: Int) {
        self.name = name; self.calls = calls; self.averageScore = averageScore; self.risky = risky
    }
}

/// One of an agent's calls ranked by coaching value.
public struct CoachingCallRow: Sendable, Hashable {
    public var call: Call
    public var score: Double?
    public var risk: Bool
    public var value: Double
    /// Negative findings of the call ("投诉", "slow_response"), most frequent first.
    public var issues: [String]
    public init(call: Call, score: Double?, risk: Bool, value: Double, issues: [String]) {
        self.call = call; self.score = score; self.risk = risk; self.value = value; self.issues = issues
    }
}

/// What the Coaching screen reads and writes.
public protocol CoachingDataSource: AnyObject, Sendable {
    /// Agents with analysed calls.
    func agents() throws -> [AgentRow]
    /// The agent's analysed calls, most worth coaching first (`CoachingValue`).
    func coachingCalls(agent: String) throws -> [CoachingCallRow]
    /// A call's transcript, analysis and notes, as the walkthrough and the report use them.
    func coachingItem(_ call: CallID) throws -> CoachingReport.Item?
    func addNote(_ note: Note) throws -> Note
    /// Who writes notes and saves dictionaries.
    var author: String { get }
}

extension StoreDeskData: DictionaryDataSource, CoachingDataSource {
    public var author: String { Author.current }

    /// The store's dictionary; a store that never saved one shows the default, unsaved (version 0), so merely
    /// opening the editor does not queue a rescore of the whole archive.
    public func dictionary() throws -> KeywordDictionary { try store.dictionary() ?? .standard }
    public func dictionaryVersion() throws -> Int { try store.currentDictionaryVersion() }
    public func keywordHits() throws -> KeywordHitStats { try store.keywordHitStats() }
    public func previewInputs() throws -> [DictionaryPreview.Input] { try store.previewInputs() }
    public func saveDictionary(_ dictionary: KeywordDictionary, summary: String) throws -> Int {
        try store.saveDictionary(dictionary, author: author, summary: summary)
    }
    public func dictionaryVersions() throws -> [DictionaryVersion] { try store.dictionaryVersions() }
    public func dictionary(version: Int) throws -> KeywordDictionary? { try store.dictionary(version: version) }
    public func rescoreProgress() throws -> RescoreProgress { try store.rescoreProgress() }

    public func agents() throws -> [AgentRow] {
        let calls = try store.calls(CallQuery(status: .done))
        let byAgent = Dictionary(grouping: calls) { $0.call.metadata.agent ?? "" }
        return byAgent.filter { !$0.key.isEmpty }.map { name, calls in
            let scores = calls.compactMap(\.score)
            return AgentRow(name: name, calls: calls.count,
                            averageScore: scores.isEmpty ? nil : scores.reduce(0, +) / Double(scores.count),
                            risky: calls.filter(\.risk).count)
        }.sorted { $0.name < $1.name }
    }

    public func coachingCalls(agent: String) throws -> [CoachingCallRow] {
        let calls = try store.calls(CallQuery(agent: agent, status: .done))
        var issues: [CallID: [String]] = [:]
        let inputs = try calls.map { summary in
            let markers = try store.analysis(of: summary.call.id)?.markers ?? []
            let found = CoachingValue.issues(in: markers)
            issues[summary.call.id] = found
            return CoachingValue.Input(callID: summary.call.id, score: summary.score, risk: summary.risk, issues: found)
        }
        let byID = Dictionary(uniqueKeysWithValues: calls.map { ($0.call.id, $0) })
        return CoachingValue.rank(inputs).compactMap { ranked in
            guard let s = byID[ranked.callID] else { return nil }
            return CoachingCallRow(call: s.call, score: s.score, risk: s.risk, value: ranked.value,
                                   issues: CoachingModel.mostFrequent(issues[s.call.id] ?? []))
        }
    }

    public func coachingItem(_ id: CallID) throws -> CoachingReport.Item? {
        guard let call = try store.call(id) else { return nil }
        return CoachingReport.Item(call: call, utterances: try store.utterances(of: id), analysis: try store.analysis(of: id),
                                   notes: try store.notes(of: id))
    }

    public func addNote(_ note: Note) throws -> Note { try store.addNote(note) }
}
