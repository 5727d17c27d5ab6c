import CSherpaOnnx
import Foundation

/// Silero voice-activity detection over 16 kHz mono audio, splitting it into speech segments.
///
/// One instance per thread; `segments(of:)` resets it, so it can be reused for channel after channel.
public final class VoiceActivityDetector {
    public static let sampleRate = 16_000
    public let model: VADModel
    public let options: VADOptions
    private let handle: OpaquePointer
    /// Streamed samples short of a whole window.
    private var pending: [Float] = []

    public init(model: VADModel, options: VADOptions = VADOptions(), threads: Int = 1) throws {
        try model.validate()
        self.model = model
        self.options = options
        let c = CStrings()
        var config = SherpaOnnxVadModelConfig()
        config.silero_vad.model = c(model.path)
        config.silero_vad.threshold = options.threshold
        config.silero_vad.min_silence_duration = Float(options.minSilence)
        config.silero_vad.min_speech_duration = Float(options.minSpeech)
        config.silero_vad.window_size = Int32(options.windowSize)
        // Past this the detector raises its threshold to find a split; `capped` below enforces the hard limit.
        config.silero_vad.max_speech_duration = Float(options.maxSegment)
        config.sample_rate = Int32(Self.sampleRate)
        config.num_threads = Int32(max(1, threads))
        config.provider = c("cpu")
        // The detector queues finished segments; they are drained after every window, so a minute is plenty.
        let created = withExtendedLifetime(c) { SherpaOnnxCreateVoiceActivityDetector(&config, 60) }
        guard let created else {
            throw SpeechError.engineFailed(path: model.path, reason: "sherpa-onnx could not load the VAD model")
        }
        handle = created
    }

    deinit {
        SherpaOnnxDestroyVoiceActivityDetector(handle)
    }

    /// Speech segments of 16 kHz mono `samples`, in order, none longer than `options.maxSegment`.
    /// `shouldStop` is polled every few seconds of audio; returning true throws `SpeechError.cancelled`.
    public func segments(of samples: [Float], shouldStop: () -> Bool = { false }) throws -> [SpeechSegment] {
        SherpaOnnxVoiceActivityDetectorReset(handle)
        var found: [SpeechSegment] = []
        let window = options.windowSize
        var offset = 0
        try samples.withUnsafeBufferPointer { buffer in
            while offset < buffer.count {
                let n = min(window, buffer.count - offset)
                SherpaOnnxVoiceActivityDetectorAcceptWaveform(handle, buffer.baseAddress! + offset, Int32(n))
                offset += n
                drain(into: &found)
                if offset % (window * 300) == 0, shouldStop() { throw SpeechError.cancelled }
            }
        }
        SherpaOnnxVoiceActivityDetectorFlush(handle)
        drain(into: &found)
        return found.flatMap { Self.capped($0, maxSeconds: options.maxSegment) }
    }

    // MARK: - Streaming (a recording still being written)

    /// Starts a new stream: sample indices of the segments `accept` returns count from here.
    public func reset() {
        SherpaOnnxVoiceActivityDetectorReset(handle)
        pending = []
    }

    /// Feeds the next samples of the stream and returns the segments that closed (speech followed by the
    /// minimum silence), capped like `segments(of:)`. Fed in the same windows as `segments(of:)`, so a stream
    /// cut into any chunks gives the segments a whole-file run gives.
    public func accept(_ samples: [Float]) -> [SpeechSegment] {
        pending += samples
        let window = options.windowSize
        var found: [SpeechSegment] = []
        var offset = 0
        pending.withUnsafeBufferPointer { buffer in
            while buffer.count - offset >= window {
                SherpaOnnxVoiceActivityDetectorAcceptWaveform(handle, buffer.baseAddress! + offset, Int32(window))
                offset += window
                drain(into: &found)
            }
        }
        pending.removeFirst(offset)
        return found.flatMap { Self.capped($0, maxSeconds: options.maxSegment) }
    }

    /// The stream ended: the speech still open, if any.
    public func flush() -> [SpeechSegment] {
        var found: [SpeechSegment] = []
        if !pending.isEmpty {
            pending.withUnsafeBufferPointer { SherpaOnnxVoiceActivityDetectorAcceptWaveform(handle, $0.baseAddress!, Int32($0.count)) }
            pending = []
        }
        SherpaOnnxVoiceActivityDetectorFlush(handle)
        drain(into: &found)
        return found.flatMap { Self.capped($0, maxSeconds: options.maxSegment) }
    }

    /// Whether the stream is inside speech now (a segment has opened and not closed).
    public var isSpeaking: Bool { SherpaOnnxVoiceActivityDetectorDetected(handle) != 0 }

    private func drain(into found: inout [SpeechSegment]) {
        while SherpaOnnxVoiceActivityDetectorEmpty(handle) == 0 {
            if let segment = SherpaOnnxVoiceActivityDetectorFront(handle) {
                let s = segment.pointee
                if s.start >= 0, s.n > 0, let samples = s.samples {
                    found.append(SpeechSegment(startSample: Int(s.start),
                                               samples: Array(UnsafeBufferPointer(start: samples, count: Int(s.n))),
                                               sampleRate: Self.sampleRate))
                }
                SherpaOnnxDestroySpeechSegment(segment)
            }
            SherpaOnnxVoiceActivityDetectorPop(handle)
        }
    }

    /// Splits a segment longer than `maxSeconds` at the quietest 50 ms in the back half of each piece
    /// (the latest such point, for fewer pieces),
    /// so words are rarely cut and every piece fits the recogniser's window.
    public static func capped(_ segment: SpeechSegment, maxSeconds: Double) -> [SpeechSegment] {
        let rate = segment.sampleRate
        let maxSamples = Int(maxSeconds * Double(rate))
        guard maxSamples > 0, segment.samples.count > maxSamples else { return [segment] }
        var pieces: [SpeechSegment] = []
        var start = 0
        let samples = segment.samples
        let frame = rate / 20
        while samples.count - start > maxSamples {
            var cut = start + maxSamples
            var quietest = Float.infinity
            var f = start + maxSamples / 2
            while f + frame <= start + maxSamples {
                var energy: Float = 0
                for i in f..<(f + frame) { energy += samples[i] * samples[i] }
                if energy <= quietest { quietest = energy; cut = f + frame / 2 }
                f += frame
            }
            pieces.append(SpeechSegment(startSample: segment.startSample + start,
                                        samples: Array(samples[start..<cut]), sampleRate: rate))
            start = cut
        }
        pieces.append(SpeechSegment(startSample: segment.startSample + start,
                                    samples: Array(samples[start...]), sampleRate: rate))
        return pieces
    }
}
