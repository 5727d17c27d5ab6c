import Foundation
import HarkAudio
import HarkCore

/// The speech models a pool of workers shares, loaded once: recognisers in a `RecognizerPool` and the VAD
/// model each worker's `Transcriber` builds its own detector from.
public final class SpeechEngines: Sendable {
    public let options: SpeechOptions
    public let engines: RecognizerPool
    private let vadModel: VADModel
    /// Shared by every worker (immutable); nil when the speaker model is not installed: mono calls then keep
    /// one mixed speaker.
    public let voices: VoiceEncoder?

    /// Checks and loads the catalogue's models; throws naming a missing or broken file, before any work is
    /// taken (failing every queued call for a setup problem would only make the supervisor retry them all).
    public init(catalog: ModelCatalog, options: SpeechOptions) throws {
        self.options = options
        vadModel = try catalog.vad()
        voices = try catalog.voiceEncoder.map { try VoiceEncoder(path: $0) }
        engines = try RecognizerPool(model: catalog.recognizer(named: options.recognizerName),
                                     options: options.recognizer, engines: options.engines)
    }

    /// A transcriber for one worker thread: its own VAD, recognisers borrowed from the shared pool.
    public func transcriber(urgent: Bool = false) throws -> Transcriber {
        let transcriber = try Transcriber(engines: engines, vad: VoiceActivityDetector(model: vadModel, options: options.vad),
                                          script: options.script.converter, urgent: urgent)
        transcriber.voices = voices
        return transcriber
    }

    /// A live transcriber for one intake thread (each call it follows gets its own VAD streams); its
    /// recognitions go before the batch workers'.
    public func liveTranscriber() throws -> LiveTranscriber {
        LiveTranscriber(transcriber: try transcriber(urgent: true))
    }
}

extension Transcriber: CallTranscribing {
    /// A stop is `SpeechError.cancelled`; audio that can never decode fails at once; a missing file may come
    /// back (a share remounted), and anything else may be passing, so those are tried again.
    public func outcome(of error: any Error) -> TranscriptionFailure {
        if case SpeechError.cancelled? = error as? SpeechError { return .stopped }
        guard let audio = error as? AudioError else { return .retry }
        switch audio {
        case .empty, .unsupported: return .permanent
        case let .unreadable(_, reason): return reason != "no such file" ? .permanent : .retry
        case .device: return .retry
        }
    }
}
