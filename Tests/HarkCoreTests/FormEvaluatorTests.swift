import HarkCore
import Testing

/// Forms scored over hand-written calls: each condition key, the moments results point at, N/A, critical
/// items, and the refusals a QA lead sees for a bad form.
@Suite struct FormEvaluatorTests {
    typealias F = Fixture

    static let wealth = QAForm(name: "wealth-sales", queues: ["wealth"], items: [
        FormItem(id: "risk", title: "Gives the risk notice", points: 20, critical: true, check: .require,
                 condition: FormCondition(category: "风险提示", role: .agent)),
        FormItem(id: "greeting", points: 10, check: .require, condition: FormCondition(category: "问候", role: .agent, first: 10)),
        FormItem(id: "no-guarantee", points: 10, check: .forbid,
                 condition: FormCondition(terms: ["保证收益", "一定赚"], role: .agent)),
    ])

    func result(_ form: QAForm, _ call: [Utterance], queue: String? = "wealth", direction: String? = nil,
                settings: AnalysisSettings = .init()) throws -> FormResult {
        let evaluator = try FormEvaluator(forms: FormSet(forms: [form]), dictionary: .standard, settings: settings)
        let analysis = Analyzer(dictionary: .standard, settings: settings, forms: evaluator)
            .analyze(call, duration: (call.map(\.end).max() ?? 0) + 1, context: FormContext(queue: queue, direction: direction))
        return try #require(analysis.form)
    }

    func item(_ r: FormResult, _ id: String) -> FormItemResult { r.items.first { $0.id == id }! }

    @Test func theIssuesMinimalFormScoresAWealthCallAndPointsAtEachMoment() throws {
        let good = try result(Self.wealth, [
            F.agent(0.5, 4, "您好，理财专线，请问有什么可以帮您？"),
            F.customer(4.5, 8, "我想买那个理财产品。"),
            F.agent(8.5, 14, "好的，这款产品有一定风险，我们不保证收益，请您知悉。"),
        ])
        #expect(good.score == 100 && good.passed)
        #expect(item(good, "risk").outcome == .passed && item(good, "risk").turn == 2)
        #expect(item(good, "greeting").at == 0.5 || (item(good, "greeting").at ?? 99) < 2)
        // 不保证收益 is the opposite of a promise: negated, it does not fail the forbid item.
        #expect(item(good, "no-guarantee").outcome == .passed && item(good, "no-guarantee").at == nil)

        let bad = try result(Self.wealth, [
            F.agent(0.5, 3, "喂。"),
            F.customer(3.5, 8, "我想买理财。"),
            F.agent(12, 15, "您好，这个产品保证收益，一定赚。"),
        ])
        #expect(!bad.passed)                                      // the critical risk notice is missing
        #expect(item(bad, "risk").outcome == .failed && item(bad, "risk").at == nil)
        #expect(item(bad, "greeting").outcome == .failed)         // said, but at 0:12, after the first 10 s
        let promise = item(bad, "no-guarantee")
        #expect(promise.outcome == .failed && promise.evidence == "保证收益" && promise.turn == 2)
        #expect(bad.score == 0)
    }

    @Test func aQueueWithoutTheFormIsNeverChargedForItsPhrases() throws {
        let evaluator = try FormEvaluator(forms: FormSet(forms: [Self.wealth]), dictionary: .standard)
        let analyzer = Analyzer(dictionary: .standard, forms: evaluator)
        let call = [F.agent(0, 3, "您好"), F.customer(3, 5, "查话费")]
        let billing = analyzer.analyze(call, duration: 6, context: FormContext(queue: "billing"))
        #expect(billing.form == nil)
        #expect(billing.headline == billing.score.value)
        // The same words in the queue whose form requires the notice are charged for it, and fail.
        let wealth = try #require(analyzer.analyze(call, duration: 6, context: FormContext(queue: "wealth")).form)
        #expect(!wealth.passed && wealth.items.first { $0.id == "risk" }?.outcome == .failed)
    }

