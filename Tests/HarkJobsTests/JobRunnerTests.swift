import Foundation
import HarkCore
import HarkJobs
import HarkStore
import HarkTestSupport
import Synchronization
import Testing

/// The job runner's rules with a transcriber that needs no models: which jobs a pool takes, and how each way
/// a job can end is settled in the store.
@Suite struct JobRunnerTests {
    @Test func theDesksRescorerLeavesTranscriptionsQueuedForAPoolWithModels() throws {
        let f = try JobsFixture()
        let done = try f.analysedCall("done.wav")
        let waiting = try f.queuedCall("waiting.wav")
        try f.store.saveDictionary(try f.store.dictionary()!, author: "test", summary: "same again")
        try WorkerPool.rescoring(store: f.store, analysis: f.analysis, follow: false).run()

        #expect(try f.store.rescoreProgress() == RescoreProgress(done: 1, total: 1, failed: 0))
        let transcription = try #require(try f.store.jobs().first { $0.callID == waiting })
        #expect(transcription.state == .queued && transcription.attempts == 0)
        #expect(try f.store.call(waiting)?.status == .queued)
        #expect(try f.store.call(done)?.status == .done)
    }

    @Test func aRescoreWithNoAnalysisIsRetriedThenFailedButTheCallKeepsItsTranscript() throws {
        let f = try JobsFixture()
        let id = try f.analysedCall("call.wav")
        let score = try f.store.analysis(of: id)?.score
        try f.store.enqueue(.rescore, for: id)
        let events = Events()
        try WorkerPool(store: f.store, options: WorkerPoolOptions(workers: 1, kinds: [.rescore]), transcriber: nil,
                       analyze: { _, _ in nil }, onEvent: events.add).run()

        let job = try #require(try f.store.jobs().first { $0.kind == .rescore })
        #expect(job.state == .failed && job.attempts == CallStore.maxAttempts)
        #expect(job.error == "\(f.dir.path("call.wav")): no analysis available to rescore this call")
        #expect(events.failures.count == CallStore.maxAttempts)
        #expect(try f.store.call(id)?.status == .done)
        #expect(try f.store.analysis(of: id)?.score == score)
        #expect(try f.store.utterances(of: id) == JobsFixture.complaint)
    }

    @Test func unreadableAudioFailsAtOnceAndPassingTroubleIsRetried() throws {
        let f = try JobsFixture()
        let unreadable = try f.queuedCall("permanent.wav"), flaky = try f.queuedCall("flaky.wav")
        let good = try f.queuedCall("good.wav")
        let asked = Asked()
        let analysis = f.analysis
        try WorkerPool(store: f.store, options: WorkerPoolOptions(workers: 2), transcriber: { FakeTranscriber(asked: asked) },
                       analyze: { analysis.analyze($0, $1) }).run()

        let jobs = try f.store.jobs()
        #expect(jobs.first { $0.callID == unreadable }?.attempts == 1)
        #expect(jobs.first { $0.callID == flaky }?.attempts == CallStore.maxAttempts)
        #expect(try f.store.call(unreadable)?.status == .failed && f.store.call(flaky)?.status == .failed)
        #expect(try f.store.call(good)?.status == .done)
        #expect(try f.store.utterances(of: good).map(\.text) == ["我要退款"])
        #expect(asked.all.filter { $0 == "flaky.wav" }.count == CallStore.maxAttempts)
    }

    @Test func aStopGivesTheCallBackWithItsCheckpointAndCountsNoAttempt() throws {
        let f = try JobsFixture()
        let id = try f.queuedCall("slow.wav")
        let asked = Asked()
        let events = Events()
        let pool = WorkerPool(store: f.store, options: WorkerPoolOptions(workers: 1, follow: true, checkpointInterval: 0),
                              transcriber: { FakeTranscriber(asked: asked) }, analyze: { _, _ in nil },
                              onEvent: events.add)
        try pool.start()
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline, pool.current.first?.progress ?? 0 < 0.25 { Thread.sleep(forTimeInterval: 0.01) }
        pool.stop()
        pool.wait()

        let job = try #require(try f.store.jobs().first)
        #expect(job.state == .queued && job.attempts == 0)
        #expect(try f.store.call(id)?.status == .queued)
        #expect(try f.store.checkpoint(job: job.id)?.until == 5)
        #expect(events.abandoned == 1 && events.failures.isEmpty)
    }
}
