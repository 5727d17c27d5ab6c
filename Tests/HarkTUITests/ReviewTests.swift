import HarkCore
@testable import HarkTUI
import Testing

/// The Review screen on its own: its controller with a given player, keys pressed through its bindings.
final class ReviewHarness {
    let screen: ReviewController
    init(_ data: ReviewData = Fixture.review(), player: PlaybackControlling? = nil) {
        let memory = MemoryData(rows: [], reviews: [data.call.id: data])
        screen = ReviewController(DeskContext(data: memory, makePlayer: { _ in player }, now: { Fixture.day }, reportsFolder: "."))
        _ = screen.open(data.call.id)
    }

    var model: ReviewModel { screen.model! }

    /// Presses `key` (a binding, else a movement key); returns the status-bar message it produced.
    @discardableResult
    func press(_ key: Key) -> String? {
        let effect: Effect
        if let b = screen.bindings.first(where: { $0.keys.contains(key) }) {
            effect = b.run()
        } else if let m = Desk.movementKeys.first(where: { $0.1.contains(key) })?.0 {
            effect = screen.move(m)
        } else {
            return nil
        }
        if case let .message(text) = effect { return text }
        return nil
    }

    func render(width: Int = 120, height: Int = 30) -> CellGrid {
        var g = CellGrid(width: width, height: height)
        screen.layout(g.bounds)
        screen.render(into: &g, rect: g.bounds)
        return g
    }
}

@Suite struct ReviewTests {
    func render(_ model: inout ReviewModel, width: Int = 120, height: Int = 30,
                transport: ReviewView.Transport = .init()) -> CellGrid {
        var g = CellGrid(width: width, height: height)
        ReviewView.layout(&model, rect: g.bounds)
        ReviewView.render(model, transport: transport, into: &g, rect: g.bounds)
        return g
    }

    /// Styles of the cells showing `text` in row `y`.
    func styles(_ g: CellGrid, _ text: String, row y: Int) -> [Style] {
        guard let x = g.column(of: text, inRow: y) else { return [] }
        return (x..<x + DisplayWidth.of(text)).map { g[$0, y].style }.enumerated().filter { $0.offset % 2 == 0 || text.allSatisfy(\.isASCII) }.map(\.element)
    }

    @Test func keywordHitsShowInTheirCategoryColour() {
        var m = ReviewModel(data: Fixture.review())
        let g = render(&m)
        let y = g.rowIndex(containing: "我要投诉")!
        #expect(styles(g, "投诉", row: y).allSatisfy { $0.role == .category("negative") && $0.attributes.contains(.bold) })
        #expect(styles(g, "服务", row: y).allSatisfy { $0.role == .speaker(.customer) })
        let y2 = g.rowIndex(containing: "退款")!
        #expect(styles(g, "退款", row: y2).allSatisfy { $0.role == .category("business") })
        // The timeline tick for the complaint is at its time: 3.9 s of 30 s across 120 columns.
        let tick = TimelineWidget.column(of: 3.9, duration: 30, width: 120)
        #expect(g[tick, 1].style.role == .category("negative"))
    }

    @Test func languageGutterSpeakerColoursAndGaps() {
        var m = ReviewModel(data: Fixture.review())
        let g = render(&m)
        let yue = g.rowIndex(containing: "我要投诉")!
        #expect(g.row(yue).hasPrefix("  粤"))
        #expect(g[2, yue].style.role == .language("yue"))
        #expect(g.row(g.rowIndex(containing: "OK thanks")!).hasPrefix("  EN"))
        #expect(g.row(yue).contains("CU"))
        #expect(g.row(yue).contains("[angry]"))
        // The 7 s pause between 8 s and 15 s is a gap line, labelled from the silence marker.
        let gap = g.rowIndex(containing: "silence")!
        #expect(gap > yue && gap < g.rowIndex(containing: "非常抱歉")!)
        #expect(g.row(gap).contains("7.0 s silence"))
        #expect(g.row(0).contains("王芳") && g.row(0).contains("score 58") && g.row(0).contains("RISK"))
    }

