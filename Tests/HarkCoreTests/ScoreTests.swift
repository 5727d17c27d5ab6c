import Foundation
import HarkCore
import Testing

@Suite struct ScoreTests {
    typealias F = Fixture

    static let badCall: [Utterance] = [
        F.agent(0, 3, "喂"),
        F.customer(3.5, 7, "我要投诉！你们太糟糕了，我非常不满意"),
        F.agent(15, 18, "稍等"),
        F.customer(17, 21, "快点，我要投诉，我要退款"),
        F.customer(25, 28, "我要投诉"),
    ]

    @Test func evidenceAddsUpToTheScore() {
        for call in [F.goodCall, Self.badCall, []] {
            let s = F.analyze(call).score
            let total = s.base + s.evidence.reduce(0) { $0 + $1.points }
            #expect(s.value == min(100, max(0, total)))
        }
    }

    @Test func everyPointLinksToAMarkerAndItsTime() {
        let a = F.analyze(Self.badCall)
        #expect(!a.score.evidence.isEmpty)
        for e in a.score.evidence {
            let i = try! #require(e.markerIndex)
            #expect(a.markers[i].start == e.at)
            #expect(e.points != 0)
        }
    }

    @Test func goodCallsScoreHigherAndBadCallsRaiseRisk() {
        let good = F.analyze(F.goodCall).score, bad = F.analyze(Self.badCall).score
        #expect(good.value > 80 && bad.value < 50)
        #expect(!good.risk && bad.risk)
        #expect(good.trend == .positive && bad.trend == .negative)
    }

    @Test func riskFromThreeNegativeHitsWithoutAComplaint() {
        let s = F.analyze([F.customer(0, 3, "很差"), F.customer(4, 6, "太糟糕"), F.customer(7, 9, "很失望")]).score
        #expect(s.risk)
        #expect(!F.analyze([F.customer(0, 3, "很差"), F.customer(4, 6, "没有不满意")]).score.risk)
    }

    @Test func weightsAreSettings() {
        var settings = AnalysisSettings()
        settings.weights.slowResponse = 20
        let call = [F.agent(0, 3, "您好"), F.customer(3.5, 6, "我要退款"), F.agent(14, 17, "已经为您处理好了"),
                    F.customer(17.5, 19, "好的谢谢")]
        let base = F.analyze(call).score.value
        let harsher = F.analyze(call, settings: settings).score.value
        #expect(base > 16 && harsher == base - 16)
        // Settings round-trip through Codable (they are stored beside the dictionary).
        let data = try! JSONEncoder().encode(settings)
        #expect(try! JSONDecoder().decode(AnalysisSettings.self, from: data) == settings)
        // Settings stored by an older version (fewer keys) load with defaults for the rest.
        let partial = try! JSONDecoder().decode(AnalysisSettings.self,
                                                from: Data(#"{"longSilence": 7, "weights": {"base": 60}}"#.utf8))
        var expected = AnalysisSettings()
        expected.longSilence = 7
        expected.weights.base = 60
        #expect(partial == expected)
    }

    @Test func negatedHitsAreEvidenceOnlyNotPoints() {
        let a = F.analyze([F.customer(0, 3, "我没有不满意")])
        #expect(a.markers(.keyword).first?.negated == true)
        #expect(a.score.evidence.allSatisfy { a.markers[$0.markerIndex!].kind != .keyword })
    }
}

@Suite struct SuggestionTests {
    typealias F = Fixture

    @Test func chineseCallGetsTimedChineseAdvice() {
        let a = F.analyze([F.agent(0, 3, "您好"), F.customer(180, 192, "我要退款"), F.agent(200, 203, "好的")])
        #expect(a.suggestions.contains("客户在 3:12 提出退款，坐席 8 秒后才回应，建议优化响应流程"))
    }

    @Test func englishCallGetsEnglishAdvice() {
        let a = F.analyze([F.agent(0, 3, "hello, how can i help", language: "en"),
                           F.customer(180, 192, "i want a refund", language: "en"),
                           F.agent(200, 203, "ok", language: "en")])
        #expect(a.suggestions.contains { $0.hasPrefix("At 3:12 the customer raised a refund and the agent answered 8 s later") })
        #expect(a.suggestions.allSatisfy { !$0.unicodeScalars.contains(where: CJK.isHan) })
    }
}
