import Foundation
import HarkSpeech
import HarkTestSupport

/// Where a line of generated speech was placed in a test recording.
struct PlacedSpeech {
    var channel: Int
    var start: Double
    var end: Double
    var text: String
}

/// Test recordings made with espeak-ng and sox: speech placed at known times on known channels.
enum SpeechFixtures {
    /// The models the tests use (the project's `models/` or `HARK_MODEL_MIRROR`).
    static var catalog: ModelCatalog {
        get throws { try ModelCatalog.scan(Paths.modelsFolder) }
    }

    static let agentLine = "Thank you for calling Acme support, my name is Anna. How can I help you today?"
    static let customerLine = "I want to cancel my subscription, because the price is too high."

    /// espeak-ng speech for `text`, silence trimmed from both ends, mono at `rate`. Returns its duration.
    static func speech(_ text: String, to path: String, rate: Int = 16_000, voice: String = "en-us") throws -> Double {
        try SpokenAudio.speech(text, to: path, rate: rate, voice: voice)
    }

    /// A two-channel call: the agent line on the left at `agentAt` s, the customer line on the right at
    /// `customerAt` s, `total` seconds long, at `rate` Hz. Returns the file and where the speech is.
    static func stereoCall(in dir: TemporaryDirectory, name: String = "call", rate: Int = 16_000,
                           agentAt: Double = 0.8, customerAt: Double = 7.5,
                           total: Double = 13) throws -> (path: String, truth: [PlacedSpeech]) {
        var truth: [PlacedSpeech] = []
        var sides: [String] = []
        for (channel, line, at) in [(0, agentLine, agentAt), (1, customerLine, customerAt)] {
            let clip = dir.path("\(name)-\(channel)-clip.wav")
            let d = try speech(line, to: clip, rate: rate)
            let side = dir.path("\(name)-\(channel).wav")
            try Shell.sox([clip, side, "pad", "\(at)", "\(max(0, total - at - d))"])
            sides.append(side)
            truth.append(PlacedSpeech(channel: channel, start: at, end: at + d, text: line))
        }
        let path = dir.path("\(name).wav")
        try Shell.sox(["-M"] + sides + [path])
        return (path, truth)
    }

    /// A mono recording with `text` at `at` seconds, `total` long, at `rate` Hz.
    static func monoCall(in dir: TemporaryDirectory, name: String = "mono", text: String = customerLine,
                         rate: Int = 8_000, at: Double = 1.2, total: Double = 7) throws -> (path: String, truth: PlacedSpeech) {
        let clip = dir.path("\(name)-clip.wav")
        let d = try speech(text, to: clip, rate: rate)
        let path = dir.path("\(name).wav")
        try Shell.sox([clip, path, "pad", "\(at)", "\(max(0, total - at - d))"])
        return (path, PlacedSpeech(channel: 0, start: at, end: at + d, text: text))
    }
}
