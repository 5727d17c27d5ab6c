import Foundation

/// A supervisor's note on a moment of a call.
public struct Note: Codable, Sendable, Hashable {
    public var id: Int64?
    public var callID: CallID
    /// Seconds from call start the note is about.
    public var at: Double
    public var author: String
    public var createdAt: Date
    public var text: String

    public init(id: Int64? = nil, callID: CallID, at: Double, author: String, createdAt: Date, text: String) {
        self.id = id
        self.callID = callID
        self.at = at
        self.author = author
        self.createdAt = createdAt
        self.text = text
    }
}
