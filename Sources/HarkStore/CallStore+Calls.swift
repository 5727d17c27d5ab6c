import Foundation
import GRDB
import HarkCore

extension CallStore {
    /// Adds a recording and queues its transcription, in one transaction. The same bytes (by SHA-256)
    /// are imported once: a second import returns `.duplicate` and changes nothing.
    public func importCall(_ new: NewCall, at now: Date = Date()) throws -> ImportResult {
        try pool.write { db in
            if let existing = try CallID.fetchOne(db, sql: "SELECT id FROM call WHERE sha256 = ?", arguments: [new.sha256]) {
                return .duplicate(existing)
            }
            let m = new.metadata
            try db.execute(sql: """
                INSERT INTO call (path, path_bytes, sha256, duration, sample_rate, channels, agent, customer, queue,
                                  started_at, direction, status, imported_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?)
                """, arguments: [new.path, new.pathBytes.map { Data($0) }, new.sha256, new.duration, new.sampleRate, new.channels, m.agent, m.customer,
                                 m.queue, m.startedAt?.storeValue, m.direction?.rawValue, now.storeValue])
            let id = db.lastInsertedRowID
            try db.execute(sql: "DELETE FROM failed_import WHERE path = ?", arguments: [new.path])
            try Jobs.enqueue(db, call: id, kind: .transcribe, now: now)
            return .imported(id)
        }
    }

    /// Remembers that a file could not be imported, and why (replacing an older reason for the same path).
    public func recordFailedImport(path: String, reason: String, at now: Date = Date()) throws {
        try pool.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO failed_import (path, reason, at) VALUES (?, ?, ?)",
                           arguments: [path, reason, now.storeValue])
        }
    }

    /// Files that failed to import, newest first.
    public func failedImports() throws -> [(path: String, reason: String)] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT path, reason FROM failed_import ORDER BY at DESC")
                .map { (path: $0["path"], reason: $0["reason"]) }
        }
    }

    public func call(_ id: CallID) throws -> Call? {
        try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM call WHERE id = ?", arguments: [id]).map(Self.call(from:))
        }
    }

    /// A page of the call list.
    public func calls(_ query: CallQuery = CallQuery()) throws -> [CallSummary] {
        try pool.read { db in
            let (whereSQL, arguments) = Self.filter(query)
            let direction = query.descending ? "DESC" : "ASC"
            let order: String
            switch query.sort {
            case .startedAt: order = "call.started_at \(direction), call.id \(direction)"
            case .agent: order = "call.agent \(direction), call.started_at \(direction)"
            case .duration: order = "call.duration \(direction), call.id \(direction)"
            case .score: order = "call.score \(direction), call.id \(direction)"
            case .status: order = "call.status \(direction), call.id \(direction)"
            }
            var sql = """
                SELECT call.*, (SELECT progress FROM job WHERE job.call_id = call.id AND job.state = 'running'
                                AND job.kind = 'transcribe' LIMIT 1) AS job_progress
                FROM call \(whereSQL) ORDER BY \(order)
                """
            if let limit = query.limit { sql += " LIMIT \(limit) OFFSET \(query.offset)" }
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.summary(from:))
        }
    }

    /// How many calls match the query's filters (its page is ignored).
    public func callCount(_ query: CallQuery = CallQuery()) throws -> Int {
        try pool.read { db in
            let (whereSQL, arguments) = Self.filter(query)
            return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM call \(whereSQL)", arguments: arguments) ?? 0
        }
    }

    /// Distinct agent names, for filters and dashboards.
    public func agents() throws -> [String] {
        try pool.read { db in
            try String.fetchAll(db, sql: "SELECT DISTINCT agent FROM call WHERE agent IS NOT NULL ORDER BY agent")
        }
    }

    static func filter(_ q: CallQuery) -> (String, StatementArguments) {
        var clauses: [String] = []
        var arguments = StatementArguments()
        if let agent = q.agent { clauses.append("call.agent = ?"); arguments += [agent] }
        if let status = q.status { clauses.append("call.status = ?"); arguments += [status.rawValue] }
        if let from = q.from { clauses.append("call.started_at >= ?"); arguments += [from.storeValue] }
        if let to = q.to { clauses.append("call.started_at < ?"); arguments += [to.storeValue] }
        if let min = q.minScore { clauses.append("call.score >= ?"); arguments += [min] }
        if let max = q.maxScore { clauses.append("call.score <= ?"); arguments += [max] }
        if q.riskOnly { clauses.append("call.risk = 1") }
        if let kind = q.hasMarker { clauses.append("(call.marker_mask & \(MarkerMask.bit(kind))) != 0") }
        if let ids = q.callIDs {
            clauses.append("call.id IN (\(ids.map { String($0) }.joined(separator: ",")))")
        }
        return (clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND "), arguments)
    }

    static func call(from row: Row) -> Call {
        let startedAt: Double? = row["started_at"]
        let direction: String? = row["direction"]
        let pathBytes: Data? = row["path_bytes"]
        let roles: String? = row["roles"]
        let metadata = CallMetadata(agent: row["agent"], customer: row["customer"], queue: row["queue"],
                                    startedAt: startedAt.map(Date.init(storeValue:)),
                                    direction: direction.flatMap(CallDirection.init(rawValue:)))
        return Call(id: row["id"], path: row["path"], sha256: row["sha256"], duration: row["duration"],
                    sampleRate: row["sample_rate"], channels: row["channels"], metadata: metadata,
                    status: CallStatus(rawValue: row["status"]) ?? .queued, error: row["error"],
                    importedAt: Date(storeValue: row["imported_at"]), pathBytes: pathBytes.map { [UInt8]($0) },
                    roles: roles.flatMap { try? JSONCoding.decode(InferredRoles.self, $0) })
    }

    static func summary(from row: Row) -> CallSummary {
        let trend: String? = row["trend"]
        let languages: String = row["languages"]
        return CallSummary(call: call(from: row), score: row["score"], experience: row["experience"],
                           formPassed: row["form_passed"], trend: trend.flatMap(EmotionTrend.init(rawValue:)),
                           risk: row["risk"], resolved: row["resolved"],
                           languages: languages.split(separator: ",").map(String.init),
                           markerKinds: MarkerMask.kinds(row["marker_mask"]), negativeHits: row["negative_hits"],
                           jobProgress: row["job_progress"])
    }
}

/// One bit per marker kind, so "has a marker of kind X" is an integer test on the call row. The bits are the
/// kinds' frozen `maskBit`s, never their order of declaration: stored rows keep meaning what they meant.
enum MarkerMask {
    static func bit(_ kind: MarkerKind) -> Int64 {
        Int64(1) << Int64(kind.spec.maskBit)
    }

    static func mask(_ kinds: some Sequence<MarkerKind>) -> Int64 {
        kinds.reduce(0) { $0 | bit($1) }
    }

    /// The kinds set in `mask`; bits no kind of this build has (a newer Hark's) are left out.
    static func kinds(_ mask: Int64) -> Set<MarkerKind> {
        Set(MarkerKind.allCases.filter { mask & bit($0) != 0 })
    }
}
