/// Which side of a call the supervisor hears. Stereo recordings carry the agent on channel 0 and the
/// customer on channel 1; a mono recording has one mixed channel, so every mode plays it whole.
public enum SoloMode: String, Sendable, Hashable, CaseIterable, Codable {
    /// Both sides, as recorded (stereo output keeps agent left, customer right).
    case both
    /// The agent's channel alone, in both ears.
    case agent
    /// The customer's channel alone, in both ears.
    case customer

    /// The next mode in the cycle both → agent → customer → both, for a single solo key.
    public var next: SoloMode {
        switch self {
        case .both: return .agent
        case .agent: return .customer
        case .customer: return .both
        }
    }
}

/// What the review screen needs from a player, without knowing how audio reaches the speakers.
/// Times are seconds of the call timeline: at 2× speed `position` advances two seconds per second.
/// Every member may be called from any thread.
public protocol PlaybackControlling: AnyObject, Sendable {
    /// The playhead: the call second being heard now.
    var position: Double { get }
    /// Length of the call in seconds.
    var duration: Double { get }
    /// True between `play()` and `pause()`, `stop()` or the end of the call.
    var isPlaying: Bool { get }
    /// True once the playhead reached the end of the call (cleared by `play()` or `seek`).
    var isFinished: Bool { get }
    /// True when audio goes nowhere (no sound device, or it failed); the playhead still advances in real time.
    var isMuted: Bool { get }
    /// A line for the UI when muted, e.g. "muted: no audio device".
    var muteReason: String? { get }
    /// Playback rate, 0.75...2.0.
    var speed: Double { get }
    /// Which side is heard.
    var solo: SoloMode { get }
    /// Linear gain, 0...1.
    var volume: Double { get }

    func play()
    func pause()
    func toggle()
    /// Moves the playhead to `seconds` (clamped to the call), keeping the playing/paused state.
    func seek(to seconds: Double)
    func setSpeed(_ speed: Double)
    func setSolo(_ solo: SoloMode)
    func setVolume(_ volume: Double)
    /// Ends playback for good and releases the sound device.
    func stop()
}
