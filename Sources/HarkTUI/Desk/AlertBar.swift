import Foundation
import HarkCore

/// The alert bar every screen shows above the status line while an alert of the last `window` seconds is
/// unseen: the newest one (rule, category, call time, agent, the masked words) and how many more. `!` opens
/// its call and marks it seen.
struct AlertBar {
    static let window: TimeInterval = 15 * 60
    private(set) var alerts: [Alert] = []
    private var seen: Set<String> = []

    static func key(_ a: Alert) -> String { "\(a.call):\(a.rule)" }

    /// The unseen alerts, newest first.
    var unseen: [Alert] { alerts.filter { !seen.contains(Self.key($0)) } }

    mutating func update(_ fresh: [Alert]) -> Bool {
        guard fresh != alerts else { return false }
        alerts = fresh
        return true
    }

    /// The newest unseen alert, now seen.
    mutating func takeNewest() -> Alert? {
        guard let a = unseen.first else { return nil }
        seen.insert(Self.key(a))
        return a
    }

    /// The bar's text, nil when there is nothing to show.
    func line(now: Date) -> String? {
        let list = unseen
        guard let a = list.first else { return nil }
        let ago = max(0, Int(now.timeIntervalSince1970 - a.firedAt))
        let when = ago < 60 ? "\(ago) s ago" : "\(ago / 60) min ago"
        var text = "⚠ ALERT #\(a.call) \(a.rule)"
        if let c = a.category { text += " \(c)" }
        text += " at \(Format.duration(a.at))"
        if let agent = a.agent { text += " · \(agent)" }
        text += " · \(when)\(a.live ? " · LIVE" : ""): \(Format.safe(a.text))"
        if list.count > 1 { text += " (+\(list.count - 1) more)" }
        return text + " — ! open"
    }
}
