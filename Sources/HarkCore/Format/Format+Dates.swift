import Foundation

/// Dates as supervisors read and type them: always in the local time zone (or the one given), so the day a
/// call is listed under is the day `--from` / `from:` picks it by.
extension Format {
    /// "2026-11-16 09:12", or "-" when unknown.
    public static func dateTime(_ date: Date?, timeZone: TimeZone = .current) -> String {
        guard let date else { return "-" }
        let c = calendar(timeZone).dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return "\(c.year ?? 0)-\(two(c.month ?? 0))-\(two(c.day ?? 0)) \(two(c.hour ?? 0)):\(two(c.minute ?? 0))"
    }

    /// "11-16 09:12" for a list column, or "—" when unknown.
    public static func shortDate(_ date: Date?, timeZone: TimeZone = .current) -> String {
        guard let date else { return "—" }
        let c = calendar(timeZone).dateComponents([.month, .day, .hour, .minute], from: date)
        return "\(two(c.month ?? 0))-\(two(c.day ?? 0)) \(two(c.hour ?? 0)):\(two(c.minute ?? 0))"
    }

    /// "2026-11-16".
    public static func day(_ date: Date, timeZone: TimeZone = .current) -> String {
        let c = calendar(timeZone).dateComponents([.year, .month, .day], from: date)
        return "\(c.year ?? 0)-\(two(c.month ?? 0))-\(two(c.day ?? 0))"
    }

    /// "20261116-091200", for file names that sort by time.
    public static func fileStamp(_ date: Date, timeZone: TimeZone = .current) -> String {
        let c = calendar(timeZone).dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return "\(c.year ?? 0)\(two(c.month ?? 0))\(two(c.day ?? 0))-\(two(c.hour ?? 0))\(two(c.minute ?? 0))\(two(c.second ?? 0))"
    }

    /// The local day "YYYY-MM-DD" names: its first instant and the next day's. Nil for anything else,
    /// including impossible dates such as 2026-02-30.
    public static func parseDay(_ text: String, timeZone: TimeZone = .current) -> DateInterval? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, (1...2).contains(parts[1].count), (1...2).contains(parts[2].count),
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        let cal = calendar(timeZone)
        let wanted = DateComponents(year: y, month: m, day: d)
        guard let start = cal.date(from: wanted),
              cal.dateComponents([.year, .month, .day], from: start) == wanted,
              let end = cal.date(byAdding: .day, value: 1, to: start) else { return nil }
        return DateInterval(start: start, end: end)
    }

    static func calendar(_ timeZone: TimeZone) -> Calendar {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = timeZone
        return c
    }
}
