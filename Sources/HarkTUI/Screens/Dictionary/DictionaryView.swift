import Foundation
import HarkCore

/// Draws the Dictionary editor: a summary line, categories (role, weight, colour swatch, term count, archive
/// hits) on the left, the selected category's terms (weight, hits, last hit) on the right, and the what-if
/// preview of the unsaved draft underneath.
enum DictionaryView {
    static let categoryColumns = [Column("Category", minWidth: 8), Column("Role", width: 10), Column("Wt", width: 4, alignRight: true),
                                  Column("", width: 2), Column("Terms", width: 5, alignRight: true),
                                  Column("Hits", width: 5, alignRight: true)]
    static let termColumns = [Column("Term", minWidth: 8), Column("Wt", width: 4, alignRight: true),
                              Column("Hits", width: 5, alignRight: true), Column("Last hit", width: 11)]

    /// Rows of the preview panel, border included.
    static let previewHeight = 8

    /// The categories' and terms' rects, and whether the preview fits under them.
    static func panes(_ rect: Rect) -> (categories: Rect, terms: Rect, showPreview: Bool) {
        let showPreview = rect.height >= previewHeight + 6
        let listsHeight = max(0, rect.height - 1 - (showPreview ? previewHeight : 0))
        let lists = Rect(x: rect.x, y: rect.y + 1, width: rect.width, height: listsHeight)
        let leftWidth = min(lists.width, max(34, min(50, lists.width / 2)))
        let (left, right) = lists.splitRight(lists.width - leftWidth)
        return (Rect(x: left.x, y: left.y, width: left.width - 1, height: left.height), right, showPreview)
    }

    static func layout(_ model: inout DictionaryEditorModel, rect: Rect) {
        let p = panes(rect)
        model.layout(categoryRows: max(1, p.categories.height - 1), termRows: max(1, p.terms.height - 1))
    }

    /// `keys` is the screen's key hints, from its bindings, shown while there is no draft to preview.
    static func render(_ model: DictionaryEditorModel, keys: String, into grid: inout CellGrid, rect: Rect) {
        guard rect.height >= 4 else { return }
        renderSummary(model, into: &grid, rect: rect)
        let (left, right, showPreview) = panes(rect)
        let lists = Rect(x: rect.x, y: rect.y + 1, width: rect.width, height: left.height)
        renderCategories(model, into: &grid, rect: left)
        grid.fill(Rect(x: left.maxX, y: left.y, width: 1, height: left.height), "│", Style(.border))
        if right.width >= 16 { renderTerms(model, into: &grid, rect: right) }
        if showPreview {
            renderPreview(model, keys: keys, into: &grid, rect: Rect(x: rect.x, y: lists.maxY, width: rect.width, height: previewHeight))
        }
    }

    static func renderSummary(_ m: DictionaryEditorModel, into grid: inout CellGrid, rect: Rect) {
        let termCount = m.draft.categories.reduce(0) { $0 + $1.terms.count }
        var spans = [Span("Dictionary v\(m.version)", Style(.title)),
                     Span(" · \(m.draft.categories.count) categories · \(termCount) terms")]
        if m.isDirty {
            let n = m.changes.count
            spans.append(Span(" · draft: \(n) change\(n == 1 ? "" : "s") (\(m.changes.last ?? "edited"))", Style(.warn)))
        } else {
            spans.append(Span(" · saved", Style(.dim)))
        }
        if let r = m.rescore, r.total > 0 {
            let text = r.finished ? " · rescored \(r.done)/\(r.total)" : " · rescoring \(r.done)/\(r.total)"
            spans.append(Span(text + (r.failed > 0 ? " (\(r.failed) failed)" : ""), Style(r.finished ? .good : .status(.transcribing))))
        }
        grid.put(spans, x: rect.x, y: rect.y, limit: rect.maxX)
    }

