import Foundation
import HarkCore

/// Draws the Coaching screen: the agent picker and their calls ranked by coaching value, or, during a
/// walkthrough, the current flagged moment (explanation, transcript context, notes) beside the session summary.
enum CoachingView {
    static let agentColumns = [Column("Agent", minWidth: 8), Column("Calls", width: 5, alignRight: true),
                               Column("Avg", width: 4, alignRight: true), Column("Risk", width: 4, alignRight: true)]
    static let callColumns = [Column("", width: 1), Column("Call", width: 6, alignRight: true), Column("Started", width: 11),
                              Column("Customer", width: 10), Column("Score", width: 5, alignRight: true),
                              Column("Value", width: 5, alignRight: true), Column("Risk", width: 4), Column("Issues", minWidth: 8)]


    /// What the player line shows.
    public struct Transport: Sendable, Hashable {
        public var playing: Bool
        public var position: Double
        public var muteReason: String?
        public init(playing: Bool, position: Double, muteReason: String?) {
            self.playing = playing; self.position = position; self.muteReason = muteReason
        }
    }

    /// The agents' and the calls' rects of the picker.
    static func panes(_ rect: Rect) -> (agents: Rect, calls: Rect) {
        let body = Rect(x: rect.x, y: rect.y + 1, width: rect.width, height: max(0, rect.height - 1))
        let leftWidth = min(body.width, max(26, body.width / 4))
        let (left, right) = body.splitRight(body.width - leftWidth)
        return (Rect(x: left.x, y: left.y, width: left.width - 1, height: left.height), right)
    }

    static func layout(_ model: inout CoachingModel, rect: Rect) {
        let (agents, calls) = panes(rect)
        model.agentList.layout(visibleRows: max(1, agents.height - 1))
        model.callList.layout(visibleRows: max(1, calls.height - 1))
    }

    static func render(_ model: CoachingModel, transport: Transport?, into grid: inout CellGrid, rect: Rect) {
        guard rect.height >= 4 else { return }
        if let w = model.walkthrough {
            renderWalkthrough(w, transport: transport, into: &grid, rect: rect)
        } else {
            renderPicker(model, into: &grid, rect: rect)
        }
    }

    static func renderPicker(_ m: CoachingModel, into grid: inout CellGrid, rect: Rect) {
        var head = [Span("Coaching", Style(.title))]
        if let a = m.selectedAgent {
            head.append(Span(m.loadingCalls ? " · \(a.name): ranking calls…" : " · \(a.name): \(m.calls.count) calls ranked by coaching value"))
            if !m.marked.isEmpty { head.append(Span(" · \(m.marked.count) marked", Style(.warn))) }
        } else {
            head.append(Span(m.loadingAgents ? " · reading agents…" : " · no analysed calls yet", Style(.dim)))
        }
        grid.put(head, x: rect.x, y: rect.y, limit: rect.maxX)
        let (agentsRect, right) = panes(rect)
        grid.fill(Rect(x: agentsRect.maxX, y: agentsRect.y, width: 1, height: agentsRect.height), "│", Style(.border))
        TableWidget(columns: agentColumns).render(into: &grid, rect: agentsRect, rowCount: m.agents.count, top: m.agentList.top,
                                                  selected: m.agent, focused: m.focus == .agents) { i in
            let a = m.agents[i]
            return [[Span(a.name)], [Span("\(a.calls)")], [Format.score(a.averageScore)],
                    [Span("\(a.risky)", a.risky > 0 ? Style(.bad) : Style(.dim))]]
        }
        guard right.width >= 20 else { return }
        TableWidget(columns: callColumns).render(into: &grid, rect: right, rowCount: m.calls.count, top: m.callList.top,
                                                 selected: m.call, focused: m.focus == .calls) { i in
            let c = m.calls[i]
            return [[Span(m.marked.contains(c.call.id) ? "✓" : " ", Style(.warn))], [Span("#\(c.call.id)")],
                    [Span(Format.shortDate(c.call.metadata.startedAt ?? c.call.importedAt))],
                    [Span(c.call.metadata.customer ?? "—")], [Format.score(c.score)], [Span(String(format: "%.0f", c.value))],
                    [c.risk ? Span("risk", Style(.bad)) : Span("")],
                    [Span(c.issues.prefix(4).joined(separator: ", "), Style(.marker(.keyword, .negative)))]]
        }
        if m.calls.isEmpty, m.selectedAgent != nil {
            grid.put(m.loadingCalls ? "Ranking calls…" : "No analysed calls.", x: right.x + 1, y: right.y + 1, Style(.dim))
        }
    }

    static func renderWalkthrough(_ w: Walkthrough, transport: Transport?, into grid: inout CellGrid, rect: Rect) {
        var head = [Span("Walkthrough", Style(.title)), Span(" · \(w.agent) · \(w.items.count) call\(w.items.count == 1 ? "" : "s")")]
        if let m = w.current, let item = w.currentItem {
            head.append(Span(" · moment \(w.index + 1)/\(w.moments.count) · call #\(item.call.id) at \(Format.duration(m.marker.start))"))
        } else {
            head.append(Span(" · no flagged moments", Style(.dim)))
        }
        grid.put(head, x: rect.x, y: rect.y, limit: rect.maxX)
        if let t = transport {
            var line = "\(t.playing ? "▶" : "⏸") \(Format.duration(t.position))"
            if let item = w.currentItem { line += " / \(Format.duration(item.call.duration))" }
            if let why = t.muteReason { line += " · \(why)" }
            grid.put(DisplayWidth.truncate(line, to: rect.width), x: rect.x, y: rect.y + 1, Style(.dim))
        }
        let body = Rect(x: rect.x, y: rect.y + 2, width: rect.width, height: rect.height - 2)
        let summaryWidth = body.width >= 100 ? min(50, body.width * 2 / 5) : 0
        let (left, right) = body.splitRight(summaryWidth)
        renderMoment(w, into: &grid, rect: Rect(x: left.x, y: left.y, width: left.width - (summaryWidth > 0 ? 1 : 0), height: left.height))
        if summaryWidth > 0 { renderSummary(w, into: &grid, rect: right) }
    }

