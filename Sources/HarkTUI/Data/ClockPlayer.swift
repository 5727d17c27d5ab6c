import Foundation
import HarkCore

/// A player without sound: the playhead advances with a clock. Used when no audio device is
/// available (its `muteReason` says why) and, with an injected clock, in tests.
public final class ClockPlayer: PlaybackControlling {
    private struct State {
        var anchorPosition: Double = 0
        var anchorTime: Double = 0
        var playing = false
        var speed: Double = 1
        var solo: SoloMode = .both
        var volume: Double = 1
    }

    private let state = Locked(State())
    private let clock: @Sendable () -> Double
    public let duration: Double
    public let muteReason: String?

    /// `clock` returns seconds on any monotonic scale (default: the system uptime).
    public init(duration: Double, muteReason: String? = "muted: no audio device",
                clock: @escaping @Sendable () -> Double = { ProcessInfo.processInfo.systemUptime }) {
        self.duration = duration
        self.muteReason = muteReason
        self.clock = clock
    }

    public var isMuted: Bool { muteReason != nil }
    /// Playing until paused, stopped, or the playhead reaches the end.
    public var isPlaying: Bool {
        let now = clock()
        return state.withLock { s in s.playing && current(s, now) < duration }
    }
    public var speed: Double { state.withLock { $0.speed } }
    public var solo: SoloMode { state.withLock { $0.solo } }
    public var volume: Double { state.withLock { $0.volume } }
    public var isFinished: Bool { position >= duration }

    public var position: Double {
        let now = clock()
        return state.withLock { s in current(s, now) }
    }

    private func current(_ s: State, _ now: Double) -> Double {
        guard s.playing else { return s.anchorPosition }
        return min(duration, s.anchorPosition + (now - s.anchorTime) * s.speed)
    }

    private func reanchor(_ change: (inout State) -> Void) {
        let now = clock()
        state.withLock { s in
            s.anchorPosition = current(s, now)
            s.anchorTime = now
            change(&s)
            if s.anchorPosition >= duration { s.playing = false }
        }
    }

    public func play() { reanchor { s in if s.anchorPosition >= duration { s.anchorPosition = 0 }; s.playing = true } }
    public func pause() { reanchor { $0.playing = false } }
    public func toggle() { isPlaying ? pause() : play() }
    public func seek(to seconds: Double) { reanchor { $0.anchorPosition = min(duration, max(0, seconds)) } }
    public func setSpeed(_ speed: Double) { reanchor { $0.speed = min(2, max(0.75, speed)) } }
    public func setSolo(_ mode: SoloMode) { state.withLock { $0.solo = mode } }
    public func setVolume(_ volume: Double) { state.withLock { $0.volume = min(1, max(0, volume)) } }
    public func stop() { reanchor { $0.playing = false; $0.anchorPosition = 0 } }
}
