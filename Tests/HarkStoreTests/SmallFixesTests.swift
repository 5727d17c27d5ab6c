import Foundation
import HarkCore
import HarkStore
import Testing

/// Counts and paths that were wrong for large archives or unusual environments.
@Suite struct SmallFixesTests {
    /// `dict add` said "queued re-scoring of 500 call(s)" for 2,460: it counted a page of `jobs()`.
    @Test func pendingJobsAreCountedInTheStoreNotFromAPage() throws {
        let f = try StoreFixture()
        for n in 0..<620 { try f.addCall(n) }
        #expect(try f.store.pendingJobCount(kind: .transcribe) == 620)
        #expect(try f.store.jobs().count == 500)
        #expect(try f.store.pendingJobCount(kind: .rescore) == 0)
    }

    @Test func theDefaultStoreFollowsHOME() {
        #expect(CallStore.defaultPath(environment: ["HOME": "/srv/qa"]) == "/srv/qa/.local/share/hark/calls.sqlite")
        #expect(CallStore.defaultPath(environment: ["HOME": "/srv/qa", "XDG_DATA_HOME": "/data"]) == "/data/hark/calls.sqlite")
        #expect(CallStore.defaultPath(environment: ["HARK_STORE": "/x.sqlite"]) == "/x.sqlite")
    }

    /// A recording that can never decode is failed on its first try, not three times.
    @Test func aPermanentFailureIsNotRetried() throws {
        let f = try StoreFixture()
        let bad = try f.addCall(1), flaky = try f.addCall(2)
        for _ in [bad, flaky] {
            let job = try #require(try f.store.claimJob(worker: "test:1:0"))
            try f.store.failJob(job.id, error: "x", permanent: job.callID == bad)
        }
        #expect(try f.store.call(bad)?.status == .failed)
        #expect(try f.store.call(flaky)?.status == .queued)
        // `hark work --retry-failed` after the file was fixed: queued from scratch, once.
        #expect(try f.store.retryFailedJobs() == 1)
        #expect(try f.store.call(bad)?.status == .queued)
        #expect(try f.store.jobs().first { $0.callID == bad }?.attempts == 0)
        #expect(try f.store.retryFailedJobs() == 0)
    }
}
