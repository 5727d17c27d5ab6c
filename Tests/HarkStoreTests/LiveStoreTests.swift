import Foundation
import HarkCore
import HarkStore
import HarkTestSupport
import Testing

@Suite struct LiveStoreTests {
    private func begin(_ f: StoreFixture, path: String = "/rec/live.wav") throws -> CallID {
        try f.store.beginLiveCall(NewCall(path: path, sha256: "", duration: 0, sampleRate: 8000, channels: 2,
                                          metadata: CallMetadata(agent: "王芳", queue: "after-sales")),
                                  device: 7, inode: 42, channels: 2)
    }

    private func alert(_ call: CallID, _ rule: String, at: Double = 3) -> Alert {
        Alert(call: call, path: "/rec/live.wav", agent: "王芳", queue: "after-sales", rule: rule, category: "投诉",
              text: "我要投诉", at: at, firedAt: 1_764_000_000, live: true)
    }

    @Test func liveCallGrowsAndIsContinuedAfterARestart() throws {
        let f = try StoreFixture()
        let id = try begin(f)
        #expect(try f.store.call(id)?.status == .live)
        // No transcription job: no batch worker may take a file still being written.
        #expect(try f.store.claimJob(worker: "w:1:0") == nil)
        try f.store.advanceLiveCall(id, adding: [StoreFixture.utterance("您好", speaker: .agent, at: 0.5)], analysis: nil,
                                    progress: LiveProgress(committed: [3, 1]), duration: 4, alerts: [], sinks: [])
        try f.store.advanceLiveCall(id, adding: [StoreFixture.utterance("我要投诉", at: 4)], analysis: nil,
                                    progress: LiveProgress(committed: [6, 7.5]), duration: 8, alerts: [], sinks: [])
        let live = try #require(try f.store.liveCalls().first)
        #expect(live.call.id == id && live.inode == 42 && live.device == 7)
        #expect(live.progress.committed == [6, 7.5] && live.progress.resumeSeconds == 6)
        #expect(live.utterances == 2)
        #expect(try f.store.utterances(of: id).map(\.text) == ["您好", "我要投诉"])
        #expect(try f.store.call(id)?.duration == 8)
        #expect(try f.store.importedCall(path: "/rec/live.wav")?.status == .live)
    }

    @Test func finishingReplacesTheTranscriptAndTakesTheFilesHash() throws {
        let f = try StoreFixture()
        let id = try begin(f)
        try f.store.advanceLiveCall(id, adding: [StoreFixture.utterance("我要投诉", at: 4)], analysis: nil,
                                    progress: LiveProgress(committed: [6, 6]), duration: 8, alerts: [], sinks: [])
        try f.store.finishLiveCall(id, utterances: [StoreFixture.utterance("您好", speaker: .agent, at: 0.5),
                                                    StoreFixture.utterance("我要投诉", at: 4)],
                                   analysis: nil, sha256: "abc123", duration: 9.5,
                                   metadata: CallMetadata(agent: "李强", queue: "billing"), alerts: [], sinks: [])
        let call = try #require(try f.store.call(id))
        #expect(call.status == .done && call.sha256 == "abc123" && call.duration == 9.5)
        #expect(call.metadata.agent == "李强" && call.metadata.queue == "billing")
        #expect(try f.store.utterances(of: id).count == 2)
        #expect(try f.store.liveCalls().isEmpty)
        // The same bytes imported later are a duplicate of the finished live call.
        let again = try f.store.importCall(NewCall(path: "/copy.wav", sha256: "abc123", duration: 9.5, sampleRate: 8000,
                                                   channels: 2, metadata: CallMetadata()))
        #expect(again == .duplicate(id))
    }

    @Test func eachRuleAlertsOncePerCallAndReachesEverySink() throws {
        let f = try StoreFixture()
        let id = try begin(f)
        let first = try f.store.advanceLiveCall(id, adding: [], analysis: nil, progress: LiveProgress(committed: [1, 1]),
                                                duration: 2, alerts: [alert(id, "complaint")], sinks: ["jsonl:a", "webhook:b"])
        #expect(first.map(\.rule) == ["complaint"])
        // Fired again (a restart, a later step): nothing new is stored or delivered.
        let second = try f.store.advanceLiveCall(id, adding: [], analysis: nil, progress: LiveProgress(committed: [2, 2]),
                                                 duration: 3, alerts: [alert(id, "complaint", at: 9), alert(id, "risk")],
                                                 sinks: ["jsonl:a", "webhook:b"])
        #expect(second.map(\.rule) == ["risk"])
        #expect(try f.store.firedAlertRules(id) == ["complaint", "risk"])
        let due = try f.store.dueDeliveries(sinks: ["webhook:b"])
        #expect(due.map(\.alert.rule).sorted() == ["complaint", "risk"])
        #expect(due.first { $0.alert.rule == "complaint" }?.alert.at == 3, "the first firing is the one kept")
        #expect(try f.store.dueDeliveries(sinks: ["other"]).isEmpty)
    }

    @Test func aFailedDeliveryWaitsItsTurnAndADeliveredOneIsDone() throws {
        let f = try StoreFixture()
        let id = try begin(f)
        try f.store.advanceLiveCall(id, adding: [], analysis: nil, progress: LiveProgress(committed: [1, 1]), duration: 2,
                                    alerts: [alert(id, "complaint")], sinks: ["webhook:b"])
        let now = Date()
        let d = try #require(try f.store.dueDeliveries(sinks: ["webhook:b"], now: now).first)
        try f.store.settleDelivery(alert: d.alertID, sink: d.sink, error: "HTTP 500", retryAt: now.addingTimeInterval(4), at: now)
        #expect(try f.store.dueDeliveries(sinks: ["webhook:b"], now: now.addingTimeInterval(1)).isEmpty)
        let retry = try #require(try f.store.dueDeliveries(sinks: ["webhook:b"], now: now.addingTimeInterval(5)).first)
        #expect(retry.attempts == 1)
        try f.store.settleDelivery(alert: retry.alertID, sink: retry.sink, error: nil, retryAt: nil)
        #expect(try f.store.dueDeliveries(sinks: ["webhook:b"], now: now.addingTimeInterval(100)).isEmpty)
        #expect(try f.store.recentAlerts(since: Date(timeIntervalSince1970: 0)).map(\.rule) == ["complaint"])
    }
}
