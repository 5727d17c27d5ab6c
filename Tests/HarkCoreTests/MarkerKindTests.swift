import HarkCore
import Testing

@Suite struct MarkerKindTests {
    typealias F = Fixture

    @Test func keywordHitsCarrySpeakerTimePolarityAndSeverity() {
        let a = F.analyze([F.agent(0, 2, "您好"), F.customer(3, 7, "我要投诉你们，退款太慢了")])
        let k = a.markers(.keyword)
        let complaint = try! #require(k.first { $0.category == "投诉" })
        #expect(complaint.speaker == .customer && complaint.polarity == .negative && complaint.severity == .high)
        #expect(complaint.start >= 3 && complaint.end <= 7 && complaint.utteranceIndex == 1)
        #expect(k.contains { $0.category == "退款" && $0.polarity == .neutral })
        #expect(k.contains { $0.category == "焦急" && $0.matchedText == "太慢了" })
    }

    @Test func utterancesInAnyOrderGiveTheSameSortedMarkers() {
        let call = F.goodCall
        let a = F.analyze(call), b = F.analyze(call.reversed())
        #expect(a == b)
        #expect(a.markers.map(\.start) == a.markers.map(\.start).sorted())
    }

    @Test func emotionFromModelTagOrEvidence() {
        let tagged = F.analyze([F.customer(0, 3, "好的", emotion: "<|ANGRY|>"), F.customer(4, 6, "谢谢", emotion: "HAPPY")])
        #expect(tagged.markers(.emotion).map(\.category) == ["angry", "happy"])
        // No tag: a complaint, or dissatisfaction said with an exclamation, reads as anger.
        let inferred = F.analyze([F.customer(0, 4, "我要投诉你们"), F.customer(5, 8, "太糟糕了！"), F.customer(9, 12, "有点失望")])
        #expect(inferred.markers(.emotion).map(\.utteranceIndex) == [0, 1])
        // An agent echoing the complaint is not angry.
        #expect(F.analyze([F.agent(0, 4, "您的投诉我已经记录了")]).markers(.emotion).isEmpty)
    }

    @Test func emotionFromPaceAgainstTheSpeakersOwnBaseline() {
        // Same speaker, ~240 chars/min usually; the last turn at ~2x pace with one mild complaint.
        var us = (0..<4).map { i in F.customer(Double(i) * 10, Double(i) * 10 + 5, String(repeating: "我想了解一下", count: 3) + "好吗") }
        us.append(F.customer(50, 52.5, "我真的很失望啊这个事情一直都没人处理到底怎么回事"))
        #expect(F.analyze(us).markers(.emotion).map(\.utteranceIndex) == [4])
    }

    @Test func languageSegmentsAndDialectCues() {
        let a = F.analyze([
            F.agent(0, 3, "您好，请问有什么可以帮您？", language: "zh"),
            F.customer(4, 7, "唔该帮我查下，我嘅快递冇收到", language: "zh"),
            F.customer(8, 11, "Can we speak English please", language: "en"),
            F.customer(12, 15, "这个东西啥子时候到嘛，要得", language: "zh"),
        ])
        let segments = a.markers(.language).map { "\($0.category)@\($0.utteranceIndex!)" }
        #expect(segments == ["yue@1", "en@2", "sichuan@3"])
        #expect(a.markers(.keyword).contains { $0.category == "粤语" && $0.matchedText == "唔该" })
        // 晓得 alone is half a cue (Mandarin speakers say it too).
        #expect(F.analyze([F.customer(0, 3, "我晓得了")]).markers(.language).isEmpty)
    }

