import Foundation
import HarkCore

extension ScreenID { public static let calls = ScreenID("calls") }

/// The Calls screen: every call, filtered, searched and sorted; Enter opens one for review.
final class CallsController: ScreenController {
    let id = ScreenID.calls
    let title = "Calls"
    var model = CallsModel()
    private let context: DeskContext
    /// Full-text searches run off the main thread: over a large archive one takes longer than a frame.
    private let searches = LatestResult<SearchOutcome>(name: "hark-search")
    struct SearchOutcome: Sendable {
        var query: String
        var matches: [SearchMatch]
        var error: String?
    }

    init(_ context: DeskContext) { self.context = context }

    var bindings: [Binding] {
        [
            Binding(.enter, help: "review the call", hint: "review") { [unowned self] in
                self.model.selectedRow.map { .openCall($0.id) } ?? .none
            },
            Binding(.character("f"), help: "filter (\(CallFilter.syntax))", hint: "filter") { [unowned self] in
                .prompt(PromptRequest(title: "Filter calls", text: self.model.filterText, hint: CallFilter.syntax) { [unowned self] text in
                    do { try self.model.setFilter(text); return .done(.none) } catch { return .refused("\(error)") }
                })
            },
            Binding(.character("s"), help: "cycle the sort column (again flips the order)", hint: "sort") { [unowned self] in
                self.model.cycleSort()
                return .message("sorted by \(self.model.sort.rawValue)")
            },
            Binding(.character("c"), help: "clear filter and search") { [unowned self] in self.model.clearFilterAndSearch(); return .none },
        ]
    }

    func move(_ movement: Movement) -> Effect { model.cursor.move(movement); return .none }

    func layout(_ rect: Rect) { model.cursor.layout(visibleRows: CallsView.visibleRows(rect)) }

    func render(into grid: inout CellGrid, rect: Rect) { CallsView.render(model, into: &grid, rect: rect) }

    /// Sets the filter from another screen's drill-down; returns why it could not, if so.
    func setFilter(_ text: String) -> String? {
        do { try model.setFilter(text); return nil } catch { return "\(error)" }
    }

    /// Starts a full-text search (empty clears at once); `tick` shows the calls it found.
    func search(_ text: String) -> Effect {
        let q = text.trimmingCharacters(in: .whitespaces)
        guard !q.isEmpty else { model.setSearch("", matches: []); return .none }
        let data = context.data
        searches.request {
            do { return SearchOutcome(query: q, matches: try data.search(q)) } catch {
                return SearchOutcome(query: q, matches: [], error: "\(error)")
            }
        }
        return .message("searching transcripts for \"\(q)\"…")
    }

    func tick() -> Effect? {
        guard let found = searches.take() else { return nil }
        if let error = found.error { return .message("search failed: \(error)") }
        model.setSearch(found.query, matches: found.matches)
        return .message("\(model.matches.count) calls mention \"\(found.query)\"")
    }

    /// Waits for a search in flight and shows it: for tests and scripted use.
    func settle(timeout: Double) -> Effect? {
        searches.settle(timeout: timeout)
        return tick()
    }
}
