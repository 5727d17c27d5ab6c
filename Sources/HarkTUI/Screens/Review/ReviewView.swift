import HarkCore

/// Draws the Review screen: header, timeline with marker ticks and playhead, the transcript
/// (speaker colours, language gutter, keyword hits in category colours, gaps) and the evidence panel.
enum ReviewView {
    /// What the transport line shows; read from the player by the app each frame.
    public struct Transport: Sendable, Hashable {
        public var playing: Bool
        public var speed: Double
        public var solo: SoloMode
        public var muteReason: String?
        public init(playing: Bool = false, speed: Double = 1, solo: SoloMode = .both, muteReason: String? = nil) {
            self.playing = playing; self.speed = speed; self.solo = solo; self.muteReason = muteReason
        }
    }

    /// Columns before the transcript text: playhead mark, language tag, time, speaker.
    static let prefixWidth = 14

    /// The evidence panel's width for a screen `width` wide (hidden when narrow, unless focused).
    static func panelWidth(_ width: Int, pane: ReviewPane) -> Int {
        if width >= 90 { return min(44, width / 3) }
        return pane == .evidence ? width : 0
    }

    /// The transcript's and the evidence panel's rects in the screen's `rect`.
    static func panes(_ rect: Rect, pane: ReviewPane) -> (transcript: Rect, evidence: Rect) {
        let body = Rect(x: rect.x, y: rect.y + 3, width: rect.width, height: max(0, rect.height - 3))
        return body.splitRight(panelWidth(body.width, pane: pane))
    }

    /// Scrolls the transcript so the cursor's item is fully visible and the evidence so its cursor is.
    static func layout(_ model: inout ReviewModel, rect: Rect) {
        guard rect.height >= 3 else { return }
        let (left, right) = panes(rect, pane: model.pane)
        scroll(&model, height: left.height, textWidth: left.width - prefixWidth)
        model.evidenceList.layout(visibleRows: max(1, right.height - 2))
    }

    static func render(_ model: ReviewModel, transport: Transport, into grid: inout CellGrid, rect: Rect) {
        guard rect.height >= 3 else { return }
        let call = model.data.call
        let score = model.data.analysis?.score
        // Header.
        var header: [Span] = (call.status == .live ? [Span(" LIVE ", Style(.status(.live))), Span(" ")] : [])
            + [Span("#\(call.id) ", Style(.title)),
                              Span(call.metadata.agent ?? "—", Style(.speaker(.agent))), Span(" → "),
                              Span(call.metadata.customer ?? "—", Style(.speaker(.customer))),
                              Span(" · \(Format.shortDate(call.metadata.startedAt ?? call.importedAt)) · \(Format.duration(call.duration))")]
        if let form = model.data.analysis?.form {
            header += [Span(" · \(form.form) "), form.score.map(Format.score) ?? Span("–", Style(.dim))]
            header.append(form.passed ? Span(" pass", Style(.good)) : Span(" FAIL", Style(.bad, .bold)))
        }
        if let score {
            header += [Span(model.data.analysis?.form == nil ? " · score " : " · experience "), Format.score(score.value),
                       Span(" "), Format.trend(score.trend), Span(" \(score.trend.rawValue)")]
            if score.risk { header.append(Span(" · RISK", Style(.bad, .bold))) }
            if score.resolved { header.append(Span(" · FCR", Style(.good))) }
        } else {
            header.append(Span(" · \(call.status.rawValue)", Style(.status(call.status))))
        }
        if let roles = call.roles { header.append(Span(" · \(roles.label)", Style(roles.confidence < 0.75 && !roles.swapped ? .warn : .dim))) }
        grid.put(header, x: rect.x, y: rect.y, limit: rect.maxX)

        // Timeline with ticks, then the transport line.
        let ticks = model.markers.map { m in
            TimelineWidget.Tick(at: m.start, style: markerStyle(m, colors: model.data.categoryColors),
                                glyph: m.polarity == .negative ? "┃" : "│",
                                weight: m.severity.rawValue * 3 + (m.polarity == .negative ? 2 : m.polarity == .positive ? 1 : 0))
        }
        TimelineWidget(duration: max(call.duration, 0.001), ticks: ticks, playhead: model.position)
            .render(into: &grid, x: rect.x, y: rect.y + 1, width: rect.width)
        var t = "\(transport.playing ? "▶" : "⏸") \(Format.duration(model.position)) / \(Format.duration(call.duration))"
        t += " · \(transport.speed == 1 ? "1" : String(transport.speed))× · solo \(transport.solo.rawValue)"
        if let why = transport.muteReason { t += " · \(why)" }
        if !model.follow { t += " · cursor free (Enter seeks)" }
        grid.put(DisplayWidth.truncate(t, to: rect.width), x: rect.x, y: rect.y + 2, Style(.dim))

        let (left, right) = panes(rect, pane: model.pane)
        if left.width > prefixWidth + 4 { renderTranscript(model, into: &grid, rect: left) }
        if right.width > 10 { renderEvidence(model, into: &grid, rect: right) }
    }

