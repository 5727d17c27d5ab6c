import Foundation
import HarkCore
@testable import HarkTUI
import Testing

@Suite struct CallsScreenTests {
    @Test func listShowsColumnsAlignedWithWideNames() throws {
        let (desk, _) = try Fixture.desk()
        let g = Fixture.frame(desk)
        let header = g.rowIndex(containing: "Customer")!
        let wang = g.rowIndex(containing: "李先生")!
        let alice = g.rowIndex(containing: "Alice Smith")!
        #expect(g.column(of: "李先生", inRow: wang) == g.column(of: "Bob", inRow: alice))
        #expect(g.column(of: "Customer", inRow: header) == g.column(of: "Bob", inRow: alice))
        #expect(g.row(g.rowIndex(containing: "张伟")!).contains("42%"))
        #expect(g.row(wang).contains("粤"))
        #expect(g.row(wang).contains("risk"))
        #expect(g.text.contains("4 of 4 calls"))
    }

    @Test func searchFiltersToMatchingCallsAndHighlightsHits() throws {
        let (desk, _) = try Fixture.desk()
        desk.handle(.character("/"))
        Fixture.type(desk, "投诉")
        var g = Fixture.frame(desk)
        #expect(g.text.contains("Search transcripts"))
        desk.handle(.enter)
        g = Fixture.frame(desk)
        #expect(g.text.contains("search \"投诉\": 2 calls"))
        #expect(g.rowIndex(containing: "张伟") == nil)
        let y = g.rowIndex(containing: "我要投诉")!
        let x = g.column(of: "投诉", inRow: y)!
        // In a non-selected row the hit is the search-hit colour; in the selected row it is reversed.
        #expect(g[x, y].style.role == .searchHit)
        desk.handle(.character("c"))
        #expect(Fixture.frame(desk).text.contains("4 of 4 calls"))
    }

    @Test func filterAndSortChangeTheList() throws {
        let (desk, _) = try Fixture.desk()
        desk.handle(.character("f"))
        Fixture.type(desk, "agent:王芳 score<70")
        desk.handle(.enter)
        var g = Fixture.frame(desk)
        #expect(g.text.contains("1 of 4 calls"))
        #expect(g.rowIndex(containing: "李先生") != nil)
        desk.handle(.character("f"))
        Fixture.keys(desk, "C-u")
        Fixture.type(desk, "colour:red")
        desk.handle(.enter)
        g = Fixture.frame(desk)
        #expect(g.row(39).contains("filter: unknown field \"colour\""))
        // The prompt stays open with the typed words, so the typo is fixed, not retyped.
        #expect(g.text.contains("colour:red") && g.text.contains("Filter calls"))
        desk.handle(.escape)
        desk.handle(.character("c"))
        desk.handle(.character("s"))   // time → agent
        desk.handle(.character("s"))   // → duration
        desk.handle(.character("s"))   // → score, highest first
        g = Fixture.frame(desk)
        let order = ["Alice Smith", "赵先生", "李先生"].map { g.rowIndex(containing: $0)! }
        #expect(order == order.sorted())
    }

    @Test func liveRefreshPicksUpFinishedCallsAndKeepsTheCursor() throws {
        let (desk, data) = try Fixture.desk()
        Fixture.keys(desk, "j", "j")
        let before = desk.calls.selectedRow?.id
        var rows = data.rows
        rows[2].call.status = .done
        rows[2].score = 88
        rows[2].progress = nil
        rows.append(CallRow(call: Fixture.call(5, agent: "新人", customer: "客户", minutesAfter: 500), score: 40))
        data.rows = rows
        data.bump()
        #expect(desk.tick())
        #expect(desk.calls.selectedRow?.id == before)
        let g = Fixture.frame(desk)
        #expect(g.text.contains("5 of 5 calls"))
        #expect(g.row(g.rowIndex(containing: "张伟")!).contains("done"))
    }

    @Test func thousandsOfCallsScrollWithTheCursorVisible() throws {
        let rows = (1...5000).map { i in
            CallRow(call: Fixture.call(CallID(i), agent: "坐席\(i % 37)", customer: "客户\(i)", minutesAfter: Double(i)), score: Double(i % 100))
        }
        let (desk, _) = try Fixture.desk(data: MemoryData(rows: rows))
        Fixture.settle(desk)
        for _ in 0..<30 { desk.handle(.pageDown) }
        desk.handle(.down)
        let g = Fixture.frame(desk)
        let selected = desk.calls.selectedRow!
        let y = g.rowIndex(containing: "客户\(selected.call.metadata.customer!.dropFirst(2)) ")!
        #expect(g[0, y].style.role == .selection)
        desk.handle(.end)
        #expect(Fixture.frame(desk).text.contains("客户1 "))
    }
}

