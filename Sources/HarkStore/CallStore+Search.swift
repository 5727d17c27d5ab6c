import GRDB
import HarkCore

/// An utterance that matched a search.
public struct SearchHit: Sendable, Hashable {
    public var callID: CallID
    /// Position of the utterance in the call's time order.
    public var utteranceIndex: Int
    public var start: Double
    public var end: Double
    public var speaker: Speaker
    public var text: String
}

extension CallStore {
    /// Utterances matching `query` (Chinese of any length, English words, Traditional or Simplified), newest
    /// first. The query goes through the store's normaliser, so 投訴 finds 投诉.
    public func search(_ query: String, limit: Int = 200) throws -> [SearchHit] {
        guard let match = SearchText.matchExpression(normalize(query)) else { return [] }
        return try pool.read { db in
            // Newest first by rowid lets FTS5 stop after `limit` rows instead of ranking every match.
            try Row.fetchAll(db, sql: """
                SELECT u.call_id, u.idx, u.start, u.end, u.speaker, u.text
                FROM (SELECT rowid FROM utterance_fts WHERE utterance_fts MATCH ? ORDER BY rowid DESC LIMIT ?) AS f
                JOIN utterance u ON u.id = f.rowid
                ORDER BY u.id DESC
                """, arguments: [match, limit]).map {
                SearchHit(callID: $0["call_id"], utteranceIndex: $0["idx"], start: $0["start"], end: $0["end"],
                          speaker: Speaker(rawValue: $0["speaker"]) ?? .mixed, text: $0["text"])
            }
        }
    }
}
