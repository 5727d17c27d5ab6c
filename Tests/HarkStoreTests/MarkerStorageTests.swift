import Foundation
import GRDB
import HarkCore
@testable import HarkStore
import HarkTestSupport
import Testing

/// How markers and the analysis version are kept in the file, read back with a connection of the test's own.
@Suite struct MarkerStorageTests {
    func analysedCall(_ f: StoreFixture, _ n: Int) throws -> CallID {
        let id = try f.addCall(n)
        let job = try #require(try f.store.claimJob(worker: "t:1:0", kinds: [.transcribe]))
        let utterances = [StoreFixture.utterance("您好，请问有什么可以帮您", speaker: .agent, at: 0),
                          StoreFixture.utterance("我要投诉，退款太慢了", at: 3)]
        try f.store.finishTranscription(job: job.id, call: id, utterances: utterances,
                                        analysis: AnalysisService(store: f.store).analyze(try f.store.call(id)!, utterances))
        return id
    }

    @Test func aMarkerKindThisBuildDoesNotKnowIsAnErrorNamingTheCall() throws {
        let f = try StoreFixture()
        let newer = try analysedCall(f, 1), other = try analysedCall(f, 2)
        // What a newer Hark with a "hold" kind would have written.
        try RawSQLite.execute(f.store.path, "UPDATE marker SET kind = 'hold' WHERE call_id = \(newer) AND idx = 0")
        let error = #expect(throws: StoreError.unknownMarkerKind(call: newer, kind: "hold")) { try f.store.analysis(of: newer) }
        #expect(error?.description == "call \(newer): unknown marker kind \"hold\" in the store (written by a newer Hark?)")
        #expect(try f.store.analysis(of: other)?.markers.isEmpty == false, "other calls still read")
    }

    @Test func listingFlagsAreStoredInTheKindsFrozenBits() throws {
        let f = try StoreFixture()
        let id = try f.addCall(1)
        let markers = [Marker(kind: .slowResponse, category: "slow", start: 1, end: 9, explanation: "slow"),
                       Marker(kind: .compliance, category: "问候", start: 0, end: 1, polarity: .positive, explanation: "greeted")]
        let score = Scorer.score(markers, dictionary: .standard)
        try f.store.saveAnalysis(CallAnalysis(markers: markers, score: score, suggestions: []), for: id)
        #expect(try RawSQLite.int(f.store.path, "SELECT marker_mask FROM call WHERE id = \(id)") == 1 << 4 | 1 << 8)
        #expect(try f.store.calls(CallQuery(hasMarker: .slowResponse)).map(\.call.id) == [id])
        #expect(try f.store.calls().first?.markerKinds == [.slowResponse, .compliance])
    }

    /// A store written before analysis versions existed: its calls count as analysed by version 0, so the
    /// first job runner of this build re-analyses each of them once.
    @Test func callsOfAStoreFromBeforeVersionsAreQueuedForReanalysisOnce() throws {
        let dir = try TemporaryDirectory("hark-store")
        let path = dir.path("calls.sqlite")
        let old = try DatabaseQueue(path: path)
        try Schema.migrator.migrate(old, upTo: "v3")
        try old.write { db in
            try db.execute(sql: """
                INSERT INTO call (id, path, sha256, duration, sample_rate, channels, status, imported_at)
                VALUES (1, '/calls/a.wav', 'a', 60, 16000, 2, 'done', 0), (2, '/calls/b.wav', 'b', 60, 16000, 2, 'queued', 0);
                """)
        }
        try old.close()
        let store = try CallStore(path: path)
        #expect(try store.analysisVersion(of: 1) == 0)
        #expect(try store.queueReanalysis() == 1)
        #expect(try store.queueReanalysis() == 0, "a call already queued is not queued twice")
        #expect(try store.jobs().map { "\($0.callID) \($0.kind.rawValue)" } == ["1 rescore"])
    }
}
