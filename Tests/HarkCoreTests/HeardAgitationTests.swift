import HarkCore
import Testing

/// Agitation heard in the voice: higher and louder than the same speaker's calm turns, no keyword needed.
@Suite struct HeardAgitationTests {
    func customer(_ start: Double, _ text: String, pitch: Double, loudness: Double) -> Utterance {
        Utterance(speaker: .customer, channel: 1, start: start, end: start + 4, text: text, pitch: pitch,
                  loudness: loudness)
    }

    @Test func aTurnHigherAndLouderThanTheCallersCalmVoiceIsAngry() throws {
        let calls = [
            customer(0, "你好，我想问一下账单", pitch: 200, loudness: -24),
            customer(5, "是上个月的那一笔", pitch: 204, loudness: -23.5),
            customer(10, "你们怎么回事，到现在还没有处理", pitch: 240, loudness: -19),
            customer(15, "好的我知道了", pitch: 198, loudness: -24.5),
        ]
        let a = Analyzer(dictionary: .standard).analyze(calls, duration: 20)
        let angry = a.markers.filter { $0.kind == .emotion && $0.category == "angry" }
        #expect(angry.map(\.start) == [10], "\(angry.map(\.explanation))")
        let why = try #require(angry.first).explanation
        #expect(why.contains("+3.2") && why.contains("+5"), "\(why)")
    }

    /// A complaint word said a little louder and higher is anger, though neither alone would be.
    @Test func aComplaintWordInARaisedVoiceIsAnger() {
        let call = [
            customer(0, "你好，我想问一下账单", pitch: 200, loudness: -24),
            customer(5, "是上个月的那一笔", pitch: 202, loudness: -23.8),
            customer(10, "这个服务太差了", pitch: 218, loudness: -21.5),
            customer(15, "好的我知道了", pitch: 199, loudness: -24.2),
        ]
        let angry = Analyzer(dictionary: .standard).analyze(call, duration: 20).markers.filter { $0.kind == .emotion }
        #expect(angry.map(\.start) == [10], "\(angry.map(\.explanation))")
        var calm = call
        calm[2].pitch = 201
        calm[2].loudness = -24
        #expect(Analyzer(dictionary: .standard).analyze(calm, duration: 20).markers.filter { $0.kind == .emotion }.isEmpty)
    }

    @Test func aCalmCallHasNoAgitation() {
        let calm = (0..<5).map { customer(Double($0) * 5, "好的我明白了谢谢", pitch: 200 + Double($0), loudness: -24 + Double($0) * 0.3) }
        #expect(Analyzer(dictionary: .standard).analyze(calm, duration: 30).markers.filter { $0.kind == .emotion }.isEmpty)
    }

    /// Whisper tags garbled English turns with odd languages; the call shows only the centre's languages.
    @Test func languagesStayWithinTheCallsLanguages() {
        let us = [
            Utterance(speaker: .agent, channel: 0, start: 0, end: 3, text: "Good afternoon, how can I help you?", language: "en"),
            Utterance(speaker: .customer, channel: 1, start: 3.5, end: 9, text: "Aki, aki, I am not unhappy with your service", language: "la"),
            Utterance(speaker: .agent, channel: 0, start: 9.5, end: 12, text: "Sure, thank you for calling.", language: "en"),
            Utterance(speaker: .customer, channel: 1, start: 12.5, end: 13.2, text: "迎えに", language: "ja"),
        ]
        let langs = Set(Analyzer(dictionary: .standard).analyze(us, duration: 14).markers.filter { $0.kind == .language }.map(\.category))
        #expect(!langs.contains("la") && !langs.contains("ja"), "\(langs)")
    }
}
