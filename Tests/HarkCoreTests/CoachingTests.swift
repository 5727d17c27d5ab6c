import Foundation
import HarkCore
import Testing

@Suite struct CoachingTests {
    func item(_ id: CallID, score: Double, markers: [Marker], texts: [String]) -> CoachingReport.Item {
        let call = Call(id: id, path: "/\(id).wav", sha256: "\(id)", duration: 60, sampleRate: 16000, channels: 2,
                        metadata: CallMetadata(agent: "王芳"), status: .done, importedAt: Date())
        let utterances = texts.enumerated().map { Utterance(speaker: .customer, channel: 1, start: Double($0.offset * 10),
                                                            end: Double($0.offset * 10 + 5), text: $0.element) }
        return .init(call: call, utterances: utterances,
                     analysis: CallAnalysis(markers: markers, score: Score(value: score, base: 100, evidence: [], trend: .neutral,
                                                                           risk: false, resolved: false), suggestions: []),
                     notes: [])
    }

    func marker(_ category: String, _ polarity: Polarity, at: Double, utterance: Int, negated: Bool = false) -> Marker {
        Marker(kind: .keyword, category: category, start: at, end: at + 1, matchedText: category, polarity: polarity,
               explanation: "\(category) said", utteranceIndex: utterance, negated: negated)
    }

    @Test func rankingPrefersLowScoresRiskAndRepeatedIssues() {
        let ranked = CoachingValue.rank([
            .init(callID: 1, score: 90, risk: false, issues: []),
            .init(callID: 2, score: 70, risk: false, issues: ["slow_response"]),
            .init(callID: 3, score: 70, risk: false, issues: ["投诉"]),
            .init(callID: 4, score: 85, risk: true, issues: ["投诉"]),
        ])
        #expect(ranked.map(\.callID) == [4, 3, 2, 1])
    }

    @Test func reportCountsIssuesWithTimedExamplesAndMasksPII() {
        let report = CoachingReport(agent: "王芳", from: nil, to: nil, items: [
            item(1, score: 60, markers: [marker("投诉", .negative, at: 12, utterance: 1), marker("满意", .positive, at: 2, utterance: 0)],
                 texts: ["谢谢你很满意", "我要投诉，电话13812345678"]),
            item(2, score: 70, markers: [marker("投诉", .negative, at: 3, utterance: 0),
                                         marker("不满", .negative, at: 13, utterance: 1, negated: true)],
                 texts: ["我要投诉", "没有不满意"]),
        ], actions: ["先道歉再解释"], author: "lead")
        #expect(report.issues.map(\.name) == ["投诉"], "negated hits are not issues")
        #expect(report.issues.first?.count == 2 && report.issues.first?.calls == 2)
        #expect(report.strengths.map(\.name) == ["满意"])
        let md = report.markdown()
        #expect(md.contains("### 投诉 — 2× in 2 call(s)"))
        #expect(md.contains("Call #1 at 0:12"))
        #expect(md.contains("- [ ] 先道歉再解释"))
        #expect(md.contains("- Average score: 65.0"))
        #expect(!md.contains("13812345678"))
        let html = report.html()
        #expect(html.contains("<h3>投诉 — 2× in 2 call(s)</h3>") && !html.contains("13812345678"))
    }
}
