import HarkCore
import Testing

/// Keyword hits of one customer sentence as (category, term, heard).
private func hits(_ text: String, settings: AnalysisSettings = .init()) -> [(String, String, String?)] {
    Fixture.analyze([Fixture.customer(0, 5, text)], settings: settings).markers(.keyword)
        .map { ($0.category, $0.matchedText, $0.heard) }
}

@Suite struct PhoneticMatchingTests {
    @Test func pinyinComesFromTheUnihanTable() {
        #expect(Pinyin.syllable(of: "退") == "tui")
        #expect(Pinyin.syllable(of: "推") == "tui")
        #expect(Pinyin.syllable(of: "绿") == "lv")
        #expect(Pinyin.syllable(of: "a") == nil)
        #expect(Pinyin.soundForm("退款").unicodeScalars.count == 2)
        #expect(Pinyin.soundForm("退款") == Pinyin.soundForm("推款"))
        #expect(Pinyin.soundForm("ok 退款").utf8.count == "ok 退款".utf8.count)
    }

    /// What Whisper wrote in the sample calls for terms it misheard: the marker stands for the term and
    /// keeps what was recognised.
    @Test func homophonesOfATermAreFoundAndKeepWhatWasHeard() {
        #expect(hits("我要推款").map { "\($0.0)/\($0.1)/\($0.2 ?? "")" } == ["退款/退款/推款"])
        #expect(hits("我想自循一下").map(\.1) == ["想咨询"])
        #expect(hits("几死了").map { "\($0.1)/\($0.2 ?? "")" } == ["急死了/几死了"])
    }

    @Test func termsAsWrittenAreNotMarkedAsHeard() {
        #expect(hits("我要退款").map { $0.2 == nil } == [true])
    }

    /// Two syllables sound alike by chance (我是王芳 / 失望): a two-character term heard by sound must keep
    /// one of its characters; single characters never match by sound.
    @Test func shortTermsNeedACharacterInCommon() {
        #expect(hits("我是王芳").isEmpty)
        #expect(hits("好的").filter { $0.2 != nil }.isEmpty)
    }

    @Test func aTermHeardBySoundCountsLessInTheScore() {
        let written = Fixture.analyze([Fixture.customer(0, 5, "我要投诉你们")]).score
        let heard = Fixture.analyze([Fixture.customer(0, 5, "我要头诉你们")]).score
        #expect(heard.value < 70 && written.value < heard.value, "written \(written.value), heard \(heard.value)")
        var off = AnalysisSettings()
        off.phoneticMatching = nil
        #expect(hits("我要推款", settings: off).isEmpty)
    }

    @Test func englishNumberWordsMatchDigits() {
        let a = Fixture.analyze([Fixture.agent(0, 4, "can you tell me the last 4 digits of your id")])
        #expect(a.markers(.keyword).contains { $0.category == "身份核验" })
    }
}