    @Test func beforeAfterAndOrderOfPhrases() throws {
        let form = QAForm(name: "cards", queues: ["*"], items: [
            FormItem(id: "identity", points: 10, check: .require,
                     condition: FormCondition(category: "身份核验", role: .agent, before: "risk")),
            FormItem(id: "risk", points: 10, check: .require, condition: FormCondition(category: "风险提示", role: .agent)),
            FormItem(id: "closing", points: 10, check: .require,
                     condition: FormCondition(category: "结束语", role: .agent, after: "risk")),
        ])
        let call = [
            F.agent(0, 3, "喂，什么事"),
            F.customer(3.5, 6, "我想买理财"),
            F.agent(6.5, 10, "这个有一定风险"),
            F.agent(10.5, 14, "请提供身份证后四位"),
            F.agent(14.5, 16, "再见"),
        ]
        let r = try result(form, call)
        #expect(item(r, "identity").outcome == .failed)   // checked, but only after the risk notice
        #expect(item(r, "risk").outcome == .passed)
        #expect(item(r, "closing").outcome == .passed)
        #expect(abs((r.score ?? 0) - 200.0 / 3) < 0.01)
        let inOrder = try result(form, F.goodCall)
        #expect(inOrder.items.allSatisfy { $0.outcome == .passed })
        // A customer's 你好 is not the agent's greeting.
        let greeting = QAForm(name: "g", queues: ["*"], items: [
            FormItem(id: "g", points: 1, check: .require, condition: FormCondition(category: "问候", role: .agent))])
        #expect(item(try result(greeting, [F.customer(0, 2, "你好"), F.agent(2, 4, "嗯")]), "g").outcome == .failed)
    }

    @Test func appliesIfMakesAnItemNAAndItLeavesTheScore() throws {
        let form = QAForm(name: "after-sales", queues: ["*"], items: [
            FormItem(id: "identity", points: 10, check: .require, condition: FormCondition(category: "身份核验"),
                     appliesIf: FormCondition(direction: "inbound")),
            FormItem(id: "greeting", points: 10, check: .require, condition: FormCondition(category: "问候")),
        ])
        let call = [F.agent(0, 3, "您好，售后回访"), F.customer(3, 5, "好的")]
        let outbound = try result(form, call, direction: "outbound")
        #expect(item(outbound, "identity").outcome == .na && outbound.score == 100)
        let inbound = try result(form, call, direction: "inbound")
        #expect(item(inbound, "identity").outcome == .failed && inbound.score == 50)
    }

    @Test func timingConditionsSeeWhatTheMarkersSeeAtTheFormsThreshold() throws {
        let form = QAForm(name: "billing", queues: ["*"], items: [
            FormItem(id: "silence", points: 5, check: .forbid, condition: FormCondition(silenceOver: 15)),
            FormItem(id: "slow", points: 5, check: .forbid, condition: FormCondition(slowResponseOver: 10)),
            FormItem(id: "talk-over", points: 5, check: .forbid, condition: FormCondition(overtalkOver: 1, role: .agent)),
            FormItem(id: "fast", points: 5, check: .forbid, condition: FormCondition(rateOver: 450, role: .agent)),
        ])
        let call = [
            F.agent(0, 3, "您好请问有什么可以帮您"),
            F.customer(3.5, 8, "我的账单好像不对"),
            F.agent(20, 23, "好的我帮您查一下账单"),                          // 12 s to answer, 12 s of silence
            F.customer(22, 26, "上个月多扣了二十块钱"),                          // the customer talks over: not the agent's fault
            F.agent(26.5, 30, "这个是因为您开通了一个增值业务现在已经帮您取消了"),  // 24 characters in 3.5 s: 411/min
            F.customer(29, 31, "好的"),                                        // 1 s over the agent: the customer's
            F.agent(30, 33, "还有别的问题吗"),                                 // 1 s over the customer: the agent's
        ]
        let r = try result(form, call)
        #expect(item(r, "silence").outcome == .passed)                   // 12 s is not over 15 s
        let slow = item(r, "slow")
        #expect(slow.outcome == .failed && slow.at == 8 && slow.end == 20 && slow.turn == 2)
        let over = item(r, "talk-over")
        #expect(over.outcome == .failed && over.at == 30 && over.turn == 6)
        #expect(item(r, "fast").outcome == .passed)
        var strict = FormSet(forms: [form])
        strict.forms[0].items[3].condition.rateOver = 400
        let r2 = try FormEvaluator(forms: strict, dictionary: .standard)
            .evaluate(Analyzer(dictionary: .standard).analyze(call, duration: 34).facts!, context: FormContext())!
        #expect(item(r2, "fast").outcome == .failed && item(r2, "fast").turn == 4)
    }

