import HarkCore
@testable import HarkTUI
import Testing

@Suite struct ReviewTests {
    func render(_ model: inout ReviewModel, width: Int = 120, height: Int = 30,
                transport: ReviewScreen.Transport = .init()) -> CellGrid {
        var g = CellGrid(width: width, height: height)
        ReviewScreen.render(&model, transport: transport, into: &g, rect: g.bounds)
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
        var m = ReviewModel(data: Fixture.review())
        _ = m.apply(.nextMarker, player: player, page: 10)
        #expect(player.position == 3.5)          // the language marker at 3.5 s comes first
        let msg = m.apply(.nextMarker, player: player, page: 10)
        #expect(player.position == 3.9)
        #expect(msg?.contains("投诉") == true)
        _ = m.apply(.nextMarker, player: player, page: 10)
        #expect(player.position == 8)
        _ = m.apply(.previousMarker, player: player, page: 10)
        #expect(player.position == 3.9)
        _ = m.apply(.previousMarker, player: player, page: 10)
        #expect(player.position == 3.5)      // a second press goes further back
        _ = m.apply(.seekForward, player: player, page: 10)
        #expect(player.position == 8.5)
        _ = m.apply(.seekBack, player: player, page: 10)
        _ = m.apply(.seekBack, player: player, page: 10)
        #expect(player.position == 0)
        // Move the cursor down to the last line by hand, then Enter seeks there and follows again.
        _ = m.apply(.bottom, player: player, page: 10)
        #expect(!m.follow)
        _ = m.apply(.open, player: player, page: 10)
        #expect(player.position == 20)
        #expect(m.follow)
    }

    @Test func evidencePanelJumpsToTheSelectedEvidence() {
        let player = ClockPlayer(duration: 30, clock: { 0 })
        var m = ReviewModel(data: Fixture.review())
        _ = m.apply(.switchPane, player: player, page: 10)
        _ = m.apply(.down, player: player, page: 10)
        let reason = m.apply(.open, player: player, page: 10)
        #expect(reason == "7 s silence")
        #expect(player.position == 8)
        let g = render(&m)
        let y = g.rowIndex(containing: "7 s silence")!
        #expect(g.row(y).contains("−"))
    }

    @Test func playbackControlsReachThePlayer() {
        let clock = ManualClock()
        let player = ClockPlayer(duration: 30, clock: clock.read)
        var m = ReviewModel(data: Fixture.review())
        _ = m.apply(.playPause, player: player, page: 10)
        #expect(player.isPlaying)
        #expect(m.apply(.faster, player: player, page: 10) == "speed 1.25×")
        clock.advance(4)
        #expect(player.position == 5)
        #expect(m.apply(.solo, player: player, page: 10) == "solo: agent")
        #expect(player.solo == .agent)
        _ = m.apply(.playPause, player: player, page: 10)
        #expect(!player.isPlaying)
        let g = render(&m, transport: .init(playing: false, speed: 1.25, solo: .agent, muteReason: "muted: no audio device"))
        #expect(g.row(2).contains("1.25× · solo agent · muted: no audio device"))
    }
}
