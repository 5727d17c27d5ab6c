import Foundation

/// Real speech for tests, made with espeak-ng and sox (never downloaded).
public enum SpokenAudio {
    /// espeak-ng speech for `text`, silence trimmed from both ends, mono at `rate`. Returns its duration.
    @discardableResult
    public static func speech(_ text: String, to path: String, rate: Int = 16_000, voice: String = "en-us") throws -> Double {
        let raw = path + ".raw.wav"
        let r = try Shell.run("espeak-ng", ["-v", voice, "-s", "150", "-w", raw, text])
        guard r.status == 0 else { throw ShellError.failed("espeak-ng: \(r.stderr)") }
        try Shell.sox([raw, "-r", "\(rate)", path,
                       "silence", "1", "0.01", "0.5%", "reverse", "silence", "1", "0.01", "0.5%", "reverse"])
        try? FileManager.default.removeItem(atPath: raw)
        return try duration(of: path)
    }

    /// Seconds of audio in `path`, as sox reads it.
    public static func duration(of path: String) throws -> Double {
        let d = try Shell.run("soxi", ["-D", path])
        return Double(d.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }

    /// A line placed in a call: who says what, starting when.
    public struct Line: Sendable {
        public var channel: Int
        public var at: Double
        public var text: String
        public init(channel: Int, at: Double, _ text: String) {
            self.channel = channel
            self.at = at
            self.text = text
        }
    }

    /// A stereo call (channel 0 agent, 1 customer) of `total` seconds with `lines` placed at their times.
    /// Returns where each line ended up (start, end).
    @discardableResult
    public static func stereoCall(_ lines: [Line], total: Double, to path: String, rate: Int = 16_000) throws -> [(start: Double, end: Double)] {
        let work = path + ".parts"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        var placed: [(Double, Double)] = []
        var channelFiles: [String] = []
        for channel in 0..<2 {
            let base = "\(work)/silence-\(channel).wav"
            try Shell.sox(["-n", "-r", "\(rate)", "-c", "1", base, "trim", "0", "\(total)"])
            var mix = [base]
            for (i, line) in lines.enumerated() where line.channel == channel {
                let clip = "\(work)/line-\(i).wav"
                let d = try speech(line.text, to: clip, rate: rate)
                let padded = "\(work)/padded-\(i).wav"
                try Shell.sox([clip, padded, "pad", "\(line.at)", "\(max(0, total - line.at - d))", "trim", "0", "\(total)"])
                mix.append(padded)
                placed.append((line.at, line.at + d))
            }
            let side = "\(work)/side-\(channel).wav"
            if mix.count == 1 { try FileManager.default.copyItem(atPath: base, toPath: side) }
            else { try Shell.sox(["-m"] + mix + [side]) }
            channelFiles.append(side)
        }
        try Shell.sox(["-M"] + channelFiles + [path])
        return placed
    }
}
