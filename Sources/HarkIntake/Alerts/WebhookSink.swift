import Foundation
import HarkCore

/// POSTs each alert's JSON to a URL; any 2xx answer is a delivery.
public struct WebhookSink: AlertSink {
    /// The URL without its user:password@.
    public let displayURL: String
    public let timeout: Double
    public var name: String { "webhook:\(displayURL)" }

    private let target: HTTPTarget

    public init(url: String, timeout: Double = 10) throws {
        displayURL = Self.withoutCredentials(url)
        self.timeout = timeout
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased() else {
            throw AlertSinkError("webhook \(displayURL): not a URL")
        }
        guard scheme == "http" || scheme == "https" else {
            throw AlertSinkError("webhook \(displayURL): not an http or https URL")
        }
        guard let host = components.host, !host.isEmpty else {
            throw AlertSinkError("webhook \(displayURL): no host")
        }
        do {
            target = try HTTPTarget(components, scheme: scheme, host: host)
        } catch {
            throw AlertSinkError("webhook \(displayURL): \(error.reason)")
        }
    }

    public func deliver(_ alert: Alert) throws {
        let status: Int
        do {
            status = target.secure
                ? try HTTPSPost.post(target, body: alert.jsonLine, timeout: timeout)
                : try HTTPPost.post(target, body: alert.jsonLine, timeout: timeout)
        } catch {
            throw AlertSinkError("webhook \(displayURL): \(error.reason)")
        }
        guard (200...299).contains(status) else { throw AlertSinkError("webhook \(displayURL): HTTP \(status)") }
    }

    /// The URL as names and errors show it. One that does not parse is cut by hand, generously: everything up to
    /// the last "@" before any query goes, since a password with a "/" in it would end the authority early.
    static func withoutCredentials(_ url: String) -> String {
        if var components = URLComponents(string: url), components.host != nil {
            components.user = nil
            components.password = nil
            if let string = components.string { return string }
        }
        guard let schemeEnd = url.range(of: "://") else { return url }
        let rest = url[schemeEnd.upperBound...]
        let queryStart = rest.firstIndex(where: { "?#".contains($0) }) ?? rest.endIndex
        guard let at = rest[..<queryStart].lastIndex(of: "@") else { return url }
        return String(url[..<schemeEnd.upperBound]) + rest[rest.index(after: at)...]
    }
}
