import Foundation

/// Pitch and loudness of a stretch of speech, measured the same way for every utterance so a speaker can be
/// compared with themself: agitated speech is higher, louder and faster than the same person's calm speech.
///
/// Pitch is the median F0 of the voiced frames, by the YIN difference function (de Cheveigné & Kawahara,
/// 2002) on 8 kHz audio, 32 ms frames every 20 ms, 70–400 Hz. Loudness is the RMS level of the frames within
/// 30 dB of the loudest, in dBFS. About 1 ms of work per second of speech.
public enum Prosody {
    public struct Measure: Sendable, Hashable {
        /// Hz; nil when fewer than 10 frames (0.2 s) were voiced.
        public var pitch: Double?
        /// dBFS; nil for silence.
        public var loudness: Double?
    }

    public static func measure(_ samples: [Float], sampleRate: Int) -> Measure {
        guard sampleRate >= 8000, samples.count >= sampleRate / 10 else { return Measure() }
        // Decimate to ~8 kHz by averaging: F0 of speech is far below 4 kHz.
        let factor = max(1, sampleRate / 8000)
        let rate = Double(sampleRate) / Double(factor)
        var x = [Float](repeating: 0, count: samples.count / factor)
        samples.withUnsafeBufferPointer { s in
            for i in x.indices {
                var sum: Float = 0
                for k in 0..<factor { sum += s[i * factor + k] }
                x[i] = sum / Float(factor)
            }
        }
        let frame = Int(0.032 * rate), hop = Int(0.02 * rate)
        let minLag = Int(rate / 400), maxLag = Int(rate / 70)
        guard x.count >= frame + maxLag else { return Measure() }

        var energies: [Float] = []
        var starts: [Int] = []
        var i = 0
        while i + frame + maxLag <= x.count {
            var e: Float = 0
            for k in i..<(i + frame) { e += x[k] * x[k] }
            energies.append(e / Float(frame))
            starts.append(i)
            i += hop
        }
        guard let loudest = energies.max(), loudest > 1e-10 else { return Measure() }
        let floor = loudest * 0.001  // 30 dB below the loudest frame
        let active = energies.filter { $0 >= floor }
        let loudness = 10 * log10(Double(active.reduce(0, +) / Float(active.count)))

        var f0: [Double] = []
        var d = [Float](repeating: 0, count: maxLag + 1)
        x.withUnsafeBufferPointer { x in
            for (n, start) in starts.enumerated() where energies[n] >= loudest * 0.01 {
                // Cumulative mean normalised difference; the first dip under 0.15 is the period.
                var running: Float = 0
                var period = 0
                for lag in 1...maxLag {
                    var sum: Float = 0
                    for k in start..<(start + frame) {
                        let diff = x[k] - x[k + lag]
                        sum += diff * diff
                    }
                    running += sum
                    d[lag] = running > 0 ? sum * Float(lag) / running : 1
                }
                var lag = minLag
                while lag <= maxLag {
                    if d[lag] < 0.15 {
                        while lag + 1 <= maxLag, d[lag + 1] < d[lag] { lag += 1 }
                        period = lag
                        break
                    }
                    lag += 1
                }
                if period > 0 { f0.append(rate / Double(period)) }
            }
        }
        guard f0.count >= 10 else { return Measure(pitch: nil, loudness: loudness) }
        f0.sort()
        return Measure(pitch: f0[f0.count / 2], loudness: loudness)
    }
}
