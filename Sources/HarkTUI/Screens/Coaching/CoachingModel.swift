import Foundation
import HarkCore

/// The Coaching screen's state: the agent picker, the agent's calls ranked by coaching value (with the calls
/// marked for a walkthrough), and the walkthrough itself.
public struct CoachingModel: Sendable {
    public enum Pane: Sendable { case agents, calls }

    public var agents: [AgentRow] = [] { didSet { agentList.setCount(agents.count) } }
    public var calls: [CoachingCallRow] = [] { didSet { callList.setCount(calls.count) } }
    public var agentList = ListCursor()
    public var callList = ListCursor()
    public var focus: Pane = .agents
    /// The agents or the selected agent's calls are being read (off the main thread on a large archive).
    public var loadingAgents = false
    public var loadingCalls = false
    /// Calls chosen for a several-call walkthrough (`m`).
    public var marked: Set<CallID> = []
    public var walkthrough: Walkthrough?

    public init() {}

    public var agent: Int {
        get { agentList.selected }
        set { agentList.select(newValue) }
    }
    public var call: Int {
        get { callList.selected }
        set { callList.select(newValue) }
    }

    public var selectedAgent: AgentRow? { agents[safe: agent] }
    public var selectedCall: CoachingCallRow? { calls[safe: call] }

    /// The calls a walkthrough opens: the marked ones in ranking order, else the selected one.
    public var walkthroughCalls: [CallID] {
        let marked = calls.filter { self.marked.contains($0.call.id) }.map(\.call.id)
        if !marked.isEmpty { return marked }
        return selectedCall.map { [$0.call.id] } ?? []
    }

    /// Distinct names, most frequent first.
    public static func mostFrequent(_ names: [String]) -> [String] {
        var counts: [String: Int] = [:]
        for n in names { counts[n, default: 0] += 1 }
        return counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map(\.key)
    }

    /// Moves the focused list's cursor; → and ← move between the agents and their calls.
    public mutating func move(_ m: Movement) {
        switch (m, focus) {
        case (.right, .agents): if !calls.isEmpty { focus = .calls }
        case (.left, .calls): focus = .agents
        case (_, .agents): agentList.move(m)
        case (_, .calls): callList.move(m)
        }
    }
}

/// A walkthrough of the flagged moments of one or several calls: each moment is a negative marker, shown
/// with its transcript context and explanation; notes written here are the session's agreed actions.
public struct Walkthrough: Sendable {
    /// One flagged moment: which call (index into `items`) and which marker.
    public struct Moment: Sendable, Hashable {
        public var item: Int
        public var marker: Marker
    }

    public var agent: String
    public private(set) var items: [CoachingReport.Item]
    public private(set) var moments: [Moment]
    public var index = 0
    /// Notes written during this session, oldest first.
    public private(set) var sessionNotes: [Note] = []

    /// Seconds played before each moment, so the supervisor hears the lead-up.
    public static let leadIn = 3.0

    public init(agent: String, items: [CoachingReport.Item]) {
        self.agent = agent
        self.items = items
        moments = items.enumerated().flatMap { i, item in
            (item.analysis?.markers ?? []).filter(CoachingValue.isIssue).map { Moment(item: i, marker: $0) }
        }
    }

    public var current: Moment? { moments[safe: index] }
    public var currentItem: CoachingReport.Item? { current.map { items[$0.item] } }

    /// Where playback starts for the current moment.
    public var playFrom: Double? { current.map { max(0, $0.marker.start - Walkthrough.leadIn) } }

    /// Steps to the next (`by` 1) or previous (-1) moment; false at either end.
    public mutating func step(by delta: Int) -> Bool {
        let next = index + delta
        guard moments.indices.contains(next) else { return false }
        index = next
        return true
    }

    /// Records a note written at the current moment (already stored) on its call.
    public mutating func add(_ note: Note) {
        sessionNotes.append(note)
        if let i = items.firstIndex(where: { $0.call.id == note.callID }) { items[i].notes.append(note) }
    }

    /// The utterance index of the current moment and its neighbours (`around` each side), in time order.
    public func context(around: Int = 2) -> (lines: [Utterance], focus: Int?) {
        guard let m = current else { return ([], nil) }
        let sorted = items[m.item].utterances.sorted { $0.start < $1.start }
        guard !sorted.isEmpty else { return ([], nil) }
        let at = m.marker.utteranceIndex.flatMap { sorted.indices.contains($0) ? $0 : nil }
            ?? sorted.lastIndex { $0.start <= m.marker.start } ?? 0
        let lo = max(0, at - around), hi = min(sorted.count - 1, at + around)
        return (Array(sorted[lo...hi]), at - lo)
    }

    /// The coaching report for this session: its calls, their notes, and the session's notes as agreed actions.
    public func report(author: String) -> CoachingReport {
        let starts = items.compactMap { $0.call.metadata.startedAt }
        return CoachingReport(agent: agent, from: starts.min(), to: starts.max(), items: items,
                              actions: sessionNotes.map(\.text), author: author)
    }
}
