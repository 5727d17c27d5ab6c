import Foundation

/// When a blocking delivery gives up, on the monotonic clock (a wall-clock jump must not stretch or cut a timeout).
struct Deadline {
    let seconds: Double
    private let end: ContinuousClock.Instant

    init(seconds: Double) {
        self.seconds = seconds
        end = .now + .seconds(max(0, seconds.isFinite ? seconds : 0))
    }

    var passed: Bool { ContinuousClock.now >= end }

    /// What is left, for poll(2): never negative, at most `cap`.
    func pollMilliseconds(cap: Int32 = .max) -> Int32 {
        let left = end - .now
        if left <= .zero { return 0 }
        let (s, atto) = left.components
        // Rounded up: a poll that wakes a hair early would spin once more for nothing.
        let ms = s * 1000 + (atto + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(clamping: min(ms, Int64(cap)))
    }

    /// "10 s", "0.5 s": the timeout as a reason shows it.
    var text: String {
        seconds == seconds.rounded() && abs(seconds) < 1e9 ? "\(Int(seconds)) s" : "\(seconds) s"
    }
}
