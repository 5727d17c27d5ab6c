import Foundation

/// The one place times, dates and terminal-bound text get their human form, shared by the CLI, the desk and
/// the reports, so a call is the same length and a date the same day wherever a supervisor reads it.
public enum Format {
    /// 75.9 → "1:15"; 3725 → "1:02:05". Seconds are cut, never rounded up, as a player's clock counts: a call
    /// that lasts 30.6 s reads 0:30 in the list, in its report and at the end of playback.
    public static func duration(_ seconds: Double) -> String {
        let total = max(0, Int(seconds.isFinite ? seconds.rounded(.down) : 0))
        let (h, m, s) = (total / 3600, total / 60 % 60, total % 60)
        return h > 0 ? "\(h):\(two(m)):\(two(s))" : "\(m):\(two(s))"
    }

    static func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
}
