import Foundation

/// Loaded recognisers ("engines") shared by the worker pool: each serves one segment at a time.
///
/// Why not one per worker: a Whisper-base engine holds about 300 MB once it has decoded (160 MB of weights
/// plus onnxruntime's arena, which never shrinks), so two workers with an engine each measured 700 MB. With
/// a shared engine the workers borrow it per segment and spend the rest of their time decoding audio, running
/// the VAD and writing the store, so the engine (using every core) is rarely idle. Memory allowing, more
/// engines can be loaded (`SpeechOptions.engines`).
public final class RecognizerPool: @unchecked Sendable {
    // @unchecked: `free` (and every recogniser in it) is touched only while holding `condition`'s lock, and a
    // checked-out recogniser is used by exactly one thread until it is put back, so no engine is ever shared.
    private let condition = NSCondition()
    private var free: [Recognizer]
    public let model: RecognizerModel
    public let count: Int

    /// Loads `engines` recognisers of `model` (validated first; throws naming a bad file).
    public init(model: RecognizerModel, options: RecognizerOptions = RecognizerOptions(), engines: Int = 1) throws {
        self.model = model
        count = max(1, engines)
        free = try (0..<count).map { _ in try Recognizer(model: model, options: options) }
    }

    /// Runs `body` with a recogniser of its own, waiting while all are busy.
    public func withRecognizer<T>(_ body: (Recognizer) throws -> T) rethrows -> T {
        condition.lock()
        while free.isEmpty { condition.wait() }
        let recognizer = free.removeLast()
        condition.unlock()
        defer {
            condition.lock()
            free.append(recognizer)
            condition.signal()
            condition.unlock()
        }
        return try body(recognizer)
    }
}
