import HarkCore

/// Where alerts go. `deliver` tries once and throws `AlertSinkError` (a one-line reason naming the sink) on failure;
/// retries are the caller's.
public protocol AlertSink: Sendable {
    /// Stable name used to record deliveries, e.g. "jsonl:/var/log/alerts.jsonl", "command:notify.sh",
    /// "webhook:http://host/path" (never a password: user:password@ is stripped from URLs).
    var name: String { get }
    func deliver(_ alert: Alert) throws
}

/// Why a delivery (or a sink's set-up) failed, as one line that names the sink.
public struct AlertSinkError: Error, CustomStringConvertible, Sendable {
    public var description: String

    public init(_ description: String) { self.description = description }
}
