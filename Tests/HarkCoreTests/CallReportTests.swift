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
