/// How a recogniser decodes. The defaults suit call review: automatic language, ITN on, token times on.
public struct RecognizerOptions: Sendable, Hashable {
    /// ISO 639-1 code to force ("en", "zh"); nil lets the model decide per segment. Forcing Whisper to
    /// `zh` on non-Chinese audio makes it loop, so leave this nil unless the user asks.
    public var language: String?
    /// SenseVoice: inverse text normalisation (digits, punctuation).
    public var useITN: Bool
    /// Whisper: per-token start times (DTW over cross-attention).
    public var tokenTimestamps: Bool
    /// onnxruntime threads for this recogniser.
    public var threads: Int

    public init(language: String? = nil, useITN: Bool = true, tokenTimestamps: Bool = true, threads: Int = 1) {
        self.language = language
        self.useITN = useITN
        self.tokenTimestamps = tokenTimestamps
        self.threads = max(1, threads)
    }
}
