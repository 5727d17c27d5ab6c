import Foundation

/// Speaker embeddings from Resemblyzer's GE2E voice encoder (`models/resemblyzer-ge2e/ge2e.weights`), run in
/// Swift on OpenBLAS: no Python, no PyTorch. Two stretches of speech by the same voice give embeddings with
/// a higher cosine (a plain dot product: embeddings are unit length) than stretches by different voices.
///
/// Immutable after `init`, so one encoder is shared by any number of threads; each call allocates its own
/// scratch space (about 30 MB while it runs).
///
/// Input is 16 kHz mono Float in -1...1, used as given. The mel features are not log-compressed, so the
/// level matters: Resemblyzer raises quiet audio to -30 dBFS before embedding (`preprocess_wav`), which
/// `normalizedVolume` does for a whole recording or speaker turn.
public final class VoiceEncoder: Sendable {
    public static let sampleRate = 16_000
    /// Embedding length.
    public static let dimension = GE2EWeights.embedding
    /// Resemblyzer's partial utterance: 160 frames of 10 ms.
    public static let partialFrames = 160
    /// Audio shorter than this gives no sliding window: too little speech to say whose it is.
    public static let minimumWindow = 0.5

    private let network: GE2ENetwork
    private let frontEnd: MelFrontEnd

    /// Loads `ge2e.weights`; a missing, truncated or foreign file throws a `SpeechError` naming it (as does
    /// a missing OpenBLAS, naming the library).
    public init(path: String) throws {
        let weights = try GE2EWeights(path: path)
        let blas = try OpenBLAS.library.get()
        network = GE2ENetwork(weights: weights, blas: blas)
        frontEnd = MelFrontEnd(blas: blas)
    }

    /// The OpenBLAS kernels in use (e.g. "SkylakeX"), for benchmarks and `hark doctor`-style reports.
    public static var blasCore: String { (try? OpenBLAS.library.get().coreName) ?? "none" }

    /// One embedding (256, unit length) per window of `window` seconds every `step` seconds over `samples`.
    ///
    /// Windows start at 0, step, 2·step… while they fit; when the last one stops short of the end, one more
    /// full window ends at the end of the audio, so the windows cover every sample. Audio shorter than
    /// `window` gives one window over all of it (zero-padded to `window`, as Resemblyzer pads), and audio
    /// shorter than `minimumWindow` (0.5 s) gives none. Silence gives finite embeddings (the model's answer
    /// to silence), never NaN. Times are seconds from the first sample, on the 10 ms frame grid.
    public func slidingEmbeddings(_ samples: [Float], window: Double = 1.6, step: Double = 0.4)
        -> [(start: Double, end: Double, embedding: [Float])] {
        let hop = MelFrontEnd.hop
        let windowFrames = max(1, Int((window * Double(Self.sampleRate) / Double(hop)).rounded()))
        let stepFrames = max(1, Int((step * Double(Self.sampleRate) / Double(hop)).rounded()))
        let duration = Double(samples.count) / Double(Self.sampleRate)
        guard duration >= Self.minimumWindow else { return [] }

        var audio = samples
        var starts: [Int] = []
        if samples.count < windowFrames * hop {
            audio += [Float](repeating: 0, count: windowFrames * hop - samples.count)
            starts = [0]
        } else {
            var start = 0
            while (start + windowFrames) * hop <= samples.count {
                starts.append(start)
                start += stepFrames
            }
            // The frame holding the last sample is frameCount - 1; a window ending there covers the tail.
            let tail = MelFrontEnd.frameCount(samples: samples.count) - windowFrames
            if let last = starts.last, (last + windowFrames) * hop < samples.count, tail > last { starts.append(tail) }
        }
        let mel = frontEnd.melSpectrogram(audio)
        let embeddings = network.embeddings(mel: mel, starts: starts, frames: windowFrames)
        return zip(starts, embeddings).map { start, embedding in
            let from = Double(start * hop) / Double(Self.sampleRate)
            let to = Double(min((start + windowFrames) * hop, samples.count)) / Double(Self.sampleRate)
            return (from, to, embedding)
        }
    }

    /// Resemblyzer's `embed_utterance` (rate 1.3, min_coverage 0.75): 160-frame partials every 77 frames over
    /// the utterance, the last dropped when under 75 % covered (unless it is the only one), the audio
    /// zero-padded to the last partial's end; the partials' embeddings averaged, then normalised.
    public func embedUtterance(_ samples: [Float]) -> [Float] {
        let (starts, paddedLength) = Self.partialStarts(sampleCount: samples.count)
        var audio = samples
        if paddedLength >= audio.count { audio += [Float](repeating: 0, count: paddedLength - audio.count) }
        let partials = network.embeddings(mel: frontEnd.melSpectrogram(audio), starts: starts, frames: Self.partialFrames)
        var mean = [Float](repeating: 0, count: Self.dimension)
        for partial in partials { for i in 0..<Self.dimension { mean[i] += partial[i] } }
        return GE2ENetwork.normalised(mean.map { $0 / Float(partials.count) })
    }

    /// `compute_partial_slices(n_samples, rate=1.3, min_coverage=0.75)`: the partials' first frames, and the
    /// length the audio is padded to (the last partial's end in samples).
    static func partialStarts(sampleCount: Int, rate: Double = 1.3, minCoverage: Double = 0.75) -> (starts: [Int], paddedLength: Int) {
        let hop = MelFrontEnd.hop, frames = partialFrames
        let frameCount = Int((Double(sampleCount + 1) / Double(hop)).rounded(.up))
        let frameStep = Int((Double(sampleRate) / rate / Double(hop)).rounded(.toNearestOrEven))
        let steps = max(1, frameCount - frames + frameStep + 1)
        var starts = Array(stride(from: 0, to: steps, by: frameStep))
        let last = starts.last!
        let coverage = Double(sampleCount - last * hop) / Double(frames * hop)
        if coverage < minCoverage, starts.count > 1 { starts.removeLast() }
        return (starts, (starts.last! + frames) * hop)
    }

    /// Resemblyzer's `normalize_volume(wav, -30, increase_only=True)`: quieter audio is raised to `targetDBFS`
    /// (RMS), louder audio is returned unchanged; silence stays silence.
    public static func normalizedVolume(_ samples: [Float], targetDBFS: Double = -30) -> [Float] {
        guard !samples.isEmpty else { return samples }
        var sum: Double = 0
        for x in samples { sum += Double(x) * Double(x) }
        let rms = (sum / Double(samples.count)).squareRoot()
        guard rms > 0 else { return samples }
        let change = targetDBFS - 20 * log10(rms)
        guard change > 0 else { return samples }
        let gain = Float(pow(10, change / 20))
        return samples.map { $0 * gain }
    }
}
