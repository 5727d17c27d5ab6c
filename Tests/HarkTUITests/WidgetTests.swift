import HarkCore
@testable import HarkTUI
import Testing

@Suite struct WidgetTests {
    @Test func tableColumnsStayAlignedWithChineseNames() {
        let table = TableWidget(columns: [Column("Agent", width: 8), Column("Customer", width: 8), Column("Score", width: 5, alignRight: true)])
        let rows = [["王芳", "李先生", "58"], ["Alice Smith", "Bob", "91"], ["欧阳娜娜娜娜", "陈", "7"]]
        var g = CellGrid(width: 30, height: 4)
        table.render(into: &g, rect: g.bounds, rowCount: rows.count, top: 0, selected: nil) { i in rows[i].map { [Span($0)] } }
        // Every row's second column starts at column 9, and the score ends at column 23.
        #expect(g.column(of: "李先生", inRow: 1) == 9)
        #expect(g.column(of: "Bob", inRow: 2) == 9)
        #expect(g.column(of: "陈", inRow: 3) == 9)
        #expect(g.row(2).contains("Alice S…"))
        #expect(g.row(3).contains("欧阳娜…"))
        for y in 1...3 { #expect(g.column(of: rows[y - 1][2], inRow: y)! + rows[y - 1][2].count == 23) }
    }

    @Test func tableDropsTrailingColumnsWhenNarrow() {
        let t = TableWidget(columns: [Column("A", width: 10), Column("B", width: 10), Column("C", width: 10)])
        #expect(t.layout(width: 21) == [10, 10, 0])
        #expect(t.layout(width: 40) == [10, 10, 10])
    }

    @Test func theListCursorScrollsAsLittleAsPossibleToKeepTheSelectionVisible() {
        var c = ListCursor(count: 100)
        c.select(25)
        c.layout(visibleRows: 10)
        #expect(c.top == 16)
        c.select(3)
        c.layout(visibleRows: 10)
        #expect(c.top == 3)
        c.select(5)
        c.layout(visibleRows: 10)
        c.select(7)
        c.layout(visibleRows: 10)
        #expect(c.top == 3)
        c.move(.pageDown)
        #expect(c.selected == 17)
    }

    @Test func timelinePutsTicksInPlaceAndNegativeWinsSharedColumn() {
        let ticks = [TimelineWidget.Tick(at: 10, style: Style(.marker(.keyword, .neutral)), weight: 0),
                     TimelineWidget.Tick(at: 10.1, style: Style(.marker(.keyword, .negative)), weight: 5),
                     TimelineWidget.Tick(at: 90, style: Style(.marker(.silence, .neutral)), weight: 1)]
        var g = CellGrid(width: 100, height: 1)
        TimelineWidget(duration: 100, ticks: ticks, playhead: 50).render(into: &g, x: 0, y: 0, width: 100)
        #expect(g[10, 0].style == Style(.marker(.keyword, .negative)))
        #expect(g[90, 0].style == Style(.marker(.silence, .neutral)))
        #expect(g[50, 0].style.role == .playhead)
        #expect(g[49, 0].character == "─")
    }

    @Test func barsUseEighthBlocks() {
        #expect(Bars.bar(0.5, width: 4) == "██  ")
        #expect(Bars.bar(0.5625, width: 4) == "██▎ ")
        #expect(Bars.bar(1, width: 3) == "███")
        #expect(Bars.progress(0.42, width: 17) == "[████▎     ]  42%")
        #expect(Bars.sparkline([0, 1, 2, 4, 8]) == " ▁▂▄█")
    }

    @Test func promptAcceptsChineseAndEditsByCharacter() {
        var p = Prompt(title: "Search")
        for c in "投诉ab" { _ = p.handle(.character(c)) }
        _ = p.handle(.backspace)
        _ = p.handle(.left)
        _ = p.handle(.backspace)
        #expect(p.value == "投a")
        _ = p.handle(.end)
        #expect(p.handle(.enter) == .submitted("投a"))
        var g = CellGrid(width: 60, height: 10)
        p.render(into: &g, area: g.bounds)
        #expect(g.rowIndex(containing: "投a") != nil)
    }

    @Test func promptScrollsLongWideInputToKeepTheCursorVisible() {
        var p = Prompt(title: "S", text: String(repeating: "中", count: 40))
        var g = CellGrid(width: 30, height: 5)
        let cursor = p.render(into: &g, area: g.bounds)
        #expect(cursor.x < 30)
        _ = p.handle(.home)
        let atStart = p.render(into: &g, area: g.bounds)
        #expect(atStart.x == 1)
    }

    @Test func noScreenBindsAKeyTwiceOrHidesAGlobalKey() throws {
        let (desk, _) = try Fixture.desk()
        #expect(desk.keyConflicts() == [])
        #expect(desk.controllers.count == 7)
        #expect(Set(desk.controllers.map(\.id)).count == 7, "two screens share an id")
    }

    @Test func aScreenKeyThatHidesAGlobalKeyIsReported() throws {
        let (desk, _) = try Fixture.desk()
        let rogue = RogueScreen()
        let problems = desk.keyConflicts(in: [rogue])
        #expect(problems.contains { $0.contains("t (\"steal the theme key\") hides a global key") })
        #expect(problems.contains { $0.contains("x is bound to \"one\" and \"two\"") })
        #expect(!problems.contains { $0.contains("←") })   // movement keys may be taken (Review's ← seeks)
    }

    @Test func vimKeysAndArrowsMoveTheSameAndHelpIsEverywhere() throws {
        let (desk, _) = try Fixture.desk()
        desk.handle(.character("j"))
        let afterJ = desk.calls.selected
        desk.handle(.up)
        desk.handle(.down)
        #expect(desk.calls.selected == afterJ && afterJ == 1)
        for n in 1...6 {
            desk.handle(.character(Character(String(n))))
            desk.handle(.character("?"))
            #expect(Fixture.frame(desk).text.contains("— keys"))
            desk.handle(.character("?"))
        }
    }

    @Test func keyDecodingMapsControlCharacters() {
        #expect(Terminal.decodeCharacter(13) == .enter)
        #expect(Terminal.decodeCharacter(127) == .backspace)
        #expect(Terminal.decodeCharacter(27) == .escape)
        #expect(Terminal.decodeCharacter(2) == .control("b"))
        #expect(Terminal.decodeCharacter(0x6295) == .character("投"))
    }
}

/// A screen that gets its keys wrong, for the conflict check.
final class RogueScreen: ScreenController {
    let id = ScreenID("rogue")
    let title = "Rogue"
    var bindings: [Binding] {
        [Binding(.character("t"), help: "steal the theme key") { .none }, Binding(.character("x"), help: "one") { .none },
         Binding(.character("x"), help: "two") { .none }, Binding(.left, help: "seek") { .none }]
    }
    func layout(_ rect: Rect) {}
    func render(into grid: inout CellGrid, rect: Rect) {}
}
