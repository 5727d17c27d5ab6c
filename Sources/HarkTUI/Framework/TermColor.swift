/// A terminal colour: the terminal's default, or an index into the xterm 256-colour palette.
public enum TermColor: Hashable, Sendable {
    case terminalDefault
    case indexed(Int)

    static let names: [String: Int] = [
        "black": 0, "red": 1, "green": 2, "yellow": 3, "blue": 4, "magenta": 5, "cyan": 6, "white": 7,
        "bright-black": 8, "gray": 8, "grey": 8, "bright-red": 9, "bright-green": 10, "bright-yellow": 11,
        "bright-blue": 12, "bright-magenta": 13, "bright-cyan": 14, "bright-white": 15,
    ]

    /// Parses "default", a colour name ("red", "bright-cyan") or a palette number "0"..."255".
    public init?(name: String) {
        let n = name.lowercased()
        if n == "default" || n == "none" { self = .terminalDefault; return }
        if let i = TermColor.names[n] { self = .indexed(i); return }
        if let i = Int(n), (0...255).contains(i) { self = .indexed(i); return }
        return nil
    }

    /// The nearest of the 16 ANSI colours, for terminals without 256 colours.
    public var ansi16: TermColor {
        guard case let .indexed(i) = self, i >= 16 else { return self }
        let (r, g, b) = TermColor.rgb(i)
        var best = 0, bestDistance = Int.max
        for candidate in 0..<16 {
            let (cr, cg, cb) = TermColor.rgb(candidate)
            let d = (r - cr) * (r - cr) + (g - cg) * (g - cg) + (b - cb) * (b - cb)
            if d < bestDistance { best = candidate; bestDistance = d }
        }
        return .indexed(best)
    }

    /// The ncurses colour number (-1 = default) at `depth`.
    func curses(at depth: ColorDepth) -> Int16 {
        switch (self, depth) {
        case (.terminalDefault, _), (_, .mono): return -1
        case let (.indexed(i), .ansi256): return Int16(i)
        case (.indexed, .ansi16), (.indexed, .ansi8):
            guard case let .indexed(j) = ansi16 else { return -1 }
            return Int16(depth == .ansi8 ? j % 8 : j)
        }
    }

    /// xterm's RGB for palette index `i`.
    static func rgb(_ i: Int) -> (Int, Int, Int) {
        let base: [(Int, Int, Int)] = [
            (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
            (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
        ]
        if i < 16 { return base[i] }
        if i >= 232 { let v = 8 + (i - 232) * 10; return (v, v, v) }
        let c = i - 16
        let level = { (n: Int) in n == 0 ? 0 : 55 + n * 40 }
        return (level(c / 36), level((c / 6) % 6), level(c % 6))
    }
}

/// How many colours the terminal shows: 256, 16, 8, or none (attributes only).
public enum ColorDepth: String, Sendable, CaseIterable {
    case ansi256, ansi16, ansi8, mono

    /// The depth for a terminal reporting `colors` colours (`has_colors()` false → 0).
    public static func forTerminal(colors: Int) -> ColorDepth {
        if colors >= 256 { return .ansi256 }
        if colors >= 16 { return .ansi16 }
        if colors >= 8 { return .ansi8 }
        return .mono
    }
}
