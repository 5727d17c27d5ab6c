import Foundation

/// A clock the player paces itself and its playhead by. Injectable so tests can move time by hand;
/// the value must be monotonic seconds from an arbitrary origin.
public protocol TimeSource: Sendable {
    func now() -> Double
}

/// The system's monotonic clock (CLOCK_MONOTONIC), the same clock ALSA timestamps are asked to use.
public struct MonotonicTimeSource: TimeSource {
    public init() {}

    public func now() -> Double { Self.seconds() }

    static func seconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }
}