    static func renderMoment(_ w: Walkthrough, into grid: inout CellGrid, rect: Rect) {
        guard let m = w.current, let item = w.currentItem else {
            grid.put("These calls have no flagged moments. q goes back.", x: rect.x + 1, y: rect.y + 1, Style(.dim))
            return
        }
        var y = rect.y
        let style = Style(.marker(m.marker.kind, m.marker.polarity))
        let what = m.marker.kind == .keyword ? "\(m.marker.kind.rawValue) \(m.marker.category)" : m.marker.kind.rawValue
        y = put(wrapped: [Span("● \(what)", style.with(.bold)), Span(" (\(m.marker.severity)) — "), Span(m.marker.explanation)],
                into: &grid, x: rect.x, y: y, width: rect.width, maxY: rect.maxY)
        y += 1
        let (lines, focus) = w.context()
        for (i, u) in lines.enumerated() where y < rect.maxY {
            let isFocus = i == focus
            let prefix = "\(isFocus ? "▶" : " ") \(Format.duration(u.start)) \(Format.speakerLabel(u.speaker)) "
            let indent = DisplayWidth.of(prefix)
            grid.put(prefix, x: rect.x, y: y, Style(.speaker(u.speaker)), limit: rect.maxX)
            let needles: [(String, Style)] = isFocus && !m.marker.matchedText.isEmpty ? [(m.marker.matchedText, style.with(.underline))] : []
            // Wrapped lines hang under the text, so times and speakers stay a clean column.
            y = put(wrapped: Highlighter.spans(u.text, base: isFocus ? Style(.text, .bold) : Style(.dim), needles: needles),
                    into: &grid, x: rect.x + indent, y: y, width: rect.width - indent, maxY: rect.maxY)
        }
        y += 1
        guard y < rect.maxY else { return }
        grid.put("Notes on call #\(item.call.id) (e writes one at this moment)", x: rect.x, y: y, Style(.header))
        y += 1
        if item.notes.isEmpty { grid.put("none yet", x: rect.x + 2, y: y, Style(.dim)); return }
        for n in item.notes.sorted(by: { $0.at < $1.at }) where y < rect.maxY {
            y = put(wrapped: [Span("\(Format.duration(n.at)) ", Style(.dim)), Span("\(n.author): ", Style(.title)), Span(n.text)],
                    into: &grid, x: rect.x + 2, y: y, width: rect.width - 2, maxY: rect.maxY)
        }
    }

    static func renderSummary(_ w: Walkthrough, into grid: inout CellGrid, rect: Rect) {
        let inner = Box.draw(into: &grid, rect: rect, title: "Session summary · x exports")
        let report = w.report(author: "")
        var y = inner.y
        func section(_ title: String, _ topics: [CoachingReport.Topic], _ style: Style) {
            guard y < inner.maxY else { return }
            grid.put(title, x: inner.x, y: y, Style(.header)); y += 1
            if topics.isEmpty { grid.put("none", x: inner.x + 1, y: y, Style(.dim)); y += 1 }
            for t in topics.prefix(5) where y < inner.maxY {
                grid.put([Span("\(t.name) ", style), Span("\(t.count)× in \(t.calls) call\(t.calls == 1 ? "" : "s")", Style(.dim))],
                         x: inner.x + 1, y: y, limit: inner.maxX)
                y += 1
                if let e = t.examples.first, y < inner.maxY {
                    grid.put("#\(e.callID) \(Format.duration(e.marker.start)) \(Redactor.redact(e.context))", x: inner.x + 3, y: y,
                             Style(.dim), limit: inner.maxX)
                    y += 1
                }
            }
        }
        section("Strengths", report.strengths, Style(.good))
        section("Issues", report.issues, Style(.bad))
        guard y < inner.maxY else { return }
        grid.put("Agreed actions (notes)", x: inner.x, y: y, Style(.header)); y += 1
        if w.sessionNotes.isEmpty, y < inner.maxY { grid.put("none yet — e writes one", x: inner.x + 1, y: y, Style(.dim)) }
        for n in w.sessionNotes where y < inner.maxY {
            y = put(wrapped: [Span("☐ #\(n.callID) \(Format.duration(n.at)) "), Span(n.text)], into: &grid, x: inner.x + 1, y: y,
                    width: inner.width - 1, maxY: inner.maxY)
        }
    }

    /// Writes wrapped spans from row `y`; returns the row after the last written.
    static func put(wrapped spans: [Span], into grid: inout CellGrid, x: Int, y: Int, width: Int, maxY: Int) -> Int {
        var row = y
        for line in TextWrap.wrap(spans, width: max(1, width)) where row < maxY {
            grid.put(line, x: x, y: row, limit: x + width)
            row += 1
        }
        return row
    }
}
