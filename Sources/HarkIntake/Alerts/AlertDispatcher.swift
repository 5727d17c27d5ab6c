import Foundation
import HarkCore
import HarkStore

/// Delivers stored alerts to their sinks, a thread per sink, so a slow or failing sink delays neither
/// transcription nor the other sinks. Deliveries live in the store (`alert_delivery`): one that fails is
/// tried again after a growing pause (1, 2, 4 … 60 s) up to `maxAttempts`, and a restart picks up whatever
/// was still pending.
public final class AlertDispatcher: @unchecked Sendable {
    // @unchecked: `stopping` and `running` only under `condition`'s lock; sinks are Sendable.
    private let store: CallStore
    private let sinks: [any AlertSink]
    private let report: @Sendable (String) -> Void
    private let condition = NSCondition()
    private var stopping = false
    private var running = 0
    public static let maxAttempts = 20

    public init(store: CallStore, sinks: [any AlertSink], report: @escaping @Sendable (String) -> Void = { print($0) }) {
        self.store = store
        self.sinks = sinks
        self.report = report
    }

    public var sinkNames: [String] { sinks.map(\.name) }

    public func start() {
        condition.withLock { running = sinks.count }
        for sink in sinks {
            let thread = Thread { [self] in
                loop(sink)
                condition.withLock {
                    running -= 1
                    condition.broadcast()
                }
            }
            thread.name = "hark-alerts"
            thread.start()
        }
    }

    /// New alerts were stored: look now rather than at the next poll.
    public func wake() {
        condition.withLock { condition.broadcast() }
    }

    /// Stops after the deliveries in hand; pending ones stay for the next run.
    public func stop() {
        condition.withLock {
            stopping = true
            condition.broadcast()
        }
    }

    public func wait() {
        condition.withLock { while running > 0 { condition.wait() } }
    }

    /// The pause before attempt `attempts + 1`.
    static func backoff(afterAttempts attempts: Int) -> Double {
        min(60, pow(2, Double(max(0, attempts - 1))))
    }

    private func loop(_ sink: any AlertSink) {
        while !condition.withLock({ stopping }) {
            let due = (try? store.dueDeliveries(sinks: [sink.name])) ?? []
            for delivery in due {
                if condition.withLock({ stopping }) { return }
                let attempt = delivery.attempts + 1
                do {
                    try sink.deliver(delivery.alert)
                    try? store.settleDelivery(alert: delivery.alertID, sink: sink.name, error: nil, retryAt: nil)
                } catch {
                    let reason = "\(error)".replacingOccurrences(of: "\n", with: " ")
                    let retry = attempt < Self.maxAttempts
                        ? Date().addingTimeInterval(Self.backoff(afterAttempts: attempt)) : nil
                    try? store.settleDelivery(alert: delivery.alertID, sink: sink.name, error: reason, retryAt: retry)
                    report("alert     #\(delivery.alert.call) \(delivery.alert.rule) not delivered (try \(attempt)): \(reason)"
                           + (retry.map { _ in ", again in \(Int(Self.backoff(afterAttempts: attempt))) s" } ?? ", given up"))
                }
            }
            condition.withLock {
                if !stopping { _ = condition.wait(until: Date().addingTimeInterval(due.isEmpty ? 1 : 0.05)) }
            }
        }
    }
}