    static func markerStyle(_ m: Marker, colors: [String: String]) -> Style {
        if m.kind == .keyword, let c = colors[m.category] { return Style(.category(c)) }
        return Style(.marker(m.kind, m.polarity))
    }

    /// The visual lines of item `i` at `width` (text part only, continuation lines included).
    static func lines(of i: Int, _ model: ReviewModel, textWidth: Int) -> [[Span]] {
        switch model.items[i] {
        case let .gap(s, e, label, style):
            return [[Span("┄┄ \(String(format: "%.1f", e - s)) s \(label) ┄┄", style)]]
        case let .utterance(u):
            return TextWrap.wrap(utteranceSpans(u, model), width: textWidth)
        }
    }

    /// The utterance text with keyword hits in their category colour, the word under the playhead
    /// underlined (when token times exist) and emotion/event tags after it.
    static func utteranceSpans(_ u: Int, _ model: ReviewModel) -> [Span] {
        let utt = model.data.utterances[u]
        let base = Style(.speaker(utt.speaker))
        let hits = model.markers.filter { $0.utteranceIndex == u && $0.kind == .keyword && !$0.matchedText.isEmpty }
        let needles = hits.map { m in
            (m.heard ?? m.matchedText, m.negated ? Style(.dim, .underline) : markerStyle(m, colors: model.data.categoryColors).with(.bold))
        }
        var spans = Highlighter.spans(utt.text, base: base, needles: needles)
        if model.currentUtterance == u, !utt.tokens.isEmpty,
           let k = utt.tokens.lastIndex(where: { $0.start <= model.position }) {
            let from = utt.tokens[..<k].reduce(0) { $0 + $1.text.count }
            spans = restyle(spans, from: from, count: utt.tokens[k].text.count) { $0.with(.underline) }
        }
        if let e = utt.emotion, e.uppercased() != "NEUTRAL" {
            let neg = ["ANGRY", "SAD", "FEARFUL", "DISGUSTED"].contains(e.uppercased())
            spans.append(Span(" [\(e.lowercased())]", Style(.marker(.emotion, neg ? .negative : .positive))))
        }
        if let ev = utt.event, !ev.isEmpty, ev.lowercased() != "speech" { spans.append(Span(" (\(ev.lowercased()))", Style(.dim))) }
        return spans
    }

    static func restyle(_ spans: [Span], from: Int, count: Int, _ f: (Style) -> Style) -> [Span] {
        var out: [Span] = []
        var i = 0
        for s in spans {
            for c in s.text {
                let st = (i >= from && i < from + count) ? f(s.style) : s.style
                if let last = out.last, last.style == st { out[out.count - 1].text.append(c) } else { out.append(Span(String(c), st)) }
                i += 1
            }
        }
        return out
    }

    /// Keeps the cursor item fully visible, scrolling as little as possible.
    static func scroll(_ model: inout ReviewModel, height: Int, textWidth: Int) {
        guard !model.items.isEmpty, textWidth > 0 else { model.lines.show(from: 0, page: height); return }
        let cursor = model.lines.selected
        var top = min(model.lines.top, cursor)
        var used = 0
        for i in top...cursor { used += lines(of: i, model, textWidth: textWidth).count }
        while used > height && top < cursor {
            used -= lines(of: top, model, textWidth: textWidth).count
            top += 1
        }
        model.lines.show(from: top, page: height)
    }

