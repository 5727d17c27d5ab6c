import Foundation
import HarkCore
@testable import HarkStore
import HarkTestSupport
import Testing

/// The dictionary editor's store side: the what-if preview must predict exactly what a save and a full
/// rescore do; versions are kept and undo restores an earlier one; hits are counted from stored markers.
@Suite struct DictionaryEditingTests {
    /// The standard dictionary with edits a supervisor might make: a new negative term, a positive term
    /// dropped, complaint weight raised.
    static func edited(_ d: KeywordDictionary) -> KeywordDictionary {
        var d = d
        let unhappy = d.categories.firstIndex { $0.name == "不满" }!
        d.categories[unhappy].terms.append(KeywordTerm("太慢", weight: 2))
        d.categories[unhappy].terms.append(KeywordTerm("多扣", weight: 2))
        let pleased = d.categories.firstIndex { $0.name == "满意" }!
        d.categories[pleased].terms.removeAll { $0.text == "谢谢" }
        let complaint = d.categories.firstIndex { $0.name == "投诉" }!
        d.categories[complaint].weight = 6
        return d
    }

    @Test(.enabled(if: SampleArchive.available, "needs sample-calls/calls/*.truth.json"))
    func previewOfTheSampleCallsEqualsAFullRescore() throws {
        let f = try StoreFixture()
        let ids = try SampleArchive.seed(f.store)
        #expect(ids.count >= 20)
        let current = try f.store.dictionary()!
        let draft = Self.edited(current)
        let inputs = try f.store.previewInputs()
        #expect(inputs.count == ids.count)
        let preview = DictionaryPreview.compute(inputs, current: current, edited: draft, threads: 2)
        #expect(!preview.changes.isEmpty, "the edit moves no call, so the comparison would prove nothing")

        let before = Dictionary(uniqueKeysWithValues: try f.store.calls().map { ($0.call.id, $0) })
        try f.store.saveDictionary(draft, author: "test", summary: "edit")
        #expect(try f.store.rescoreProgress() == RescoreProgress(done: 0, total: ids.count, failed: 0))
        let ran = try f.drainRescores()
        #expect(ran == ids.count)
        #expect(try f.store.rescoreProgress().finished)
        let after = Dictionary(uniqueKeysWithValues: try f.store.calls().map { ($0.call.id, $0) })

        let flagged = ids.filter { !before[$0]!.risk && after[$0]!.risk }
        let unflagged = ids.filter { before[$0]!.risk && !after[$0]!.risk }
        #expect(preview.newlyFlagged == flagged)
        #expect(preview.unflagged == unflagged)
        // The dictionary drives the experience score; the form score is the forms' (FormStoreTests).
        let avg = { (m: [CallID: CallSummary]) in ids.map { m[$0]!.experience! }.reduce(0, +) / Double(ids.count) }
        #expect(abs(preview.averageBefore - avg(before)) < 1e-9)
        #expect(abs(preview.averageAfter - avg(after)) < 1e-9)
        let moved = Set(ids.filter { before[$0]!.experience != after[$0]!.experience || before[$0]!.risk != after[$0]!.risk })
        #expect(Set(preview.changes.map(\.callID)) == moved)
        for c in preview.changes {
            #expect(c.after == after[c.callID]!.experience, "call \(c.callID)")
        }
        // Sorted by how far the call moved.
        let magnitudes = preview.changes.map { abs($0.delta) + ($0.riskBefore != $0.riskAfter ? 100 : 0) }
        #expect(magnitudes == magnitudes.sorted(by: >))
    }

    @Test func savingKeepsVersionsAndUndoRestoresThePreviousOne() throws {
        let f = try StoreFixture()
        let call = try f.addCall(1)
        let job = try f.store.claimJob(worker: "t")!
        let utterances = [StoreFixture.utterance("你们处理太慢，我很不满", at: 1)]
        let analysis = AnalysisService(store: f.store)
        try f.store.finishTranscription(job: job.id, call: call, utterances: utterances,
                                        analysis: analysis.analyze(try f.store.call(call)!, utterances))
        #expect(try f.store.currentDictionaryVersion() == 1)   // the default was seeded by the first analysis
        let v1 = try f.store.dictionary()!
        let scoreV1 = try f.store.analysis(of: call)!.score.value

        let v2 = try f.store.saveDictionary(Self.edited(v1), author: "alice", summary: "add 太慢 to 不满")
        #expect(v2 == 2)
        try f.drainRescores()
        let scoreV2 = try f.store.analysis(of: call)!.score.value
        #expect(scoreV2 < scoreV1, "太慢 is now a weighted negative term")
        #expect(try f.store.keywordHitStats().byTerm["不满"]?["太慢"]?.hits == 1)

        // Undo: the version before the newest one, saved again as a new version.
        let versions = try f.store.dictionaryVersions()
        #expect(versions.map(\.version) == [2, 1])
        #expect(versions[0].author == "alice" && versions[0].summary == "add 太慢 to 不满")
        let restored = try f.store.dictionary(version: versions[1].version)!
        #expect(restored == v1)
        #expect(try f.store.saveDictionary(restored, author: "alice", summary: "restore version 1") == 3)
        #expect(try f.store.dictionary() == v1)
        try f.drainRescores()
        #expect(try f.store.analysis(of: call)!.score.value == scoreV1)
        #expect(try f.store.keywordHitStats().byTerm["不满"]?["太慢"] == nil)
    }

    @Test func keywordHitsCountCategoriesAndTermsWithTheNewestCall() throws {
        let f = try StoreFixture()
        let early = Date(timeIntervalSince1970: 1_763_000_000), late = early.addingTimeInterval(86_400)
        let analysis = AnalysisService(store: f.store)
        for (n, (text, at)) in [("我想投诉，太糟糕", early), ("必须投诉你们", late)].enumerated() {
            let id = try f.addCall(n, startedAt: at)
            let job = try f.store.claimJob(worker: "t")!
            let u = [StoreFixture.utterance(text, at: 1)]
            try f.store.finishTranscription(job: job.id, call: id, utterances: u, analysis: analysis.analyze(try f.store.call(id)!, u))
        }
        let stats = try f.store.keywordHitStats()
        #expect(stats.byTerm["投诉"]?["投诉"]?.hits == 2)
        #expect(stats.byTerm["投诉"]?["投诉"]?.lastHit == late)
        #expect(stats.byCategory["投诉"]?.hits ?? 0 >= 2)
        #expect(stats.byTerm["不满"]?["太糟糕"]?.lastHit == early)
    }
}
