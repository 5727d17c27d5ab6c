import Foundation
import HarkCore

/// The desk: the registered screens, navigation between them, overlays (help, prompts), polling the store, and
/// the frame (tabs, the screen's body, the status bar). Each screen is a `ScreenController` of its own; the desk
/// never touches the terminal, so tests drive it exactly as a user would and read the frame. Use from one thread.
public final class Desk {
    /// What is drawn over the current screen.
    enum Overlay {
        case help
        case prompt(Prompt, PromptRequest)
    }

    public private(set) var themes: [Theme]
    public internal(set) var themeIndex: Int
    public private(set) var screen: ScreenID = .calls
    public private(set) var wantsQuit = false
    /// `q` was pressed on the Calls screen with nothing to go back to: the next `q` quits.
    private var quitAsked = false
    /// The status-bar message (errors, what a jump found); cleared by the next key.
    public internal(set) var message: String?
    var overlay: Overlay?
    private(set) var history: [ScreenID] = []

    let context: DeskContext
    let callsScreen: CallsController
    let reviewScreen: ReviewController
    let queueScreen: QueueController
    let dashboardScreen: DashboardController
    let dictionaryScreen: DictionaryController
    let coachingScreen: CoachingController
    let formsScreen: FormsController
    /// The screens in Tab order. A new screen is one folder under Screens/ and one entry here.
    let controllers: [ScreenController]
    let poller: DeskPoller
    /// The last frame size, for the body's rect.
    private var size = (width: 80, height: 24)
    /// Recent alerts from live intake, shown on every screen until opened.
    var alertBar = AlertBar()

    /// How many calls the first frame loads.
    public static let firstPage = DeskPoller.firstPage

    /// How often `tick` asks the store whether anything changed.
    public var pollInterval: TimeInterval {
        get { poller.interval }
        set { poller.interval = newValue }
    }

    public init(data: DeskDataSource, themes: [Theme], theme: String? = nil,
                makePlayer: @escaping (Call) -> PlaybackControlling? = { _ in nil },
                now: @escaping () -> Date = Date.init, reportsFolder: String = "reports") throws {
        self.themes = themes.isEmpty ? [Theme.builtIn] : themes
        if let theme {
            guard let i = self.themes.firstIndex(where: { $0.name == theme }) else {
                throw DeskError("unknown theme \"\(theme)\" (have: \(self.themes.map(\.name).joined(separator: ", ")))")
            }
            themeIndex = i
        } else {
            themeIndex = 0
        }
        context = DeskContext(data: data, makePlayer: makePlayer, now: now, reportsFolder: reportsFolder)
        callsScreen = CallsController(context)
        reviewScreen = ReviewController(context)
        queueScreen = QueueController(context)
        let calls = callsScreen
        dashboardScreen = DashboardController(context, rows: { calls.model.rows })
        dictionaryScreen = DictionaryController(context)
        coachingScreen = CoachingController(context)
        formsScreen = FormsController(context)
        controllers = [callsScreen, reviewScreen, queueScreen, dashboardScreen, dictionaryScreen, coachingScreen, formsScreen]
        poller = DeskPoller(data: data, calls: callsScreen, queue: queueScreen, now: now)
        try poller.firstLoad()
        // Screens that aggregate the archive start on it now; on a large one they wait for the whole list, which
        // announces itself as a change when it arrives.
        if !callsScreen.model.partial { archiveChanged() }
    }

    deinit {
        for c in controllers { c.close() }
    }

    public var theme: Theme { themes[themeIndex] }

    var controller: ScreenController { controllers.first { $0.id == screen }! }

    // Read-only views of the screens' models, for tests and scripted use.
    public var calls: CallsModel { callsScreen.model }
    public var review: ReviewModel? { reviewScreen.model }
    public var player: PlaybackControlling? { reviewScreen.player }
    public var queue: QueueModel { queueScreen.model }
    public var dashboard: DashboardModel { dashboardScreen.model }
    public var editor: DictionaryEditorModel? { dictionaryScreen.editor }
    public var coaching: CoachingModel { coachingScreen.model }
    public var coachPlayer: PlaybackControlling? { coachingScreen.player }

    /// Shows `text` in the status bar until the next key (e.g. why the background workers did not start).
    public func notice(_ text: String) { message = text }

