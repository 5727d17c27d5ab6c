import Foundation

/// How the workers' speech recognition runs (`SpeechEngines`).
public struct SpeechOptions: Sendable {
    /// Recognisers loaded and shared by the workers (see `RecognizerPool`: ~300 MB each for Whisper base).
    /// Default 1; at most the number of workers.
    public var engines: Int
    /// onnxruntime threads per recogniser. Default: the cores shared out between the engines.
    public var threadsPerEngine: Int
    /// Recogniser to load by name (nil: the catalogue's default).
    public var recognizerName: String?
    public var recognizer: RecognizerOptions
    public var vad: VADOptions
    public var script: ReadingScript

    /// `workers`: the threads that will share the engines (more engines than that would sit idle).
    public init(workers: Int, engines: Int = 1, threadsPerEngine: Int? = nil, recognizerName: String? = nil,
                recognizer: RecognizerOptions = RecognizerOptions(), vad: VADOptions = VADOptions(),
                script: ReadingScript = .simplified) {
        self.engines = min(max(1, engines), max(1, workers))
        self.threadsPerEngine = max(1, threadsPerEngine ?? ProcessInfo.processInfo.activeProcessorCount / self.engines)
        self.recognizerName = recognizerName
        var recognizer = recognizer
        recognizer.threads = self.threadsPerEngine
        self.recognizer = recognizer
        self.vad = vad
        self.script = script
    }
}
