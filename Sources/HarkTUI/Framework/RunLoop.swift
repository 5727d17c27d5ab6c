import Foundation

/// Timings of the interactive loop: how long from a key arriving to its frame being on screen,
/// and from process start to the first frame. Written to `$HARK_TUI_TIMINGS` at exit when set.
public struct FrameTimings: Sendable {
    /// Seconds from key read to `doupdate` returning, one per key.
    public var keyToRedraw: [Double] = []
    /// The key of each entry of `keyToRedraw`, so a slow frame can be traced to what was pressed.
    public var keys: [String] = []
    /// Seconds from process start (kernel start time) to the first frame drawn.
    public var coldStart: Double?

    public init() {}

    /// The `p` quantile (0...1) of `values`, nearest-rank.
    public static func quantile(_ values: [Double], _ p: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let rank = Int((p * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(sorted.count - 1, max(0, rank))]
    }

    public var report: String {
        func ms(_ v: Double?) -> String { v.map { String(format: "%.2f", $0 * 1000) } ?? "-" }
        return "keys \(keyToRedraw.count)\nkey_to_redraw_p50_ms \(ms(FrameTimings.quantile(keyToRedraw, 0.5)))\n"
            + "key_to_redraw_p99_ms \(ms(FrameTimings.quantile(keyToRedraw, 0.99)))\n"
            + "key_to_redraw_max_ms \(ms(keyToRedraw.max()))\ncold_start_to_first_frame_ms \(ms(coldStart))\n"
            + "slowest_keys " + zip(keys, keyToRedraw).sorted { $0.1 > $1.1 }.prefix(5)
                .map { "\($0.0)=\(ms($0.1))" }.joined(separator: ",") + "\n"
    }

    /// Seconds since this process was started by the kernel (from /proc/self/stat), if known.
    public static func processAge() -> Double? {
        guard let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        // Field 22 (starttime, in clock ticks since boot); fields after the ")" start at 3.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 19, let ticks = Double(fields[19]),
              let up = try? String(contentsOfFile: "/proc/uptime", encoding: .utf8).split(separator: " ").first,
              let uptime = Double(up) else { return nil }
        let hz = Double(sysconf(Int32(_SC_CLK_TCK)))
        return uptime - ticks / hz
    }
}

/// Runs a `Desk` on a `Terminal` until the user quits: reads keys (50 ms timeout so playback and
/// live refresh keep redrawing), renders, draws, and restores the terminal on the way out.
public enum DeskLoop {
    public static func run(_ desk: Desk, on terminal: Terminal) -> FrameTimings {
        var timings = FrameTimings()
        var (w, h) = terminal.size
        var grid = CellGrid(width: w, height: h)
        desk.render(into: &grid)
        terminal.draw(grid, theme: desk.theme)
        timings.coldStart = FrameTimings.processAge()
        while !desk.wantsQuit {
            let key = terminal.readKey(timeoutMs: 50)
            let started = ProcessInfo.processInfo.systemUptime
            var redraw = false
            if let key {
                desk.handle(key)
                redraw = true
            }
            if desk.tick() { redraw = true }
            guard redraw, !desk.wantsQuit else { continue }
            let size = terminal.size
            if size.width != w || size.height != h {
                (w, h) = size
                grid = CellGrid(width: w, height: h)
            }
            desk.render(into: &grid)
            terminal.draw(grid, theme: desk.theme)
            if let key, key != .resize {
                timings.keyToRedraw.append(ProcessInfo.processInfo.systemUptime - started)
                timings.keys.append("\(desk.screen)/\(key.label)")
            }
        }
        terminal.restore()
        if let path = ProcessInfo.processInfo.environment["HARK_TUI_TIMINGS"] {
            try? timings.report.write(toFile: path, atomically: true, encoding: .utf8)
        }
        return timings
    }
}