    static func renderTranscript(_ model: ReviewModel, into grid: inout CellGrid, rect: Rect) {
        let textWidth = rect.width - prefixWidth
        if model.items.isEmpty {
            let msg = model.data.call.status == .done ? "No speech found in this call." : "Not transcribed yet (\(model.data.call.status.rawValue))."
            grid.put(msg, x: rect.x + 1, y: rect.y, Style(.dim))
            return
        }
        let current = model.currentItem
        var y = rect.y
        var i = model.lines.top
        while y < rect.maxY && i < model.items.count {
            let itemLines = lines(of: i, model, textWidth: textWidth)
            for (n, line) in itemLines.enumerated() where y < rect.maxY {
                grid.fill(Rect(x: rect.x, y: y, width: rect.width, height: 1))
                if n == 0 { prefix(i, model, current: current, into: &grid, x: rect.x, y: y) }
                grid.put(line, x: rect.x + prefixWidth, y: y, limit: rect.maxX)
                if i == model.lines.selected && (!model.follow || model.pane == .evidence) {
                    // A free cursor is marked in the gutter so the playhead highlight stays distinct.
                    grid.put("›", x: rect.x + 1, y: y, Style(.selection))
                }
                y += 1
            }
            i += 1
        }
    }

    static func prefix(_ i: Int, _ model: ReviewModel, current: Int?, into grid: inout CellGrid, x: Int, y: Int) {
        if i == current { grid.put("▶", x: x, y: y, Style(.playhead)) }
        guard case let .utterance(u) = model.items[i] else { return }
        let utt = model.data.utterances[u]
        // A dialect marker on the utterance beats the recogniser's language code.
        let lang = model.markers.first { $0.kind == .language && $0.utteranceIndex == u }?.category ?? utt.language
        if let lang { grid.put(DisplayWidth.fit(Format.languageTag(lang), to: 2), x: x + 2, y: y, Style(.language(lang), .bold)) }
        grid.put(DisplayWidth.fit(Format.duration(utt.start), to: 6, alignRight: true), x: x + 4, y: y,
                 i == current ? Style(.playhead) : Style(.dim))
        grid.put(Format.speakerLabel(utt.speaker), x: x + 11, y: y, Style(.speaker(utt.speaker), .bold))
    }

    static func renderEvidence(_ model: ReviewModel, into grid: inout CellGrid, rect: Rect) {
        let inner = Box.draw(into: &grid, rect: rect, title: model.pane == .evidence ? "Evidence · form (Enter jumps)" : "Evidence · form (e)")
        guard inner.height > 0 else { return }
        let ev = model.evidence
        if ev.isEmpty { grid.put("no score yet", x: inner.x, y: inner.y, Style(.dim)); return }
        for r in 0..<inner.height {
            let i = model.evidenceList.top + r
            guard i < ev.count else { break }
            let y = inner.y + r
            let mark: Span, text: String
            switch ev[i] {
            case let .item(item):
                switch item.outcome {
                case .passed: mark = Span("  ✓  ", Style(.good))
                case .failed: mark = Span(item.critical ? " ✗!  " : "  ✗  ", Style(.bad, item.critical ? .bold : []))
                case .na: mark = Span(" n/a ", Style(.dim))
                }
                text = item.title + (item.outcome == .failed && item.at == nil ? " — never happened" : "")
            case let .point(e):
                mark = Span((e.points > 0 ? "+" : e.points < 0 ? "−" : " ") + String(format: "%4.1f", abs(e.points)),
                            Style(e.points < 0 ? .bad : .good))
                text = e.reason
            }
            var x = grid.put([mark], x: inner.x, y: y, limit: inner.maxX)
            let time = ev[i].at.map { DisplayWidth.fit(Format.duration($0), to: 5, alignRight: true) } ?? "    —"
            x = grid.put(" " + time + " ", x: x, y: y, Style(.dim), limit: inner.maxX)
            grid.put(text, x: x, y: y, Style(.text), limit: inner.maxX)
            if i == model.evidenceList.selected && model.pane == .evidence {
                grid.restyle(Rect(x: inner.x, y: y, width: inner.width, height: 1)) { Style(.selection, $0.attributes) }
            }
        }
    }
}