@Suite struct LargeListTests {
    @Test func aLargeArchiveShowsItsNewestCallsFirstThenTheRest() throws {
        let rows = (1...3000).map { i in
            CallRow(call: Fixture.call(CallID(i), agent: "坐席\(i % 37)", customer: "客户\(i)", minutesAfter: Double(i)))
        }
        let (desk, _) = try Fixture.desk(data: MemoryData(rows: rows))
        // The first frame has the newest calls and says the rest are coming.
        #expect(desk.calls.rows.count == Desk.firstPage)
        var grid = CellGrid(width: 120, height: 40)
        desk.render(into: &grid)   // before the background load has come in
        let first = grid.text
        #expect(first.contains("客户3000 "))
        #expect(first.contains("\(Desk.firstPage) of \(Desk.firstPage)+ (loading the rest) calls"))
        Fixture.settle(desk)
        #expect(!desk.calls.partial)
        #expect(desk.calls.rows.count == 3000)
        #expect(Fixture.frame(desk).text.contains("3000 of 3000 calls"))
        desk.handle(.end)
        #expect(Fixture.frame(desk).text.contains("客户1 "), "the oldest call is reachable once everything is loaded")
    }
}

@Suite struct DeskTests {
    @Test func enterOpensReviewAndQGoesBack() throws {
        let (desk, _) = try Fixture.desk()
        #expect(desk.screen == .calls)
        Fixture.keys(desk, "G")            // oldest call (#1) is last when newest first
        desk.handle(.enter)
        #expect(desk.screen == .review)
        #expect(Fixture.frame(desk).text.contains("我要投诉"))
        desk.handle(.character("q"))
        #expect(desk.screen == .calls)
        // Nowhere back to from the first screen: q asks, a second q quits; another key in between cancels.
        desk.handle(.character("q"))
        #expect(!desk.wantsQuit)
        #expect(Fixture.frame(desk).text.contains("press q again to quit"))
        desk.handle(.character("j"))
        desk.handle(.escape)
        #expect(!desk.wantsQuit)
        desk.handle(.character("q"))
        #expect(desk.wantsQuit)
    }

    /// Workers that stopped on a full disk say so on the status line, and keep saying it after other keys.
    @Test func stoppedWorkersAreShownOnTheStatusLine() throws {
        let (desk, data) = try Fixture.desk()
        _ = desk.tick()
        #expect(!Fixture.frame(desk).text.contains("workers stopped"))
        data.problem = "/srv/calls.sqlite: cannot write the call store: the disk is full"
        #expect(desk.tick())
        #expect(Fixture.frame(desk).text.contains("workers stopped: /srv/calls.sqlite: cannot write"))
        desk.handle(.character("j"))
        _ = desk.tick()
        #expect(Fixture.frame(desk).text.contains("the disk is full"))
    }

    @Test func helpOverlayOnEveryScreenListsThatScreensKeys() throws {
        let (desk, _) = try Fixture.desk()
        let expected: [(ScreenID, String, String)] = [
            (.calls, "Calls", "cycle the sort column"), (.review, "Review", "play / pause"), (.queue, "Queue", "retry the failed job"),
            (.dashboard, "Dashboard", "list the agent's calls"), (.dictionary, "Dictionary", "add a term"),
            (.coaching, "Coaching", "mark / unmark the call"),
        ]
        for (n, (s, title, line)) in expected.enumerated() {
            desk.handle(.character(Character(String(n + 1))))
            #expect(desk.screen == s)
            desk.handle(.character("?"))
            let g = Fixture.frame(desk)
            #expect(g.text.contains("\(title) — keys"))
            #expect(g.text.contains(line))
            #expect(g.text.contains("next colour theme"))   // the global keys follow the screen's own
            desk.handle(.character("x"))   // any key closes
            #expect(!Fixture.frame(desk).text.contains("— keys"))
        }
    }

    @Test func tabCyclesScreensAndTCyclesThemes() throws {
        let (desk, _) = try Fixture.desk(theme: "light")
        #expect(desk.theme.name == "light")
        desk.handle(.character("t"))
        #expect(desk.theme.name == "mono")
        desk.handle(.character("t"))
        #expect(desk.theme.name == "default")
        var seen: [ScreenID] = []
        for _ in 0..<7 { desk.handle(.tab); seen.append(desk.screen) }
        #expect(seen == [.review, .queue, .dashboard, .dictionary, .coaching, .forms, .calls])
        desk.handle(.backTab)
        #expect(desk.screen == .forms)
        #expect(throws: DeskError.self) { _ = try Fixture.desk(theme: "neon") }
    }

