import Foundation
import HarkCore
import HarkStore
import HarkTestSupport
import HarkText

/// A store holding the sample calls as if transcribed perfectly: each `sample-calls/calls/*.truth.json`
/// gives the turns, its sidecar the metadata, and the store's current dictionary the analysis.
enum SampleArchive {
    struct Turn: Decodable { var speaker: String; var start: Double; var end: Double; var text: String; var language: String? }
    struct Truth: Decodable { var duration: Double?; var turns: [Turn] }

    static var folder: URL { Paths.packageRoot.appendingPathComponent("sample-calls/calls") }

    static var available: Bool {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).contains { $0.hasSuffix(".truth.json") }
    }

    /// Imports every sample call, stores its truth turns as utterances and analyses it; returns the ids.
    @discardableResult
    static func seed(_ store: CallStore) throws -> [CallID] {
        let normalizer = TextNormalizer()
        let analysis = AnalysisService(store: store)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".truth.json") }.sorted()
        var ids: [CallID] = []
        for name in names {
            let base = String(name.dropLast(".truth.json".count))
            let truth = try JSONDecoder().decode(Truth.self, from: Data(contentsOf: folder.appendingPathComponent(name)))
            let sidecar = folder.appendingPathComponent("\(base).json")
            let metadata = (try? Data(contentsOf: sidecar)).flatMap { try? CallMetadata(sidecarJSON: $0) } ?? CallMetadata()
            let utterances = truth.turns.map { t in
                let speaker = Speaker(rawValue: t.speaker) ?? .mixed
                return Utterance(speaker: speaker, channel: speaker == .customer ? 1 : 0, start: t.start, end: t.end, text: t.text,
                                 normalizedText: normalizer.normalize(t.text), language: t.language)
            }
            let duration = truth.duration ?? (utterances.map(\.end).max() ?? 0) + 1
            let sha = String((base + String(repeating: "0", count: 64)).prefix(64))
            guard case let .imported(id) = try store.importCall(
                NewCall(path: folder.appendingPathComponent("\(base).ogg").path, sha256: sha, duration: duration,
                        sampleRate: 16000, channels: 2, metadata: metadata)) else { continue }
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
