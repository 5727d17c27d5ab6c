import Foundation
import HarkCore

extension ScreenID { public static let calls = ScreenID("calls") }

/// The Calls screen: every call, filtered, searched and sorted; Enter opens one for review.
final class CallsController: ScreenController {
    let id = ScreenID.calls
    let title = "Calls"
    var model = CallsModel()
    private let context: DeskContext

    init(_ context: DeskContext) { self.context = context }

    var bindings: [Binding] {
        [
            Binding(.enter, help: "review the call", hint: "review") { [unowned self] in
                self.model.selectedRow.map { .openCall($0.id) } ?? .none
            },
            Binding(.char("f"), help: "filter (\(CallFilter.syntax))", hint: "filter") { [unowned self] in
                .prompt(PromptRequest(title: "Filter calls", text: self.model.filterText, hint: CallFilter.syntax) { [unowned self] text in
                    do { try self.model.setFilter(text); return .done(.none) } catch { return .refused("\(error)") }
                })
            },
            Binding(.char("s"), help: "cycle the sort column (again flips the order)", hint: "sort") { [unowned self] in
                self.model.cycleSort()
                return .message("sorted by \(self.model.sort.rawValue)")
            },
            Binding(.char("c"), help: "clear filter and search") { [unowned self] in self.model.clearFilterAndSearch(); return .none },
        ]
    }

    func move(_ movement: Movement) -> Effect { model.cursor.move(movement); return .none }

    func layout(_ rect: Rect) { model.cursor.layout(visibleRows: CallsView.visibleRows(rect)) }

    func render(into grid: inout CellGrid, rect: Rect) { CallsView.render(model, into: &grid, rect: rect) }

    /// Sets the filter from another screen's drill-down; returns why it could not, if so.
    func setFilter(_ text: String) -> String? {
        do { try model.setFilter(text); return nil } catch { return "\(error)" }
    }

    /// Runs a full-text search (empty clears) and says how many calls it found.
    func search(_ text: String) -> Effect {
        let q = text.trimmingCharacters(in: .whitespaces)
        do {
            model.setSearch(q, matches: q.isEmpty ? [] : try context.data.search(q))
            return q.isEmpty ? .none : .message("\(model.matches.count) calls mention \"\(q)\"")
        } catch {
            return .message("search failed: \(error)")
        }
    }
}
