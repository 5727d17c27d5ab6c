import Foundation
import HarkCore

extension ScreenID { public static let dashboard = ScreenID("dashboard") }

/// The Dashboard: per-agent and per-hour aggregates over every call; Enter lists the agent's calls.
final class DashboardController: ScreenController {
    let id = ScreenID.dashboard
    let title = "Dashboard"
    private(set) var model = DashboardModel()
    private let context: DeskContext
    private let rows: () -> [CallRow]
    /// Aggregating 100,000 calls takes longer than a frame, so it runs off the main thread: the screen shows
    /// the last aggregates until the new ones arrive.
    private let builder = LatestResult<DashboardModel>(name: "hark-dashboard")
    /// The archive changed since the aggregates were last asked for.
    private var stale = true
    private var built = false
    private var requestedAt = Date.distantPast
    /// Workers finishing calls re-aggregate at most this often.
    static let refreshEvery = 5.0

    init(_ context: DeskContext, rows: @escaping () -> [CallRow]) {
        self.context = context
        self.rows = rows
    }

    var bindings: [Binding] {
        [
            Binding(.enter, help: "list the agent's calls", hint: "agent's calls") { [unowned self] in
                guard let agent = self.model.agents[safe: self.model.cursor.selected]?.label else { return .none }
                return .showCalls(filter: CallFilter.word("agent", agent))
            },
        ]
    }

    func move(_ movement: Movement) -> Effect { model.cursor.move(movement); return .none }

    func layout(_ rect: Rect) { DashboardView.layout(&model, rect: rect) }

    func render(into grid: inout CellGrid, rect: Rect) {
        DashboardView.render(model, counting: built ? nil : rows().count, updating: builder.isBusy, into: &grid, rect: rect)
    }

    func shown() -> Effect {
        rebuildIfDue(force: true)
        return .none
    }


    /// Aggregates are made as soon as the calls are in (and again when calls come or go), so the screen is
    /// ready when shown; jobs moving refresh them at most every `refreshEvery` seconds.
    func archiveChanged() {
        stale = true
        rebuildIfDue(force: !built || rows().count != model.total.calls)
    }

    func tick() -> Effect? {
        rebuildIfDue(force: false)
        guard let fresh = builder.take() else { return nil }
        let selected = model.cursor.selected
        model = fresh
        model.cursor.select(selected)
        built = true
        return Effect.none
    }

    func close() { builder.settle(timeout: 5) }

    /// Waits for aggregates being made: for tests and scripted use.
    func settle(timeout: Double) {
        builder.settle(timeout: timeout)
        _ = tick()
    }

    private func rebuildIfDue(force: Bool) {
        // One build at a time: with workers finishing calls faster than a build, re-requesting would drop
        // every result before it arrived. The change stays marked and is built after this one.
        guard stale, !builder.isBusy else { return }
        let now = context.now()
        guard force || now.timeIntervalSince(requestedAt) >= Self.refreshEvery else { return }
        stale = false
        requestedAt = now
        let rows = self.rows(), data = context.data
        builder.request {
            var rows = rows
            if let categories = try? data.issueCategories(), !categories.isEmpty {
                for i in rows.indices { rows[i].categories = categories[rows[i].call.id] ?? [] }
            }
            return DashboardModel(rows: rows)
        }
    }
}
