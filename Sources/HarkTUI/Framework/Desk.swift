import Foundation
import HarkCore

/// The whole TUI as a state machine: screens' models, navigation, overlays, theme and playback.
/// It turns keys into model changes and renders a frame into a `CellGrid`; it never touches the
/// terminal, so tests drive it exactly as a user would and read the frame. Use from one thread.
public final class Desk {
    /// What is drawn over the current screen.
    enum Overlay {
        case help
        case prompt(Prompt, PromptPurpose)
    }

    enum PromptPurpose { case search, filter, dictionary(DictionaryPrompt), note }

    public let keymap: Keymap
    public private(set) var themes: [Theme]
    public private(set) var themeIndex: Int
    public private(set) var screen: ScreenID = .calls
    public private(set) var wantsQuit = false
    /// `q` was pressed on the Calls screen with nothing to go back to: the next `q` quits.
    private var quitAsked = false
    /// The status-bar message (errors, what a jump found); cleared by the next key.
    public internal(set) var message: String?

    public private(set) var calls = CallsModel()
    public private(set) var review: ReviewModel?
    public private(set) var queue = QueueModel()
    public private(set) var dashboard = DashboardModel()
    public private(set) var player: PlaybackControlling?
    /// The Dictionary editor, loaded when its screen is first shown.
    public internal(set) var editor: DictionaryEditorModel?
    /// Why the editor or the coaching screen cannot work with this data source.
    var unavailable: [ScreenID: String] = [:]
    /// Computes the editor's what-if preview in the background.
    var previewRunner: PreviewRunner?
    public internal(set) var coaching = CoachingModel()
    /// The walkthrough's player, apart from Review's so each screen keeps its own call and playhead.
    public internal(set) var coachPlayer: PlaybackControlling?
    var coachCallID: CallID?
    /// Where `x` on the Coaching screen writes reports.
    public let reportsFolder: String
    var overlay: Overlay?
    private var history: [ScreenID] = []

    let data: DeskDataSource
    let makePlayer: (Call) -> PlaybackControlling?
    let now: () -> Date
    private var lastRevision: DeskRevision?
    private var lastProgress: [CallID: Double] = [:]
    /// Job states at the last reload, to find the calls whose jobs moved since.
    private var jobStates: [Int64: JobState] = [:]
    private var lastPoll = Date.distantPast
    private var dashboardStale = true
    /// The background load of every call (see `firstLoad`).
    private enum FullLoad: Sendable { case idle, loading, loaded([CallRow]), failed }
    private let fullLoadBox = Locked(FullLoad.idle)
    /// Calls whose jobs moved while the full list was loading, to read again after it arrives.
    private var changedDuringLoad: Set<CallID> = []
    private var ignoreFullLoad = false
    /// How many calls the first frame loads.
    public static let firstPage = 400
    /// The last frame size, for page-sized moves.
    private var size = (width: 80, height: 24)

    /// How often `tick` asks the store whether anything changed.
    public var pollInterval: TimeInterval = 0.5

    public init(data: DeskDataSource, themes: [Theme], theme: String? = nil, keymap: Keymap = .standard,
                makePlayer: @escaping (Call) -> PlaybackControlling? = { _ in nil },
                now: @escaping () -> Date = Date.init, reportsFolder: String = "reports") throws {
        self.data = data
        self.themes = themes.isEmpty ? [Theme.builtIn] : themes
        if let theme {
            guard let i = self.themes.firstIndex(where: { $0.name == theme }) else {
                throw DeskError("unknown theme \"\(theme)\" (have: \(self.themes.map(\.name).joined(separator: ", ")))")
            }
            themeIndex = i
        } else {
            themeIndex = 0
        }
        self.keymap = keymap
        self.makePlayer = makePlayer
        self.now = now
        self.reportsFolder = reportsFolder
        try firstLoad()
    }

    /// Rows of the newest calls first, so a large archive shows its first frame at once; the whole list
    /// follows from a background thread and `tick` swaps it in.
    private func firstLoad() throws {
        lastRevision = try data.revision()
        let first = try data.newestCallRows(limit: Self.firstPage)
        calls.setRows(first)
        try reloadJobs()
        guard first.count == Self.firstPage else { return }
        calls.partial = true
        let data = self.data, loader = fullLoadBox
        loader.withLock { $0 = .loading }
        let thread = Thread {
            let result: FullLoad = (try? data.callRows()).map { .loaded($0) } ?? .failed
            loader.withLock { $0 = result }
        }
        thread.name = "hark-calls-load"
        thread.start()
    }

