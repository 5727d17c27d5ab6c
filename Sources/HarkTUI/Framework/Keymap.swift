/// What a key asks for. Screens handle actions, never raw keys, so the keymap is the one place
/// bindings live and the help overlay is generated from it.
public enum Action: Hashable, Sendable {
    // movement (arrows and vim keys)
    case up, down, left, right, pageUp, pageDown, top, bottom
    case open, back, quit, help, search, cycleTheme
    case nextScreen, previousScreen
    case screen(Int)
    /// Moves focus between panes (Review: transcript ↔ evidence).
    case switchPane
    // calls
    case sort, filter, clearFilter
    // review
    case playPause, seekBack, seekForward, previousMarker, nextMarker, solo, faster, slower
    // queue
    case retry
    // dictionary editor
    case addTerm, addCategory, edit, delete, moveTerm, save, undo, importFile, exportFile
    // coaching
    case mark, nextMoment, previousMoment, note, exportReport

    /// One line of help text.
    public var help: String {
        switch self {
        case .up: return "move up"
        case .down: return "move down"
        case .left: return "left"
        case .right: return "right"
        case .pageUp: return "page up"
        case .pageDown: return "page down"
        case .top: return "first"
        case .bottom: return "last"
        case .open: return "open / select"
        case .back: return "back"
        case .quit: return "quit Hark"
        case .help: return "this help"
        case .search: return "search"
        case .cycleTheme: return "next colour theme"
        case .nextScreen: return "next screen"
        case .previousScreen: return "previous screen"
        case let .screen(n): return "screen \(n)"
        case .switchPane: return "switch pane"
        case .sort: return "cycle sort column"
        case .filter: return "filter (agent:, status:, score<, score>, flag:, marker:, from:, to:)"
        case .clearFilter: return "clear filter and search"
        case .playPause: return "play / pause"
        case .seekBack: return "seek back 5 s"
        case .seekForward: return "seek forward 5 s"
        case .previousMarker: return "previous marker"
        case .nextMarker: return "next marker"
        case .solo: return "solo agent / customer / both"
        case .faster: return "faster"
        case .slower: return "slower"
        case .retry: return "retry failed job"
        case .addTerm: return "add a term (TERM or TERM @WEIGHT)"
        case .addCategory: return "add a category (NAME ROLE @WEIGHT)"
        case .edit: return "edit the selected term / category"
        case .delete: return "delete the selected term / category"
        case .moveTerm: return "move the term to another category"
        case .save: return "save the draft as a new version (re-scores the archive)"
        case .undo: return "discard the draft, else restore the previous version"
        case .importFile: return "import a dictionary TOML file as the draft"
        case .exportFile: return "export the draft as TOML"
        case .mark: return "mark / unmark the call for the walkthrough"
        case .nextMoment: return "next flagged moment"
        case .previousMoment: return "previous flagged moment"
        case .note: return "write a note at this moment"
        case .exportReport: return "export the coaching report (Markdown + HTML)"
        }
    }
}

/// The screens of the desk, in Tab order; number keys 1… select them.
public enum ScreenID: Int, Hashable, Sendable, CaseIterable {
    case calls = 1, review, queue, dashboard, dictionary, coaching

    public var title: String {
        switch self {
        case .calls: return "Calls"
        case .review: return "Review"
        case .queue: return "Queue"
        case .dashboard: return "Dashboard"
        case .dictionary: return "Dictionary"
        case .coaching: return "Coaching"
        }
    }
}

/// Key → action bindings: global ones on every screen plus each screen's own, which win.
public struct Keymap: Sendable {
    public struct Binding: Hashable, Sendable {
        public var keys: [Key]
        public var action: Action
    }

    public var global: [Binding]
    public var perScreen: [ScreenID: [Binding]]

    /// The action `key` means on `screen`, if any.
    public func action(for key: Key, on screen: ScreenID) -> Action? {
        if let b = perScreen[screen]?.first(where: { $0.keys.contains(key) }) { return b.action }
        if case let .character(c) = key, let n = c.wholeNumberValue, let s = ScreenID(rawValue: n) {
            return .screen(s.rawValue)
        }
        return global.first { $0.keys.contains(key) }?.action
    }

    /// Help lines for `screen`: its own bindings first, then the global ones.
    public func help(for screen: ScreenID) -> [(keys: String, text: String)] {
        let own = (perScreen[screen] ?? []).map { (keys: $0.keys.map(\.label).joined(separator: " "), text: $0.action.help) }
        let shared = global.map { (keys: $0.keys.map(\.label).joined(separator: " "), text: $0.action.help) }
        return own + [(keys: "1-\(ScreenID.allCases.count)", text: "go to screen")] + shared
    }

    private static func b(_ action: Action, _ keys: Key...) -> Binding { Binding(keys: keys, action: action) }

    /// The standard bindings: arrows and vim keys both, `?` help, `q` back, `Q` quit, Tab screens.
    public static let standard = Keymap(
        global: [
            b(.up, .up, .character("k")), b(.down, .down, .character("j")),
            b(.left, .left, .character("h")), b(.right, .right, .character("l")),
            b(.pageUp, .pageUp, .control("b")), b(.pageDown, .pageDown, .control("f"), .character(" ")),
            b(.top, .home, .character("g")), b(.bottom, .end, .character("G")),
            b(.open, .enter), b(.back, .character("q"), .escape), b(.quit, .character("Q")),
            b(.help, .character("?")), b(.search, .character("/")), b(.cycleTheme, .character("t")),
            b(.nextScreen, .tab), b(.previousScreen, .backTab),
        ],
        perScreen: [
            .calls: [b(.sort, .character("s")), b(.filter, .character("f")), b(.clearFilter, .character("c"))],
            .review: [
                b(.playPause, .character(" ")), b(.seekBack, .left, .character("h")),
                b(.seekForward, .right, .character("l")), b(.previousMarker, .character("[")),
                b(.nextMarker, .character("]")), b(.solo, .character("s")),
                b(.faster, .character("+"), .character("=")), b(.slower, .character("-")),
                b(.switchPane, .character("e")),
            ],
            .queue: [b(.retry, .character("r"))],
            .dictionary: [
                b(.addTerm, .character("a")), b(.addCategory, .character("A")), b(.edit, .character("e")),
                b(.delete, .character("d"), .delete), b(.moveTerm, .character("m")), b(.save, .character("w")),
                b(.undo, .character("u")), b(.importFile, .character("i")), b(.exportFile, .character("o")),
            ],
            .coaching: [
                b(.mark, .character("m")), b(.nextMoment, .character("n")), b(.previousMoment, .character("p")),
                b(.playPause, .character(" ")), b(.note, .character("e")), b(.exportReport, .character("x")),
            ],
        ]
    )
}
