import HarkCore

extension ScreenID { public static let dashboard = ScreenID("dashboard") }

/// The Dashboard: per-agent and per-hour aggregates over every call; Enter lists the agent's calls.
final class DashboardController: ScreenController {
    let id = ScreenID.dashboard
    let title = "Dashboard"
    private(set) var model = DashboardModel()
    private let context: DeskContext
    private let rows: () -> [CallRow]
    /// The aggregates are rebuilt only when shown after the archive changed.
    private var stale = true
    private var isVisible = false

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

    func layout(_ rect: Rect) {
        if stale { rebuild() }
        DashboardView.layout(&model, rect: rect)
    }

    func render(into grid: inout CellGrid, rect: Rect) { DashboardView.render(model, into: &grid, rect: rect) }

    func shown() -> Effect { isVisible = true; return .none }
    func hidden() { isVisible = false }
    func archiveChanged() { stale = true }

    private func rebuild() {
        let selected = model.cursor.selected
        var rows = self.rows()
        if let categories = try? context.data.issueCategories(), !categories.isEmpty {
            for i in rows.indices { rows[i].categories = categories[rows[i].call.id] ?? [] }
        }
        model = DashboardModel(rows: rows)
        model.cursor.select(selected)
        stale = false
    }
}
