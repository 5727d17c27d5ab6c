import HarkCore

/// Turns call channels into the interleaved 16-bit frames a device plays, applying solo and volume.
///
/// Stereo call to stereo output: `both` keeps agent left and customer right as recorded (so the bytes
/// sent equal the recording); a soloed side goes to both ears. To mono output `both` is the clipped sum.
/// A mono call plays whole in every mode.
enum ChannelMixer {
    /// Which call channels are audible in `solo` for a call with `channelCount` channels.
    static func audible(_ solo: SoloMode, channelCount: Int) -> [Bool] {
        guard channelCount >= 2 else { return Array(repeating: true, count: channelCount) }
        switch solo {
        case .both: return [true, true]
        case .agent: return [true, false]
        case .customer: return [false, true]
        }
    }

    static func interleave(_ channels: [[Float]], outputChannels: Int, solo: SoloMode, volume: Float) -> [Int16] {
        let frames = channels.first?.count ?? 0
        var out = [Int16](repeating: 0, count: frames * outputChannels)
        let source: (Int, Int) -> Float  // (output channel, frame) -> sample
        if channels.count < 2 {
            source = { _, f in channels[0][f] }
        } else {
            switch (solo, outputChannels) {
            case (.agent, _): source = { _, f in channels[0][f] }
            case (.customer, _): source = { _, f in channels[1][f] }
            case (.both, 1): source = { _, f in channels[0][f] + channels[1][f] }
            case (.both, _): source = { c, f in c < 2 ? channels[c][f] : 0.5 * (channels[0][f] + channels[1][f]) }
            }
        }
        for f in 0..<frames {
            for c in 0..<outputChannels {
                out[f * outputChannels + c] = pcm16(source(c, f) * volume)
            }
        }
        return out
    }

    /// libsndfile decodes 16-bit PCM as v / 32768, so scaling by 32768 gives back the recorded integers.
    @inline(__always)
    static func pcm16(_ x: Float) -> Int16 {
        let v = (x * 32768).rounded()
        return Int16(min(max(v, -32768), 32767))
    }
}
