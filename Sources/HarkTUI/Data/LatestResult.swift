import Foundation
import HarkCore

/// Work that takes longer than a frame (a dashboard over 100,000 calls, a transcript search), run on a thread of
/// its own with the newest request winning: the screen keeps showing what it has, and `take` hands over the
/// newest result once it is there. An older request still running when a newer one comes is simply dropped.
final class LatestResult<Value: Sendable>: Sendable {
    private struct State {
        var wanted = 0
        var ready: Value?
        var running = 0
    }

    private let state = Locked(State())
    private let name: String

    init(name: String) { self.name = name }

    func request(_ work: @escaping @Sendable () -> Value) {
        let generation = state.withLock { s in
            s.wanted += 1
            s.running += 1
            s.ready = nil
            return s.wanted
        }
        let state = self.state
        let thread = Thread {
            let value = work()
            state.withLock { s in
                if s.wanted == generation { s.ready = value }
                s.running -= 1
            }
        }
        thread.name = name
        thread.start()
    }

    /// The newest request's result, once, when it is ready.
    func take() -> Value? {
        state.withLock { s in
            defer { s.ready = nil }
            return s.ready
        }
    }

    var isBusy: Bool { state.withLock { $0.running > 0 } }

    /// Waits (up to `timeout` seconds) until nothing is running: for tests and scripted use.
    func settle(timeout: Double) {
        let deadline = Date().addingTimeInterval(timeout)
        while isBusy, Date() < deadline { Thread.sleep(forTimeInterval: 0.002) }
    }
}
