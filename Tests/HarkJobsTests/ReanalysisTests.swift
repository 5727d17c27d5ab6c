import Foundation
import HarkCore
import HarkJobs
import HarkStore
import HarkTestSupport
import Synchronization
import Testing

/// Calls analysed by an older `Analyzer.version` are re-analysed by whichever job runner starts next, from
/// their stored transcripts, and end up exactly as this build analyses them.
@Suite struct ReanalysisTests {
    /// What an older analyser left: the version it recorded (0) and no keyword markers or form results (as if those
    /// were the kind it did not have yet), the call list's flags agreeing.
    static func makeOld(_ f: JobsFixture, _ id: CallID) throws {
        let bit = 1 << MarkerKind.keyword.spec.maskBit
        try RawSQLite.execute(f.path, """
            DELETE FROM marker WHERE call_id = \(id) AND kind = 'keyword'; DELETE FROM form_facts WHERE call_id = \(id); DELETE FROM form_result WHERE call_id = \(id);
            UPDATE call SET analysis_version = 0, marker_mask = marker_mask & ~\(bit) WHERE id = \(id);
            """)
    }

    @Test func theDesksRescorerBringsBackTheKindTheOldAnalysisLacked() throws {
        let f = try JobsFixture()
        let old = try f.analysedCall("old.wav"), current = try f.analysedCall("current.wav")
        let expected = try #require(try f.store.analysis(of: old))
        #expect(expected.markers.contains { $0.kind == .keyword })
        try Self.makeOld(f, old)
        #expect(try f.store.analysis(of: old)?.markers.contains { $0.kind == .keyword } == false)
        #expect(try f.store.calls(CallQuery(hasMarker: .keyword)).map(\.call.id) == [current])

        let events = Events()
        try WorkerPool.rescoring(store: f.store, analysis: f.analysis, follow: false, onEvent: events.add).run()

        #expect(events.reanalysing == [1])
        #expect(events.finished == [old], "only the call analysed by the older version is redone")
        #expect(try f.store.analysis(of: old) == expected)
        #expect(try f.store.analysisVersion(of: old) == Analyzer.version)
        #expect(Set(try f.store.calls(CallQuery(hasMarker: .keyword)).map(\.call.id)) == [old, current])
        // The next start finds nothing to redo.
        let again = Events()
        try WorkerPool.rescoring(store: f.store, analysis: f.analysis, follow: false, onEvent: again.add).run()
        #expect(again.reanalysing.isEmpty && again.finished.isEmpty)
    }

    @Test func theTranscribingPoolReanalysesWithoutRecognisingSpeechAgain() throws {
        let f = try JobsFixture()
        let old = try f.analysedCall("old.wav")
        let expected = try #require(try f.store.analysis(of: old))
        try Self.makeOld(f, old)
        let new = try f.queuedCall("new.wav")
        let asked = Asked()
        let events = Events()
        let analysis = f.analysis
        try WorkerPool(store: f.store, options: WorkerPoolOptions(workers: 1), transcriber: { FakeTranscriber(asked: asked) },
                       analyze: { analysis.analyze($0, $1) }, onEvent: events.add).run()

        #expect(asked.all == ["new.wav"], "the old call's transcript is reused, not recognised again")
        #expect(events.reanalysing == [1])
        #expect(events.finished == [old, new], "re-analysis goes before transcription, as rescores do")
        #expect(try f.store.analysis(of: old) == expected)
        #expect(try f.store.analysisVersion(of: old) == Analyzer.version)
        #expect(try f.store.analysisVersion(of: new) == Analyzer.version)
    }

    @Test func aCallStillToBeTranscribedIsNotQueuedForReanalysis() throws {
        let f = try JobsFixture()
        let waiting = try f.queuedCall("waiting.wav")
        #expect(try f.store.analysisVersion(of: waiting) == 0)
        #expect(try f.store.queueReanalysis() == 0)
        #expect(try f.store.jobs().map(\.kind) == [.transcribe])
    }
}
