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
    /// Urgent borrowers waiting (live calls): the others let them go first.
    private var urgentWaiting = 0
    public let model: RecognizerModel
    public let count: Int

    /// Loads `engines` recognisers of `model` (validated first; throws naming a bad file).
    public init(model: RecognizerModel, options: RecognizerOptions = RecognizerOptions(), engines: Int = 1) throws {
        self.model = model
        count = max(1, engines)
        free = try (0..<count).map { _ in try Recognizer(model: model, options: options) }
    }

    /// Runs `body` with a recogniser of its own, waiting while all are busy. An `urgent` borrower (a live
    /// call, whose alert is due within seconds) gets the next free recogniser before any batch worker waiting.
    public func withRecognizer<T>(urgent: Bool = false, _ body: (Recognizer) throws -> T) rethrows -> T {
        condition.lock()
        if urgent { urgentWaiting += 1 }
        while free.isEmpty || (!urgent && urgentWaiting > 0) { condition.wait() }
        if urgent { urgentWaiting -= 1 }
        let recognizer = free.removeLast()
        condition.unlock()
        defer {
            condition.lock()
            free.append(recognizer)
            // Every waiter looks again: the one whose turn it is may not be the one a single signal wakes.
            condition.broadcast()
            condition.unlock()
        }
        return try body(recognizer)
    }
}
