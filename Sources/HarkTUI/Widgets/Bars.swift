/// Block-character gauges: progress bars, horizontal bars and sparklines.
public enum Bars {
    static let eighths: [Character] = [" ", "▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"]
    static let levels: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// A bar `width` columns wide filled to `fraction` (0...1) with eighth-block precision.
    public static func bar(_ fraction: Double, width: Int) -> String {
        guard width > 0 else { return "" }
        let f = fraction.isFinite ? min(1, max(0, fraction)) : 0
        let eighthsTotal = Int((f * Double(width * 8)).rounded())
        let full = eighthsTotal / 8, part = eighthsTotal % 8
        var s = String(repeating: "█", count: full)
        if full < width { s.append(eighths[part]); s += String(repeating: " ", count: width - full - 1) }
        return s
    }

    /// A progress bar with the percentage after it: `[████▌     ]  45%`.
    public static func progress(_ fraction: Double, width: Int) -> String {
        let inner = max(1, width - 7)
        let pct = Int((min(1, max(0, fraction.isFinite ? fraction : 0)) * 100).rounded())
        return "[" + bar(fraction, width: inner) + "]" + DisplayWidth.fit("\(pct)%", to: 5, alignRight: true)
    }

    /// One block per value, scaled between 0 and the maximum.
    public static func sparkline(_ values: [Double]) -> String {
        let top = values.max() ?? 0
        return String(values.map { v -> Character in
            guard top > 0, v > 0 else { return " " }
            return levels[min(7, Int((v / top) * 7.999))]
        })
    }
}
