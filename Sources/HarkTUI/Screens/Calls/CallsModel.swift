import Foundation
import HarkCore

/// What the Calls list can be sorted by.
public enum CallSortKey: String, Sendable, CaseIterable {
    case time, agent, duration, score, status
}

/// The Calls screen's state: every call, the filtered/searched/sorted view of them as indices into the rows,
/// and the cursor. Pure: the poller feeds it rows, the controller feeds it keys, the view draws it.
public struct CallsModel: Sendable {
    public private(set) var rows: [CallRow] = []
    /// Indices into `rows`, in display order.
    public private(set) var visible: [Int] = []
    public private(set) var sort: CallSortKey = .time
    public private(set) var descending = true
    public private(set) var filter = CallFilter()
    public private(set) var filterText = ""
    /// The active full-text search and its first matching line per call.
    public private(set) var searchQuery = ""
    public private(set) var matches: [CallID: SearchMatch] = [:]
    public var cursor = ListCursor()
    /// Only the newest calls are loaded yet; the rest are on their way (a large archive).
    public var partial = false
    /// Row index by call id, to apply a job's change without a scan.
    private var index: [CallID: Int] = [:]
    /// The rows in ascending order of each sort key computed since the rows last changed: cycling the sort
    /// of 100,000 calls sorts each column once, not at every key.
    private var orders: [CallSortKey: [Int]] = [:]

    public init() {}

    public var selected: Int { cursor.selected }

    /// The call under the cursor.
    public var selectedRow: CallRow? {
        visible.indices.contains(cursor.selected) ? rows[visible[cursor.selected]] : nil
    }

    /// Replaces the rows (a live refresh), keeping the cursor on the same call when it is still shown.
    /// `orders` are the rows' orders made ahead (`CallsModel.orders(of:)`, on the thread that loaded them).
    public mutating func setRows(_ newRows: [CallRow], orders made: [CallSortKey: [Int]] = [:]) {
        let keep = selectedRow?.id
        rows = newRows
        index = Dictionary(rows.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        orders = made.filter { $0.value.count == newRows.count }
        rebuild(keeping: keep)
    }

    /// Every sort order of `rows`, for a loader thread to make before handing the rows over, so the first
    /// press of `s` on 100,000 calls sorts nothing.
    public static func orders(of rows: [CallRow]) -> [CallSortKey: [Int]] {
        var model = CallsModel()
        model.rows = rows
        for key in CallSortKey.allCases { _ = model.order(by: key) }
        return model.orders
    }

    /// Replaces the rows of calls whose jobs changed, adding unknown ones; keeps the cursor's call.
    public mutating func update(_ changed: [CallRow]) {
        guard !changed.isEmpty else { return }
        let keep = selectedRow?.id
        for r in changed {
            // Each known order moves just the changed call (a binary search per order), so a job finishing
            // on a 100,000-call list costs microseconds instead of a sort.
            if let i = index[r.id] {
                let old = rows[i]
                rows[i] = r
                for key in Array(orders.keys) where Self.sortsDifferently(old, r, key) {
                    orders[key]!.remove(at: orders[key]!.firstIndex(of: i)!)
                    insert(i, into: key)
                }
            } else {
                let i = rows.count
                index[r.id] = i
                rows.append(r)
                for key in Array(orders.keys) { insert(i, into: key) }
            }
        }
        rebuild(keeping: keep)
    }

    /// Updates the progress of calls being transcribed (called every poll; no re-sort needed).
    public mutating func updateProgress(_ progress: [CallID: Double]) {
        for (id, p) in progress { if let i = index[id], rows[i].progress != p { rows[i].progress = p } }
        for i in rows.indices where rows[i].progress != nil && progress[rows[i].id] == nil && rows[i].call.status != .transcribing {
            rows[i].progress = nil
        }
    }

    public mutating func setFilter(_ text: String) throws {
        filter = try CallFilter(parsing: text)
        filterText = text
        rebuild(keeping: selectedRow?.id)
    }

    /// Restricts the list to calls with transcript lines matching `query` (empty clears).
    public mutating func setSearch(_ query: String, matches found: [SearchMatch]) {
        searchQuery = query
        var byCall: [CallID: SearchMatch] = [:]
        for m in found where byCall[m.callID] == nil { byCall[m.callID] = m }
        matches = byCall
        cursor.select(0)
        rebuild(keeping: nil)
    }

    public mutating func clearFilterAndSearch() {
        filter = CallFilter()
        filterText = ""
        setSearch("", matches: [])
    }

    /// Next sort column; choosing the same column again flips the direction.
    public mutating func cycleSort() {
        let all = CallSortKey.allCases
        sort = all[(all.firstIndex(of: sort)! + 1) % all.count]
        descending = sort == .time || sort == .score
        rebuild(keeping: selectedRow?.id)
    }

    /// Whether `a` goes before `b` in ascending `key` order; ties fall back to the call id so the order is stable
    /// across refreshes. The orders made in bulk (`order(by:)`) agree with it.
    static func precedes(_ a: CallRow, _ b: CallRow, _ key: CallSortKey) -> Bool {
        switch key {
        case .agent:
            let (x, y) = (a.call.metadata.agent ?? "", b.call.metadata.agent ?? "")
            if x != y { return x < y }
        case .status:
            if a.call.status != b.call.status { return a.call.status.rawValue < b.call.status.rawValue }
        case .time, .duration, .score:
            let (x, y) = (sortKey(a, key), sortKey(b, key))
            if x != y { return x < y }
        }
        return a.id < b.id
    }

    /// Whether the same call, before and after a change, sorts differently by `key`.
    static func sortsDifferently(_ before: CallRow, _ after: CallRow, _ key: CallSortKey) -> Bool {
        switch key {
        case .agent: return before.call.metadata.agent != after.call.metadata.agent
        case .status: return before.call.status != after.call.status
        case .time, .duration, .score: return sortKey(before, key) != sortKey(after, key)
        }
    }

    private mutating func insert(_ row: Int, into key: CallSortKey) {
        let o = orders[key]!
        var lo = 0, hi = o.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if Self.precedes(rows[o[mid]], rows[row], key) { lo = mid + 1 } else { hi = mid }
        }
        orders[key]!.insert(row, at: lo)
    }

