import Foundation
import GRDB
import HarkCore

extension CallStore {
    /// The call's utterances, in time order.
    public func utterances(of call: CallID) throws -> [Utterance] {
        try pool.read { db in try Transcripts.utterances(db, call: call) }
    }

    /// The call's markers, score and suggestions, once analysed.
    public func analysis(of call: CallID) throws -> CallAnalysis? {
        try pool.read { db in
            guard let scoreRow = try Row.fetchOne(db, sql: "SELECT * FROM score WHERE call_id = ?", arguments: [call]) else {
                return nil
            }
            let markers = try Row.fetchAll(db, sql: "SELECT * FROM marker WHERE call_id = ? ORDER BY idx", arguments: [call])
                .map { try Transcripts.marker(from: $0, call: call) }
            let evidence = try JSONCoding.decode([ScoreEvidence].self, scoreRow["evidence"])
            let score = Score(value: scoreRow["value"], base: scoreRow["base"], evidence: evidence,
                              trend: EmotionTrend(rawValue: scoreRow["trend"]) ?? .neutral,
                              risk: scoreRow["risk"], resolved: scoreRow["resolved"])
            let suggestions = try JSONCoding.decode([String].self, scoreRow["suggestions"])
            return CallAnalysis(markers: markers, score: score, suggestions: suggestions,
                                form: try FormRows.result(db, call: call))
        }
    }

    /// Replaces the call's markers and score (used by rescoring and tests).
    public func saveAnalysis(_ analysis: CallAnalysis, for call: CallID, at now: Date = Date()) throws {
        try pool.write { db in try Transcripts.writeAnalysis(db, analysis, call: call, now: now) }
    }

    /// Adds a supervisor's note; returns it with its id.
    public func addNote(_ note: Note) throws -> Note {
        try pool.write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM call WHERE id = ?", arguments: [note.callID]) == true else {
                throw StoreError.noSuchCall(note.callID)
            }
            try db.execute(sql: "INSERT INTO note (call_id, at, author, created_at, text) VALUES (?, ?, ?, ?, ?)",
                           arguments: [note.callID, note.at, note.author, note.createdAt.storeValue, note.text])
            var saved = note
            saved.id = db.lastInsertedRowID
            return saved
        }
    }

    /// The call's notes in call-time order.
    public func notes(of call: CallID) throws -> [Note] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM note WHERE call_id = ? ORDER BY at, id", arguments: [call]).map {
                Note(id: $0["id"], callID: $0["call_id"], at: $0["at"], author: $0["author"],
                     createdAt: Date(storeValue: $0["created_at"]), text: $0["text"])
            }
        }
    }
}

/// Row-level reading and writing of transcripts and analysis, shared by the job and rescore paths.
enum Transcripts {
    static func utterances(_ db: Database, call: CallID) throws -> [Utterance] {
        try Row.fetchAll(db, sql: "SELECT * FROM utterance WHERE call_id = ? ORDER BY start, idx", arguments: [call]).map {
            let tokens: String? = $0["tokens"]
            return Utterance(speaker: Speaker(rawValue: $0["speaker"]) ?? .mixed, channel: $0["channel"],
                             start: $0["start"], end: $0["end"], text: $0["text"], normalizedText: $0["normalized_text"],
                             language: $0["language"], emotion: $0["emotion"], event: $0["event"],
                             tokens: try tokens.map { try JSONCoding.decode([TimedToken].self, $0) } ?? [],
                             rawText: $0["raw_text"], pitch: $0["pitch"], loudness: $0["loudness"])
        }
    }

    /// Replaces the call's utterances and their search index rows.
    static func replaceUtterances(_ db: Database, _ utterances: [Utterance], call: CallID) throws {
        try db.execute(sql: "DELETE FROM utterance_fts WHERE rowid IN (SELECT id FROM utterance WHERE call_id = ?)",
                       arguments: [call])
        try db.execute(sql: "DELETE FROM utterance WHERE call_id = ?", arguments: [call])
        try insertUtterances(db, utterances, call: call, from: 0)
    }

    /// Adds utterances after the call's stored ones (a live call grows); readers order by start, so `idx`
    /// only has to stay unique.
    static func appendUtterances(_ db: Database, _ utterances: [Utterance], call: CallID) throws {
        guard !utterances.isEmpty else { return }
        let next = try Int.fetchOne(db, sql: "SELECT MAX(idx) + 1 FROM utterance WHERE call_id = ?", arguments: [call]) ?? 0
        try insertUtterances(db, utterances, call: call, from: next)
    }

