import Foundation
import HarkCore

/// The Calls screen's filter, typed as words: `agent:王 status:done score<60 score>80 flag:risk
/// flag:fcr marker:silence from:2026-11-01 to:2026-11-30`. Unknown words are an error naming them.
public struct CallFilter: Sendable, Hashable {
    public var agent: String?
    public var status: CallStatus?
    public var minScore: Double?
    public var maxScore: Double?
    public var riskOnly = false
    public var resolvedOnly = false
    public var marker: MarkerKind?
    public var from: Date?
    public var to: Date?

    public init() {}

    public static let syntax = "agent:NAME status:done score<60 score>80 flag:risk|fcr marker:KIND from:YYYY-MM-DD to:YYYY-MM-DD"

    public var isEmpty: Bool { self == CallFilter() }

    /// Parses the filter words; throws a one-line reason naming the word it could not use.
    public init(parsing text: String) throws {
        self.init()
        for word in text.split(whereSeparator: \.isWhitespace).map(String.init) {
            if word.hasPrefix("score<"), let v = Double(word.dropFirst(6)) { maxScore = v; continue }
            if word.hasPrefix("score>"), let v = Double(word.dropFirst(6)) { minScore = v; continue }
            let parts = word.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[1].isEmpty else { throw DeskError("filter: cannot read \"\(word)\" (\(CallFilter.syntax))") }
            let (k, v) = (parts[0], parts[1])
            switch k {
            case "agent": agent = v
            case "status":
                guard let s = CallStatus(rawValue: v) else { throw DeskError("filter: unknown status \"\(v)\"") }
                status = s
            case "flag":
                switch v {
                case "risk": riskOnly = true
                case "fcr", "resolved": resolvedOnly = true
                default: throw DeskError("filter: unknown flag \"\(v)\" (risk, fcr)")
                }
            case "marker":
                guard let m = MarkerKind(rawValue: v) else { throw DeskError("filter: unknown marker kind \"\(v)\"") }
                marker = m
            case "from", "to":
                guard let d = CallFilter.day(v) else { throw DeskError("filter: \(k) needs YYYY-MM-DD, got \"\(v)\"") }
                if k == "from" { from = d } else { to = d.addingTimeInterval(86_400) }
            default: throw DeskError("filter: unknown field \"\(k)\" (\(CallFilter.syntax))")
            }
        }
    }

    public func matches(_ row: CallRow) -> Bool {
        if let agent, !(row.call.metadata.agent ?? "").localizedCaseInsensitiveContains(agent) { return false }
        if let status, row.call.status != status { return false }
        if let minScore, (row.score ?? -1) < minScore { return false }
        if let maxScore, (row.score ?? .infinity) > maxScore { return false }
        if riskOnly && !row.risk { return false }
        if resolvedOnly && !row.resolved { return false }
        if let marker, !row.markerKinds.contains(marker) { return false }
        let when = row.call.metadata.startedAt ?? row.call.importedAt
        if let from, when < from { return false }
        if let to, when >= to { return false }
        return true
    }

    static func day(_ s: String) -> Date? {
        let p = s.split(separator: "-").compactMap { Int($0) }
        guard p.count == 3 else { return nil }
        return Calendar.current.date(from: DateComponents(year: p[0], month: p[1], day: p[2]))
    }
}
