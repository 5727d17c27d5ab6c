import Foundation
import HarkCore
@testable import HarkStore
import HarkTestSupport
import Testing

/// Forms in the store: a save re-scores from stored facts exactly as a full re-analysis would, a refused form
/// leaves everything as it was, the preview predicts the save, and an interrupted re-score finishes later.
@Suite struct FormStoreTests {
    static func sampleForms() throws -> FormSet {
        let path = Paths.packageRoot.appendingPathComponent("forms/sample-centre.toml").path
        return FormSet.standard.merging(try FormTOML.decode(String(contentsOfFile: path, encoding: .utf8), source: path))
    }

    @Test(.enabled(if: SampleArchive.available, "needs sample-calls/calls/*.truth.json"))
    func aFormSaveRescoresFromFactsExactlyAsAFullAnalysis() throws {
        let f = try StoreFixture()
        let ids = try SampleArchive.seed(f.store)
        #expect(try f.store.forms()?.version == 1)   // the default form, seeded with the first analysis
        #expect(try f.store.staleFormResults(version: 1) == 0)
        let dictionary = try f.store.dictionary()!
        let edited = try Self.sampleForms()
        let preview = try f.store.previewForms(try FormEvaluator(forms: edited, version: 2, dictionary: dictionary))
        #expect(preview.calls == ids.count && preview.changedCount > 0)

        let version = try f.store.saveForms(edited, dictionary: dictionary, author: "qa", summary: "sample centre")
        #expect(version == 2)
        #expect(try f.store.formVersions().map(\.summary) == ["sample centre", "default form"])
        #expect(try f.store.staleFormResults(version: 2) == ids.count)
        let service = AnalysisService(store: f.store)
        #expect(try service.refreshForms() == ids.count)
        #expect(try f.store.staleFormResults(version: 2) == 0)
        #expect(try service.refreshForms() == 0)

        var changed = 0
        for id in ids {
            let call = try f.store.call(id)!
            let stored = try f.store.analysis(of: id)!
            let full = service.analyze(call, try f.store.utterances(of: id))!
            #expect(stored.form == full.form, "call \(id): re-scored from facts ≠ full analysis")
            #expect(stored.form?.version == 2)
            let summary = try f.store.calls().first { $0.call.id == id }!
            #expect(summary.score == full.headline)
            if preview.changes.contains(where: { $0.call == id }) { changed += 1 }
        }
        #expect(changed == preview.changedCount)
        // The wealth call misses its risk notice: it fails, and its queue's form says why, pointing nowhere.
        let wealth = try #require(try f.store.calls().first { $0.call.metadata.queue == "wealth" })
        let form = try #require(try f.store.analysis(of: wealth.call.id)?.form)
        #expect(form.form == "wealth-sales" && !form.passed)
        #expect(form.items.first { $0.id == "risk" }?.outcome == .failed)
        // A billing call is never charged for the risk notice its queue does not require.
        for s in try f.store.calls() where s.call.metadata.queue == "billing" {
            #expect(try f.store.analysis(of: s.call.id)?.form?.items.contains { $0.id == "risk" } == false)
        }
    }

    @Test(.enabled(if: SampleArchive.available, "needs sample-calls/calls/*.truth.json"))
    func aRefusedFormLeavesTheStoredOnesAndResultsUntouched() throws {
        let f = try StoreFixture()
        try SampleArchive.seed(f.store)
        let before = try f.store.forms()!
        var bad = try Self.sampleForms()
        bad.forms[1].items[0].condition.category = "风险提醒"
        #expect {
            try f.store.saveForms(bad, dictionary: try f.store.dictionary()!, author: "qa", summary: "typo")
        } throws: { "\($0)".contains("item \"greeting\": require: unknown category \"风险提醒\"") }
        #expect(try f.store.forms()! == before)
        #expect(try f.store.staleFormResults(version: before.version) == 0)
    }

    @Test(.enabled(if: SampleArchive.available, "needs sample-calls/calls/*.truth.json"))
    func anInterruptedRescoreIsFinishedByTheNextRefresh() throws {
        struct Stop: Error {}
        let f = try StoreFixture()
        let ids = try SampleArchive.seed(f.store)
        let dictionary = try f.store.dictionary()!
        let version = try f.store.saveForms(try Self.sampleForms(), dictionary: dictionary, author: "qa", summary: "x")
        let evaluator = try FormEvaluator(forms: try Self.sampleForms(), version: version, dictionary: dictionary)
        // Killed after the first batch of 5: those are written whole, the rest stay stale.
        #expect(throws: Stop.self) { try f.store.refreshFormResults(evaluator, batch: 5, progress: { _ in throw Stop() }) }
        #expect(try f.store.staleFormResults(version: version) == ids.count - 5)
        #expect(try f.store.refreshFormResults(evaluator) == ids.count - 5)
        #expect(try f.store.staleFormResults(version: version) == 0)
        // A refresh for a version a newer save has replaced writes nothing: it would undo the newer one's work.
        let newer = try f.store.saveForms(.standard, dictionary: dictionary, author: "qa", summary: "back")
        #expect(try f.store.refreshFormResults(evaluator) == 0)
        #expect(try f.store.staleFormResults(version: newer) == ids.count)
    }
}
