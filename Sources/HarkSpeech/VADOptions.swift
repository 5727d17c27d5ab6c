/// Silero VAD settings. Defaults: threshold 0.5, window 512 at 16 kHz (what Silero v5/v6 was trained
/// with), and segments capped at 25 s so each fits Whisper's 30 s window.
public struct VADOptions: Sendable, Hashable {
    public var threshold: Float
    /// Silence that ends a segment. Half a second keeps one speaker turn together across short pauses.
    public var minSilence: Double
    /// Shorter blips (clicks, breaths) are dropped.
    public var minSpeech: Double
    /// Longest segment handed to the recogniser; longer speech is cut at its quietest point.
    public var maxSegment: Double
    public var windowSize: Int

    public init(threshold: Float = 0.5, minSilence: Double = 0.5, minSpeech: Double = 0.25,
                maxSegment: Double = 25, windowSize: Int = 512) {
        self.threshold = threshold
        self.minSilence = minSilence
        self.minSpeech = minSpeech
        self.maxSegment = maxSegment
        self.windowSize = windowSize
    }
}
