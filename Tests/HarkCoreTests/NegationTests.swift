import HarkCore
import Testing

/// Keyword hits of one customer sentence: (category, term, negated).
private func hits(_ text: String) -> [(String, String, Bool)] {
    Fixture.analyze([Fixture.customer(0, 5, text)]).markers(.keyword).map { ($0.category, $0.matchedText, $0.negated) }
}

@Suite struct NegationTests {
    @Test func negatedComplaintIsNotCounted() {
        let h = hits("我没有不满意")
        #expect(h.count == 1)
        #expect(h[0].0 == "不满" && h[0].1 == "不满意" && h[0].2)
    }

    @Test func negationInsideATermNegatesNothing() {
        // 不满意 holds 不 and 满意: one negative hit, not a negated praise.
        #expect(hits("我很不满意").map(\.1) == ["不满意"])
        #expect(hits("我很不满意")[0].2 == false)
        // 不错 is praise, its 不 is part of it.
        #expect(hits("服务不错").map { "\($0.0)/\($0.2)" } == ["满意/false"])
    }

    @Test func negationWithinTheWindowCancelsPraise() {
        #expect(hits("我不是很满意").map { "\($0.1)/\($0.2)" } == ["满意/true"])
        #expect(hits("我不是要投诉").map { "\($0.1)/\($0.2)" } == ["要投诉/true"])
    }

    @Test func clauseBreakStopsNegation() {
        #expect(hits("不，我很满意").map(\.2) == [false])
    }

    /// 不然 (otherwise), 不管 (whatever), 不仅 (not only) contain 不 but deny nothing after them.
    @Test func wordsThatOnlyContainANegationDoNotNegate() {
        let h = hits("你们这服务太差了，我不管，今天必须给我退款，不然我就投诉你们")
        #expect(h.filter { $0.0 == "投诉" }.map(\.2) == [false], "\(h)")
        #expect(h.filter { $0.0 == "退款" }.map(\.2) == [false], "\(h)")
        #expect(hits("要不然我就投诉").map(\.2) == [false])
        #expect(hits("不仅很生气").map(\.2) == [false])
        #expect(hits("否则我投诉").map(\.2) == [false])
    }

    /// Recognised text often has no punctuation: a word that opens a new clause ends the negation's reach.
    @Test func aNewClauseEndsTheNegationWithoutPunctuation() {
        #expect(hits("我没说什么但是我要投诉").filter { $0.0 == "投诉" }.map(\.2) == [false])
        #expect(hits("it was not me but I want to complain").filter { $0.0 == "投诉" }.map(\.2) == [false])
        #expect(hits("我没有要投诉").map(\.2) == [true])
    }

    @Test func questionFormIsNotNegation() {
        #expect(hits("能不能快点").map { "\($0.1)/\($0.2)" } == ["快点/false"])
    }

    @Test func businessTopicsAreOnlyCancelledByNotWanting() {
        #expect(hits("不用了，我不要退款").map(\.2) == [true])
        #expect(hits("到现在都没有退款").map(\.2) == [false])
    }

    @Test func englishNegation() {
        // "not happy" is a negative term of its own; the praise "happy" inside it does not fire.
        #expect(hits("i am not happy").map { "\($0.0)/\($0.2)" } == ["不满/false"])
        #expect(hits("i'm not really satisfied").map { "\($0.1)/\($0.2)" } == ["satisfied/true"])
        #expect(hits("i am never angry").map { "\($0.1)/\($0.2)" } == ["angry/true"])
        #expect(hits("no. i am angry").map(\.2) == [false])
        // "know" is not "no".
        #expect(hits("i know you are angry").map(\.2) == [false])
    }

    @Test func traditionalTextNeedsNormalisingFirst() {
        // Analysis matches normalizedText; HarkText turns 投訴 into 投诉 (see HarkTextTests).
        let u = Utterance(speaker: .customer, channel: 1, start: 0, end: 2, text: "我要投訴", normalizedText: "我要投诉")
        #expect(Fixture.analyze([u]).markers(.keyword).map(\.category) == ["投诉"])
    }
}
