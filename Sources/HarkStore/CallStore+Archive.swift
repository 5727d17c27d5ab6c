import Foundation
import GRDB
import HarkCore

/// How often one dictionary term (or a whole category) was hit across the archive.
public struct KeywordHitCount: Sendable, Hashable {
    public var hits: Int
    /// When the newest call with a hit started (nil when the calls carry no start time).
    public var lastHit: Date?
    public init(hits: Int, lastHit: Date?) { self.hits = hits; self.lastHit = lastHit }
}

/// Keyword hits counted from stored markers: per category, and per (category, term).
public struct KeywordHitStats: Sendable, Hashable {
    public var byCategory: [String: KeywordHitCount]
    /// Keyed by category, then by the matched term lowercased.
    public var byTerm: [String: [String: KeywordHitCount]]
    public init(byCategory: [String: KeywordHitCount] = [:], byTerm: [String: [String: KeywordHitCount]] = [:]) {
        self.byCategory = byCategory
        self.byTerm = byTerm
    }
}

/// Progress of the rescore that the latest dictionary save queued.
public struct RescoreProgress: Sendable, Hashable {
    public var done: Int
    public var total: Int
    public var failed: Int
    public init(done: Int, total: Int, failed: Int) { self.done = done; self.total = total; self.failed = failed }
    public var finished: Bool { done + failed >= total }
}

extension CallStore {
    /// Every transcribed call with its utterances and stored score, read in two passes (not one query per
    /// call), for the dictionary what-if preview over the whole archive.
    public func previewInputs() throws -> [DictionaryPreview.Input] {
        try pool.read { db in
            let calls = try Row.fetchAll(db, sql: "SELECT * FROM call WHERE status = 'done' ORDER BY id").map(Self.call(from:))
            var utterances: [CallID: [Utterance]] = [:]
            let rows = try Row.fetchCursor(db, sql: """
                SELECT u.call_id, u.speaker, u.channel, u.start, u.end, u.text, u.normalized_text, u.language, u.emotion,
                       u.event, u.tokens FROM utterance u JOIN call c ON c.id = u.call_id
                WHERE c.status = 'done' ORDER BY u.call_id, u.start, u.idx
                """)
            while let r = try rows.next() {
                let tokens: String? = r["tokens"]
                utterances[r["call_id"], default: []].append(
                    Utterance(speaker: Speaker(rawValue: r["speaker"]) ?? .mixed, channel: r["channel"], start: r["start"],
                              end: r["end"], text: r["text"], normalizedText: r["normalized_text"], language: r["language"],
                              emotion: r["emotion"], event: r["event"],
                              tokens: try tokens.map { try JSONCoding.decode([TimedToken].self, $0) } ?? []))
            }
            var scores: [CallID: Score] = [:]
            for r in try Row.fetchAll(db, sql: "SELECT call_id, value, base, trend, risk, resolved FROM score") {
                // Evidence is not needed to compare numbers, and decoding it for 10,000 calls is most of the cost.
                scores[r["call_id"]] = Score(value: r["value"], base: r["base"], evidence: [],
                                             trend: EmotionTrend(rawValue: r["trend"]) ?? .neutral, risk: r["risk"],
                                             resolved: r["resolved"])
            }
            return calls.map { DictionaryPreview.Input(call: $0, utterances: utterances[$0.id] ?? [], stored: scores[$0.id]) }
        }
    }

    /// Keyword hits (counted, not negated) per category and per term, with the newest call hit.
    public func keywordHitStats() throws -> KeywordHitStats {
        try pool.read { db in
            var stats = KeywordHitStats()
            for r in try Row.fetchAll(db, sql: """
                SELECT m.category, m.matched_text, COUNT(*) AS hits, MAX(c.started_at) AS last FROM marker m
                JOIN call c ON c.id = m.call_id WHERE m.kind = 'keyword' AND m.negated = 0
                GROUP BY m.category, m.matched_text
                """) {
                let category: String = r["category"]
                let term: String = r["matched_text"]
                let last: Double? = r["last"]
                let count = KeywordHitCount(hits: r["hits"], lastHit: last.map(Date.init(storeValue:)))
                stats.byTerm[category, default: [:]][term.lowercased(), default: KeywordHitCount(hits: 0, lastHit: nil)]
                    .merge(count)
                stats.byCategory[category, default: KeywordHitCount(hits: 0, lastHit: nil)].merge(count)
            }
            return stats
        }
    }

    /// Progress of the rescore jobs queued since the newest dictionary version was saved.
    public func rescoreProgress() throws -> RescoreProgress {
        try pool.read { db in
            guard let since = try Double.fetchOne(db, sql: "SELECT MAX(created_at) FROM dictionary_version") else {
                return RescoreProgress(done: 0, total: 0, failed: 0)
            }
            var p = RescoreProgress(done: 0, total: 0, failed: 0)
            for r in try Row.fetchAll(db, sql: """
                SELECT state, COUNT(*) AS n FROM job WHERE kind = 'rescore' AND created_at >= ? GROUP BY state
                """, arguments: [since]) {
                let n: Int = r["n"]
                p.total += n
                switch JobState(rawValue: r["state"]) {
                case .done?: p.done += n
                case .failed?: p.failed += n
                default: break
                }
            }
            return p
        }
    }
}

extension KeywordHitCount {
    mutating func merge(_ other: KeywordHitCount) {
        hits += other.hits
        switch (lastHit, other.lastHit) {
        case let (a?, b?): lastHit = max(a, b)
        case (nil, let b): lastHit = b
        default: break
        }
    }
}