    private static func insertUtterances(_ db: Database, _ utterances: [Utterance], call: CallID, from first: Int) throws {
        let insert = try db.cachedStatement(sql: """
            INSERT INTO utterance (call_id, idx, speaker, channel, start, end, text, normalized_text, language, emotion,
                                   event, tokens, raw_text, pitch, loudness) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let index = try db.cachedStatement(sql: "INSERT INTO utterance_fts (rowid, body) VALUES (?, ?)")
        for (i, u) in utterances.sorted(by: { $0.start < $1.start }).enumerated() {
            let tokens = u.tokens.isEmpty ? nil : try JSONCoding.encode(u.tokens)
            try insert.execute(arguments: [call, first + i, u.speaker.rawValue, u.channel, u.start, u.end, u.text,
                                           u.normalizedText, u.language, u.emotion, u.event, tokens, u.rawText,
                                           u.pitch, u.loudness])
            try index.execute(arguments: [db.lastInsertedRowID, SearchText.indexForm(u.normalizedText)])
        }
    }

    /// Replaces markers and score, refreshes the call row's listing columns, and records that this build's
    /// `Analyzer.version` wrote them.
    static func writeAnalysis(_ db: Database, _ analysis: CallAnalysis, call: CallID, now: Date) throws {
        try db.execute(sql: "DELETE FROM marker WHERE call_id = ?", arguments: [call])
        let insert = try db.cachedStatement(sql: """
            INSERT INTO marker (call_id, idx, kind, category, speaker, start, end, matched_text, polarity, severity,
                                explanation, utterance_idx, negated, heard) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for (i, m) in analysis.markers.enumerated() {
            try insert.execute(arguments: [call, i, m.kind.rawValue, m.category, m.speaker?.rawValue, m.start, m.end,
                                           m.matchedText, m.polarity.rawValue, m.severity.rawValue, m.explanation,
                                           m.utteranceIndex, m.negated, m.heard])
        }
        let s = analysis.score
        try db.execute(sql: """
            INSERT OR REPLACE INTO score (call_id, value, base, evidence, trend, risk, resolved, suggestions, analysed_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [call, s.value, s.base, try JSONCoding.encode(s.evidence), s.trend.rawValue, s.risk,
                             s.resolved, try JSONCoding.encode(analysis.suggestions), now.storeValue])
        let counted = analysis.markers.filter { !$0.negated }
        let negativeHits = counted.filter { $0.kind == .keyword && $0.polarity == .negative }.count
        try db.execute(sql: """
            UPDATE call SET score = ?, experience = ?, form_passed = ?, trend = ?, risk = ?, resolved = ?,
                            negative_hits = ?, marker_mask = ?, languages = ?, analysis_version = ? WHERE id = ?
            """, arguments: [analysis.headline, s.value, analysis.form?.passed, s.trend.rawValue, s.risk, s.resolved,
                             negativeHits, MarkerMask.mask(counted.map(\.kind)), try languages(db, call: call),
                             Analyzer.version, call])
        if let roles = analysis.roles {
            try db.execute(sql: "UPDATE call SET roles = ? WHERE id = ?", arguments: [try JSONCoding.encode(roles), call])
        }
        if let facts = analysis.facts {
            try db.execute(sql: "INSERT OR REPLACE INTO form_facts (call_id, body) VALUES (?, ?)",
                           arguments: [call, FormCoding.encode(facts)])
            // Analysed without forms: written as never evaluated (version 0), for the refresh to redo.
            try FormRows.write(db, analysis.form, call: call, version: analysis.formsVersion ?? 0)
        } else {
            try db.execute(sql: "DELETE FROM form_facts WHERE call_id = ?", arguments: [call])
            try db.execute(sql: "DELETE FROM form_result WHERE call_id = ?", arguments: [call])
        }
    }

    /// The call's languages, most utterances first, as "zh,en".
    static func languages(_ db: Database, call: CallID) throws -> String {
        try String.fetchAll(db, sql: """
            SELECT language FROM utterance WHERE call_id = ? AND language IS NOT NULL AND language != ''
            GROUP BY language ORDER BY COUNT(*) DESC
            """, arguments: [call]).joined(separator: ",")
    }

    /// A stored marker; a kind this build does not know is an error naming the call, not a guess: shown as
    /// another kind it would be scored, filtered and reported as what it is not.
    static func marker(from row: Row, call: CallID) throws -> Marker {
        let speaker: String? = row["speaker"]
        let stored: String = row["kind"]
        guard let kind = MarkerKind(rawValue: stored) else { throw StoreError.unknownMarkerKind(call: call, kind: stored) }
        return Marker(kind: kind, category: row["category"],
                      speaker: speaker.flatMap(Speaker.init(rawValue:)), start: row["start"], end: row["end"],
                      matchedText: row["matched_text"], polarity: Polarity(rawValue: row["polarity"]) ?? .neutral,
                      severity: Severity(rawValue: row["severity"]) ?? .info, explanation: row["explanation"],
                      utteranceIndex: row["utterance_idx"], negated: row["negated"], heard: row["heard"])
    }
}

/// JSON columns (token timings, evidence, suggestions).
enum JSONCoding {
    static func encode<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }
}

extension CallStore {
    /// A supervisor's correction of a mono call's inferred roles: agent and customer swap on every utterance,
    /// the call records it, and a re-analysis is queued, in one transaction. Throws for a call whose roles were
    /// not inferred (a stereo call's channels are its roles).
    public func swapRoles(of call: CallID, at now: Date = Date()) throws -> InferredRoles {
        try pool.write { db in
            guard let text = try String.fetchOne(db, sql: "SELECT roles FROM call WHERE id = ?", arguments: [call]),
                  var roles = try? JSONCoding.decode(InferredRoles.self, text) else {
                throw StoreError.noInferredRoles(call)
            }
            try db.execute(sql: """
                UPDATE utterance SET speaker = CASE speaker WHEN 'agent' THEN 'customer' WHEN 'customer' THEN 'agent' ELSE speaker END
                WHERE call_id = ?
                """, arguments: [call])
            roles.agentVoice = 1 - roles.agentVoice
            roles.swapped.toggle()
            try db.execute(sql: "UPDATE call SET roles = ? WHERE id = ?", arguments: [try JSONCoding.encode(roles), call])
            try Jobs.enqueue(db, call: call, kind: .rescore, now: now)
            return roles
        }
    }
}
