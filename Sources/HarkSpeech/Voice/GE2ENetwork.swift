import Foundation

/// The GE2E encoder's forward pass (Resemblyzer's `VoiceEncoder.forward`): a 3-layer LSTM over a window of
/// mel frames, the last layer's final hidden state → Linear(256, 256) → ReLU → L2 normalisation.
///
/// Windows are run as a batch, time step by time step, so each step's recurrent product is one matrix-matrix
/// product over the batch (`B × 256` by `256 × 1024`) instead of B matrix-vector ones, and each layer's input
/// projection for every step and window is a single product before its recurrence starts.
struct GE2ENetwork: Sendable {
    let weights: GE2EWeights
    let blas: OpenBLAS.Library
    /// Windows run together: large enough for efficient products, small enough that the gate buffer
    /// (frames × batch × 1024 floats, 21 MB at 160 × 32) stays modest per worker thread.
    /// (32, 64 and 128 measured within noise of each other on 2 cores.)
    static let batch = 32

    /// One embedding (256 floats, unit length) per window of `frames` mel frames starting at each of `starts`.
    /// `mel` is `frameCount × 40` row-major; every window must lie inside it.
    func embeddings(mel: [Float], starts: [Int], frames: Int) -> [[Float]] {
        var result: [[Float]] = []
        result.reserveCapacity(starts.count)
        var first = 0
        while first < starts.count {
            let group = Array(starts[first..<min(starts.count, first + Self.batch)])
            result += embedBatch(mel: mel, starts: group, frames: frames)
            first += group.count
        }
        return result
    }

    private func embedBatch(mel: [Float], starts: [Int], frames: Int) -> [[Float]] {
        let b = starts.count, h = GE2EWeights.hidden, g4 = 4 * h, melChannels = GE2EWeights.inputs
        // Layer input, laid out [time][window][feature] so step t of the whole batch is one contiguous block.
        var input = [Float](repeating: 0, count: frames * b * melChannels)
        input.withUnsafeMutableBufferPointer { dst in
            mel.withUnsafeBufferPointer { src in
                for t in 0..<frames {
                    for (w, start) in starts.enumerated() {
                        (dst.baseAddress! + (t * b + w) * melChannels)
                            .update(from: src.baseAddress! + (start + t) * melChannels, count: melChannels)
                    }
                }
            }
        }
        var inputSize = melChannels
        var gates = [Float](repeating: 0, count: frames * b * g4)
        var output = [Float](repeating: 0, count: frames * b * h)
        var cell = [Float](repeating: 0, count: b * h)
        let zeros = [Float](repeating: 0, count: b * h)
        for layer in weights.layers {
            let rows = frames * b
            // gates = bias (both PyTorch biases, pre-summed) + input · W_ihᵀ, for every step at once.
            gates.withUnsafeMutableBufferPointer { g in
                layer.bias.withUnsafeBufferPointer { bias in
                    for r in 0..<rows { (g.baseAddress! + r * g4).update(from: bias.baseAddress!, count: g4) }
                }
            }
            OpenBLAS.sgemm(blas, m: rows, n: g4, k: inputSize, a: input, lda: inputSize, b: layer.inputWeights,
                           ldb: inputSize, transposeB: true, beta: 1, c: &gates, ldc: g4)
            cell.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
            gates.withUnsafeMutableBufferPointer { g in
                output.withUnsafeMutableBufferPointer { out in
                    cell.withUnsafeMutableBufferPointer { c in
                        zeros.withUnsafeBufferPointer { zero in
                            for t in 0..<frames {
                                let step = g.baseAddress! + t * b * g4
                                // The previous step's hidden state (zeros before the first step).
                                let previous = t == 0 ? zero.baseAddress! : UnsafePointer(out.baseAddress! + (t - 1) * b * h)
                                OpenBLAS.sgemm(blas, m: b, n: g4, k: h, a: previous, lda: h, b: layer.recurrentWeights,
                                               ldb: h, transposeB: true, beta: 1, c: step, ldc: g4)
                                Self.cellUpdate(gates: step, cell: c.baseAddress!, hidden: out.baseAddress! + t * b * h,
                                                count: b, hiddenSize: h)
                            }
                        }
                    }
                }
            }
            if inputSize != h { input = [Float](repeating: 0, count: frames * b * h) }
            swap(&input, &output)
            inputSize = h
        }
        // After the swap `input` holds the last layer's outputs; its final step is the final hidden state.
        let last = Array(input[(frames - 1) * b * h..<frames * b * h])
        var projected = [Float](repeating: 0, count: b * GE2EWeights.embedding)
        for w in 0..<b {
            for e in 0..<GE2EWeights.embedding { projected[w * GE2EWeights.embedding + e] = weights.linearBias[e] }
        }
        OpenBLAS.sgemm(blas, m: b, n: GE2EWeights.embedding, k: h, a: last, lda: h, b: weights.linearWeights,
                       ldb: h, transposeB: true, beta: 1, c: &projected, ldc: GE2EWeights.embedding)
        return (0..<b).map { w in
            let raw = projected[w * GE2EWeights.embedding..<(w + 1) * GE2EWeights.embedding].map { max(0, $0) }
            return Self.normalised(raw)
        }
    }

    /// PyTorch's LSTM cell for `count` rows: gates i, f, g, o (each `hiddenSize` wide) → c = f·c + i·g,
    /// h = o·tanh(c).
    private static func cellUpdate(gates: UnsafeMutablePointer<Float>, cell: UnsafeMutablePointer<Float>,
                                   hidden: UnsafeMutablePointer<Float>, count: Int, hiddenSize h: Int) {
        for row in 0..<count {
            let g = gates + row * 4 * h, c = cell + row * h, out = hidden + row * h
            for j in 0..<h {
                let i = sigmoid(g[j]), f = sigmoid(g[h + j]), candidate = tanhf(g[2 * h + j]), o = sigmoid(g[3 * h + j])
                let next = f * c[j] + i * candidate
                c[j] = next
                out[j] = o * tanhf(next)
            }
        }
    }

    @inline(__always) private static func sigmoid(_ x: Float) -> Float { 1 / (1 + expf(-x)) }

    /// `v / ‖v‖`; an all-zero vector (every ReLU output zero, which PyTorch would turn into NaN) stays zero.
    static func normalised(_ v: [Float]) -> [Float] {
        var sum: Double = 0
        for x in v { sum += Double(x) * Double(x) }
        guard sum > 0 else { return v }
        let scale = Float(1 / sum.squareRoot())
        return v.map { $0 * scale }
    }
}
