/// How far a transcription got: every channel before `channel` is done, and on `channel` every segment ending
/// by `until` seconds. A stopped or killed worker leaves one behind, so a 60-minute call restarts where it was,
/// not from zero.
public struct TranscriptCheckpoint: Codable, Sendable, Hashable {
    public var channel: Int
    public var until: Double
    /// The utterances of the finished part.
    public var utterances: [Utterance]

    public init(channel: Int, until: Double, utterances: [Utterance]) {
        self.channel = channel
        self.until = until
        self.utterances = utterances
    }
}
