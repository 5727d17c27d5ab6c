import Foundation
import HarkCore
import HarkJobs
import HarkStore
import HarkTestSupport
import Testing

/// Analysis settings that differ from those the archive was analysed with re-analyse it: the store records
/// the settings (`store_setting`), and adopting different ones queues a rescore of every transcribed call.
@Suite struct SettingsReanalysisTests {
    /// A store with one transcribed call analysed with the defaults, as a store from before settings files.
    /// The customer's last turn ends at 15 s and the agent answers at 20 s: 5 s, not a slow response at the
    /// default 6 s.
    static func archive() throws -> (TemporaryDirectory, CallStore, CallID) {
        let dir = try TemporaryDirectory("hark-settings")
        let store = try CallStore(path: dir.path("calls.sqlite"))
        guard case let .imported(id) = try store.importCall(NewCall(path: dir.path("a.wav"), sha256: "a", duration: 40,
                                                                    sampleRate: 16_000, channels: 2, metadata: CallMetadata())),
              let job = try store.claimJob(worker: "seed:1:0", kinds: [.transcribe]) else { throw ShellError.failed("no call") }
        func line(_ speaker: Speaker, _ start: Double, _ text: String) -> Utterance {
            Utterance(speaker: speaker, channel: speaker == .agent ? 0 : 1, start: start, end: start + 3, text: text,
                      normalizedText: text, language: "zh")
        }
        let utterances = [line(.agent, 0, "您好，请问有什么可以帮您？"), line(.customer, 3, "我要投诉，退款一直没到"),
                          line(.agent, 8, "非常抱歉，我帮您查一下"), line(.customer, 12, "我真的要投诉你们"),
                          line(.agent, 20, "已经为您处理好了，感谢您的来电，再见")]
        try store.finishTranscription(job: job.id, call: id, utterances: utterances,
                                      analysis: AnalysisService(store: store).analyze(try store.call(id)!, utterances))
        return (dir, store, id)
    }

    static func slowResponses(_ store: CallStore, _ id: CallID) throws -> Int {
        try store.analysis(of: id)?.markers.filter { $0.kind == .slowResponse }.count ?? -1
    }

    @Test func changedSettingsReanalyseTheArchiveOnceAndSameSettingsDoNot() throws {
        let (dir, store, id) = try Self.archive()
        defer { withExtendedLifetime(dir) {} }
        #expect(try Self.slowResponses(store, id) == 0)
        #expect(try store.recordedAnalysisSettings() == nil)

        // The defaults are what the archive was analysed with: recorded, nothing to redo.
        #expect(try store.adoptAnalysisSettings(AnalysisSettings()) == 0)
        #expect(try store.recordedAnalysisSettings() == AnalysisSettings())
        #expect(try store.jobs(states: [.queued]).isEmpty)

        var quicker = AnalysisSettings()
        quicker.slowResponse = 3
        #expect(try store.adoptAnalysisSettings(quicker) == 1)
        #expect(try store.recordedAnalysisSettings() == quicker)
        #expect(try store.jobs(states: [.queued]).map(\.kind) == [.rescore])
        // Adopting them again (the next start with the same file) queues nothing more.
        #expect(try store.adoptAnalysisSettings(quicker) == 0)
        #expect(try store.jobs(states: [.queued]).count == 1)

        try WorkerPool.rescoring(store: store, analysis: AnalysisService(store: store, settings: quicker), follow: false).run()
        #expect(try Self.slowResponses(store, id) == 1, "re-analysed with the new threshold")
        #expect(try store.jobs(states: [.queued]).isEmpty)

        // Back to the defaults: re-analysed again, and the marker goes.
        #expect(try store.adoptAnalysisSettings(AnalysisSettings()) == 1)
        try WorkerPool.rescoring(store: store, analysis: AnalysisService(store: store), follow: false).run()
        #expect(try Self.slowResponses(store, id) == 0)
    }

    @Test func aStoreFromBeforeSettingsWithOtherSettingsIsReanalysed() throws {
        let (dir, store, _) = try Self.archive()
        defer { withExtendedLifetime(dir) {} }
        var other = AnalysisSettings()
        other.callLanguages = ["zh", "en"]
        #expect(try store.adoptAnalysisSettings(other) == 1, "no record means the defaults, which differ")
    }

    @Test func anUnreadableRecordIsTakenAsDifferent() throws {
        let (dir, store, _) = try Self.archive()
        defer { withExtendedLifetime(dir) {} }
        #expect(try store.adoptAnalysisSettings(AnalysisSettings()) == 0)
        try RawSQLite.execute(store.path, "UPDATE store_setting SET value = 'not json'")
        #expect(try store.recordedAnalysisSettings() == nil)
        #expect(try store.adoptAnalysisSettings(AnalysisSettings()) == 1)
        #expect(try store.recordedAnalysisSettings() == AnalysisSettings())
    }
}
