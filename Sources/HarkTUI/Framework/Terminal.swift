import CNcursesw
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The only type that talks to ncurses: sets the terminal up (UTF-8 locale first), reads and decodes
/// keys, draws `CellGrid` frames, and always gives the terminal back — on `restore()`, at exit, and
/// on fatal signals (SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT).
/// Create one per process, on the thread that runs the UI.
public final class Terminal {
    public private(set) var depth: ColorDepth
    private var previous: CellGrid?
    private var pairs: [PairKey: Int16] = [:]
    private var pairLimit: Int
    private var resolved: [Style: (attr_t, Int16)] = [:]
    private var theme: Theme?
    private var active = true

    private struct PairKey: Hashable { var fg: Int16; var bg: Int16 }

    /// Takes over the terminal. Throws when stdout is not a terminal ncurses can drive.
    public init() throws {
        // ncurses decides whether it may emit UTF-8 from the locale at initscr time; without this,
        // every CJK character silently vanishes.
        setlocale(LC_ALL, "")
        // Under LANG=C names and transcripts would be blank: the desk speaks UTF-8 whatever the locale says
        // (C.UTF-8 is always installed by `make setup`); terminals that cannot show it are rare today.
        if let codeset = nl_langinfo(nl_item(CODESET)), String(cString: codeset) != "UTF-8" {
            setlocale(LC_ALL, "C.UTF-8")
        }
        guard isatty(STDOUT_FILENO) == 1, isatty(STDIN_FILENO) == 1 else {
            throw DeskError("hark: the TUI needs a terminal (stdin/stdout are not a tty)")
        }
        let term = ProcessInfo.processInfo.environment["TERM"] ?? ""
        // ncurses "drives" these without cursor addressing: the screen stays blank with no word of why.
        guard !["", "dumb", "unknown"].contains(term) else {
            throw DeskError("hark: this terminal (TERM=\(term.isEmpty ? "unset" : term)) cannot move the cursor; "
                            + "the desk needs one such as TERM=xterm-256color (the other hark commands work anywhere)")
        }
        guard newterm(nil, fdopen(STDOUT_FILENO, "w"), fdopen(STDIN_FILENO, "r")) != nil else {
            throw DeskError("hark: cannot drive terminal type \"\(ProcessInfo.processInfo.environment["TERM"] ?? "?")\"")
        }
        Terminal.installRestorers()
        cbreak()              // Ctrl-C still raises SIGINT, whose handler restores the terminal
        noecho()
        nonl()
        keypad(hark_stdscr(), true)
        set_escdelay(25)      // a bare Esc is a key here, not the start of a slow escape sequence
        curs_set(0)
        if has_colors() {
            start_color()
            use_default_colors()
            depth = ColorDepth.forTerminal(colors: Int(hark_colors()))
        } else {
            depth = .mono
        }
        pairLimit = Int(hark_color_pairs())
        if ProcessInfo.processInfo.environment["NO_COLOR"] != nil { depth = .mono }
    }

    deinit { restore() }

    /// The terminal size in cells.
    public var size: (width: Int, height: Int) { (Int(hark_cols()), Int(hark_lines())) }

    /// Gives the terminal back (idempotent).
    public func restore() {
        guard active else { return }
        active = false
        if isendwin() == false { endwin() }
    }

    /// Waits up to `timeoutMs` (negative: forever) for a key; nil on timeout.
    public func readKey(timeoutMs: Int32) -> Key? {
        wtimeout(hark_stdscr(), timeoutMs)
        var ch: wint_t = 0
        let r = wget_wch(hark_stdscr(), &ch)
        if r == hark_err() { return nil }
        if r == KEY_CODE_YES { return Terminal.decodeFunctionKey(Int32(ch)) }
        return Terminal.decodeCharacter(UInt32(ch))
    }

    static func decodeFunctionKey(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_HOME: return .home
        case KEY_END, KEY_LL: return .end
        case KEY_ENTER: return .enter
        case KEY_BACKSPACE: return .backspace
        case KEY_DC: return .delete
        case KEY_BTAB: return .backTab
        case hark_key_resize(): return .resize
        case KEY_F0 + 1...KEY_F0 + 24: return .function(Int(code - KEY_F0))
        default: return nil
        }
    }

    /// Decodes a character code: control characters become named keys.
    public static func decodeCharacter(_ v: UInt32) -> Key? {
        switch v {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 1...26: return .control(Character(Unicode.Scalar(v + 96)!))
        default:
            guard let s = Unicode.Scalar(v) else { return nil }
            return .character(Character(s))
        }
    }

    /// Draws `grid`, writing only the cells that changed since the last frame.
    public func draw(_ grid: CellGrid, theme: Theme) {
        if theme != self.theme || depth != lastDepth {
            self.theme = theme
            lastDepth = depth
            resolved.removeAll()
            previous = nil
        }
        let (w, h) = size
        if previous?.width != grid.width || previous?.height != grid.height || grid.width != w || grid.height != h {
            previous = nil
            werase(hark_stdscr())
        }
        var cch = cchar_t()
        var chars = [wchar_t](repeating: 0, count: 6)
        for y in 0..<min(grid.height, h) {
            for x in 0..<min(grid.width, w) {
                let cell = grid[x, y]
                if let p = previous, p[x, y] == cell { continue }
                if cell.continuation { continue }
                let (attrs, pair) = look(cell.style)
                var n = 0
                for s in cell.character.unicodeScalars where n < 5 { chars[n] = wchar_t(bitPattern: s.value); n += 1 }
                chars[n] = 0
                setcchar(&cch, chars, attrs, pair, nil)
                mvwadd_wch(hark_stdscr(), Int32(y), Int32(x), &cch)
            }
        }
        wnoutrefresh(hark_stdscr())
        doupdate()
        previous = grid
    }

    private var lastDepth: ColorDepth?

    private func look(_ style: Style) -> (attr_t, Int16) {
        if let r = resolved[style] { return r }
        let rs = (theme ?? .builtIn).resolve(style, depth: depth)
        var attrs = hark_a_normal()
        if rs.attributes.contains(.bold) { attrs |= hark_a_bold() }
        if rs.attributes.contains(.reverse) { attrs |= hark_a_reverse() }
        if rs.attributes.contains(.underline) { attrs |= hark_a_underline() }
        if rs.attributes.contains(.dim) { attrs |= hark_a_dim() }
        let pair = depth == .mono ? 0 : pairNumber(rs.foreground, rs.background)
        resolved[style] = (attrs, pair)
        return (attrs, pair)
    }

    private func pairNumber(_ fg: Int16, _ bg: Int16) -> Int16 {
        if fg == -1 && bg == -1 { return 0 }
        let key = PairKey(fg: fg, bg: bg)
        if let p = pairs[key] { return p }
        let next = pairs.count + 1
        // Out of pairs (tiny terminals): fall back to default colours rather than fail.
        guard next < min(pairLimit, Int(Int16.max)) else { return 0 }
        init_pair(Int16(next), fg, bg)
        pairs[key] = Int16(next)
        return Int16(next)
    }

    nonisolated(unsafe) private static var restorersInstalled = false

    /// Signal handlers and an exit hook that put the terminal back before the process dies, so a
    /// crash never leaves the user's shell in raw mode with no echo.
    private static func installRestorers() {
        guard !restorersInstalled else { return }
        restorersInstalled = true
        atexit { if isendwin() == false { endwin() } }
        let handler: @convention(c) (Int32) -> Void = { sig in
            endwin()
            signal(sig, SIG_DFL)
            raise(sig)
        }
        for sig in [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT] {
            signal(sig, handler)
        }
    }
}
