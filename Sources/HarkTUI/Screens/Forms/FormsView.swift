import HarkCore
import HarkStore

/// Draws the Forms screen: the forms (left), the selected form's items with how many calls pass each (right),
/// the selected item's condition and the draft's what-if preview (bottom).
enum FormsView {
    static let columns = [Column("Item", width: 18), Column("Pts", width: 4, alignRight: true), Column("", width: 2),
                          Column("Pass", width: 11, alignRight: true), Column("Draft", width: 11, alignRight: true),
                          Column("Title", minWidth: 12)]

    static let formColumns = [Column("Form", minWidth: 8), Column("Queues", minWidth: 6)]

    static func panes(_ rect: Rect) -> (forms: Rect, items: Rect, detail: Rect) {
        let detailHeight = rect.height >= 14 ? 4 : 0
        let body = Rect(x: rect.x, y: rect.y + 1, width: rect.width, height: max(0, rect.height - 1 - detailHeight))
        let (left, right) = body.splitRight(max(20, rect.width - min(30, rect.width / 3)))
        return (left, right, Rect(x: rect.x, y: body.maxY, width: rect.width, height: detailHeight))
    }

    static func layout(_ model: inout FormsModel, rect: Rect) {
        let p = panes(rect)
        model.forms.layout(visibleRows: max(1, p.forms.height - 1))
        model.items.layout(visibleRows: max(1, p.items.height - 1))
    }

    static func render(_ m: FormsModel, previewing: Bool, into grid: inout CellGrid, rect: Rect) {
        guard rect.height >= 4 else { return }
        var head: [Span] = [Span("QA forms v\(m.version)", Style(.title))]
        if m.dirty { head.append(Span(" · draft unsaved (w saves, u discards)", Style(.warn))) }
        if !m.loaded { head.append(Span(" · loading…", Style(.dim))) }
        grid.put(head, x: rect.x, y: rect.y, limit: rect.maxX)
        let p = panes(rect)

        TableWidget(columns: formColumns).render(into: &grid, rect: p.forms, rowCount: m.draft.forms.count, top: m.forms.top,
                                                 selected: m.forms.selected, focused: m.pane == .forms) { i in
            let form = m.draft.forms[i]
            return [[Span(form.name)], [Span(form.isDefault ? "default" : form.queues.joined(separator: ","), Style(.dim))]]
        }
        if let form = m.selectedForm {
            let draftTallies = m.preview?.items[form.name]
            TableWidget(columns: columns).render(into: &grid, rect: p.items, rowCount: form.items.count, top: m.items.top,
                                                 selected: m.items.selected, focused: m.pane == .items) { i in
                let item = form.items[i]
                let stored = m.tallies[form.name]?[item.id]
                let draft: Span = !m.dirty ? Span("") : draftTallies.map { Span(FormsModel.pass($0[item.id]), Style(.warn)) }
                    ?? Span(previewing ? "…" : "", Style(.dim))
                return [[Span(item.id)], [Span(String(format: "%.0f", item.points))],
                        [item.critical ? Span("!", Style(.bad, .bold)) : Span("")],
                        [Span(FormsModel.pass(stored))], [draft],
                        [Span(item.title, Style(.text)), Span(item.check == .forbid ? "  (forbid)" : "", Style(.dim))]]
            }
        }

        guard p.detail.height > 0 else { return }
        var y = p.detail.y
        if let item = m.selectedItem, m.pane == .items {
            grid.put(FormTOML.encodeItem(item), x: rect.x + 1, y: y, Style(.dim), limit: rect.maxX)
        }
        y += 1
        if let problem = m.previewProblem {
            grid.put(problem, x: rect.x + 1, y: y, Style(.bad), limit: rect.maxX)
        } else if let pv = m.preview {
            var line = "what-if over \(pv.calls) calls: \(pv.changedCount) would change · failing \(pv.failingBefore) → \(pv.failingAfter)"
            if let b = pv.meanBefore, let a = pv.meanAfter { line += String(format: " · average %.1f → %.1f", b, a) }
            grid.put(line, x: rect.x + 1, y: y, Style(.warn), limit: rect.maxX)
        } else if previewing {
            grid.put("what-if: computing…", x: rect.x + 1, y: y, Style(.dim), limit: rect.maxX)
        }
    }
}