    /// Reloads calls and jobs from the data source.
    public func reload() throws {
        try poller.reload()
        archiveChanged()
    }

    /// Polls for changes (every `pollInterval`) and the screens' own work, and reports whether a redraw is due.
    public func tick() -> Bool {
        var redraw = false
        // Workers that stopped themselves (disk full) are said on the status line until the desk closes.
        if let problem = context.data.workerProblem(), message != "workers stopped: \(problem)" {
            message = "workers stopped: \(problem)"
            redraw = true
        }
        for c in controllers {
            if let effect = c.tick() { apply(effect); redraw = true }
        }
        switch poller.poll(queueShown: screen == .queue) {
        case .unchanged: break
        case .progress: redraw = true
        case .archive: archiveChanged(); redraw = true
        case let .failed(why): message = why; redraw = true
        }
        if poller.polled, controller.storePolled() { redraw = true }
        if poller.polled, let fresh = try? context.data.recentAlerts(since: context.now().addingTimeInterval(-AlertBar.window)),
           alertBar.update(fresh) {
            redraw = true
        }
        return redraw
    }

    private func archiveChanged() {
        for c in controllers { c.archiveChanged() }
    }

    /// Waits (up to `timeout` seconds) for the background work screens are waiting on (the rest of a large call
    /// list, the dashboard's aggregates, a search) and takes it in: for tests and scripted use.
    public func settle(timeout: Double = 10) {
        let deadline = Date().addingTimeInterval(timeout)
        while calls.partial && Date() < deadline {
            _ = tick()
            Thread.sleep(forTimeInterval: 0.005)
        }
        if let effect = callsScreen.settle(timeout: max(0, deadline.timeIntervalSinceNow)) { apply(effect) }
        dashboardScreen.settle(timeout: max(0, deadline.timeIntervalSinceNow))
        if let effect = coachingScreen.settle(timeout: max(0, deadline.timeIntervalSinceNow)) { apply(effect) }
        dictionaryScreen.settleHits(timeout: max(0, deadline.timeIntervalSinceNow))
        if let effect = formsScreen.settle(timeout: max(0, deadline.timeIntervalSinceNow)) { apply(effect) }
    }

    /// Waits (up to `timeout` seconds) for the Dictionary screen's background preview: for tests and scripted use.
    public func settlePreview(timeout: Double = 30) {
        if let why = dictionaryScreen.settlePreview(timeout: timeout) { message = why }
    }

    /// Handles one key press.
    public func handle(_ key: Key) {
        if key == .resize { return }
        switch overlay {
        case .help?: overlay = nil; return
        case .prompt(var p, let request)?:
            // An error shown under the field goes once the user edits again.
            if p.hint.hasPrefix("✗ ") { p.hint = request.prompt.hint }
            switch p.handle(key) {
            case .editing: overlay = .prompt(p, request)
            case .cancelled: overlay = nil
            case let .submitted(text):
                overlay = nil
                switch request.submit(text) {
                case let .done(effect): apply(effect)
                case let .refused(why):
                    message = why
                    var again = Prompt(title: p.title, text: text, hint: "✗ \(why)")
                    again.cursor = again.text.count
                    overlay = .prompt(again, request)
                }
            }
            return
        case nil: break
        }
        message = nil
        let confirming = quitAsked
        quitAsked = false
        if let b = controller.bindings.first(where: { $0.keys.contains(key) }) {
            apply(b.run())
        } else if let s = screenForDigit(key) {
            show(s)
        } else if let m = Self.movementKeys.first(where: { $0.1.contains(key) })?.0 {
            apply(controller.move(m))
        } else if let b = globalBindings.first(where: { $0.keys.contains(key) }) {
            if b.keys.contains(.character("q")) && confirming { quit(); return }
            apply(b.run())
        }
    }

    func apply(_ effect: Effect) {
        switch effect {
        case .none: break
        case let .message(text): message = text
        case let .openCall(id): openReview(id)
        case let .show(s): show(s)
        case let .showCalls(filter):
            if let why = callsScreen.setFilter(filter) { message = why }
            show(.calls)
        case let .prompt(request): overlay = .prompt(request.prompt, request)
        case .back: goBack()
        case .reload:
            do { try reload() } catch { message = "refresh failed: \(error)" }
        case let .all(effects): for e in effects { apply(e) }
        }
    }

