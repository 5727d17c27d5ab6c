import Foundation

/// Changes playback speed without changing pitch, by WSOLA (waveform-similarity overlap-add).
///
/// The call is cut into Hann-windowed frames of two hops; output frames are laid one hop apart while
/// input frames advance `speed` hops, each nudged within ±`tolerance` to the spot whose waveform best
/// continues the previous frame, so voices keep their pitch instead of turning into chipmunks.
/// At 1× the frames line up exactly and, since a periodic Hann at 50 % overlap sums to one, the output is
/// the input sample for sample (the `file:` device tests rely on that).
///
/// It reads the decoded call directly (random access), so a seek is just `reset(to:)`.
struct TimeStretcher: Sendable {
    /// A rendered hop: per-channel samples and the call frames they carry.
    struct Chunk {
        var channels: [[Float]]
        var sourceStart: Double
        var sourceEnd: Double

        /// Cuts the hop that runs past the end of the call down to the frames that still carry it, so
        /// the device gets no trailing padding. Returns the frames kept.
        mutating func trimmed(toSourceFrames end: Int) -> Int {
            let count = channels.first?.count ?? 0
            guard sourceEnd > Double(end), count > 0 else { return count }
            let perFrame = (sourceEnd - sourceStart) / Double(count)
            guard perFrame > 0 else { return count }
            let keep = min(count, max(1, Int(((Double(end) - sourceStart) / perFrame).rounded())))
            for c in channels.indices { channels[c].removeLast(count - keep) }
            sourceEnd = sourceStart + perFrame * Double(keep)
            return keep
        }
    }

    let source: [[Float]]
    let frameCount: Int
    /// Output frames per step (15 ms): long enough to hold a voice period, short enough not to smear words.
    let hop: Int
    /// How far a frame may move to match the waveform (10 ms).
    let tolerance: Int
    private let window: [Float]

    /// Call frame where the next frame would start without adjustment.
    private var nominal: Double = 0
    private var previousNominal: Double = 0
    /// Where the previous frame actually started.
    private var previousStart = 0
    /// The previous frame's second (falling) half, waiting to be overlapped.
    private var tail: [[Float]]
    private var mixScratch: [Float] = []
    private var targetScratch: [Float] = []

    init(audio: DecodedAudio) {
        source = audio.channels
        frameCount = audio.frameCount
        hop = max(16, audio.sampleRate * 15 / 1000)
        tolerance = max(8, audio.sampleRate / 100)
        let length = 2 * hop
        window = (0..<length).map { 0.5 - 0.5 * Float(cos(2 * Double.pi * Double($0) / Double(length))) }
        tail = Array(repeating: [Float](repeating: 0, count: hop), count: audio.channels.count)
        reset(to: 0)
    }

    /// True once every call frame was emitted.
    var isExhausted: Bool { previousNominal + Double(hop) >= Double(frameCount) }

    /// Restarts at call frame `frame`. The tail is primed as if a frame had started one hop earlier, so
    /// the first hop out is the call itself rather than a fade-in.
    mutating func reset(to frame: Double) {
        let start = Int(frame.rounded())
        nominal = Double(start)
        previousNominal = Double(start - hop)
        previousStart = start - hop
        for c in source.indices {
            for j in 0..<hop { tail[c][j] = sample(c, start + j) * window[hop + j] }
        }
    }

    /// Emits the next hop at `speed` (call frames per output frame). `audible` says which channels the
    /// listener hears, so the waveform match follows what is actually played.
    mutating func next(speed: Double, audible: [Bool]) -> Chunk {
        var start = Int(nominal.rounded())
        let natural = previousStart + hop
        if start != natural {
            start = bestStart(near: start, matching: natural, audible: audible)
        }
        var out = [[Float]](repeating: [Float](repeating: 0, count: hop), count: source.count)
        for c in source.indices {
            source[c].withUnsafeBufferPointer { x in
                for j in 0..<hop {
                    let i = start + j, k = start + hop + j
                    let rising = (i >= 0 && i < frameCount) ? x[i] * window[j] : 0
                    let falling = (k >= 0 && k < frameCount) ? x[k] * window[hop + j] : 0
                    out[c][j] = tail[c][j] + rising
                    tail[c][j] = falling
                }
            }
        }
        let chunk = Chunk(channels: out, sourceStart: previousNominal + Double(hop), sourceEnd: nominal + Double(hop))
        previousNominal = nominal
        previousStart = start
        nominal += Double(hop) * speed
        return chunk
    }

    private func sample(_ c: Int, _ i: Int) -> Float {
        (i >= 0 && i < frameCount) ? source[c][i] : 0
    }

    /// The frame start within ±tolerance of `center` whose first hop best matches (normalised
    /// cross-correlation) the hop that would have naturally followed the previous frame.
    private mutating func bestStart(near center: Int, matching natural: Int, audible: [Bool]) -> Int {
        let low = max(center - tolerance, 0)
        let high = max(min(center + tolerance, frameCount - 1), low)
        let span = high - low + hop
        if mixScratch.count < span { mixScratch = [Float](repeating: 0, count: span) }
        if targetScratch.count < hop { targetScratch = [Float](repeating: 0, count: hop) }
        let heard = source.indices.filter { audible.indices.contains($0) ? audible[$0] : true }
        for j in 0..<span {
            var v: Float = 0
            for c in heard { v += sample(c, low + j) }
            mixScratch[j] = v
        }
        for j in 0..<hop {
            var v: Float = 0
            for c in heard { v += sample(c, natural + j) }
            targetScratch[j] = v
        }
        // Every other sample is enough to find the best lag and halves the cost.
        let step = 2
        var best = center, bestScore = -Float.infinity
        mixScratch.withUnsafeBufferPointer { mix in
            targetScratch.withUnsafeBufferPointer { target in
                for s in low...high {
                    let offset = s - low
                    var dot: Float = 0, energy: Float = 1e-9
                    var j = 0
                    while j < hop {
                        let b = mix[offset + j]
                        dot += target[j] * b
                        energy += b * b
                        j += step
                    }
                    let score = dot / energy.squareRoot()
                    if score > bestScore { bestScore = score; best = s }
                }
            }
        }
        return best
    }
}