    @Test func longSilenceSlowResponseAndOvertalk() {
        let a = F.analyze([
            F.agent(0, 3, "您好"),
            F.customer(3.5, 6, "我要退款"),
            F.agent(14, 18, "好的我看一下"),        // 8 s after the customer: slow, and a silence
            F.customer(17, 20, "快点好吗"),         // starts 1 s before the agent stops: overtalk by the customer
            F.agent(19.5, 24, "已经为您处理好了"),   // 0.5 s overlap: below the 1 s default
        ])
        let slow = try! #require(a.markers(.slowResponse).first)
        #expect(slow.start == 6 && slow.end == 14 && slow.matchedText == "退款")
        #expect(a.markers(.silence).map { [$0.start, $0.end] } == [[6, 14]])
        let over = a.markers(.overtalk)
        #expect(over.count == 1 && over[0].speaker == .customer && over[0].start == 17 && over[0].end == 18)
    }

    @Test func aBackchannelInsideALongAgentTurnIsNotATurn() {
        let a = F.analyze([F.agent(0, 20, "这个产品的规则是这样的"), F.customer(5, 6, "嗯"), F.agent(21, 23, "明白吗")])
        #expect(a.markers(.slowResponse).isEmpty)
    }

    @Test func speechRateTooFastAndTooSlow() {
        let fast = String(repeating: "这个业务办理流程", count: 5) // 40 chars in 5 s = 480/min
        let slow = "我想问一下这个怎么用呢" // 11 chars in 6 s = 110/min
        let a = F.analyze([F.agent(0, 5, fast), F.customer(6, 12, slow),
                           F.agent(13, 16, "this is a normal sentence spoken at an ordinary pace ok")])
        #expect(a.markers(.speechRate).map { "\($0.category)@\($0.utteranceIndex!)" } == ["fast@0", "slow@1"])
        let english = F.analyze([F.agent(0, 3, "one two three four five six seven eight nine ten eleven twelve thirteen")])
        #expect(english.markers(.speechRate).map(\.category) == ["fast"])  // 13 words in 3 s = 260/min
    }

    @Test func repetitionBurstOfTheSameComplaint() {
        let a = F.analyze([
            F.customer(0, 3, "我要投诉"), F.agent(4, 6, "您别急"),
            F.customer(10, 13, "我就是要投诉"), F.agent(14, 16, "好的"),
            F.customer(30, 33, "我一定要投诉你们"),
            F.customer(100, 103, "投诉"),  // outside the 60 s window of the first two
        ])
        let r = a.markers(.repetition)
        #expect(r.map(\.utteranceIndex) == [4])
        #expect(r.first?.category == "投诉" && r.first?.start == a.markers(.keyword)[0].start)
        // Different words of dissatisfaction are not a repetition.
        #expect(F.analyze([F.customer(0, 2, "不满意"), F.customer(3, 5, "太糟糕"), F.customer(6, 8, "很生气")]).markers(.repetition).isEmpty)
    }

    @Test func personalDataIsFlaggedMasked() {
        let a = F.analyze([F.customer(0, 10, "我的手机是13812345678，邮箱 zhang.san@example.com"),
                           F.agent(11, 15, "您的身份证号是11010519491231002X对吗")])
        let pii = a.markers(.pii)
        #expect(pii.map(\.category) == ["phone", "email", "id_number"])
        #expect(pii[0].matchedText == "138****5678")
        #expect(!pii.contains { $0.matchedText.contains("12345678") || $0.matchedText.contains("zhang.san") })
        #expect(pii[2].polarity == .negative) // the agent reading out a full ID
    }

    @Test func firstContactResolution() {
        let resolved = F.analyze(F.goodCall)
        #expect(resolved.markers(.resolution).map(\.category) == ["resolved"])
        #expect(resolved.score.resolved)

        let escalated = F.analyze([F.customer(0, 4, "我要退款，钱一直没到"), F.agent(5, 9, "我帮您升级处理，主管明天给您回电"),
                                   F.customer(10, 12, "那好吧")])
        #expect(escalated.markers(.resolution).map(\.category) == ["escalated"])

        let unresolved = F.analyze([F.customer(0, 4, "我要退款，钱一直没到"), F.agent(5, 9, "这个我不清楚"),
                                    F.customer(10, 12, "谢谢，还是很失望")])
        #expect(unresolved.markers(.resolution).map(\.category) == ["unresolved"])
        #expect(!unresolved.score.resolved)
    }
}
