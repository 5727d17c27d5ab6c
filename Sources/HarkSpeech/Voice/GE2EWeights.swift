import Foundation

/// The GE2E voice encoder's parameters, read from `ge2e.weights` (written by scripts/convert-ge2e.py from
/// Resemblyzer's pretrained.pt).
///
/// File layout, integers little-endian: magic `HARKGE2E`, u32 version (1), u32 array count, then per array
/// u32 name length, UTF-8 name, u32 rank, u32 dimensions (row-major, PyTorch's shapes), float32 values.
/// Every expected array must be present with its shape and the file must end right after the last one, so a
/// truncated or padded file is refused rather than half-read.
struct GE2EWeights: Sendable {
    static let magic = Array("HARKGE2E".utf8)
    static let version: UInt32 = 1
    static let layers = 3, hidden = 256, inputs = 40, embedding = 256

    /// Per LSTM layer, PyTorch's gate order (input, forget, cell, output), each `4 * hidden` rows.
    struct Layer: Sendable {
        /// `4h × in`, row-major.
        var inputWeights: [Float]
        /// `4h × h`, row-major.
        var recurrentWeights: [Float]
        /// `bias_ih + bias_hh`: PyTorch adds both every step, so they are summed once here.
        var bias: [Float]
        var inputSize: Int
    }

    var layers: [Layer]
    /// `256 × 256`, row-major (out × in).
    var linearWeights: [Float]
    var linearBias: [Float]

    /// The arrays a weights file must hold, with their shapes.
    static var expectedShapes: [String: [Int]] {
        var shapes: [String: [Int]] = ["linear.weight": [embedding, hidden], "linear.bias": [embedding]]
        for k in 0..<layers {
            shapes["lstm.weight_ih_l\(k)"] = [4 * hidden, k == 0 ? inputs : hidden]
            shapes["lstm.weight_hh_l\(k)"] = [4 * hidden, hidden]
            shapes["lstm.bias_ih_l\(k)"] = [4 * hidden]
            shapes["lstm.bias_hh_l\(k)"] = [4 * hidden]
        }
        return shapes
    }

    /// Throws `SpeechError.missingModel` / `.brokenModel` naming `path`.
    init(path: String) throws {
        let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath()
        guard FileManager.default.fileExists(atPath: resolved.path) else { throw SpeechError.missingModel(path: path) }
        guard let data = try? Data(contentsOf: resolved) else {
            throw SpeechError.brokenModel(path: path, reason: "cannot open for reading")
        }
        let arrays: [String: [Float]]
        do {
            arrays = try Self.parse([UInt8](data))
        } catch let error as WeightsFormatError {
            throw SpeechError.brokenModel(path: path, reason: error.reason)
        }
        func array(_ name: String) -> [Float] { arrays[name]! }
        layers = (0..<Self.layers).map { k in
            Layer(inputWeights: array("lstm.weight_ih_l\(k)"), recurrentWeights: array("lstm.weight_hh_l\(k)"),
                  bias: zip(array("lstm.bias_ih_l\(k)"), array("lstm.bias_hh_l\(k)")).map { $0 + $1 },
                  inputSize: k == 0 ? Self.inputs : Self.hidden)
        }
        linearWeights = array("linear.weight")
        linearBias = array("linear.bias")
    }

    struct WeightsFormatError: Error { var reason: String }

    /// Every named array in the file, checked against `expectedShapes`.
    static func parse(_ bytes: [UInt8]) throws -> [String: [Float]] {
        var offset = 0
        func take(_ count: Int) throws -> ArraySlice<UInt8> {
            guard count >= 0, count <= bytes.count - offset else {
                throw WeightsFormatError(reason: "truncated (\(bytes.count) bytes, ends inside the data)")
            }
            defer { offset += count }
            return bytes[offset..<offset + count]
        }
        func u32() throws -> Int {
            let b = try take(4)
            return b.reversed().reduce(0) { $0 << 8 | Int($1) }
        }
        guard bytes.count >= magic.count, Array(try take(magic.count)) == magic else {
            throw WeightsFormatError(reason: "not a GE2E weights file (no HARKGE2E header)")
        }
        let version = try u32()
        guard version == Self.version else {
            throw WeightsFormatError(reason: "weights format version \(version), this Hark reads \(Self.version)")
        }
        let count = try u32()
        let expected = expectedShapes
        var arrays: [String: [Float]] = [:]
        for _ in 0..<count {
            let name = String(decoding: try take(try u32()), as: UTF8.self)
            let rank = try u32()
            guard rank <= 4 else { throw WeightsFormatError(reason: "\(name): rank \(rank)") }
            let shape = try (0..<rank).map { _ in try u32() }
            guard let want = expected[name] else { throw WeightsFormatError(reason: "unexpected array \(name)") }
            guard shape == want else { throw WeightsFormatError(reason: "\(name) has shape \(shape), expected \(want)") }
            let n = shape.reduce(1, *)
            let raw = try take(n * 4)
            // The file is little-endian float32, as are the machines Hark runs on.
            // Names make offsets unaligned, so the bytes are copied rather than reinterpreted in place.
            arrays[name] = [Float](unsafeUninitializedCapacity: n) { buffer, initialized in
                raw.withUnsafeBytes { UnsafeMutableRawBufferPointer(buffer).copyMemory(from: $0) }
                initialized = n
            }
        }
        if let missing = expected.keys.sorted().first(where: { arrays[$0] == nil }) {
            throw WeightsFormatError(reason: "no array \(missing)")
        }
        guard offset == bytes.count else {
            throw WeightsFormatError(reason: "\(bytes.count - offset) unexpected bytes after the last array")
        }
        return arrays
    }
}
