// TEMPORARY: the same protocol is being added to HarkCore (Model/Playback.swift, branch `playback`).
// Delete this file when that lands on main.
import Foundation

/// Which channels are heard.
public enum SoloMode: String, Sendable, CaseIterable {
    case both, agent, customer
}

/// A call's audio playback as the Review screen drives it.
public protocol PlaybackControlling: AnyObject, Sendable {
    /// Seconds from call start that are being heard now.
    var position: Double { get }
    var duration: Double { get }
    var isPlaying: Bool { get }
    /// True when the playhead moves but no sound comes out (no audio device).
    var isMuted: Bool { get }
    var muteReason: String? { get }
    var speed: Double { get }
    var solo: SoloMode { get }
    func play()
    func pause()
    func toggle()
    func seek(to seconds: Double)
    func setSpeed(_ speed: Double)
    func setSolo(_ mode: SoloMode)
    func stop()
}
