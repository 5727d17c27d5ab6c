import HarkCore

/// What the recogniser made of one stretch of audio. Token times are seconds from the stretch's start.
public struct Recognition: Sendable, Hashable {
    public var text: String
    /// ISO 639-1 code when the model reports one ("en", "zh").
    public var language: String?
    /// SenseVoice emotion ("HAPPY", "SAD", "ANGRY", "NEUTRAL", ...).
    public var emotion: String?
    /// SenseVoice audio event other than plain speech ("Laughter", "Cry", "Applause", ...).
    public var event: String?
    public var tokens: [TimedToken]

    public init(text: String, language: String? = nil, emotion: String? = nil, event: String? = nil,
                tokens: [TimedToken] = []) {
        self.text = text
        self.language = language
        self.emotion = emotion
        self.event = event
        self.tokens = tokens
    }
}

/// Decoding helpers for sherpa-onnx's results, kept apart from the C calls so they can be tested.
enum RecognitionText {
    /// "<|zh|>" → "zh"; empty and "unknown"-style tags → nil.
    static func tag(_ raw: String?) -> String? {
        guard var value = raw?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        if value.hasPrefix("<|") && value.hasSuffix("|>") { value = String(value.dropFirst(2).dropLast(2)) }
        let lowered = value.lowercased()
        if value.isEmpty || lowered == "nospeech" || lowered == "emo_unknown" || lowered == "unk" { return nil }
        return value
    }

    /// Byte-level BPE tokens (Whisper) can split a CJK character's UTF-8 bytes across tokens; glue such
    /// pieces to the next token so every token is valid text and the tokens still concatenate to the text.
    static func tokens(_ pieces: [[UInt8]], starts: [Float]?) -> [TimedToken] {
        var result: [TimedToken] = []
        var pending: [UInt8] = []
        var pendingStart: Double?
        for (index, bytes) in pieces.enumerated() {
            if pendingStart == nil { pendingStart = starts.map { Double($0[index]) } ?? 0 }
            pending += bytes
            if let text = String(validating: pending, as: UTF8.self) {
                if !text.isEmpty { result.append(TimedToken(text: text, start: pendingStart ?? 0)) }
                pending = []
                pendingStart = nil
            }
        }
        if !pending.isEmpty {
            result.append(TimedToken(text: String(decoding: pending, as: UTF8.self), start: pendingStart ?? 0))
        }
        return result
    }
}