    /// Swaps in the whole call list once the background load is done, with the calls whose jobs moved
    /// meanwhile read again. Returns true when it did.
    private func takeFullLoad() -> Bool {
        let state = fullLoadBox.withLock { s -> FullLoad in
            if case .loading = s { return .loading }
            defer { s = .idle }
            return s
        }
        switch state {
        case .idle, .loading: return false
        case .failed:
            calls.partial = false
            message = "could not load every call; showing the newest \(Self.firstPage)"
            return true
        case let .loaded(rows):
            if ignoreFullLoad { ignoreFullLoad = false; return false }
            calls.setRows(rows)
            calls.partial = false
            if !changedDuringLoad.isEmpty, let fresh = try? data.callRows(ids: Array(changedDuringLoad)) { calls.update(fresh) }
            changedDuringLoad = []
            dashboardStale = true
            if screen == .dashboard { rebuildDashboard() }
            return true
        }
    }

    private var isLoadingAll: Bool { fullLoadBox.withLock { if case .loading = $0 { true } else { false } } }

    deinit {
        previewRunner?.finish()
        player?.stop()
        coachPlayer?.stop()
    }

    public var theme: Theme { themes[themeIndex] }

    /// Shows `text` in the status bar until the next key (e.g. why the background workers did not start).
    public func notice(_ text: String) { message = text }

    /// Reloads calls and jobs from the data source.
    public func reload() throws {
        lastRevision = try data.revision()
        calls.setRows(try data.callRows())
        // A background first load still running would bring an older list: drop it when it comes.
        if calls.partial { ignoreFullLoad = true; calls.partial = false }
        try reloadJobs()
        dashboardStale = true
        if screen == .dashboard { rebuildDashboard() }
    }

    /// Reloads the job list; returns the calls whose jobs appeared or changed state.
    @discardableResult
    private func reloadJobs() throws -> [CallID] {
        let rows = try data.jobs()
        var changed: [CallID] = []
        for r in rows where jobStates[r.job.id] != r.job.state { changed.append(r.job.callID) }
        jobStates = Dictionary(rows.map { ($0.job.id, $0.job.state) }, uniquingKeysWith: { a, _ in a })
        queue.setJobs(rows, workers: data.workerCount, now: now())
        return changed
    }

    /// Polls for changes (every `pollInterval`) and reports whether a redraw is due: something
    /// changed, or audio is playing and the playhead moved. New calls reload the list; finished
    /// jobs reload only their calls, so a 100,000-call list stays responsive while workers run.
    public func tick() -> Bool {
        var redraw = (player?.isPlaying ?? false) || (coachPlayer?.isPlaying ?? false)
        // Workers that stopped themselves (disk full) are said on the status line until the desk closes.
        if let problem = data.workerProblem(), message != "workers stopped: \(problem)" {
            message = "workers stopped: \(problem)"
            redraw = true
        }
        if pollPreview() { redraw = true }
        if takeFullLoad() { redraw = true }
        let t = now()
        guard t.timeIntervalSince(lastPoll) >= pollInterval else { return redraw }
        lastPoll = t
        do {
            let rev = try data.revision()
            if rev != lastRevision {
                if rev.calls != lastRevision?.calls {
                    try reload()
                } else {
                    lastRevision = rev
                    let changed = try reloadJobs()
                    if isLoadingAll { changedDuringLoad.formUnion(changed) }
                    calls.update(try data.callRows(ids: Array(Set(changed))))
                    dashboardStale = true
                    if screen == .dashboard { rebuildDashboard() }
                }
                redraw = true
            } else if screen == .queue {
                try reloadJobs()
                redraw = true
            }
            if screen == .dictionary, pollRescore() { redraw = true }
            let progress = try data.runningProgress()
            if progress != lastProgress {
                lastProgress = progress
                calls.updateProgress(progress)
                redraw = true
            }
        } catch {
            message = "refresh failed: \(error)"
            redraw = true
        }
        return redraw
    }

