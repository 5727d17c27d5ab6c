import CSherpaOnnx
import Foundation
import HarkCore

/// An offline speech recogniser (Whisper, SenseVoice or Paraformer) loaded once and used for many segments.
///
/// Not thread-safe by design: each worker thread builds its own (sherpa-onnx streams and onnxruntime
/// sessions are cheapest when not shared, and a worker never waits for another's decode).
public final class Recognizer {
    public let model: RecognizerModel
    public let options: RecognizerOptions
    /// Audio rate the engine expects; segments at other rates are resampled by sherpa-onnx.
    public static let sampleRate = 16_000

    private let handle: OpaquePointer

    /// Validates the model's files, then loads it. Throws a `SpeechError` naming the bad file.
    public init(model: RecognizerModel, options: RecognizerOptions = RecognizerOptions()) throws {
        try model.validate()
        self.model = model
        self.options = options
        let c = CStrings()
        var config = Self.config(model, options, language: options.language, c)
        let created = withExtendedLifetime(c) { SherpaOnnxCreateOfflineRecognizer(&config) }
        guard let created else {
            throw SpeechError.engineFailed(path: model.model, reason: "sherpa-onnx could not load the \(model.kind.rawValue) model")
        }
        handle = created
    }

    private static func config(_ model: RecognizerModel, _ options: RecognizerOptions, language: String?,
                               _ c: CStrings) -> SherpaOnnxOfflineRecognizerConfig {
        var config = SherpaOnnxOfflineRecognizerConfig()
        config.feat_config.sample_rate = Int32(Self.sampleRate)
        config.feat_config.feature_dim = 80
        config.decoding_method = c("greedy_search")
        config.model_config.tokens = c(model.tokens)
        config.model_config.num_threads = Int32(options.threads)
        config.model_config.provider = c("cpu")
        switch model.kind {
        case .whisper:
            config.model_config.whisper.encoder = c(model.model)
            config.model_config.whisper.decoder = c(model.decoder ?? "")
            config.model_config.whisper.language = c(language ?? "")
            config.model_config.whisper.task = c("transcribe")
            config.model_config.whisper.enable_token_timestamps = options.tokenTimestamps ? 1 : 0
        case .senseVoice:
            config.model_config.sense_voice.model = c(model.model)
            config.model_config.sense_voice.language = c(language ?? "auto")
            config.model_config.sense_voice.use_itn = options.useITN ? 1 : 0
        case .paraformer:
            config.model_config.paraformer.model = c(model.model)
        }
        return config
    }

    /// Decodes with `language` instead of the configured one, then puts the configuration back: a
    /// recogniser is used by one thread at a time (`RecognizerPool`), so no other decode sees the change.
    private func withLanguage<T>(_ language: String, _ body: () -> T) -> T {
        let c = CStrings()
        var forced = Self.config(model, options, language: language, c)
        withExtendedLifetime(c) { SherpaOnnxOfflineRecognizerSetConfig(handle, &forced) }
        defer {
            let back = CStrings()
            var normal = Self.config(model, options, language: options.language, back)
            withExtendedLifetime(back) { SherpaOnnxOfflineRecognizerSetConfig(handle, &normal) }
        }
        return body()
    }

    deinit {
        SherpaOnnxDestroyOfflineRecognizer(handle)
    }

    /// Recognises mono `samples` at `sampleRate` (at most ~30 s: feed VAD segments). `language` (ISO 639-1)
    /// overrides detection for this stretch only.
    public func recognize(_ samples: [Float], sampleRate: Int = Recognizer.sampleRate, language: String? = nil) -> Recognition {
        if let language, language != options.language, model.kind != .paraformer {
            return withLanguage(language) { decode(samples, sampleRate: sampleRate) }
        }
        return decode(samples, sampleRate: sampleRate)
    }

    private func decode(_ samples: [Float], sampleRate: Int) -> Recognition {
        guard !samples.isEmpty, let stream = SherpaOnnxCreateOfflineStream(handle) else { return Recognition(text: "") }
        defer { SherpaOnnxDestroyOfflineStream(stream) }
        samples.withUnsafeBufferPointer {
            SherpaOnnxAcceptWaveformOffline(stream, Int32(sampleRate), $0.baseAddress, Int32($0.count))
        }
        SherpaOnnxDecodeOfflineStream(handle, stream)
        guard let result = SherpaOnnxGetOfflineStreamResult(stream) else { return Recognition(text: "") }
        defer { SherpaOnnxDestroyOfflineRecognizerResult(result) }
        let r = result.pointee
        let text = r.text.map { String(cString: $0) } ?? ""
        var pieces: [[UInt8]] = []
        if let array = r.tokens_arr {
            for i in 0..<Int(r.count) {
                guard let token = array[i] else { pieces.append([]); continue }
                pieces.append(Array(UnsafeBufferPointer(start: UnsafeRawPointer(token).assumingMemoryBound(to: UInt8.self),
                                                        count: strlen(token))))
            }
        }
        let starts = r.timestamps.map { Array(UnsafeBufferPointer(start: $0, count: Int(r.count))) }
        let event = RecognitionText.tag(r.event.map { String(cString: $0) })
        return Recognition(
            text: text.trimmingCharacters(in: .whitespacesAndNewlines),
            language: RecognitionText.tag(r.lang.map { String(cString: $0) })?.lowercased(),
            emotion: RecognitionText.tag(r.emotion.map { String(cString: $0) }),
            event: event?.lowercased() == "speech" ? nil : event,
            tokens: RecognitionText.tokens(pieces, starts: starts))
    }
}
