import Foundation
import HarkCore
import Testing

@Suite struct CallReportTests {
    let call = Call(id: 7, path: "/calls/7.ogg", sha256: "x", duration: 200, sampleRate: 16000, channels: 2,
                    metadata: CallMetadata(agent: "王芳", customer: "李先生", queue: "billing"), status: .done,
                    importedAt: Date(timeIntervalSince1970: 0))
    var utterances: [Utterance] {
        [Utterance(speaker: .customer, channel: 1, start: 192.4, end: 196, text: "我的手机号是13812345678，我要投诉"),
         Utterance(speaker: .agent, channel: 0, start: 1, end: 3.5, text: "您好，请问有什么可以帮您")]
    }
    var analysis: CallAnalysis {
        let complaint = Marker(kind: .keyword, category: "投诉", speaker: .customer, start: 194, end: 195, matchedText: "投诉",
                               polarity: .negative, severity: .high, explanation: "客户提出投诉")
        return CallAnalysis(markers: [complaint],
                            score: Score(value: 80, base: 100, evidence: [ScoreEvidence(points: -20, reason: "投诉 at 03:14", markerIndex: 0, at: 194)],
                                         trend: .negative, risk: true, resolved: false),
                            suggestions: ["客户在 03:14 提出投诉，建议先道歉再处理"])
    }

    func report(redact: Bool = true) -> CallReport {
        CallReport(call: call, utterances: utterances, analysis: analysis,
                   notes: [Note(callID: 7, at: 194, author: "lead", createdAt: Date(), text: "回拨 13812345678")], redact: redact)
    }

    @Test func markdownHasTranscriptInTimeOrderWithMarkersAndEvidence() {
        let md = report().render(.markdown)
        let greeting = md.range(of: "**0:01 agent**")
        let complaint = md.range(of: "**3:12 customer**")
        #expect(greeting != nil && complaint != nil && greeting!.lowerBound < complaint!.lowerBound)
        #expect(md.contains("`keyword:投诉`"))
        #expect(md.contains("| 3:14 | -20.0 | 投诉 at 03:14 |"))
        #expect(md.contains("## Score: 80.0 / 100"))
        #expect(md.contains("客户在 03:14 提出投诉"))
    }

    @Test func piiIsMaskedEverywhereUnlessAskedNotTo() {
        for format in ReportFormat.allCases {
            let text = report().render(format)
            #expect(!text.contains("13812345678"), "\(format) leaks the phone number")
        }
        #expect(report(redact: false).render(.markdown).contains("13812345678"))
    }

    @Test func htmlIsSelfContainedAndEscaped() {
        var r = report()
        r.utterances = [Utterance(speaker: .customer, channel: 1, start: 0, end: 1, text: "<script>alert(1)</script>")]
        let html = r.render(.html)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(!html.contains("<script>"))
        #expect(html.contains("&lt;script&gt;"))
        #expect(!html.contains("http://") && !html.contains("https://"))
    }

    @Test func subtitlesHaveCuesInOrder() {
        let srt = report().render(.srt)
        #expect(srt.hasPrefix("1\n00:00:01,000 --> 00:00:03,500\n[agent] 您好"))
        #expect(srt.contains("2\n00:03:12,400 --> 00:03:16,000\n[customer]"))
        let vtt = report().render(.vtt)
        #expect(vtt.hasPrefix("WEBVTT\n\n00:00:01.000 --> 00:00:03.500\n<v agent>您好"))
    }

    @Test func jsonRoundTripsTheCall() throws {
        let data = Data(report().render(.json).utf8)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["redacted"] as? Bool == true)
        #expect((object["utterances"] as? [Any])?.count == 2)
        #expect(((object["call"] as? [String: Any])?["id"] as? Int) == 7)
    }
}

/// A call's QA form in its reports: every item with its result and moment, `analysis.form` in JSON in the
/// shape QA tools read, and nothing an item found left readable in a masked export.
@Suite struct CallReportFormTests {
    static let call = Call(id: 9, path: "/calls/9.ogg", sha256: "y", duration: 30, sampleRate: 16000, channels: 2,
                           metadata: CallMetadata(agent: "王芳", customer: "李先生", queue: "wealth"), status: .done,
                           importedAt: Date(timeIntervalSince1970: 0))
    static let utterances = [
        Utterance(speaker: .agent, channel: 0, start: 0.5, end: 3, text: "您好，理财专线"),
        Utterance(speaker: .agent, channel: 0, start: 4, end: 9, text: "请记下我的工号电话13812345678"),
    ]

    func report(redact: Bool) throws -> CallReport {
        let form = QAForm(name: "wealth-sales", queues: ["wealth"], items: [
            FormItem(id: "risk", title: "Gives the risk notice", points: 20, critical: true, check: .require,
                     condition: FormCondition(category: "风险提示", role: .agent)),
            FormItem(id: "greeting", points: 10, check: .require, condition: FormCondition(category: "问候", role: .agent, first: 10)),
            FormItem(id: "no-numbers", title: "Reads out no phone number", points: 5, check: .forbid,
                     condition: FormCondition(regex: "1[0-9]{10}", role: .agent)),
        ])
        let evaluator = try FormEvaluator(forms: FormSet(forms: [form]), dictionary: .standard)
        let analysis = Analyzer(dictionary: .standard, forms: evaluator)
            .analyze(Self.utterances, duration: 30, context: FormContext(queue: "wealth"))
        return CallReport(call: Self.call, utterances: Self.utterances, analysis: analysis, notes: [], redact: redact)
    }

    @Test func jsonCarriesTheFormAsNameScorePassedAndItems() throws {
        let data = Data(try report(redact: true).render(.json).utf8)
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let analysis = try #require(root["analysis"] as? [String: Any])
        #expect(analysis["facts"] == nil, "the facts hold every turn's text: never exported")
        let form = try #require(analysis["form"] as? [String: Any])
        #expect(form["name"] as? String == "wealth-sales")
        #expect(form["passed"] as? Bool == false)
        #expect(abs((form["score"] as? Double ?? -1) - 100.0 * 10 / 35) < 0.01)
        let items = try #require(form["items"] as? [[String: Any]])
        #expect(items.map { $0["id"] as? String } == ["risk", "greeting", "no-numbers"])
        #expect(items.map { $0["result"] as? String } == ["failed", "passed", "failed"])
        #expect(items[0]["at"] == nil && items[1]["at"] as? Double == 0.5 && items[2]["at"] as? Double == 4)
        #expect(items.allSatisfy { $0["title"] is String && $0["points"] is Double })
    }

    @Test func markdownAndHTMLListTheItemsAndMaskWhatTheyFound() throws {
        let md = try report(redact: true).render(.markdown)
        #expect(md.contains("## QA form wealth-sales: 28.6 / 100, **failed** (a critical item failed)"))
        #expect(md.contains("| Gives the risk notice (critical) | failed: never happened | 20.0 | – |"))
        #expect(md.contains("| greeting | passed at 0:00 (您好) | 10.0 | 0:00 |"))
        for format in ReportFormat.allCases {
            let text = try report(redact: true).render(format)
            #expect(!text.contains("12345678"), "\(format) leaks the number the item found")
        }
        #expect(try report(redact: false).render(.markdown).contains("(13812345678)"))
        #expect(try report(redact: true).render(.html).contains("Reads out no phone number"))
    }
}