    /// Handles one key press.
    public func handle(_ key: Key) {
        if key == .resize { return }
        if case .help = overlay { overlay = nil; return }
        if case .prompt(var p, let purpose) = overlay {
            // An error shown under the field goes once the user edits again.
            if p.hint.hasPrefix("✗ ") { p.hint = promptHint(purpose) }
            switch p.handle(key) {
            case .editing: overlay = .prompt(p, purpose)
            case .cancelled: overlay = nil
            case let .submitted(text): overlay = nil; submit(text, purpose)
            }
            return
        }
        message = nil
        let confirming = quitAsked
        quitAsked = false
        guard let action = keymap.action(for: key, on: screen) else { return }
        switch action {
        case .quit: quit()
        case .back:
            // q and Esc mean "back"; on the first screen there is nowhere back to, so a second press quits.
            if screen == .calls, history.isEmpty, !confirming {
                quitAsked = true
                message = "press q again to quit Hark (Q quits at once)"
            } else {
                goBack()
            }
        case .help: overlay = .help
        case .cycleTheme:
            themeIndex = (themeIndex + 1) % themes.count
            message = "theme: \(theme.name)"
        case .nextScreen: show(ScreenID(rawValue: screen.rawValue % ScreenID.allCases.count + 1)!)
        case .previousScreen: show(ScreenID(rawValue: (screen.rawValue + ScreenID.allCases.count - 2) % ScreenID.allCases.count + 1)!)
        case let .screen(n): if let s = ScreenID(rawValue: n) { show(s) }
        case .search:
            if screen != .calls { show(.calls) }
            overlay = .prompt(Prompt(title: "Search transcripts", text: calls.searchQuery, hint: "Enter searches, empty clears, Esc cancels"), .search)
        default: screenAction(action)
        }
    }

    private func screenAction(_ action: Action) {
        let body = bodyRect
        switch screen {
        case .calls:
            switch action {
            case .open: if let row = calls.selectedRow { openReview(row.call.id) }
            case .sort: calls.cycleSort(); message = "sorted by \(calls.sort.rawValue)"
            case .filter:
                overlay = .prompt(Prompt(title: "Filter calls", text: calls.filterText, hint: CallFilter.syntax), .filter)
            case .clearFilter: calls.clearFilterAndSearch()
            default: calls.move(action, page: CallsScreen.pageSize(body))
            }
        case .review:
            guard var r = review else { return }
            message = r.apply(action, player: player, page: ReviewScreen.pageSize(body))
            review = r
        case .queue:
            switch action {
            case .retry:
                guard let j = queue.selectedJob else { return }
                guard j.job.state == .failed else { message = "job \(j.job.id) has not failed"; return }
                do { try data.retry(job: j.job.id); try reload(); message = "job \(j.job.id) queued again" } catch { message = "\(error)" }
            case .open: if let j = queue.selectedJob { openReview(j.job.callID) }
            default:
                var q = queue
                q.selected = ReviewModel.moved(q.selected, action, count: q.jobs.count, page: QueueScreen.pageSize(body))
                queue = q
            }
        case .dashboard:
            if action == .open, let agent = dashboard.agents[safe: dashboard.selected]?.label {
                try? calls.setFilter("agent:\(agent.replacingOccurrences(of: " ", with: ""))")
                show(.calls)
                return
            }
            dashboard.selected = ReviewModel.moved(dashboard.selected, action, count: dashboard.agents.count,
                                                   page: DashboardScreen.pageSize(body))
        case .dictionary: dictionaryAction(action, page: DictionaryScreen.pageSize(body))
        case .coaching: coachingAction(action, page: CoachingScreen.pageSize(body))
        }
    }

    private func submit(_ text: String, _ purpose: PromptPurpose) {
        switch purpose {
        case .search:
            let q = text.trimmingCharacters(in: .whitespaces)
            do {
                calls.setSearch(q, matches: q.isEmpty ? [] : try data.search(q))
                if !q.isEmpty { message = "\(calls.matches.count) calls mention \"\(q)\"" }
            } catch { message = "search failed: \(error)" }
        case .filter:
            do { try calls.setFilter(text) } catch { message = "\(error)" }
        case let .dictionary(kind): submitDictionary(text, kind)
        case .note: submitNote(text)
        }
    }

    /// Opens a call on the Review screen with a fresh player.
    public func openReview(_ id: CallID) {
        do {
            guard let d = try data.review(of: id) else { message = "call \(id) not found"; return }
            player?.stop()
            player = makePlayer(d.call)
            review = ReviewModel(data: d)
            show(.review)
        } catch {
            message = "cannot open call \(id): \(error)"
        }
    }

    private func show(_ s: ScreenID) {
        guard s != screen else { return }
        history.append(screen)
        if history.count > 20 { history.removeFirst() }
        screen = s
        if s == .dashboard && dashboardStale { rebuildDashboard() }
        if s == .dictionary { openEditor() }
        if s == .coaching { loadCoaching() }
    }

    private func goBack() {
        if screen == .coaching, coaching.walkthrough != nil { closeWalkthrough(); return }
        if let prev = history.popLast() {
            if screen == .review { player?.pause() }
            if screen == .coaching { coachPlayer?.pause() }
            screen = prev
            if screen == .dashboard && dashboardStale { rebuildDashboard() }
        } else if screen == .calls {
            quit()
        } else {
            screen = .calls
        }
    }

