/// A stretch of speech the VAD found: mono 16 kHz samples and where they start.
public struct SpeechSegment: Sendable {
    /// Sample index (at `sampleRate`) of the first sample, from the start of the audio fed in.
    public var startSample: Int
    public var samples: [Float]
    public var sampleRate: Int

    public init(startSample: Int, samples: [Float], sampleRate: Int) {
        self.startSample = startSample
        self.samples = samples
        self.sampleRate = sampleRate
    }

    public var start: Double { Double(startSample) / Double(sampleRate) }
    public var end: Double { Double(startSample + samples.count) / Double(sampleRate) }
    public var duration: Double { Double(samples.count) / Double(sampleRate) }
}
