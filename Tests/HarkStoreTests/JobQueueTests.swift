import Foundation
import HarkCore
import HarkStore
import HarkTestSupport
import Testing

@Suite struct JobQueueTests {
    @Test func claimingIsExclusive() throws {
        let f = try StoreFixture()
        for n in 0..<20 { try f.addCall(n) }
        // Two threads race for every job; each job must be handed out exactly once.
        let claimed = ClaimLog()
        DispatchQueue.concurrentPerform(iterations: 2) { slot in
            while let job = try? f.store.claimJob(worker: "race:1:\(slot)") { claimed.add(job.id) }
        }
        #expect(claimed.ids.count == 20)
        #expect(Set(claimed.ids).count == 20)
        #expect(try f.store.claimJob(worker: "late:1:0") == nil)
    }

    @Test func killedClaimantsJobComesBack() throws {
        let f = try StoreFixture()
        let id = try f.addCall(1)
        // A real process claims the job's worker name, then dies by SIGKILL.
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/sleep")
        child.arguments = ["30"]
        try child.run()
        let pid = child.processIdentifier
        let job = try #require(try f.store.claimJob(worker: "\(ProcessInfo.processInfo.hostName):\(pid):0"))
        #expect(try f.store.requeueStaleJobs() == 0, "a live worker's job must stay running")
        kill(pid, SIGKILL)
        child.waitUntilExit()
        #expect(try f.store.requeueStaleJobs() == 1)
        #expect(try f.store.call(id)?.status == .queued)
        let again = try #require(try f.store.claimJob(worker: "next:1:0"))
        #expect(again.id == job.id && again.attempts == 2)
    }

    @Test func silentWorkerIsRequeuedAfterHeartbeatTimeout() throws {
        let f = try StoreFixture()
        try f.addCall(1)
        let start = Date()
        let job = try #require(try f.store.claimJob(worker: "otherhost:1:0", at: start))
        try f.store.heartbeat(job: job.id, progress: 0.4, at: start.addingTimeInterval(10))
        #expect(try f.store.requeueStaleJobs(olderThan: 30, at: start.addingTimeInterval(35)) == 0)
        #expect(try f.store.requeueStaleJobs(olderThan: 30, at: start.addingTimeInterval(41)) == 1)
    }

    /// A call whose worker is killed again and again still finishes if each run got further (it was killed,
    /// it did not kill); only a call on which workers die without any progress is failed as a poison pill.
    @Test func onlyDeathsWithoutProgressCountAgainstACall() throws {
        let f = try StoreFixture()
        let progressing = try f.addCall(1), poison = try f.addCall(2)
        var t = Date(timeIntervalSince1970: 1_800_000_000)
        for _ in 0..<(CallStore.maxAbandoned + 2) {
            for _ in 0..<2 {
                // Once the poison call is failed only the other one is left to claim.
                guard let job = try f.store.claimJob(worker: "otherhost:1:0", at: t) else { break }
                if job.callID == progressing {
                    try f.store.saveCheckpoint(job: job.id, TranscriptCheckpoint(channel: 0, until: 10, utterances: []),
                                               at: t.addingTimeInterval(5))
                }
                t = t.addingTimeInterval(1)
            }
            t = t.addingTimeInterval(100)
            _ = try f.store.requeueStaleJobs(olderThan: 30, at: t)
        }
        #expect(try f.store.call(progressing)?.status == .queued)
        #expect(try f.store.call(poison)?.status == .failed)
        #expect(try f.store.call(poison)?.error?.contains("stopped") == true)
    }

    @Test func repeatedFailuresEndFailedWithReason() throws {
        let f = try StoreFixture()
        let id = try f.addCall(1)
        for attempt in 1...CallStore.maxAttempts {
            let job = try #require(try f.store.claimJob(worker: "w:1:0"), "attempt \(attempt) should be claimable")
            try f.store.failJob(job.id, error: "/calls/1.wav: decoder exploded")
        }
        #expect(try f.store.claimJob(worker: "w:1:0") == nil)
        let failed = try #require(try f.store.jobs(states: [.failed]).first)
        #expect(failed.error == "/calls/1.wav: decoder exploded")
        #expect(try f.store.call(id)?.status == .failed)
        #expect(try f.store.call(id)?.error == "/calls/1.wav: decoder exploded")
        try f.store.retryJob(failed.id)
        #expect(try f.store.claimJob(worker: "w:1:0")?.id == failed.id)
    }

    @Test func dictionaryChangeQueuesRescoreOfTranscribedCalls() throws {
        let f = try StoreFixture()
        let done = try f.addCall(1)
        try f.addCall(2)
        let job = try #require(try f.store.claimJob(worker: "w:1:0", kinds: [.transcribe]))
        #expect(job.callID == done)
        try f.store.finishTranscription(job: job.id, call: done, utterances: [], analysis: nil)
        let dictionary = KeywordDictionary(categories: [KeywordCategory(name: "投诉", role: .negative, terms: [KeywordTerm("投诉")])])
        let version = try f.store.saveDictionary(dictionary, author: "qa", summary: "add 投诉")
        #expect(version == 1)
        #expect(try f.store.dictionary() == dictionary)
        let rescore = try #require(try f.store.claimJob(worker: "w:1:0"))
        #expect(rescore.kind == .rescore && rescore.callID == done, "rescores go first, and only for transcribed calls")
        // Saving again before the rescore ran does not queue a second one.
        try f.store.saveDictionary(dictionary, author: "qa", summary: "again")
        #expect(try f.store.jobs(states: [.queued]).filter { $0.kind == .rescore }.count == 0)
        #expect(try f.store.dictionaryVersions().map(\.version) == [2, 1])
        #expect(try f.store.dictionary(version: 1) == dictionary)
    }

    @Test func invalidDictionaryIsRefusedAndNothingChanges() throws {
        let f = try StoreFixture()
        let good = KeywordDictionary(categories: [KeywordCategory(name: "退款", role: .business, terms: [KeywordTerm("退款")])])
        try f.store.saveDictionary(good, author: "qa", summary: "v1")
        let bad = KeywordDictionary(categories: [KeywordCategory(name: "退款", role: .business, terms: [KeywordTerm("退款"), KeywordTerm("退款")])])
        #expect(throws: StoreError.self) { try f.store.saveDictionary(bad, author: "qa", summary: "dup") }
        #expect(try f.store.dictionary() == good)
    }
}

/// Collects claimed job ids from racing threads.
final class ClaimLog: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [Int64] = []
    func add(_ id: Int64) { lock.lock(); storage.append(id); lock.unlock() }
    var ids: [Int64] { lock.lock(); defer { lock.unlock() }; return storage }
}
