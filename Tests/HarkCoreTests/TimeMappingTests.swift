import HarkCore
import Testing

@Suite struct TimeMappingTests {
    @Test func hitsMapThroughTokenTimes() {
        let tokens = [TimedToken(text: "我", start: 10.0), TimedToken(text: "要", start: 10.3),
                      TimedToken(text: "投诉", start: 10.6), TimedToken(text: "你们", start: 11.5)]
        let u = Fixture.customer(10, 12, "我要投诉你们", tokens: tokens)
        let hit = try! #require(Fixture.analyze([u]).markers(.keyword).first)
        #expect(hit.matchedText == "要投诉")
        #expect(hit.start == 10.3 && hit.end == 11.5)
    }

    @Test func englishTokensWithSpaces() {
        let words = ["i", " want", " a", " refund", " today"]
        let tokens = words.enumerated().map { TimedToken(text: $0.element, start: 5 + Double($0.offset)) }
        let u = Fixture.customer(5, 10, words.joined(), tokens: tokens)
        let hit = try! #require(Fixture.analyze([u]).markers(.keyword).first { $0.category == "退款" })
        #expect(hit.start == 8 && hit.end == 9)
    }

    @Test func withoutTokensTheHitIsPlacedProportionally() {
        let u = Fixture.customer(0, 10, "一二三四五六七八九投诉") // 11 characters over 10 s
        let hit = try! #require(Fixture.analyze([u]).markers(.keyword).first)
        #expect(abs(hit.start - 90.0 / 11) < 1e-9 && abs(hit.end - 10) < 1e-9)
    }

    @Test func clockTimes() {
        #expect(Format.duration(192.9) == "3:12")
        #expect(Format.duration(3723) == "1:02:03")
    }
}