    /// One number per row for `key`.
    static func sortKey(_ r: CallRow, _ key: CallSortKey) -> Double {
        switch key {
        case .time: return (r.call.metadata.startedAt ?? r.call.importedAt).timeIntervalSinceReferenceDate
        case .duration: return r.call.duration
        case .score: return r.score ?? -1
        case .agent, .status: return 0   // ranked by name in `order(by:)`
        }
    }

    private mutating func order(by key: CallSortKey) -> [Int] {
        if let o = orders[key] { return o }
        struct Entry { var key: Double; var id: Int64; var row: Int32 }
        let r = rows
        var keys: [Double]
        switch key {
        case .agent, .status:
            let name: (CallRow) -> String = key == .agent ? { $0.call.metadata.agent ?? "" } : { $0.call.status.rawValue }
            let names = Set(r.map(name)).sorted()
            let rank = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, Double($0)) })
            keys = r.map { rank[name($0)]! }
        default: keys = r.map { Self.sortKey($0, key) }
        }
        // Contiguous (key, id) entries sort several times faster than indices compared through closures.
        var entries = (0..<r.count).map { Entry(key: keys[$0], id: r[$0].id, row: Int32($0)) }
        entries.sort { $0.key != $1.key ? $0.key < $1.key : $0.id < $1.id }
        let o = entries.map { Int($0.row) }
        orders[key] = o
        return o
    }

    private mutating func rebuild(keeping id: CallID?) {
        let ascending = order(by: sort)
        let ordered = descending ? Array(ascending.reversed()) : ascending
        let searching = !searchQuery.isEmpty
        if filter.isEmpty && !searching {
            visible = ordered
        } else {
            let r = rows, f = filter, m = matches
            visible = ordered.filter { i in f.matches(r[i]) && (!searching || m[r[i].id] != nil) }
        }
        cursor.setCount(visible.count)
        if let id, let row = index[id], let pos = visible.firstIndex(of: row) { cursor.select(pos) }
    }
}
