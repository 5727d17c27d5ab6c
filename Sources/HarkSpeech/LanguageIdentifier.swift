import CSherpaOnnx

/// Spoken-language identification with a Whisper model's encoder and decoder (99 languages).
///
/// One instance per thread, like `Recognizer`.
public final class LanguageIdentifier {
    public let model: RecognizerModel
    private let handle: OpaquePointer

    /// `model` must be a Whisper model; its files are validated first.
    public init(model: RecognizerModel, threads: Int = 1) throws {
        guard model.kind == .whisper, let decoder = model.decoder else {
            throw SpeechError.brokenModel(path: model.model, reason: "language identification needs a Whisper model")
        }
        try model.validate()
        self.model = model
        let c = CStrings()
        var config = SherpaOnnxSpokenLanguageIdentificationConfig()
        config.whisper.encoder = c(model.model)
        config.whisper.decoder = c(decoder)
        config.num_threads = Int32(max(1, threads))
        config.provider = c("cpu")
        let created = withExtendedLifetime(c) { SherpaOnnxCreateSpokenLanguageIdentification(&config) }
        guard let created else {
            throw SpeechError.engineFailed(path: model.model, reason: "sherpa-onnx could not load it for language identification")
        }
        handle = created
    }

    deinit {
        SherpaOnnxDestroySpokenLanguageIdentification(handle)
    }

    /// The ISO 639-1 code of the language spoken in 16 kHz mono `samples` (nil for empty audio).
    public func identify(_ samples: [Float], sampleRate: Int = 16_000) -> String? {
        guard !samples.isEmpty, let stream = SherpaOnnxSpokenLanguageIdentificationCreateOfflineStream(handle) else { return nil }
        defer { SherpaOnnxDestroyOfflineStream(stream) }
        samples.withUnsafeBufferPointer {
            SherpaOnnxAcceptWaveformOffline(stream, Int32(sampleRate), $0.baseAddress, Int32($0.count))
        }
        guard let result = SherpaOnnxSpokenLanguageIdentificationCompute(handle, stream) else { return nil }
        defer { SherpaOnnxDestroySpokenLanguageIdentificationResult(result) }
        guard let lang = result.pointee.lang else { return nil }
        let code = String(cString: lang)
        return code.isEmpty ? nil : code
    }
}