    @Test func theCurrentUtteranceAndWordFollowThePlayhead() {
        let clock = ManualClock()
        let player = ClockPlayer(duration: 30, clock: clock.read)
        var m = ReviewModel(data: Fixture.review())
        player.play()
        clock.advance(4)
        m.setPosition(player.position)
        var g = render(&m)
        #expect(g.row(g.rowIndex(containing: "我要投诉")!).hasPrefix("▶"))
        clock.advance(12.5)   // 16.5 s: inside "非常抱歉…", on the token "抱歉，"
        m.setPosition(player.position)
        g = render(&m)
        let y = g.rowIndex(containing: "非常抱歉")!
        #expect(g.row(y).hasPrefix("▶"))
        #expect(!g.row(g.rowIndex(containing: "我要投诉")!).hasPrefix("▶"))
        #expect(styles(g, "抱歉", row: y).allSatisfy { $0.attributes.contains(.underline) })
        #expect(styles(g, "非常", row: y).allSatisfy { !$0.attributes.contains(.underline) })
    }

    @Test func theTranscriptAutoScrollsToThePlayheadAt60x15() {
        var m = ReviewModel(data: Fixture.review(extraLines: 40))
        var g = render(&m, width: 60, height: 15)
        #expect(g.rowIndex(containing: "您好") != nil)
        m.setPosition(24 + 35 * 3 + 1)   // inside extra line 35
        g = render(&m, width: 60, height: 15)
        let y = g.rowIndex(containing: "第35句")
        #expect(y != nil)
        #expect(g.row(y!).hasPrefix("▶"))
        #expect(g.rowIndex(containing: "您好") == nil)
        for row in 0..<g.height { #expect(DisplayWidth.of(g.row(row)) <= 60) }
    }

    @Test func markersSeekingAndEnterOnALine() {
        let clock = ManualClock()
        let player = ClockPlayer(duration: 30, clock: clock.read)
        let r = ReviewHarness(player: player)
        r.press(.character("]"))
        #expect(player.position == 3.5)          // the language marker at 3.5 s comes first
        let msg = r.press(.character("]"))
        #expect(player.position == 3.9)
        #expect(msg?.contains("投诉") == true)
        r.press(.character("]"))
        #expect(player.position == 8)
        r.press(.character("["))
        #expect(player.position == 3.9)
        r.press(.character("["))
        #expect(player.position == 3.5)      // a second press goes further back
        r.press(.right)
        #expect(player.position == 8.5)
        r.press(.character("h"))
        r.press(.left)
        #expect(player.position == 0)
        // Move the cursor down to the last line by hand, then Enter seeks there and follows again.
        r.press(.character("G"))
        #expect(!r.model.follow)
        r.press(.enter)
        #expect(player.position == 20)
        #expect(r.model.follow)
    }

    @Test func evidencePanelJumpsToTheSelectedEvidence() {
        let player = ClockPlayer(duration: 30, clock: { 0 })
        let r = ReviewHarness(player: player)
        r.press(.character("e"))
        r.press(.character("j"))
        let reason = r.press(.enter)
        #expect(reason == "7 s silence")
        #expect(player.position == 8)
        let g = r.render()
        let y = g.rowIndex(containing: "7 s silence")!
        #expect(g.row(y).contains("−"))
    }

    @Test func playbackControlsReachThePlayer() {
        let clock = ManualClock()
        let player = ClockPlayer(duration: 30, clock: clock.read)
        let r = ReviewHarness(player: player)
        r.press(.character(" "))
        #expect(player.isPlaying)
        #expect(r.press(.character("+")) == "speed 1.25×")
        clock.advance(4)
        #expect(player.position == 5)
        #expect(r.press(.character("s")) == "solo: agent")
        #expect(player.solo == .agent)
        r.press(.character(" "))
        #expect(!player.isPlaying)
        var m = r.model
        let g = render(&m, transport: .init(playing: false, speed: 1.25, solo: .agent, muteReason: "muted: no audio device"))
        #expect(g.row(2).contains("1.25× · solo agent · muted: no audio device"))
    }
}
