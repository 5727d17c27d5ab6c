import Foundation
import HarkCore
import HarkTestSupport
import Testing

@Suite struct TruthF1Tests {
    /// The sample calls' truth files: turns as spoken and the markers a reviewer expects. Analysis is fed the
    /// truth text (no ASR), so this measures the analysis alone; `make accuracy` measures it on what the
    /// recogniser wrote, counted the same way (`AccuracyEvaluation`).
    @Test(.enabled(if: SampleCallTruth.available,
                   "no sample-calls/calls/*.truth.json yet (they land on main with the sample calls)"))
    func expectedMarkersAreFoundWithF1AtLeast095() throws {
        var evaluations: [AccuracyEvaluation] = []
        for truth in try SampleCallTruth.loadAll() {
            let utterances = truth.utterances(normalize: { $0.lowercased() })
            let analysis = AccuracyEvaluation.analyzer(for: truth, dictionary: .standard)
                .analyze(utterances, duration: truth.duration)
            evaluations.append(AccuracyEvaluation(truth: truth, utterances: utterances, analysis: analysis, exports: [],
                                                  normalize: { $0.lowercased() }, redact: { $0 }))
        }
        let summary = AccuracySummary(evaluations)
        let text = summary.textObservable
        // speech_rate comes from how a turn was synthesised (tempo ×1.25 / ×0.82), not from its text: the
        // synthetic voices' own tempo differences swamp the style. Reported, not held to the bar.
        print(summary.report())
        #expect(text.truePositives > 0)
        #expect(text.f1 >= 0.95, "\(summary.report())")
    }
}
