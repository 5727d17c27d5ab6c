import Foundation

extension CallMetadata {
    /// Reads a sidecar `NAME.json`: `{"agent", "customer", "queue", "started_at" (ISO 8601), "direction"}`.
    /// Unknown keys are ignored; a malformed value is an error naming the key.
    public init(sidecarJSON data: Data) throws {
        // Foundation's own parse errors are a dump ("Error Domain=NSCocoaErrorDomain Code=3840 …"): say it plainly.
        let parsed: Any
        do { parsed = try JSONSerialization.jsonObject(with: data) } catch { throw MetadataError.notJSON }
        guard let object = parsed as? [String: Any] else { throw MetadataError.notAnObject }
        func string(_ key: String) throws -> String? {
            guard let value = object[key], !(value is NSNull) else { return nil }
            guard let text = value as? String else { throw MetadataError.badValue(key: key) }
            return text.isEmpty ? nil : text
        }
        var startedAt: Date?
        if let text = try string("started_at") {
            guard let date = Self.parseISODate(text) else { throw MetadataError.badValue(key: "started_at") }
            startedAt = date
        }
        var direction: CallDirection?
        if let text = try string("direction") {
            guard let d = CallDirection(rawValue: text.lowercased()) else { throw MetadataError.badValue(key: "direction") }
            direction = d
        }
        self.init(agent: try string("agent"), customer: try string("customer"), queue: try string("queue"),
                  startedAt: startedAt, direction: direction)
    }

    /// Metadata from a file name such as `20261116-0912_agent-王芳_customer-李先生_queue-billing_in.wav`:
    /// a leading date and time, then `agent-`, `customer-`, `queue-` parts and `in`/`out`. Parts that are
    /// absent stay nil.
    public init(fileName: String) {
        let stem = (fileName as NSString).deletingPathExtension
        let parts = stem.split(separator: "_").map(String.init)
        var metadata = CallMetadata()
        for (i, part) in parts.enumerated() {
            let lower = part.lowercased()
            if lower.hasPrefix("agent-") { metadata.agent = String(part.dropFirst(6)) }
            else if lower.hasPrefix("customer-") { metadata.customer = String(part.dropFirst(9)) }
            else if lower.hasPrefix("queue-") { metadata.queue = String(part.dropFirst(6)) }
            else if lower == "in" || lower == "inbound" { metadata.direction = .inbound }
            else if lower == "out" || lower == "outbound" { metadata.direction = .outbound }
            else if i == 0, let date = Self.parseCompactDate(part) { metadata.startedAt = date }
        }
        self = metadata
    }

    static func parseISODate(_ text: String) -> Date? {
        let full = ISO8601DateFormatter()
        if let d = full.date(from: text) { return d }
        full.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let d = full.date(from: text) { return d }
        let local = DateFormatter()
        local.locale = Locale(identifier: "en_US_POSIX")
        local.timeZone = TimeZone(identifier: "UTC")
        for format in ["yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd"] {
            local.dateFormat = format
            if let d = local.date(from: text) { return d }
        }
        return nil
    }

    /// `20261116-0912`, `20261116T091200`, `20261116`.
    static func parseCompactDate(_ text: String) -> Date? {
        let digits = text.filter(\.isNumber)
        guard text.first?.isNumber == true, [8, 12, 14].contains(digits.count),
              text.allSatisfy({ $0.isNumber || $0 == "-" || $0 == "T" }) else { return nil }
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        switch digits.count {
        case 8: f.dateFormat = "yyyyMMdd"
        case 12: f.dateFormat = "yyyyMMddHHmm"
        default: f.dateFormat = "yyyyMMddHHmmss"
        }
        return f.date(from: digits)
    }
}

/// Why a sidecar could not be read.
public enum MetadataError: Error, CustomStringConvertible {
    case notJSON
    case notAnObject
    case badValue(key: String)

    public var description: String {
        switch self {
        case .notJSON: return "sidecar is not valid JSON"
        case .notAnObject: return "sidecar is not a JSON object"
        case let .badValue(key): return "sidecar value for \"\(key)\" is not valid"
        }
    }
}