    static func renderCategories(_ m: DictionaryEditorModel, into grid: inout CellGrid, rect: Rect) {
        TableWidget(columns: categoryColumns).render(into: &grid, rect: rect, rowCount: m.draft.categories.count,
                                                     top: m.categoryList.top, selected: m.category,
                                                     focused: m.focus == .categories) { i in
            let c = m.draft.categories[i]
            let hits = m.hits(category: c.name)?.hits ?? 0
            return [[Span(c.name)], [Span(c.role.rawValue, Style(.category(c.color)))],
                    [Span(DictionaryEditorModel.format(c.weight))], [Span("██", Style(.category(c.color)))],
                    [Span("\(c.terms.count)")], [Span("\(hits)", hits > 0 ? Style(.text) : Style(.dim))]]
        }
        if m.draft.categories.isEmpty { grid.put("No categories — A adds one.", x: rect.x + 1, y: rect.y + 1, Style(.dim)) }
    }

    static func renderTerms(_ m: DictionaryEditorModel, into grid: inout CellGrid, rect: Rect) {
        guard let c = m.selectedCategory else { return }
        TableWidget(columns: termColumns).render(into: &grid, rect: rect, rowCount: c.terms.count, top: m.termList.top,
                                                 selected: m.term, focused: m.focus == .terms) { i in
            let t = c.terms[i]
            let h = m.hits(category: c.name, term: t.text)
            return [[Span(t.text, Style(.category(c.color)))], [Span(DictionaryEditorModel.format(t.weight))],
                    [Span("\(h?.hits ?? 0)", (h?.hits ?? 0) > 0 ? Style(.text) : Style(.dim))],
                    [Span(h?.lastHit.map { Format.shortDate($0) } ?? "—", Style(.dim))]]
        }
        if c.terms.isEmpty { grid.put("No terms — a adds one.", x: rect.x + 1, y: rect.y + 1, Style(.dim)) }
    }

    static func renderPreview(_ m: DictionaryEditorModel, keys: String, into grid: inout CellGrid, rect: Rect) {
        guard let p = m.preview else {
            let inner = Box.draw(into: &grid, rect: rect, title: "What-if preview")
            let text = m.isDirty ? "Computing the what-if over the archive…" : "No unsaved changes. " + keys
            for (i, line) in TextWrap.wrap(text, width: max(1, inner.width - 1)).prefix(inner.height).enumerated() {
                grid.put(line, x: inner.x + 1, y: inner.y + i, Style(.dim))
            }
            return
        }
        let took = m.previewPending ? " · updating…" : m.previewSeconds.map { String(format: " (%.2f s)", $0) } ?? ""
        let inner = Box.draw(into: &grid, rect: rect, title: "What-if: draft vs saved v\(m.version) over \(p.calls) calls\(took) · w saves")
        guard inner.height > 0 else { return }
        let sign = p.averageChange >= 0 ? "+" : "−"
        grid.put([Span("newly flagged \(p.newlyFlagged.count)", Style(p.newlyFlagged.isEmpty ? .dim : .bad)), Span(" · "),
                  Span("unflagged \(p.unflagged.count)", Style(p.unflagged.isEmpty ? .dim : .good)), Span(" · "),
                  Span(String(format: "average score %.1f → %.1f (%@%.1f)", p.averageBefore, p.averageAfter, sign,
                              abs(p.averageChange))),
                  Span(p.changes.count == 1 ? " · 1 call changes" : " · \(p.changes.count) calls change", Style(.dim))],
                 x: inner.x + 1, y: inner.y, limit: inner.maxX)
        for (i, c) in p.top(inner.height - 1).enumerated() {
            let call = m.calls[c.callID]
            let who = call.map { "\($0.metadata.agent ?? "—") → \($0.metadata.customer ?? "—")" } ?? ""
            var spans = [Span(String(format: "#%-5lld", c.callID)), Span(DisplayWidth.fit(who, to: 22) + " "),
                         Format.score(c.before), Span(" → "), Format.score(c.after),
                         Span(String(format: " (%@%.1f)", c.delta >= 0 ? "+" : "−", abs(c.delta)), Style(.dim))]
            if !c.riskBefore && c.riskAfter { spans.append(Span("  newly flagged", Style(.bad))) }
            if c.riskBefore && !c.riskAfter { spans.append(Span("  unflagged", Style(.good))) }
            grid.put(spans, x: inner.x + 1, y: inner.y + 1 + i, limit: inner.maxX)
        }
    }
}
