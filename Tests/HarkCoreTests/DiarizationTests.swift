import Foundation
import HarkCore
import Testing

/// Telling two voices apart from window embeddings, cutting utterances where the voice changes, and finding the
/// agent. The embeddings here are made around fixed voice directions (the real encoder's are tested in
/// HarkSpeechTests); what is checked is the clustering, the turns and the roles a supervisor would see.
@Suite struct DiarizationTests {
    struct Voices {
        var state: UInt64 = 1
        mutating func noise() -> Float {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(Int64(bitPattern: state >> 11) % 2000) / 1000 - 1
        }
        mutating func voice(_ seed: Int) -> [Float] { unit((0..<64).map { i in Float(sin(Double(i * (seed + 3)))) }) }
        mutating func window(_ v: [Float], spread: Float = 0.35) -> [Float] { unit(v.map { $0 + spread * noise() / 8 }) }
        func unit(_ v: [Float]) -> [Float] {
            let n = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            return v.map { $0 / n }
        }
    }

    /// Windows of 1.6 s every 0.4 s over turns [(start, end, voice)].
    static func windows(_ turns: [(Double, Double, Int)], voices: inout Voices) -> [SpeakerWindow] {
        let a = voices.voice(1), b = voices.voice(7), c = voices.voice(13)
        var out: [SpeakerWindow] = []
        for (start, end, who) in turns {
            var t = start
            while t + 1.6 <= end + 0.01 {
                out.append(SpeakerWindow(start: t, end: t + 1.6, embedding: voices.window([a, b, c][who])))
                t += 0.4
            }
        }
        return out
    }

    @Test func twoVoicesMakeTurnsInTheOrderTheySpeak() {
        var v = Voices()
        let w = Self.windows([(0, 5, 1), (5.5, 12, 0), (12.5, 16, 1)], voices: &v)
        let d = SpeakerClustering.diarize(w)
        #expect(d.voices == 2 && d.note == nil)
        #expect(d.turns.map(\.speaker) == [0, 1, 0], "\(d.turns)")   // speaker 0 is whoever speaks first
        #expect(abs(d.turns[1].start - 5.5) < 0.5 && abs(d.turns[1].end - 12) < 0.5)
        #expect(d.speaker(at: 8) == 1 && d.speaker(at: 2) == 0 && d.speaker(at: 5.2) == nil)
    }

    @Test func oneVoiceIsOneSpeakerWithANote() {
        var v = Voices()
        let d = SpeakerClustering.diarize(Self.windows([(0, 6, 0), (7, 14, 0)], voices: &v))
        #expect(d.voices == 1 && d.turns.allSatisfy { $0.speaker == 0 })
        #expect(d.note?.contains("one voice") == true)
        #expect(SpeakerClustering.diarize([]).voices == 0)
    }

    @Test func aVoiceWhoseSoundChangesOnceIsStillOneVoice() {
        var v = Voices()
        let a = v.voice(1), drifted = v.unit(zip(v.voice(1), v.voice(7)).map { $0 + $1 })
        var windows: [SpeakerWindow] = []
        for k in 0..<40 { windows.append(SpeakerWindow(start: Double(k) * 0.5, end: Double(k) * 0.5 + 2, embedding: v.window(a))) }
        for k in 40..<80 { windows.append(SpeakerWindow(start: Double(k) * 0.5, end: Double(k) * 0.5 + 2, embedding: v.window(drifted))) }
        let d = SpeakerClustering.diarize(windows)
        #expect(d.voices == 1 && d.note?.contains("one voice") == true, "\(d.similarity) \(d.turns)")
        // The same two sounds taking turns are two people.
        var turns: [SpeakerWindow] = []
        for k in 0..<80 { turns.append(SpeakerWindow(start: Double(k) * 0.5, end: Double(k) * 0.5 + 2,
                                                     embedding: v.window((k / 10) % 2 == 0 ? a : drifted))) }
        #expect(SpeakerClustering.diarize(turns).voices == 2)
    }

    @Test func aThirdVoiceIsNotedAndGivenToTheNearerOne() {
        var v = Voices()
        let d = SpeakerClustering.diarize(Self.windows([(0, 8, 0), (8.5, 16, 1), (16.5, 24, 2)], voices: &v))
        #expect(d.voices == 3 && d.note?.contains("three voices") == true, "\(d)")
        #expect(Set(d.turns.map(\.speaker)).isSubset(of: [0, 1]))
    }

    @Test func anUtteranceHoldingBothVoicesIsCutAtTheChange() {
        let d = Diarization(turns: [.init(start: 0, end: 4.3, speaker: 0), .init(start: 4.3, end: 9, speaker: 1)],
                            voices: 2, similarity: 0.4)
        let tokens = ["您", "好", "请", "问", "有", "什", "么", "事", "我", "要", "退", "款"].enumerated().map {
            TimedToken(text: $0.element, start: 0.5 + Double($0.offset) * 0.6)
        }
        let u = Utterance(speaker: .mixed, channel: 0, start: 0.5, end: 7.8, text: tokens.map(\.text).joined(), tokens: tokens)
        let pieces = SpeakerSplit.split([u], by: d) { ($0, $0) }
        #expect(pieces.map(\.speaker) == [0, 1])
        #expect(pieces.map(\.utterance.text) == ["您好请问有什么", "事我要退款"])
        #expect(pieces[1].utterance.start == tokens[7].start && pieces[1].utterance.end == 7.8)
        // A single token heard in the other voice is not a turn of its own.
        let blip = Diarization(turns: [.init(start: 0, end: 2.6, speaker: 0), .init(start: 2.6, end: 3, speaker: 1),
                                       .init(start: 3, end: 9, speaker: 0)], voices: 2, similarity: 0.4)
        #expect(SpeakerSplit.split([u], by: blip) { ($0, $0) }.count == 1)
    }

    @Test func theAgentIsWhoGreetsIntroducesAndReadsThePhrases() {
        let analyzer = Analyzer(dictionary: .standard)
        let call = [
            Utterance(speaker: .mixed, channel: 0, start: 0, end: 2, text: "喂？"),
            Utterance(speaker: .mixed, channel: 0, start: 2.5, end: 6, text: "您好，这里是客服中心，我是王芳，请问有什么可以帮您？"),
            Utterance(speaker: .mixed, channel: 0, start: 6.5, end: 10, text: "我要投诉，你们多扣了我的钱。"),
            Utterance(speaker: .mixed, channel: 0, start: 10.5, end: 14, text: "非常抱歉，请提供一下身份证后四位，我帮您查一下。"),
        ]
        // Speaker 0 spoke first ("喂"), but speaker 1 greets, introduces herself and checks identity.
        let roles = RoleInference.infer(call, speakers: [0, 1, 0, 1], direction: "inbound", analyzer: analyzer)
        #expect(roles.agent == 1 && roles.confidence >= 0.9, "\(roles)")
        let unsure = RoleInference.infer([call[0], call[0]], speakers: [0, 1], direction: "inbound", analyzer: analyzer)
        #expect(unsure.agent == 0 && unsure.confidence < 0.7)   // only who spoke first: a guess, and it says so
    }
}
