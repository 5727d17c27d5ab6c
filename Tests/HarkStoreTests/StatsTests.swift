import Foundation
import HarkCore
import HarkStore
import Testing

@Suite struct StatsTests {
    func analysis(score: Double, complaints: Int, resolved: Bool) -> CallAnalysis {
        let markers = (0..<complaints).map { i in
            Marker(kind: .keyword, category: "投诉", speaker: .customer, start: Double(i), end: Double(i) + 1,
                   matchedText: "投诉", polarity: .negative, severity: .high, explanation: "complaint")
        } + [Marker(kind: .keyword, category: "不满", start: 50, end: 51, matchedText: "不满意", polarity: .negative,
                    explanation: "negated", negated: true)]
        return CallAnalysis(markers: markers, score: Score(value: score, base: 100, evidence: [], trend: .neutral,
                                                           risk: complaints > 0, resolved: resolved), suggestions: [])
    }

    @Test func groupsByAgentAndHour() throws {
        let f = try StoreFixture()
        let utc = TimeZone(identifier: "UTC")!
        let nine = Date(timeIntervalSince1970: 1_763_024_400)  // 2025-11-13 09:00 UTC
        let plan: [(String, Date, Double, Int, Bool)] = [
            ("Alice", nine, 90, 0, true), ("Alice", nine.addingTimeInterval(1800), 60, 2, false),
            ("Bob", nine.addingTimeInterval(3600 * 5), 70, 1, true),
        ]
        for (n, (agent, at, score, complaints, resolved)) in plan.enumerated() {
            let id = try f.addCall(n, agent: agent, startedAt: at)
            let job = try #require(try f.store.claimJob(worker: "w:1:0"))
            try f.store.finishTranscription(job: job.id, call: id, utterances: [],
                                            analysis: analysis(score: score, complaints: complaints, resolved: resolved))
        }
        let byAgent = try f.store.stats(by: .agent, timeZone: utc)
        #expect(byAgent.map(\.group) == ["Alice", "Bob"])
        let alice = byAgent[0]
        #expect(alice.calls == 2 && alice.minutes == 2 && alice.averageScore == 75)
        #expect(alice.negativeRate == 0.5 && alice.resolutionRate == 0.5 && alice.riskCalls == 1)
        #expect(alice.topIssues.map(\.category) == ["投诉"] && alice.topIssues.first?.count == 2,
                "negated hits are not issues")
        let byHour = try f.store.stats(by: .hour, timeZone: utc)
        #expect(byHour.map(\.group) == ["09", "14"])
        #expect(byHour.map(\.calls) == [2, 1])
        let later = try f.store.stats(by: .agent, from: nine.addingTimeInterval(3600), timeZone: utc)
        #expect(later.map(\.group) == ["Bob"])
    }

    @Test func negativeCategoriesPerCallLeaveNegatedHitsOut() throws {
        let f = try StoreFixture()
        var ids: [CallID] = []
        for (n, complaints) in [2, 0].enumerated() {
            let id = try f.addCall(n, agent: "Alice", startedAt: Date(timeIntervalSince1970: 1_763_024_400))
            let job = try #require(try f.store.claimJob(worker: "w:1:0"))
            try f.store.finishTranscription(job: job.id, call: id, utterances: [],
                                            analysis: analysis(score: 60, complaints: complaints, resolved: false))
            ids.append(id)
        }
        let categories = try f.store.negativeCategoriesByCall()
        #expect(categories[ids[0]] == ["投诉"], "one entry per category, the negated 不满 left out")
        #expect(categories[ids[1]] == nil)
    }
}
