import Foundation
import GRDB
import HarkCore

extension Schema {
    /// Live calls (being recorded, transcribed as they grow) and the alerts they raise.
    static func liveMigration(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE live_call (
                call_id INTEGER PRIMARY KEY REFERENCES call(id) ON DELETE CASCADE,
                device INTEGER NOT NULL,
                inode INTEGER NOT NULL,
                progress TEXT NOT NULL,
                watcher TEXT,
                updated_at REAL NOT NULL,
                ended_at REAL
            );
            CREATE TABLE alert (
                id INTEGER PRIMARY KEY,
                call_id INTEGER NOT NULL REFERENCES call(id) ON DELETE CASCADE,
                rule TEXT NOT NULL,
                at REAL NOT NULL,
                fired_at REAL NOT NULL,
                body TEXT NOT NULL,
                UNIQUE (call_id, rule)
            );
            CREATE INDEX alert_fired ON alert(fired_at);
            CREATE TABLE alert_delivery (
                alert_id INTEGER NOT NULL REFERENCES alert(id) ON DELETE CASCADE,
                sink TEXT NOT NULL,
                state TEXT NOT NULL DEFAULT 'pending',
                attempts INTEGER NOT NULL DEFAULT 0,
                next_at REAL NOT NULL,
                error TEXT,
                delivered_at REAL,
                PRIMARY KEY (alert_id, sink)
            );
            CREATE INDEX alert_delivery_pending ON alert_delivery(state, next_at);
            CREATE INDEX call_path ON call(path);
            """)
    }
}

/// A live call as the store keeps it: enough to continue after a restart without losing or repeating speech.
public struct LiveCallState: Sendable, Hashable {
    public var call: Call
    /// The file's identity when it was first seen (a rename into place gives another inode).
    public var device: UInt64
    public var inode: UInt64
    public var progress: LiveProgress
    public var utterances: Int
}

/// One alert waiting to reach one sink.
public struct PendingDelivery: Sendable, Hashable {
    public var alertID: Int64
    public var sink: String
    public var alert: Alert
    public var attempts: Int
}

extension CallStore {
    /// Starts a live call: the row (status `live`, no transcription job: nobody else may transcribe a file that
    /// is still being written) and its progress, in one transaction. The SHA-256 is the file's once it is final;
    /// until then a placeholder naming the file keeps the column unique.
    public func beginLiveCall(_ new: NewCall, device: UInt64, inode: UInt64, channels: Int, at now: Date = Date()) throws -> CallID {
        try pool.write { db in
            let m = new.metadata
            try db.execute(sql: """
                INSERT INTO call (path, path_bytes, sha256, duration, sample_rate, channels, agent, customer, queue,
                                  started_at, direction, status, imported_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'live', ?)
                """, arguments: [new.path, new.pathBytes.map { Data($0) }, "live:\(device):\(inode):\(now.timeIntervalSince1970):\(new.path)",
                                 new.duration, new.sampleRate, new.channels, m.agent, m.customer,
                                 m.queue, m.startedAt?.storeValue, m.direction?.rawValue, now.storeValue])
            let id = db.lastInsertedRowID
            try db.execute(sql: "DELETE FROM failed_import WHERE path = ?", arguments: [new.path])
            try db.execute(sql: """
                INSERT INTO live_call (call_id, device, inode, progress, watcher, updated_at) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [id, Int64(bitPattern: device), Int64(bitPattern: inode),
                                 try JSONCoding.encode(LiveProgress(committed: Array(repeating: 0, count: channels))),
                                 WorkerIdentity.name(slot: 0), now.storeValue])
            return id
        }
    }

    /// Every call still live (a restarted watcher continues them).
    public func liveCalls() throws -> [LiveCallState] {
        try pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT call.*, live_call.device AS live_device, live_call.inode AS live_inode, live_call.progress AS live_progress,
                       (SELECT COUNT(*) FROM utterance WHERE utterance.call_id = call.id) AS live_utterances
                FROM live_call JOIN call ON call.id = live_call.call_id WHERE live_call.ended_at IS NULL ORDER BY call.id
                """).map { row in
                let device: Int64 = row["live_device"], inode: Int64 = row["live_inode"]
                return LiveCallState(call: Self.call(from: row), device: UInt64(bitPattern: device),
                                     inode: UInt64(bitPattern: inode),
                                     progress: try JSONCoding.decode(LiveProgress.self, row["live_progress"]),
                                     utterances: row["live_utterances"])
            }
        }
    }

    /// The newest call stored for `path` and when it was imported, live or not (the watcher never imports a
    /// file twice).
    public func importedCall(path: String) throws -> (id: CallID, status: CallStatus, importedAt: Date)? {
        try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT id, status, imported_at FROM call WHERE path = ? ORDER BY id DESC LIMIT 1",
                             arguments: [path]).map {
                ($0["id"], CallStatus(rawValue: $0["status"]) ?? .queued, Date(storeValue: $0["imported_at"]))
            }
        }
    }

    /// Stores what a live call added: its new utterances (appended), the analysis of the whole call so far,
    /// where the transcription stands, and the alerts that fired (each rule once per call; a delivery row per
    /// sink), in one transaction, so a kill leaves the call as it was before or after this step. Returns the
    /// alerts newly stored.
    @discardableResult
    public func advanceLiveCall(_ call: CallID, adding utterances: [Utterance], analysis: CallAnalysis?,
                                progress: LiveProgress, duration: Double, alerts: [Alert], sinks: [String],
                                at now: Date = Date()) throws -> [Alert] {
        try pool.write { db in
            try Transcripts.appendUtterances(db, utterances, call: call)
            if let analysis { try Transcripts.writeAnalysis(db, analysis, call: call, now: now) }
            try db.execute(sql: "UPDATE live_call SET progress = ?, updated_at = ? WHERE call_id = ?",
                           arguments: [try JSONCoding.encode(progress), now.storeValue, call])
            try db.execute(sql: "UPDATE call SET duration = ? WHERE id = ?", arguments: [duration, call])
            return try Self.insertAlerts(db, alerts, sinks: sinks, now: now)
        }
    }

    /// Ends a live call: its final utterances (replacing the live ones: a mono call's voices are told apart
    /// now), analysis, duration and the file's SHA-256, status `done`, in one transaction. When the finished
    /// file's bytes are already stored as another call, the live call keeps its placeholder hash.
    @discardableResult
    public func finishLiveCall(_ call: CallID, utterances: [Utterance], analysis: CallAnalysis?, sha256: String?,
                               duration: Double, progress: LiveProgress? = nil, metadata: CallMetadata? = nil,
                               alerts: [Alert], sinks: [String], at now: Date = Date()) throws -> [Alert] {
        let progress = progress ?? LiveProgress(committed: [duration])
        return try pool.write { db in
            if let metadata { try Self.writeMetadata(db, metadata, call: call) }
            try Transcripts.replaceUtterances(db, utterances, call: call)
            if let analysis { try Transcripts.writeAnalysis(db, analysis, call: call, now: now) }
            // Kept, ended: a recorder that paused past the settle time and writes on continues this call.
            try db.execute(sql: "UPDATE live_call SET ended_at = ?, progress = ?, updated_at = ? WHERE call_id = ?",
                           arguments: [now.storeValue, try JSONCoding.encode(progress), now.storeValue, call])
            try db.execute(sql: "UPDATE call SET status = 'done', error = NULL, duration = ? WHERE id = ?",
                           arguments: [duration, call])
            if let sha256, try Bool.fetchOne(db, sql: "SELECT 1 FROM call WHERE sha256 = ? AND id != ?", arguments: [sha256, call]) != true {
                try db.execute(sql: "UPDATE call SET sha256 = ? WHERE id = ?", arguments: [sha256, call])
            }
            return try Self.insertAlerts(db, alerts, sinks: sinks, now: now)
        }
    }

    /// The ended live call recorded from this file (device and inode), if any: a file that grows again after its
    /// call ended continues that call (`reopenLiveCall`) rather than being imported twice.
    public func endedLiveCall(device: UInt64, inode: UInt64, path: String) throws -> LiveCallState? {
        try pool.read { db in
            try Row.fetchOne(db, sql: """
                SELECT call.*, live_call.progress AS live_progress,
                       (SELECT COUNT(*) FROM utterance WHERE utterance.call_id = call.id) AS live_utterances
                FROM live_call JOIN call ON call.id = live_call.call_id
                WHERE live_call.ended_at IS NOT NULL AND live_call.device = ? AND live_call.inode = ? AND call.path = ?
                ORDER BY call.id DESC LIMIT 1
                """, arguments: [Int64(bitPattern: device), Int64(bitPattern: inode), path]).map { row in
                LiveCallState(call: Self.call(from: row), device: device, inode: inode,
                              progress: try JSONCoding.decode(LiveProgress.self, row["live_progress"]),
                              utterances: row["live_utterances"])
            }
        }
    }

    /// Makes an ended live call live again, from where it ended.
    public func reopenLiveCall(_ call: CallID, at now: Date = Date()) throws {
        try pool.write { db in
            try db.execute(sql: "UPDATE live_call SET ended_at = NULL, updated_at = ? WHERE call_id = ?", arguments: [now.storeValue, call])
            try db.execute(sql: "UPDATE call SET status = 'live' WHERE id = ?", arguments: [call])
        }
    }

    /// A sidecar that appeared after its recording was imported: the call takes its metadata.
    public func updateMetadata(_ metadata: CallMetadata, of call: CallID) throws {
        try pool.write { db in try Self.writeMetadata(db, metadata, call: call) }
    }

    static func writeMetadata(_ db: Database, _ m: CallMetadata, call: CallID) throws {
        try db.execute(sql: """
            UPDATE call SET agent = ?, customer = ?, queue = ?, started_at = ?, direction = ? WHERE id = ?
            """, arguments: [m.agent, m.customer, m.queue, m.startedAt?.storeValue, m.direction?.rawValue, call])
    }

    /// The rules that already fired for `call`.
    public func firedAlertRules(_ call: CallID) throws -> Set<String> {
        try pool.read { db in Set(try String.fetchAll(db, sql: "SELECT rule FROM alert WHERE call_id = ?", arguments: [call])) }
    }

    /// Stores the alerts of rules that had not fired yet, with a pending delivery to each sink.
    static func insertAlerts(_ db: Database, _ alerts: [Alert], sinks: [String], now: Date) throws -> [Alert] {
        var stored: [Alert] = []
        for alert in alerts {
            try db.execute(sql: """
                INSERT OR IGNORE INTO alert (call_id, rule, at, fired_at, body) VALUES (?, ?, ?, ?, ?)
                """, arguments: [alert.call, alert.rule, alert.at, alert.firedAt, String(decoding: alert.jsonLine, as: UTF8.self)])
            guard db.changesCount > 0 else { continue }
            let id = db.lastInsertedRowID
            for sink in sinks {
                try db.execute(sql: "INSERT INTO alert_delivery (alert_id, sink, next_at) VALUES (?, ?, ?)",
                               arguments: [id, sink, now.storeValue])
            }
            stored.append(alert)
        }
        return stored
    }

    /// Deliveries to `sinks` due by `now`, oldest first.
    public func dueDeliveries(sinks: [String], now: Date = Date(), limit: Int = 100) throws -> [PendingDelivery] {
        guard !sinks.isEmpty else { return [] }
        return try pool.read { db in
            let marks = sinks.map { _ in "?" }.joined(separator: ", ")
            return try Row.fetchAll(db, sql: """
                SELECT alert_delivery.*, alert.body FROM alert_delivery JOIN alert ON alert.id = alert_delivery.alert_id
                WHERE alert_delivery.state = 'pending' AND alert_delivery.next_at <= ? AND alert_delivery.sink IN (\(marks))
                ORDER BY alert_delivery.next_at, alert_delivery.alert_id LIMIT ?
                """, arguments: StatementArguments([now.storeValue] + sinks + [limit])).map {
                PendingDelivery(alertID: $0["alert_id"], sink: $0["sink"],
                                alert: try JSONCoding.decode(Alert.self, $0["body"]), attempts: $0["attempts"])
            }
        }
    }

    /// Records a delivery's outcome: delivered, or tried again at `retryAt` (nil: given up, the reason kept).
    public func settleDelivery(alert: Int64, sink: String, error: String?, retryAt: Date?, at now: Date = Date()) throws {
        try pool.write { db in
            if let error {
                try db.execute(sql: """
                    UPDATE alert_delivery SET attempts = attempts + 1, error = ?, next_at = ?, state = ? WHERE alert_id = ? AND sink = ?
                    """, arguments: [error, (retryAt ?? now).storeValue, retryAt == nil ? "failed" : "pending", alert, sink])
            } else {
                try db.execute(sql: """
                    UPDATE alert_delivery SET attempts = attempts + 1, error = NULL, state = 'delivered', delivered_at = ?
                    WHERE alert_id = ? AND sink = ?
                    """, arguments: [now.storeValue, alert, sink])
            }
        }
    }

    /// Each live call with its utterance count: what changes while a call is heard (the desk polls it).
    public func liveActivity() throws -> [CallID: Int] {
        try pool.read { db in
            var out: [CallID: Int] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT live_call.call_id AS id, (SELECT COUNT(*) FROM utterance WHERE utterance.call_id = live_call.call_id) AS n
                FROM live_call WHERE ended_at IS NULL
                """) { out[row["id"]] = row["n"] }
            return out
        }
    }

    /// Alerts fired since `since`, newest first (the desk's alert bar).
    public func recentAlerts(since: Date, limit: Int = 20) throws -> [Alert] {
        try pool.read { db in
            try String.fetchAll(db, sql: "SELECT body FROM alert WHERE fired_at >= ? ORDER BY fired_at DESC, id DESC LIMIT ?",
                                arguments: [since.timeIntervalSince1970, limit]).map { try JSONCoding.decode(Alert.self, $0) }
        }
    }
}