    /// Opens a call on the Review screen with a fresh player.
    public func openReview(_ id: CallID) {
        switch reviewScreen.open(id) {
        case .none: show(.review)
        case let other: apply(other)
        }
    }

    func backPressed() -> Effect {
        // q and Esc mean "back"; on the first screen there is nowhere back to, so a second press quits.
        if screen == .calls, history.isEmpty {
            quitAsked = true
            return .message("press q again to quit Hark (Q quits at once)")
        }
        return .back
    }

    func searchPrompt() -> Effect {
        let calls = callsScreen
        return .all([.show(.calls), .prompt(PromptRequest(title: "Search transcripts", text: calls.model.searchQuery,
                                                         hint: "Enter searches, empty clears, Esc cancels") { text in
            .done(calls.search(text))
        })])
    }

    func neighbour(_ step: Int) -> ScreenID {
        let i = controllers.firstIndex { $0.id == screen }!
        return controllers[(i + step + controllers.count) % controllers.count].id
    }

    func show(_ s: ScreenID) {
        guard s != screen else { return }
        history.append(screen)
        if history.count > 20 { history.removeFirst() }
        controller.hidden()
        screen = s
        apply(controller.shown())
    }

    private func goBack() {
        if controller.back() { return }
        controller.hidden()
        if let prev = history.popLast() {
            screen = prev
        } else if screen == .calls {
            quit()
            return
        } else {
            screen = .calls
        }
        apply(controller.shown())
    }

    func quit() {
        for c in controllers { c.close() }
        wantsQuit = true
    }

    private var alertLine: String? { alertBar.line(now: context.now()) }

    private var bodyRect: Rect {
        Rect(x: 0, y: 1, width: size.width, height: size.height - 2 - (alertLine == nil ? 0 : 1))
    }

    /// `!`: the newest unseen alert's call on the Review screen.
    func openAlert() -> Effect {
        guard let a = alertBar.takeNewest() else { return .message("no new alerts") }
        return .openCall(a.call)
    }

    /// Renders the current frame into `grid` (its size is the terminal's).
    public func render(into grid: inout CellGrid) {
        size = (grid.width, grid.height)
        grid.clear()
        guard grid.width >= 20, grid.height >= 5 else {
            grid.put("Hark: terminal too small", x: 0, y: 0, Style(.bad))
            return
        }
        renderTabs(into: &grid)
        let body = bodyRect
        controller.layout(body)
        controller.render(into: &grid, rect: body)
        let y = grid.height - 1
        if let alert = alertLine {
            grid.fill(Rect(x: 0, y: y - 1, width: grid.width, height: 1), " ", Style(.status(.failed)))
            grid.put(" " + DisplayWidth.truncate(alert, to: grid.width - 2), x: 0, y: y - 1, Style(.status(.failed)))
        }
        grid.fill(Rect(x: 0, y: y, width: grid.width, height: 1), " ", Style(.statusBar))
        grid.put(" " + DisplayWidth.truncate(message ?? hints(), to: grid.width - 2), x: 0, y: y, Style(.statusBar))
        switch overlay {
        case .help?: HelpOverlay.render(into: &grid, area: body, title: controller.title, lines: helpLines())
        case let .prompt(p, _)?: p.render(into: &grid, area: body)
        case nil: break
        }
    }

    private func renderTabs(into grid: inout CellGrid) {
        grid.fill(Rect(x: 0, y: 0, width: grid.width, height: 1), " ", Style(.statusBar))
        var x = grid.put(" Hark ", x: 0, y: 0, Style(.statusBar, .bold))
        for (i, c) in controllers.enumerated() {
            x = grid.put(" \(i + 1) \(c.title) ", x: x, y: 0, c.id == screen ? Style(.selection, .bold) : Style(.statusBar))
        }
        let right = " \(theme.name) "
        if x + DisplayWidth.of(right) < grid.width {
            grid.put(right, x: grid.width - DisplayWidth.of(right), y: 0, Style(.statusBar))
        }
    }
}

extension Array {
    subscript(safe i: Int) -> Element? { indices.contains(i) ? self[i] : nil }
}
