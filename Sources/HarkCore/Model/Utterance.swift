/// A token the recogniser produced, with the time (seconds from call start) it begins.
public struct TimedToken: Codable, Sendable, Hashable {
    public var text: String
    public var start: Double

    public init(text: String, start: Double) {
        self.text = text
        self.start = start
    }
}

/// One stretch of speech by one speaker, as recognised.
public struct Utterance: Codable, Sendable, Hashable {
    public var speaker: Speaker
    public var channel: Int
    /// Seconds from the start of the call.
    public var start: Double
    public var end: Double
    /// The recogniser's text, as it came.
    public var text: String
    /// Text for matching and search: Simplified Chinese, case-folded (see `TextNormalizer`).
    public var normalizedText: String
    /// ISO 639-1 code the recogniser reported ("zh", "en", "yue"), if any.
    public var language: String?
    /// Emotion tag from the model (SenseVoice: "HAPPY", "ANGRY", ...), if any.
    public var emotion: String?
    /// Audio event tag from the model ("Laughter", "Cry", ...), if any.
    public var event: String?
    /// Per-token start times, when the model gives them; tokens concatenate to `text`.
    public var tokens: [TimedToken]
    /// The recogniser's own text when `text` was converted for reading (Whisper writes Mandarin in
    /// Traditional characters as often as not); nil when `text` is as recognised.
    public var rawText: String?
    /// Median fundamental frequency of the voiced frames, Hz; nil when unvoiced or not measured.
    public var pitch: Double?
    /// RMS level of the speech, dBFS; nil when not measured.
    public var loudness: Double?

    public init(speaker: Speaker, channel: Int, start: Double, end: Double, text: String,
                normalizedText: String? = nil, language: String? = nil, emotion: String? = nil,
                event: String? = nil, tokens: [TimedToken] = [], rawText: String? = nil, pitch: Double? = nil,
                loudness: Double? = nil) {
        self.speaker = speaker
        self.channel = channel
        self.start = start
        self.end = end
        self.text = text
        self.normalizedText = normalizedText ?? text.lowercased()
        self.language = language
        self.emotion = emotion
        self.event = event
        self.tokens = tokens
        self.rawText = rawText
        self.pitch = pitch
        self.loudness = loudness
    }

    public var duration: Double { max(0, end - start) }
}