    private func quit() {
        player?.stop()
        coachPlayer?.stop()
        wantsQuit = true
    }

    private func rebuildDashboard() {
        let selected = dashboard.selected
        var rows = calls.rows
        if let categories = try? data.issueCategories(), !categories.isEmpty {
            for i in rows.indices { rows[i].categories = categories[rows[i].call.id] ?? [] }
        }
        dashboard = DashboardModel(rows: rows)
        dashboard.selected = selected
        dashboardStale = false
    }

    private var bodyRect: Rect { Rect(x: 0, y: 1, width: size.width, height: size.height - 2) }

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
        switch screen {
        case .calls: CallsScreen.render(&calls, into: &grid, rect: body)
        case .review:
            if var r = review {
                if let p = player { r.setPosition(p.position) }
                let transport = ReviewScreen.Transport(playing: player?.isPlaying ?? false, speed: player?.speed ?? 1,
                                                       solo: player?.solo ?? .both,
                                                       muteReason: player == nil ? "no player" : player?.muteReason)
                ReviewScreen.render(&r, transport: transport, into: &grid, rect: body)
                review = r
            } else {
                grid.put("No call open — pick one on the Calls screen (1) and press Enter.", x: 1, y: body.y + 1, Style(.dim))
            }
        case .queue: QueueScreen.render(&queue, into: &grid, rect: body)
        case .dashboard: DashboardScreen.render(&dashboard, into: &grid, rect: body)
        case .dictionary:
            if var e = editor {
                DictionaryScreen.render(&e, into: &grid, rect: body)
                editor = e
            } else {
                grid.put(unavailable[.dictionary] ?? "Dictionary not loaded.", x: 1, y: body.y + 1, Style(.dim))
            }
        case .coaching:
            if let why = unavailable[.coaching] {
                grid.put(why, x: 1, y: body.y + 1, Style(.dim))
            } else {
                let transport = coaching.walkthrough == nil ? nil : coachPlayer.map {
                    CoachingScreen.Transport(playing: $0.isPlaying, position: $0.position, muteReason: $0.muteReason)
                }
                CoachingScreen.render(&coaching, transport: transport, into: &grid, rect: body)
            }
        }
        renderStatus(into: &grid)
        switch overlay {
        case .help?: HelpOverlay.render(into: &grid, area: body, screen: screen, keymap: keymap)
        case let .prompt(p, _)?: p.render(into: &grid, area: body)
        case nil: break
        }
    }

    private func renderTabs(into grid: inout CellGrid) {
        grid.fill(Rect(x: 0, y: 0, width: grid.width, height: 1), " ", Style(.statusBar))
        var x = grid.put(" Hark ", x: 0, y: 0, Style(.statusBar, .bold))
        for s in ScreenID.allCases {
            let label = " \(s.rawValue) \(s.title) "
            x = grid.put(label, x: x, y: 0, s == screen ? Style(.selection, .bold) : Style(.statusBar))
        }
        let right = " \(theme.name) "
        if x + DisplayWidth.of(right) < grid.width {
            grid.put(right, x: grid.width - DisplayWidth.of(right), y: 0, Style(.statusBar))
        }
    }

    private func renderStatus(into grid: inout CellGrid) {
        let y = grid.height - 1
        grid.fill(Rect(x: 0, y: y, width: grid.width, height: 1), " ", Style(.statusBar))
        let hints: String
        switch screen {
        case .calls: hints = "Enter review · / search · f filter · s sort · Tab screens · ? help · Q quit"
        case .review: hints = "Space play · ←→ 5 s · [ ] markers · Enter seek · e evidence · s solo · +/- speed · q back · ? help"
        case .queue: hints = "r retry · Enter open call · Tab screens · ? help · Q quit"
        case .dashboard: hints = "Enter agent's calls · Tab screens · ? help · Q quit"
        case .dictionary: hints = "a add term · A category · e edit · d delete · m move · w save · u undo · i/o TOML · ←→ panes · ? help"
        case .coaching:
            hints = coaching.walkthrough == nil ? "Enter agent / walkthrough · m mark calls · ←→ panes · ? help · Q quit"
                : "n/p moments · Space play · e note · x export report · q back · ? help"
        }
        grid.put(" " + DisplayWidth.truncate(message ?? hints, to: grid.width - 2), x: 0, y: y, Style(.statusBar))
    }
}

extension Array {
    subscript(safe i: Int) -> Element? { indices.contains(i) ? self[i] : nil }
}
