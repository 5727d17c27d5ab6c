import Foundation

/// A store-assigned call identifier.
public typealias CallID = Int64

/// Whether the customer called in or the centre called out.
public enum CallDirection: String, Codable, Sendable, Hashable, CaseIterable {
    case inbound
    case outbound
}

/// Where a call is in its life: imported and waiting, being transcribed, analysed, or failed; or live: still
/// being recorded, its transcript and analysis growing as `hark watch` reads it.
public enum CallStatus: String, Codable, Sendable, Hashable, CaseIterable {
    case queued
    case transcribing
    case done
    case failed
    case live
}

/// Who, when and where of a call, from a sidecar `NAME.json` or the file name.
public struct CallMetadata: Codable, Sendable, Hashable {
    public var agent: String?
    public var customer: String?
    public var queue: String?
    public var startedAt: Date?
    public var direction: CallDirection?

    public init(agent: String? = nil, customer: String? = nil, queue: String? = nil,
                startedAt: Date? = nil, direction: CallDirection? = nil) {
        self.agent = agent
        self.customer = customer
        self.queue = queue
        self.startedAt = startedAt
        self.direction = direction
    }
}

/// One recorded call as the store knows it.
public struct Call: Codable, Sendable, Hashable, Identifiable {
    public var id: CallID
    /// Absolute path of the recording, readable: the path itself when it is UTF-8, else `RawPath.text`.
    public var path: String
    /// The path's exact bytes when they are not UTF-8 (`path` then cannot open the file); nil otherwise.
    public var pathBytes: [UInt8]?
    /// Hex SHA-256 of the file's bytes; the same recording is imported once.
    public var sha256: String
    public var duration: Double
    public var sampleRate: Int
    public var channels: Int
    public var metadata: CallMetadata
    public var status: CallStatus
    /// Why the call failed, when `status == .failed`.
    public var error: String?
    public var importedAt: Date
    /// For a mono call whose voices were told apart: how the agent and customer roles were given.
    public var roles: InferredRoles?

    public init(id: CallID, path: String, sha256: String, duration: Double, sampleRate: Int, channels: Int,
                metadata: CallMetadata, status: CallStatus, error: String? = nil, importedAt: Date,
                pathBytes: [UInt8]? = nil, roles: InferredRoles? = nil) {
        self.id = id
        self.roles = roles
        self.path = path
        self.pathBytes = pathBytes
        self.sha256 = sha256
        self.duration = duration
        self.sampleRate = sampleRate
        self.channels = channels
        self.metadata = metadata
        self.status = status
        self.error = error
        self.importedAt = importedAt
    }

    /// The recording's file by its exact bytes: what every reader that opens it again must use.
    public var file: RawPath { pathBytes.map { RawPath(bytes: $0) } ?? RawPath(path) }
}
