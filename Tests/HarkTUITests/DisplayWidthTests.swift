@testable import HarkTUI
import Testing

@Suite struct DisplayWidthTests {
    @Test func chineseTakesTwoColumnsLatinOne() {
        #expect(DisplayWidth.of("投诉") == 4)
        #expect(DisplayWidth.of("OK") == 2)
        #expect(DisplayWidth.of("王芳 Alice") == 10)
        #expect(DisplayWidth.of("，") == 2)          // fullwidth punctuation
        #expect(DisplayWidth.of("e\u{301}") == 1)    // combining accent adds nothing
    }

    @Test func truncationAndPaddingAreByDisplayWidth() {
        #expect(DisplayWidth.truncate("王芳芳", to: 5) == "王芳…")
        #expect(DisplayWidth.of(DisplayWidth.truncate("王芳芳", to: 5)) == 5)
        #expect(DisplayWidth.truncate("王芳芳", to: 4) == "王…")     // never half a character
        #expect(DisplayWidth.fit("张伟", to: 6) == "张伟  ")
        #expect(DisplayWidth.fit("张伟", to: 6, alignRight: true) == "  张伟")
        #expect(DisplayWidth.of(DisplayWidth.fit("客服中心很好", to: 7)) == 7)
    }

    @Test func gridKeepsWideCharactersWholeAtEdgesAndOverwrites() {
        var g = CellGrid(width: 5, height: 1)
        let end = g.put("中文字", x: 0, y: 0)
        #expect(end == 5)
        #expect(g.row(0) == "中文 ")        // the third character would straddle the edge: a space instead
        #expect(g[1, 0].continuation)
        // Writing over the right half of 文 blanks its left half too.
        g.put("x", x: 3, y: 0)
        #expect(g.row(0) == "中 x ")
        #expect(!g[2, 0].continuation)
    }

    @Test func gridColumnLookupCountsWideCharactersTwice() {
        var g = CellGrid(width: 20, height: 1)
        g.put("王芳 hello", x: 0, y: 0)
        #expect(g.column(of: "hello", inRow: 0) == 5)
    }
}

@Suite struct TextWrapTests {
    @Test func chineseWrapsByDisplayWidthAnywhere() {
        let lines = TextWrap.wrap("我要投诉你们的服务太糟糕了", width: 10)
        #expect(lines == ["我要投诉你", "们的服务太", "糟糕了"])
        #expect(lines.allSatisfy { DisplayWidth.of($0) <= 10 })
    }

    @Test func latinBreaksAtSpacesAndSplitsOverlongWords() {
        #expect(TextWrap.wrap("OK thanks, that solved it.", width: 12) == ["OK thanks,", "that solved", "it."])
        #expect(TextWrap.wrap("supercalifragilistic", width: 8) == ["supercal", "ifragili", "stic"])
    }

    @Test func mixedScriptNeverExceedsWidthAndKeepsStyles() {
        let spans = [Span("退款 refund ", Style(.category("business"))), Span("已经处理好了 done", Style(.speaker(.agent)))]
        for width in 3...20 {
            let lines = TextWrap.wrap(spans, width: width)
            #expect(lines.allSatisfy { line in line.reduce(0) { $0 + DisplayWidth.of($1.text) } <= width })
            let text = lines.flatMap { $0 }.map(\.text).joined()
            #expect(text.replacingOccurrences(of: " ", with: "") == "退款refund已经处理好了done")
        }
        let first = TextWrap.wrap(spans, width: 40)[0]
        #expect(first[0].style == Style(.category("business")))
        #expect(first.last?.style == Style(.speaker(.agent)))
    }

    @Test func highlighterMarksEveryOccurrenceCaseInsensitively() {
        let spans = Highlighter.spans("Refund? 退款, REFUND!", base: .plain, needles: [("refund", Style(.searchHit))])
        #expect(spans.filter { $0.style == Style(.searchHit) }.map(\.text) == ["Refund", "REFUND"])
    }
}
