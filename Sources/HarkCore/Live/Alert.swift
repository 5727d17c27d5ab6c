import Foundation

/// One alert: an event in a call that someone responsible must hear about now (a customer's complaint, a call
/// turning risky, a failed critical form item). What the sinks receive, as one JSON object.
public struct Alert: Codable, Sendable, Hashable {
    /// The call's store id.
    public var call: CallID
    /// The recording's path as imported.
    public var path: String
    public var agent: String?
    public var queue: String?
    /// The rule that fired (`AlertRule.Kind`'s raw value: "complaint", "risk", "critical").
    public var rule: String
    /// The dictionary category or form item behind it, when there is one.
    public var category: String?
    /// What was said, masked (`Redactor`): alerts leave the machine.
    public var text: String
    /// Seconds into the call.
    public var at: Double
    /// Unix time the alert fired.
    public var firedAt: Double
    /// Whether the call was still being recorded when it fired.
    public var live: Bool

    public init(call: CallID, path: String, agent: String?, queue: String?, rule: String, category: String?,
                text: String, at: Double, firedAt: Double, live: Bool) {
        self.call = call
        self.path = path
        self.agent = agent
        self.queue = queue
        self.rule = rule
        self.category = category
        self.text = text
        self.at = at
        self.firedAt = firedAt
        self.live = live
    }

    enum CodingKeys: String, CodingKey {
        case call, path, agent, queue, rule, category, text, at, live
        case firedAt = "fired_at"
    }

    /// The object as one line of JSON (keys sorted, so the same alert always reads the same).
    public var jsonLine: Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding a struct of strings and numbers cannot fail.
        return (try? encoder.encode(self)) ?? Data("{}".utf8)
    }
}
