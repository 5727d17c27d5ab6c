import Foundation
import HarkCore
import HarkStore
import HarkTestSupport
import HarkText

/// A store holding the sample calls as if transcribed perfectly: each `sample-calls/calls/*.truth.json`
/// gives the turns, its sidecar the metadata, and the store's current dictionary the analysis.
enum SampleArchive {
    static var available: Bool { SampleCallTruth.available }

    /// Imports every sample call, stores its truth turns as utterances and analyses it; returns the ids.
    @discardableResult
    static func seed(_ store: CallStore) throws -> [CallID] {
        let normalizer = TextNormalizer()
        let analysis = AnalysisService(store: store)
        var ids: [CallID] = []
        for truth in try SampleCallTruth.loadAll() {
            let base = truth.call
            let utterances = truth.utterances(normalize: normalizer.normalize)
            let duration = truth.duration
            let sha = String((base + String(repeating: "0", count: 64)).prefix(64))
            guard case let .imported(id) = try store.importCall(
                NewCall(path: truth.audioPath, sha256: sha, duration: duration,
                        sampleRate: 16000, channels: 2, metadata: truth.metadata)) else { continue }
            guard let job = try store.claimJob(worker: "seed", kinds: [.transcribe]), job.callID == id else {
                throw ShellError.failed("seed: no transcribe job for \(base)")
            }
            let call = try store.call(id)!
            try store.finishTranscription(job: job.id, call: id, utterances: utterances, analysis: analysis.analyze(call, utterances))
            ids.append(id)
        }
        return ids
    }
}
