import Foundation
import HarkCore

/// Aggregates for one group of calls (an agent, an hour of day).
public struct CallStats: Sendable, Hashable {
    public var label: String
    public var calls = 0
    public var scored = 0
    public var scoreSum = 0.0
    public var negative = 0
    public var resolved = 0
    public var categories: [String: Int] = [:]

    public init(label: String) { self.label = label }

    public var averageScore: Double? { scored > 0 ? scoreSum / Double(scored) : nil }
    /// Share of scored calls with a negative trend or negative keyword hits.
    public var negativeRate: Double { scored > 0 ? Double(negative) / Double(scored) : 0 }
    /// First-contact resolution rate among scored calls.
    public var fcrRate: Double { scored > 0 ? Double(resolved) / Double(scored) : 0 }
    public var topCategories: [String] {
        categories.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(3).map(\.key)
    }

    mutating func add(_ row: CallRow) {
        calls += 1
        guard let s = row.score else { return }
        scored += 1
        scoreSum += s
        if row.trend == .negative || row.negativeHits > 0 { negative += 1 }
        if row.resolved { resolved += 1 }
        for c in row.categories { categories[c, default: 0] += 1 }
    }
}

/// The Dashboard's numbers: per agent and per hour of day.
public struct DashboardModel: Sendable {
    public private(set) var agents: [CallStats] = []
    /// 24 entries, hour 0…23 (local time).
    public private(set) var hours: [CallStats] = (0..<24).map { CallStats(label: String(format: "%02d", $0)) }
    public private(set) var total = CallStats(label: "all")
    public var cursor = ListCursor()

    public init() {}

    public init(rows: [CallRow], calendar: Calendar = .current) {
        var hour = HourOfDay(timeZone: calendar.timeZone)
        var byAgent: [String: CallStats] = [:]
        for r in rows {
            let a = r.call.metadata.agent ?? "(unknown)"
            byAgent[a, default: CallStats(label: a)].add(r)
            let h = hour.of(r.call.metadata.startedAt ?? r.call.importedAt)
            hours[h].add(r)
            total.add(r)
        }
        agents = byAgent.values.sorted { $0.calls != $1.calls ? $0.calls > $1.calls : $0.label < $1.label }
        cursor.setCount(agents.count)
    }
}


/// The local hour of a date, with the zone's offset looked up once per hour of time rather than through a
/// calendar per call: 100,000 calendar lookups took most of a dashboard rebuild.
struct HourOfDay {
    let timeZone: TimeZone
    private var offsets: [Int: Int] = [:]

    init(timeZone: TimeZone) { self.timeZone = timeZone }

    mutating func of(_ date: Date) -> Int {
        let t = Int(date.timeIntervalSince1970.rounded(.down))
        let bucket = t >= 0 ? t / 3600 : (t - 3599) / 3600
        let offset: Int
        if let o = offsets[bucket] {
            offset = o
        } else {
            offset = timeZone.secondsFromGMT(for: date)
            offsets[bucket] = offset
        }
        let local = ((t + offset) % 86_400 + 86_400) % 86_400
        return local / 3600
    }
}