    @Test func everyScreenRendersAt60x15AndBackAt120x40() throws {
        let (desk, _) = try Fixture.desk()
        desk.openReview(2)
        for s in 1...6 {
            desk.handle(.character(Character(String(s))))
            for (w, h) in [(120, 40), (60, 15), (120, 40)] {
                let g = Fixture.frame(desk, width: w, height: h)
                #expect(g.row(0).contains("1 Calls"), "\(s) at \(w)x\(h)")
                #expect(!g.row(h - 1).trimmingCharacters(in: .whitespaces).isEmpty, "\(s) at \(w)x\(h): no status bar")
                for y in 0..<h { #expect(DisplayWidth.of(g.row(y)) == w, "\(s) \(w)x\(h) row \(y) width") }
            }
        }
        desk.handle(.character("2"))
        let small = Fixture.frame(desk, width: 60, height: 15)
        #expect(small.text.contains("您好"))
    }

    @Test func reviewPlaysWithTheInjectedClockAndTheHighlightMoves() throws {
        let clock = ManualClock()
        let player = ClockPlayer(duration: 30, clock: clock.read)
        let (desk, _) = try Fixture.desk(player: player)
        desk.openReview(1)
        desk.handle(.character(" "))
        clock.advance(4)
        #expect(desk.tick())
        var g = Fixture.frame(desk)
        #expect(g.row(g.rowIndex(containing: "我要投诉")!).hasPrefix("▶"))
        clock.advance(12)
        g = Fixture.frame(desk)
        #expect(g.row(g.rowIndex(containing: "非常抱歉")!).hasPrefix("▶"))
        desk.handle(.character("]"))
        #expect(player.position == 17.5)
        #expect(Fixture.frame(desk).row(39).contains("Refund mentioned"))
    }
}

@Suite struct QueueAndDashboardTests {
    func job(_ id: Int64, _ state: JobState, progress: Double = 0, finishedMinutesAgo: Double? = nil, error: String? = nil) -> Job {
        Job(id: id, callID: id, kind: .transcribe, state: state, attempts: state == .failed ? 3 : 1, progress: progress,
            worker: state == .running ? "w1" : nil, heartbeat: nil, error: error, createdAt: Fixture.day,
            finishedAt: finishedMinutesAgo.map { Fixture.day.addingTimeInterval(-$0 * 60) })
    }

    @Test func throughputAndEtaFromRecentJobs() {
        var q = QueueModel()
        // 10 audio-minutes done over the last 5 minutes = 2 audio-min/min; 6 minutes remain → 3 min.
        q.setJobs([JobRow(job: job(1, .done, progress: 1, finishedMinutesAgo: 5), callLabel: "a", callDuration: 300),
                   JobRow(job: job(2, .done, progress: 1, finishedMinutesAgo: 1), callLabel: "b", callDuration: 300),
                   JobRow(job: job(3, .running, progress: 0.5), callLabel: "c", callDuration: 240),
                   JobRow(job: job(4, .queued), callLabel: "d", callDuration: 240),
                   JobRow(job: job(5, .done, progress: 1, finishedMinutesAgo: 60), callLabel: "old", callDuration: 6000)],
                  workers: 2, now: Fixture.day)
        #expect(abs(q.throughput - 2) < 1e-9)
        #expect(abs((q.eta ?? 0) - 180) < 1e-6)
        #expect(q.jobs.first?.job.id == 3)     // running first
    }

    @Test func queueScreenShowsProgressFailuresAndRetries() throws {
        let jobs = [JobRow(job: job(7, .running, progress: 0.5), callLabel: "王芳 → 李先生", callDuration: 60),
                    JobRow(job: job(8, .failed, error: "/calls/8.wav: not a RIFF file"), callLabel: "张伟", callDuration: 30)]
        let (desk, data) = try Fixture.desk(data: MemoryData(rows: Fixture.rows(), jobs: jobs))
        desk.handle(.character("3"))
        var g = Fixture.frame(desk)
        #expect(g.row(0).contains("3 Queue"))
        #expect(g.text.contains("running 1 · done 0 · failed 1"))
        #expect(g.row(g.rowIndex(containing: "王芳 → 李先生")!).contains("50%"))
        #expect(g.text.contains("/calls/8.wav: not a RIFF file"))
        desk.handle(.character("r"))
        #expect(data.retried.isEmpty)          // the running job cannot be retried
        desk.handle(.down)
        desk.handle(.character("r"))
        #expect(data.retried == [8])
        g = Fixture.frame(desk)
        #expect(g.row(39).contains("job 8 queued again"))
    }

