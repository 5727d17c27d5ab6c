import Foundation

/// Resemblyzer's `wav_to_mel_spectrogram`: `librosa.feature.melspectrogram(y, sr=16000, n_fft=400,
/// hop_length=160, n_mels=40)` with librosa's defaults as Resemblyzer 0.1.4 gets them (librosa ≥ 0.9.1):
/// periodic Hann window of 400, `center=True` with **zero** padding of 200 each side (librosa 0.9 changed
/// the default pad mode from reflect to constant), power spectrogram (|X|²), Slaney-scale mel filters with
/// Slaney area normalisation, 0 Hz to 8 kHz. No log: the encoder was trained on linear mel power.
struct MelFrontEnd: Sendable {
    static let sampleRate = 16_000, fftSize = 400, hop = 160, channels = 40
    static let bins = fftSize / 2 + 1

    /// `fftSize × 2·bins`: the windowed DFT as a matrix (cosine columns, then sine), so a block of frames
    /// is one matrix product: 400 is no power of two and at 100 frames a second a plain DFT costs little
    /// next to the LSTM.
    private let dft: [Float]
    /// `bins × channels`: the mel filters, transposed for `power × filters`.
    private let filters: [Float]
    private let blas: OpenBLAS.Library

    init(blas: OpenBLAS.Library) {
        self.blas = blas
        let n = Self.fftSize, bins = Self.bins
        var dft = [Float](repeating: 0, count: n * 2 * bins)
        for i in 0..<n {
            let window = 0.5 - 0.5 * cos(2 * Double.pi * Double(i) / Double(n))  // periodic (fftbins=True)
            for k in 0..<bins {
                // Reduce k·i mod n first so the angle stays exact for every bin.
                let angle = 2 * Double.pi * Double((k * i) % n) / Double(n)
                dft[i * 2 * bins + k] = Float(window * cos(angle))
                dft[i * 2 * bins + bins + k] = Float(-window * sin(angle))
            }
        }
        self.dft = dft
        let mel = Self.melFilters()
        var filters = [Float](repeating: 0, count: bins * Self.channels)
        for m in 0..<Self.channels { for k in 0..<bins { filters[k * Self.channels + m] = mel[m][k] } }
        self.filters = filters
    }

    /// Frames in librosa's centred STFT of `count` samples.
    static func frameCount(samples count: Int) -> Int { 1 + count / hop }

    /// `frameCount × 40` mel power values, row-major (frame t is centred on sample t·160).
    func melSpectrogram(_ samples: [Float]) -> [Float] {
        let n = Self.fftSize, bins = Self.bins, channels = Self.channels
        let frames = Self.frameCount(samples: samples.count)
        var mel = [Float](repeating: 0, count: frames * channels)
        // Blocks keep the framed copy small (a 60-minute call would otherwise frame into 576 MB).
        let block = 256
        var framed = [Float](repeating: 0, count: block * n)
        var spectrum = [Float](repeating: 0, count: block * 2 * bins)
        var power = [Float](repeating: 0, count: block * bins)
        samples.withUnsafeBufferPointer { x in
            var first = 0
            while first < frames {
                let count = min(block, frames - first)
                framed.withUnsafeMutableBufferPointer { f in
                    for r in 0..<count {
                        let start = (first + r) * Self.hop - n / 2
                        let row = f.baseAddress! + r * n
                        // Zero padding outside the signal (center=True, pad_mode="constant").
                        let lo = max(0, -start), hi = min(n, x.count - start)
                        if lo > 0 { row.update(repeating: 0, count: lo) }
                        if hi > lo { row.advanced(by: lo).update(from: x.baseAddress! + start + lo, count: hi - lo) }
                        if hi < n { row.advanced(by: max(hi, lo)).update(repeating: 0, count: n - max(hi, lo)) }
                    }
                }
                OpenBLAS.sgemm(blas, m: count, n: 2 * bins, k: n, a: framed, lda: n, b: dft, ldb: 2 * bins,
                               transposeB: false, beta: 0, c: &spectrum, ldc: 2 * bins)
                spectrum.withUnsafeBufferPointer { s in
                    power.withUnsafeMutableBufferPointer { p in
                        for r in 0..<count {
                            for k in 0..<bins {
                                let re = s[r * 2 * bins + k], im = s[r * 2 * bins + bins + k]
                                p[r * bins + k] = re * re + im * im
                            }
                        }
                    }
                }
                mel.withUnsafeMutableBufferPointer { out in
                    OpenBLAS.sgemm(blas, m: count, n: channels, k: bins, a: power, lda: bins, b: filters, ldb: channels,
                                   transposeB: false, beta: 0, c: out.baseAddress! + first * channels, ldc: channels)
                }
                first += count
            }
        }
        return mel
    }

    /// librosa.filters.mel(sr=16000, n_fft=400, n_mels=40, htk=False, norm="slaney"): `channels × bins`,
    /// computed in double and rounded to float as librosa does (dtype=float32).
    static func melFilters() -> [[Float]] {
        let bins = Self.bins, count = Self.channels
        let fftFreqs = (0..<bins).map { Double($0) * Double(sampleRate) / Double(fftSize) }
        let minMel = hzToMel(0), maxMel = hzToMel(Double(sampleRate) / 2)
        let melF = (0..<count + 2).map { melToHz(minMel + (maxMel - minMel) * Double($0) / Double(count + 1)) }
        return (0..<count).map { i in
            let lowerWidth = melF[i + 1] - melF[i], upperWidth = melF[i + 2] - melF[i + 1]
            let enorm = 2 / (melF[i + 2] - melF[i])
            return fftFreqs.map { f in
                let lower = (f - melF[i]) / lowerWidth       // -ramps[i] / fdiff[i]
                let upper = (melF[i + 2] - f) / upperWidth   // ramps[i + 2] / fdiff[i + 1]
                return Float(max(0, min(lower, upper)) * enorm)
            }
        }
    }

    // Slaney's auditory-toolbox mel scale: linear below 1 kHz, logarithmic above.
    private static let fSp = 200.0 / 3, minLogHz = 1000.0, minLogMel = 1000.0 / (200.0 / 3), logStep = log(6.4) / 27

    static func hzToMel(_ f: Double) -> Double {
        f >= minLogHz ? minLogMel + log(f / minLogHz) / logStep : f / fSp
    }

    static func melToHz(_ m: Double) -> Double {
        m >= minLogMel ? minLogHz * exp(logStep * (m - minLogMel)) : fSp * m
    }
}
