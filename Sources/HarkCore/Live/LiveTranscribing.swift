/// Speech recognition as live intake sees it: a recording still being written is fed in as it grows, and
/// its utterances come back as soon as nothing can be added to them. The seam keeps intake (HarkIntake) apart
/// from speech recognition (HarkSpeech), as `CallTranscribing` does for the job runner. One instance serves
/// one thread at a time; it may hold many calls' sessions.
public protocol LiveTranscribing: AnyObject {
    /// A session for one call of `channels` channels at `sampleRate`, starting from `resume` (a restart in the
    /// middle of a call: audio before each channel's `committed` seconds is already transcribed).
    func session(channels: Int, sampleRate: Int, resume: LiveProgress?) -> any LiveTranscriptionSession

    /// The finished call's utterances as they are kept: a mono call's voices told apart when a speaker model
    /// is installed (`file` is read again whole), otherwise `utterances` unchanged.
    func finalized(_ utterances: [Utterance], file: RawPath, channels: Int) -> [Utterance]
}

/// One live call's transcription.
public protocol LiveTranscriptionSession: AnyObject {
    /// Takes the audio written since the last call (per channel, at the session's rate, starting where the
    /// last chunk ended) and returns the utterances finished by it: speech followed by enough silence that
    /// no later word can belong to it. Ordered by start.
    func append(_ channels: [[Float]]) throws -> [Utterance]
    /// The recording ended: every utterance still open.
    func finish() throws -> [Utterance]
    /// How far each channel is transcribed for good (what a restart resumes from).
    var progress: LiveProgress { get }
}

/// Where a live call's transcription stands: on each channel, everything before `committed[channel]`
/// seconds is transcribed and stored, and the audio after it is still to be read.
public struct LiveProgress: Codable, Sendable, Hashable {
    public var committed: [Double]

    public init(committed: [Double]) {
        self.committed = committed
    }

    /// Where reading must start again: the channel least far along.
    public var resumeSeconds: Double { committed.min() ?? 0 }
}