    @Test func dashboardAggregatesByAgentAndHour() throws {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(identifier: "UTC")!
        let d = DashboardModel(rows: Fixture.rows(), calendar: cal)
        let wang = d.agents.first { $0.label == "王芳" }!
        #expect(wang.calls == 2)
        #expect(wang.averageScore == 65)
        #expect(wang.negativeRate == 0.5)
        #expect(wang.fcrRate == 0.5)
        #expect(wang.topCategories == ["退款", "投诉"])
        let startHour = cal.component(.hour, from: Fixture.day)
        #expect(d.hours[startHour].calls == 1)
        #expect(d.total.calls == 4 && d.total.scored == 3)
        let (desk, _) = try Fixture.desk()
        desk.handle(.character("4"))
        let g = Fixture.frame(desk)
        #expect(g.text.contains("4 calls · 3 scored"))
        #expect(g.rowIndex(containing: "By hour") != nil)
        #expect(g.row(g.rowIndex(containing: "王芳")!).contains("█"))
        // Drilling down on an agent whose name has a space lists exactly that agent's calls.
        let alice = try #require(desk.dashboard.agents.firstIndex { $0.label == "Alice Smith" })
        for _ in 0..<alice { desk.handle(.character("j")) }
        desk.handle(.enter)
        #expect(desk.screen == .calls)
        let list = Fixture.frame(desk)
        #expect(list.text.contains("1 of 4 calls"))
        #expect(list.text.contains("filter: agent:\"Alice Smith\""))
        let row = try #require(list.rowIndex(containing: "Bob"))
        #expect(list.row(row).contains("Alice Smith"))
        #expect(list.rowIndex(containing: "王芳") == nil)
    }
}

@Suite struct CallFilterDayTests {
    @Test func fromAndToPickTheSameLocalDaysAsTheCommandLine() throws {
        let f = try CallFilter(parsing: "from:2026-11-16 to:2026-11-16")
        let day = try #require(Format.parseDay("2026-11-16"))
        #expect(f.from == day.start && f.to == day.end)
        #expect(throws: DeskError.self) { _ = try CallFilter(parsing: "from:2026-02-30") }
        let quoted = try CallFilter(parsing: #"agent:"Emily Zhou" status:done"#)
        #expect(quoted.agent == "Emily Zhou" && quoted.status == .done)
        #expect(throws: DeskError.self) { _ = try CallFilter(parsing: #"agent:"Emily"#) }
    }
}

@Suite struct HourOfDayTests {
    @Test func theDashboardsHourMatchesTheCalendarAcrossADaylightSavingChange() throws {
        let zone = try #require(TimeZone(identifier: "America/New_York"))
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = zone
        var hour = HourOfDay(timeZone: zone)
        // Every 20 minutes over the March 2026 change (the 8th), and a date before 1970.
        let start = try #require(ISO8601DateFormatter().date(from: "2026-03-07T00:00:00Z"))
        for step in 0..<(3 * 72) {
            let d = start.addingTimeInterval(Double(step) * 1200)
            #expect(hour.of(d) == cal.component(.hour, from: d), "\(d)")
        }
        let old = Date(timeIntervalSince1970: -1_000_000)
        #expect(hour.of(old) == cal.component(.hour, from: old))
    }
}

@Suite struct CallOrderTests {
    /// Calls whose jobs move are moved within every known order; the list reads as if sorted afresh.
    @Test func movedCallsLandWhereAFreshSortPutsThem() throws {
        var g = SystemRandomNumberGenerator()
        let agents = ["王芳", "Alice Smith", "张伟", "Emily Zhou", "李娜"]
        func row(_ i: Int) -> CallRow {
            CallRow(call: Fixture.call(CallID(i), agent: agents[Int.random(in: 0..<5, using: &g)], customer: "c\(i)",
                                       duration: Double(Int.random(in: 10...600, using: &g)),
                                       status: [.done, .queued, .transcribing][Int.random(in: 0..<3, using: &g)],
                                       minutesAfter: Double(Int.random(in: 0...500, using: &g))),
                    score: Bool.random(using: &g) ? Double(Int.random(in: 0...100, using: &g)) : nil)
        }
        let rows = (1...500).map(row)
        var live = CallsModel()
        live.setRows(rows, orders: CallsModel.orders(of: rows))
        for _ in 0..<20 {
            // Some calls change (a score arrives, the status moves), some are new.
            let changed = (0..<15).map { _ in row(Int.random(in: 1...520, using: &g)) }
            live.update(changed)
            var fresh = CallsModel()
            fresh.setRows(live.rows)
            for _ in CallSortKey.allCases {
                #expect(live.visible.map { live.rows[$0].id } == fresh.visible.map { fresh.rows[$0].id }, "sorted by \(live.sort)")
                live.cycleSort()
                fresh.cycleSort()
            }
        }
    }
}
