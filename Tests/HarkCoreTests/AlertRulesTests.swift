import Foundation
import HarkCore
import Testing

/// Which moments of a call alert, once each, with what the alert says.
@Suite struct AlertRulesTests {
    typealias F = Fixture

    static let call = Call(id: 9, path: "/rec/9.wav", sha256: "x", duration: 30, sampleRate: 8000, channels: 2,
                           metadata: CallMetadata(agent: "王芳", queue: "wealth"), status: .live,
                           importedAt: Date(timeIntervalSince1970: 0))

    func alerts(_ us: [Utterance], rules: AlertRules = AlertRules(), live: Bool = true, fired: Set<String> = [],
                forms: FormEvaluator? = nil) -> [Alert] {
        let analysis = Analyzer(dictionary: .standard, forms: forms)
            .analyze(us, duration: (us.map(\.end).max() ?? 0) + 1, context: FormContext(queue: "wealth"))
        return rules.alerts(call: Self.call, utterances: us, analysis: analysis, dictionary: .standard, live: live,
                            fired: fired, now: Date(timeIntervalSince1970: 1_764_000_000))
    }

    @Test func aCustomersComplaintAlertsWithTheSentenceMasked() {
        let found = alerts([F.agent(0, 3, "您好，请问有什么可以帮您？"),
                            F.customer(3.5, 8, "我要投诉你们，我的电话是13611225874。")],
                           rules: AlertRules(enabled: [.complaint]))
        #expect(found.count == 1)
        let a = found[0]
        #expect(a.rule == "complaint" && a.category == "投诉" && a.call == 9 && a.agent == "王芳" && a.live)
        #expect(a.at >= 3.5 && a.at < 8)
        #expect(a.text.contains("投诉") && !a.text.contains("13611225874"), "alerts leave the machine: PII masked")
        #expect(a.firedAt == 1_764_000_000)
        let json = String(decoding: a.jsonLine, as: UTF8.self)
        #expect(json.contains("\"fired_at\":1764000000") && json.contains("\"rule\":\"complaint\""))
    }

    @Test func theAgentSayingItANegatedOneOrALightCategoryDoNotAlert() {
        #expect(alerts([F.agent(0, 3, "如需投诉请拨打热线。")], rules: AlertRules(enabled: [.complaint])).isEmpty)
        #expect(alerts([F.customer(0, 3, "我不投诉，就是问问。")], rules: AlertRules(enabled: [.complaint])).isEmpty)
        // 不满 weighs 2: below the default 4, alerting at 2.
        let grumble = [F.customer(0, 3, "我很不满意。")]
        #expect(alerts(grumble, rules: AlertRules(enabled: [.complaint])).isEmpty)
        #expect(alerts(grumble, rules: AlertRules(enabled: [.complaint], minWeight: 2)).map(\.category) == ["不满"])
    }

    @Test func aMonoCallNotYetSplitCountsAnyoneSayingIt() {
        let mono = Utterance(speaker: .mixed, channel: 0, start: 1, end: 4, text: "我要投诉")
        #expect(alerts([mono], rules: AlertRules(enabled: [.complaint])).map(\.rule) == ["complaint"])
    }

    @Test func aRuleThatFiredDoesNotFireAgain() {
        let us = [F.customer(0, 3, "我要投诉。"), F.customer(4, 7, "我还要投诉到消费者协会！")]
        #expect(alerts(us, rules: AlertRules(enabled: [.complaint]), fired: ["complaint"]).isEmpty)
        #expect(alerts(us, rules: AlertRules(enabled: [.complaint])).first?.at ?? 99 < 3, "the first hit is the one reported")
    }

    @Test func riskAlertsWhenTheCallTurnsRisky() {
        let calm = [F.customer(0, 3, "我想查一下话费。")]
        #expect(alerts(calm, rules: AlertRules(enabled: [.risk])).isEmpty)
        let angry = [F.customer(0, 3, "太差了，我要投诉！"), F.customer(4, 7, "你们太不负责了，我很生气，要曝光你们！"),
                     F.customer(8, 11, "垃圾服务，找你们领导！")]
        let risk = alerts(angry, rules: AlertRules(enabled: [.risk]))
        #expect(risk.map(\.rule) == ["risk"])
        #expect(risk.first.map { $0.at >= 4 } == true, "points at the hit that tipped it")
    }

    @Test func aCriticalItemAlertsLiveOnlyWhenItsFailureHappened() throws {
        let form = QAForm(name: "wealth", queues: ["wealth"], items: [
            FormItem(id: "notice", title: "Gives the risk notice", points: 20, critical: true, check: .require,
                     condition: FormCondition(category: "风险提示", role: .agent)),
            FormItem(id: "no-promise", title: "Promises no returns", points: 10, critical: true, check: .forbid,
                     condition: FormCondition(terms: ["保证收益"], role: .agent)),
        ])
        let evaluator = try FormEvaluator(forms: FormSet(forms: [form]), dictionary: .standard)
        let rules = AlertRules(enabled: [.critical])
        let quiet = [F.agent(0, 3, "您好。"), F.customer(3, 5, "我想买理财。")]
        // The notice may still come: not a failure yet while the call is on; at the end it is.
        #expect(alerts(quiet, rules: rules, live: true, forms: evaluator).isEmpty)
        #expect(alerts(quiet, rules: rules, live: false, forms: evaluator).map(\.category) == ["notice"])
        let promise = quiet + [F.agent(6, 9, "这个产品保证收益。")]
        let live = alerts(promise, rules: rules, live: true, forms: evaluator)
        #expect(live.map(\.category) == ["no-promise"])
        #expect(live.first.map { $0.at >= 6 && $0.at < 9 } == true, "points at the promise")
    }
}
