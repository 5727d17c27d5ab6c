import Foundation
import GRDB
import HarkCore

/// What the dashboard and `hark stats` group calls by.
public enum StatsGrouping: String, Sendable, CaseIterable {
    case agent
    /// Hour of day the call started (0–23), across days.
    case hour
    case queue
    case day
}

/// Aggregates over one group of analysed calls.
public struct StatsRow: Sendable, Hashable {
    /// Agent or queue name, "00"–"23", or "YYYY-MM-DD".
    public var group: String
    public var calls: Int
    public var minutes: Double
    /// Over calls that have a score.
    public var averageScore: Double?
    /// Fraction of calls with at least one negative keyword hit.
    public var negativeRate: Double
    /// Fraction of calls the first-contact-resolution heuristic marked resolved.
    public var resolutionRate: Double
    public var riskCalls: Int
    /// Most frequent negative-polarity marker categories (category, count), most first.
    public var topIssues: [(category: String, count: Int)]

    public static func == (a: StatsRow, b: StatsRow) -> Bool {
        a.group == b.group && a.calls == b.calls && a.minutes == b.minutes && a.averageScore == b.averageScore
            && a.negativeRate == b.negativeRate && a.resolutionRate == b.resolutionRate && a.riskCalls == b.riskCalls
            && a.topIssues.map(\.category) == b.topIssues.map(\.category) && a.topIssues.map(\.count) == b.topIssues.map(\.count)
    }

    public func hash(into h: inout Hasher) { h.combine(group); h.combine(calls) }
}

extension CallStore {
    /// Calls, minutes, average score, negative rate, resolution rate and top issues per group, for calls whose
    /// start falls in `from..<to` (all when nil). Times of day use `timeZone`.
    public func stats(by grouping: StatsGrouping, from: Date? = nil, to: Date? = nil,
                      timeZone: TimeZone = .current, topIssues: Int = 3) throws -> [StatsRow] {
        let offset = Double(timeZone.secondsFromGMT())
        let key: String
        switch grouping {
        case .agent: key = "COALESCE(call.agent, '-')"
        case .queue: key = "COALESCE(call.queue, '-')"
        case .hour: key = "COALESCE(strftime('%H', call.started_at + \(offset), 'unixepoch'), '-')"
        case .day: key = "COALESCE(strftime('%Y-%m-%d', call.started_at + \(offset), 'unixepoch'), '-')"
        }
        var clauses: [String] = []
        var arguments = StatementArguments()
        if let from { clauses.append("call.started_at >= ?"); arguments += [from.storeValue] }
        if let to { clauses.append("call.started_at < ?"); arguments += [to.storeValue] }
        let whereSQL = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
        return try pool.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT \(key) AS grp, COUNT(*) AS calls, SUM(duration) / 60.0 AS minutes, AVG(score) AS avg_score,
                       SUM(negative_hits > 0) AS negative_calls, SUM(resolved) AS resolved_calls,
                       SUM(risk) AS risk_calls, SUM(score IS NOT NULL) AS scored
                FROM call \(whereSQL) GROUP BY grp ORDER BY grp
                """, arguments: arguments)
            let issues = try Row.fetchAll(db, sql: """
                SELECT \(key) AS grp, marker.category AS category, COUNT(*) AS n
                FROM marker JOIN call ON call.id = marker.call_id
                \(whereSQL.isEmpty ? "WHERE" : whereSQL + " AND") marker.polarity = 'negative' AND marker.negated = 0
                GROUP BY grp, marker.category ORDER BY grp, n DESC, marker.category
                """, arguments: arguments)
            let issuesByGroup = Dictionary(grouping: issues, by: { (row: Row) -> String in row["grp"] })
            return rows.map { row in
                let calls: Int = row["calls"]
                let scored: Int = row["scored"]
                let negative: Int = row["negative_calls"]
                let resolved: Int = row["resolved_calls"]
                let group: String = row["grp"]
                return StatsRow(group: group, calls: calls, minutes: row["minutes"] ?? 0,
                                averageScore: scored > 0 ? row["avg_score"] : nil,
                                negativeRate: scored > 0 ? Double(negative) / Double(scored) : 0,
                                resolutionRate: scored > 0 ? Double(resolved) / Double(scored) : 0,
                                riskCalls: row["risk_calls"],
                                topIssues: (issuesByGroup[group] ?? []).prefix(topIssues).map { (category: $0["category"], count: $0["n"]) })
            }
        }
    }
}

extension CallStore {
    /// For every call with any, the negative keyword categories it hit (negated hits left out), by name.
    public func negativeCategoriesByCall() throws -> [CallID: [String]] {
        try pool.read { db in
            var out: [CallID: [String]] = [:]
            let rows = try Row.fetchCursor(db, sql: """
                SELECT DISTINCT call_id, category FROM marker
                WHERE kind = 'keyword' AND polarity = 'negative' AND negated = 0
                """)
            while let row = try rows.next() { out[row["call_id"] as CallID, default: []].append(row["category"]) }
            return out
        }
    }
}
