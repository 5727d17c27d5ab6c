/// Speech recognition as the job runner sees it: the seam that keeps job orchestration (HarkJobs) and speech
/// recognition (HarkSpeech) apart, as `PlaybackControlling` keeps the desk apart from audio, and lets tests
/// hand the runner a transcriber of their own. One instance serves one worker thread at a time.
public protocol CallTranscribing: AnyObject {
    /// The recording's utterances, ordered by start. `progress` gets the fraction of the audio done (0...1);
    /// `shouldStop` returning true abandons the work with an error `outcome` calls `.stopped`; `resume`
    /// continues an earlier run from its checkpoint, and `checkpoint` gets a new one as the work goes.
    /// `file` is the recording's exact bytes (`Call.file`), which a `String` path cannot always carry.
    func transcribe(file: RawPath, progress: (Double) -> Void, shouldStop: () -> Bool, resume: TranscriptCheckpoint?,
                    checkpoint: (TranscriptCheckpoint) -> Void) throws -> [Utterance]

    /// What an error thrown by `transcribe` means for the call.
    func outcome(of error: any Error) -> TranscriptionFailure
}

/// How a failed transcription attempt is settled.
public enum TranscriptionFailure: Sendable, Hashable {
    /// Stopped on request (`shouldStop`): the call goes back to the queue, the attempt not counted.
    case stopped
    /// The recording can never be transcribed (empty, unsupported, unreadable bytes): failed at once.
    case permanent
    /// Possibly passing (a missing file may come back): tried again up to the store's attempt limit.
    case retry
}
