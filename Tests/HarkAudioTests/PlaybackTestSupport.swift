import Foundation
import HarkAudio
import HarkTestSupport

/// A clock tests move by hand, so playhead expectations are exact rather than timing-dependent.
final class ManualTimeSource: TimeSource, @unchecked Sendable {
    // @unchecked: `value` is only read or written with `lock` held.
    private let lock = NSLock()
    private var value: Double

    init(_ start: Double = 100) { value = start }

    func now() -> Double { lock.withLock { value } }
    func advance(_ seconds: Double) { lock.withLock { value += seconds } }
}

enum PlaybackFixtures {
    /// A 16 kHz 16-bit stereo WAV: agent (left) 440 Hz, customer (right) 1000 Hz.
    static func stereoTones(in dir: TemporaryDirectory, seconds: Double = 2, name: String = "call.wav") throws -> String {
        let path = dir.path(name)
        try Shell.sox(["-n", "-r", "16000", "-c", "2", "-b", "16", path,
                       "synth", "\(seconds)", "sine", "440", "sine", "1000", "vol", "0.5"])
        return path
    }

    /// The recording's samples as sox writes them raw: interleaved signed 16-bit.
    static func rawSamples(of path: String, in dir: TemporaryDirectory) throws -> [Int16] {
        let raw = dir.path(UUID().uuidString + ".raw")
        try Shell.sox([path, "-t", "raw", "-e", "signed", "-b", "16", "-L", raw])
        return try readInt16(raw)
    }

    static func readInt16(_ path: String) throws -> [Int16] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return data.withUnsafeBytes { buf in
            (0..<(data.count / 2)).map { Int16(littleEndian: buf.loadUnaligned(fromByteOffset: $0 * 2, as: Int16.self)) }
        }
    }

    /// Power of `frequency` in one channel of interleaved samples (Goertzel), normalised by length.
    static func tonePower(_ samples: [Int16], channel: Int, channels: Int, frequency: Double, rate: Double) -> Double {
        let coeff = 2 * cos(2 * Double.pi * frequency / rate)
        var s1 = 0.0, s2 = 0.0
        var n = 0
        var i = channel
        while i < samples.count {
            let s0 = Double(samples[i]) / 32768 + coeff * s1 - s2
            s2 = s1
            s1 = s0
            n += 1
            i += channels
        }
        guard n > 0 else { return 0 }
        return (s1 * s1 + s2 * s2 - coeff * s1 * s2) / Double(n * n)
    }

    /// Polls `condition` every 5 ms for up to `seconds` of real time.
    static func waitUntil(_ seconds: Double = 5, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            Thread.sleep(forTimeInterval: 0.005)
        }
        return condition()
    }
}
