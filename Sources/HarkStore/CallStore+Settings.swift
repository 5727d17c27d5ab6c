import Foundation
import GRDB
import HarkCore

extension Schema {
    /// Migration `v7-settings`: `store_setting` (key → JSON value, when it was set). Its one key so far,
    /// `analysis_settings`, holds the `AnalysisSettings` the archive's analyses are made with, so a changed
    /// settings file re-analyses the archive (`adoptAnalysisSettings`).
    static func settingsMigration(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE store_setting (
                key TEXT PRIMARY KEY,
                value TEXT NOT NULL,
                updated_at REAL NOT NULL
            );
            """)
    }
}

extension CallStore {
    static let analysisSettingsKey = "analysis_settings"

    /// The analysis settings the archive's stored analyses were made with; nil when none were ever recorded
    /// (a store from before settings files, analysed with the defaults) or the record cannot be read.
    public func recordedAnalysisSettings() throws -> AnalysisSettings? {
        try pool.read { db in try Self.recordedAnalysisSettings(db) }
    }

    /// Makes `settings` the archive's analysis settings. When they differ from the recorded ones (none
    /// recorded counts as the defaults: every analysis before settings files used them), a rescore of every
    /// transcribed call is queued in the same transaction (no speech recognition; a call with a rescore
    /// pending is not queued twice), so the job runner brings the whole archive to the new settings. Returns
    /// how many calls were queued: 0 when nothing changed.
    @discardableResult
    public func adoptAnalysisSettings(_ settings: AnalysisSettings, at now: Date = Date()) throws -> Int {
        try pool.write { db in
            let stored = try String.fetchOne(db, sql: "SELECT value FROM store_setting WHERE key = ?",
                                             arguments: [Self.analysisSettingsKey])
            // Never recorded: the defaults. Recorded but unreadable: unknown, so re-analysed.
            let baseline = stored == nil ? AnalysisSettings() : try Self.recordedAnalysisSettings(db)
            if baseline == settings && stored != nil { return 0 }
            var queued = 0
            if baseline != settings {
                try db.execute(sql: """
                    INSERT OR IGNORE INTO job (call_id, kind, state, created_at)
                    SELECT id, 'rescore', 'queued', ? FROM call WHERE status = 'done' ORDER BY id
                    """, arguments: [now.storeValue])
                queued = db.changesCount
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            let json = String(decoding: try encoder.encode(settings), as: UTF8.self)
            try db.execute(sql: """
                INSERT INTO store_setting (key, value, updated_at) VALUES (?, ?, ?)
                ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
                """, arguments: [Self.analysisSettingsKey, json, now.storeValue])
            return queued
        }
    }

    private static func recordedAnalysisSettings(_ db: Database) throws -> AnalysisSettings? {
        guard let json = try String.fetchOne(db, sql: "SELECT value FROM store_setting WHERE key = ?",
                                             arguments: [analysisSettingsKey]) else { return nil }
        // Keys a newer or older Hark added or dropped keep their defaults (AnalysisSettings' decoder).
        return try? JSONDecoder().decode(AnalysisSettings.self, from: Data(json.utf8))
    }
}
