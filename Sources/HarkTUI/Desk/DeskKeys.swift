/// The keys every screen shares, with their handlers on the desk: movement (arrows and vim keys both),
/// `?` help, `q`/Esc back, `Q` quit, `/` search, `t` theme, Tab and the number keys for screens.
extension Desk {
    /// Movement keys; a screen may bind one of these keys for itself (Review's ← seeks).
    static let movementKeys: [(Movement, [Key])] = [
        (.up, [.up, .character("k")]), (.down, [.down, .character("j")]),
        (.left, [.left, .character("h")]), (.right, [.right, .character("l")]),
        (.pageUp, [.pageUp, .control("b")]), (.pageDown, [.pageDown, .control("f"), .character(" ")]),
        (.top, [.home, .character("g")]), (.bottom, [.end, .character("G")]),
    ]

    static let movementHelp: [Movement: String] = [
        .up: "move up", .down: "move down", .left: "left pane", .right: "right pane",
        .pageUp: "page up", .pageDown: "page down", .top: "first", .bottom: "last",
    ]

    var globalBindings: [Binding] {
        [
            Binding(.character("?"), help: "this help", hint: "help") { [unowned self] in self.overlay = .help; return .none },
            Binding(.character("q"), .escape, help: "back (on the first screen, twice quits)", hint: history.isEmpty ? nil : "back") {
                [unowned self] in self.backPressed()
            },
            Binding(.character("Q"), help: "quit Hark", hint: history.isEmpty ? "quit" : nil) { [unowned self] in self.quit(); return .none },
            Binding(.character("/"), help: "search transcripts", hint: "search") { [unowned self] in self.searchPrompt() },
            Binding(.character("t"), help: "next colour theme") { [unowned self] in
                self.themeIndex = (self.themeIndex + 1) % self.themes.count
                return .message("theme: \(self.theme.name)")
            },
            Binding(.character("!"), help: "open the newest alert's call", hint: alertBar.unseen.isEmpty ? nil : "alert") {
                [unowned self] in self.openAlert()
            },
            Binding(.tab, help: "next screen", hint: "screens") { [unowned self] in .show(self.neighbour(1)) },
            Binding(.backTab, help: "previous screen") { [unowned self] in .show(self.neighbour(-1)) },
        ]
    }

    /// Number keys 1… pick a screen in registration order.
    func screenForDigit(_ key: Key) -> ScreenID? {
        guard case let .character(c) = key, let n = c.wholeNumberValue, n >= 1, n <= controllers.count else { return nil }
        return controllers[n - 1].id
    }

    /// Key clashes on one screen: a key bound twice by the screen, or a screen key that hides a global key other
    /// than movement (a screen binding `t` would silently take the theme key away). Empty when all is well.
    func keyConflicts() -> [String] { keyConflicts(in: controllers) }

    func keyConflicts(in controllers: [ScreenController]) -> [String] {
        let movement = Set(Self.movementKeys.flatMap(\.1))
        let global = Set(globalBindings.flatMap(\.keys)).union((1...9).map { Key.character(Character(String($0))) })
        var problems: [String] = []
        for c in controllers {
            for set in c.allBindingSets {
                var seen: [Key: String] = [:]
                for b in set {
                    for k in b.keys {
                        if let other = seen[k] { problems.append("\(c.title): \(k.label) is bound to \"\(other)\" and \"\(b.help)\"") }
                        seen[k] = b.help
                        if global.contains(k) && !movement.contains(k) {
                            problems.append("\(c.title): \(k.label) (\"\(b.help)\") hides a global key")
                        }
                    }
                }
            }
        }
        return problems
    }

    /// Help lines for the current screen: its own keys, then movement and the global keys.
    func helpLines() -> [(keys: String, text: String)] {
        let own = controller.bindings.map { (keys: $0.keyLabel, text: $0.help) }
        let moves = Self.movementKeys.map { (keys: $0.1.map(\.label).joined(separator: " "), text: Self.movementHelp[$0.0]!) }
        let screens = (keys: "1-\(controllers.count)", text: "go to screen")
        return own + moves + [screens] + globalBindings.map { (keys: $0.keyLabel, text: $0.help) }
    }

    /// The status bar's hints, generated from the bindings that have one.
    func hints() -> String {
        (controller.bindings + globalBindings).compactMap { b in b.hint.map { "\(b.keys[0].label) \($0)" } }.joined(separator: " · ")
    }
}
