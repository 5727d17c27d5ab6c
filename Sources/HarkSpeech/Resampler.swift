import CSherpaOnnx

/// Converts mono audio between sample rates with sherpa-onnx's windowed-sinc linear resampler.
///
/// Stateful (it keeps filter history between chunks), so one instance converts one stream.
public final class Resampler {
    public let inputRate: Int
    public let outputRate: Int
    private let handle: OpaquePointer

    /// Returns nil for rates sherpa-onnx rejects (zero or negative).
    public init?(from inputRate: Int, to outputRate: Int) {
        guard inputRate > 0, outputRate > 0,
              let created = SherpaOnnxCreateLinearResampler(Int32(inputRate), Int32(outputRate), 0, 0) else { return nil }
        self.inputRate = inputRate
        self.outputRate = outputRate
        handle = created
    }

    deinit {
        SherpaOnnxDestroyLinearResampler(handle)
    }

    /// Resamples the next chunk; pass `flush: true` with the last one so buffered samples come out.
    public func process(_ samples: UnsafeBufferPointer<Float>, flush: Bool) -> [Float] {
        guard let out = SherpaOnnxLinearResamplerResample(handle, samples.baseAddress, Int32(samples.count), flush ? 1 : 0)
        else { return [] }
        defer { SherpaOnnxLinearResamplerResampleFree(out) }
        guard let data = out.pointee.samples, out.pointee.n > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: Int(out.pointee.n)))
    }

    /// `samples` at `from` Hz, resampled to `to` Hz (returned unchanged when the rates match).
    public static func resample(_ samples: [Float], from: Int, to: Int) -> [Float] {
        guard from != to, !samples.isEmpty, let resampler = Resampler(from: from, to: to) else { return samples }
        var output: [Float] = []
        output.reserveCapacity(Int(Double(samples.count) * Double(to) / Double(from)) + 16)
        // Chunked so the Int32 length never overflows on very long recordings.
        let chunk = 1 << 20
        samples.withUnsafeBufferPointer { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = min(chunk, buffer.count - offset)
                let piece = UnsafeBufferPointer(rebasing: buffer[offset..<(offset + n)])
                output += resampler.process(piece, flush: offset + n >= buffer.count)
                offset += n
            }
        }
        return output
    }
}
