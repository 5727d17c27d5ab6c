import Foundation
import HarkCore

/// A recording to add to the store, as probed by the importer.
public struct NewCall: Sendable, Hashable {
    /// Readable (`Call.path`); `pathBytes` holds the exact bytes when they are not UTF-8.
    public var path: String
    public var pathBytes: [UInt8]?
    public var sha256: String
    public var duration: Double
    public var sampleRate: Int
    public var channels: Int
    public var metadata: CallMetadata

    public init(path: String, sha256: String, duration: Double, sampleRate: Int, channels: Int, metadata: CallMetadata) {
        self.path = path
        self.sha256 = sha256
        self.duration = duration
        self.sampleRate = sampleRate
        self.channels = channels
        self.metadata = metadata
    }

    /// A recording found on disk, stored so its exact bytes can be opened again.
    public init(file: RawPath, sha256: String, duration: Double, sampleRate: Int, channels: Int, metadata: CallMetadata) {
        self.init(path: file.text, sha256: sha256, duration: duration, sampleRate: sampleRate, channels: channels,
                  metadata: metadata)
        pathBytes = file.isUTF8 ? nil : file.bytes
    }
}

/// What importing one recording did.
public enum ImportResult: Sendable, Equatable {
    /// A new call, with a transcribe job queued.
    case imported(CallID)
    /// The same bytes were imported before (as this call); nothing changed.
    case duplicate(CallID)
}

/// How the call list is ordered.
public enum CallSort: String, Sendable, CaseIterable {
    case startedAt = "time"
    case agent
    case duration
    case score
    case status
}

/// Filters, order and page of a call list. Every filter is optional.
public struct CallQuery: Sendable, Hashable {
    public var agent: String?
    public var status: CallStatus?
    public var from: Date?
    public var to: Date?
    public var minScore: Double?
    public var maxScore: Double?
    public var riskOnly: Bool
    public var hasMarker: MarkerKind?
    public var callIDs: [CallID]?
    public var sort: CallSort
    public var descending: Bool
    public var limit: Int?
    public var offset: Int

    public init(agent: String? = nil, status: CallStatus? = nil, from: Date? = nil, to: Date? = nil,
                minScore: Double? = nil, maxScore: Double? = nil, riskOnly: Bool = false,
                hasMarker: MarkerKind? = nil, callIDs: [CallID]? = nil, sort: CallSort = .startedAt,
                descending: Bool = true, limit: Int? = nil, offset: Int = 0) {
        self.agent = agent
        self.status = status
        self.from = from
        self.to = to
        self.minScore = minScore
        self.maxScore = maxScore
        self.riskOnly = riskOnly
        self.hasMarker = hasMarker
        self.callIDs = callIDs
        self.sort = sort
        self.descending = descending
        self.limit = limit
        self.offset = offset
    }
}

/// One row of the call list: the call plus what analysis concluded, without loading transcripts.
public struct CallSummary: Sendable, Hashable {
    public var call: Call
    /// The listing's score: the call's QA form score, else (no form item applied) its experience score.
    public var score: Double?
    /// The experience score (the customer's side: feelings, waits, resolution), whatever the form says.
    public var experience: Double?
    /// False when a critical form item failed; nil when no form scores the call.
    public var formPassed: Bool?
    public var trend: EmotionTrend?
    public var risk: Bool
    public var resolved: Bool
    /// Languages heard, most frequent first.
    public var languages: [String]
    /// Which marker kinds the call has (counts are 1 per kind present; see `analysis(of:)` for detail).
    public var markerKinds: Set<MarkerKind>
    public var negativeHits: Int
    /// Fraction of audio transcribed, while a transcribe job runs.
    public var jobProgress: Double?
}
