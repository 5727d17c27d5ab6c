import HarkAudio

/// Some recorders write the same mixed audio to both channels of a "stereo" file: channel is then not role, and
/// the call must be treated as mono (one channel transcribed, its voices told apart), or every word would be
/// heard twice, once as the agent's and once as the customer's.
enum DuplicateChannels {
    /// True when the two channels carry the same signal: the energy of their difference is under 1 % of the
    /// signal's (a gain of a few dB between them still counts as the same audio: the difference is taken after
    /// matching levels).
    static func same(_ audio: DecodedAudio) -> Bool {
        guard audio.channels.count == 2 else { return false }
        let a = audio.channels[0], b = audio.channels[1]
        let n = min(a.count, b.count)
        guard n > 0 else { return false }
        var aa = 0.0, bb = 0.0, ab = 0.0
        var i = 0
        while i < n {
            let x = Double(a[i]), y = Double(b[i])
            aa += x * x; bb += y * y; ab += x * y
            i += 1
        }
        guard aa > 1e-9, bb > 1e-9 else { return false }
        // Correlation of the two: 1 for the same audio at any gain.
        return ab / (aa * bb).squareRoot() > 0.99
    }
}
