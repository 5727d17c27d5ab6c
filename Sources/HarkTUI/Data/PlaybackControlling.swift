// TEMPORARY copy of HarkCore's Model/Playback.swift from branch `playback` (same names and members).
// Delete this file when that branch lands on main; nothing else changes.

/// Which side of a call the supervisor hears.
public enum SoloMode: String, Sendable, Hashable, CaseIterable, Codable {
    case both, agent, customer

    /// The next mode in the cycle both → agent → customer → both.
    public var next: SoloMode {
        switch self {
        case .both: return .agent
        case .agent: return .customer
        case .customer: return .both
        }
    }
}

/// What the review screen needs from a player. Times are seconds of the call timeline.
public protocol PlaybackControlling: AnyObject, Sendable {
    var position: Double { get }
    var duration: Double { get }
    var isPlaying: Bool { get }
    var isFinished: Bool { get }
    var isMuted: Bool { get }
    /// A line for the UI when muted, e.g. "muted: no audio device".
    var muteReason: String? { get }
    /// Playback rate, 0.75...2.0.
    var speed: Double { get }
    var solo: SoloMode { get }
    var volume: Double { get }

    func play()
    func pause()
    func toggle()
    func seek(to seconds: Double)
    func setSpeed(_ speed: Double)
    func setSolo(_ solo: SoloMode)
    func setVolume(_ volume: Double)
    func stop()
}