    @Test func minCountAllAnyAndRegex() throws {
        let form = QAForm(name: "f", queues: ["*"], items: [
            FormItem(id: "sorry-twice", points: 1, check: .require,
                     condition: FormCondition(terms: ["抱歉"], role: .agent, minCount: 2)),
            FormItem(id: "both", points: 1, check: .require,
                     condition: FormCondition(all: [FormCondition(category: "问候"), FormCondition(category: "结束语")])),
            FormItem(id: "either", points: 1, check: .require,
                     condition: FormCondition(any: [FormCondition(category: "风险提示"), FormCondition(terms: ["工单"])])),
            FormItem(id: "ticket-number", points: 1, check: .require,
                     condition: FormCondition(regex: "工单号?[0-9]{6}", notRegex: "作废")),
        ])
        let call = [
            F.agent(0, 3, "您好，抱歉久等"),
            F.customer(3, 6, "我的快递丢了"),
            F.agent(6, 12, "非常抱歉，我给您建一个工单，工单号123456"),
            F.agent(12, 15, "感谢您的来电，再见"),
        ]
        let r = try result(form, call)
        #expect(item(r, "sorry-twice").outcome == .passed && item(r, "sorry-twice").turn == 2)
        let both = item(r, "both")
        #expect(both.outcome == .passed && both.turn == 3)   // happens when the last of them does
        #expect(item(r, "either").outcome == .passed && item(r, "either").evidence == "工单")
        #expect(item(r, "ticket-number").outcome == .passed && item(r, "ticket-number").evidence == "工单号123456")
        let voided = try result(form, [F.agent(0, 3, "工单号123456已作废")])
        #expect(item(voided, "ticket-number").outcome == .failed)
    }

    @Test func badFormsAreRefusedNamingTheItem() {
        func refusal(_ items: [FormItem]) -> String {
            do {
                _ = try FormEvaluator(forms: FormSet(forms: [QAForm(name: "w", queues: ["*"], items: items)]), dictionary: .standard)
                return "accepted"
            } catch { return "\(error)" }
        }
        let ok = FormCondition(category: "问候")
        #expect(refusal([FormItem(id: "a", points: 1, check: .require, condition: FormCondition(category: "风险"))])
            == "form \"w\", item \"a\": require: unknown category \"风险\" (not in the dictionary)")
        #expect(refusal([FormItem(id: "a", points: 1, check: .require, condition: FormCondition(category: "问候", before: "zz"))])
            .contains("item \"a\": require: before/after names unknown item \"zz\""))
        #expect(refusal([
            FormItem(id: "a", points: 1, check: .require, condition: FormCondition(category: "问候", before: "b")),
            FormItem(id: "b", points: 1, check: .require, condition: FormCondition(category: "结束语", after: "a")),
        ]).contains("before/after form a cycle (a → b → a)"))
        #expect(refusal([FormItem(id: "r", points: 1, check: .require, condition: FormCondition(regex: "工单[0-9"))])
            == "form \"w\", item \"r\": require: regex \"工单[0-9\" does not compile")
        #expect(refusal([FormItem(id: "x", points: 1, check: .require, condition: FormCondition(first: 10))])
            .contains("item \"x\": require: tests nothing"))
        #expect(refusal([FormItem(id: "x", points: 1, check: .require, condition: FormCondition(category: "问候", silenceOver: 3))])
            .contains("item \"x\": require: tests category and silence_over in one table"))
        #expect(refusal([FormItem(id: "x", points: 1, check: .require, condition: ok),
                         FormItem(id: "x", points: 1, check: .require, condition: ok)]) == "form \"w\", item \"x\": id appears twice")
        #expect(refusal([FormItem(id: "x", points: 1, check: .require, condition: ok)]) == "accepted")
    }
}
