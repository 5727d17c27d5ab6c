import Foundation
import HarkCore
import HarkStore

/// The rescore job, the one implementation every runner uses: the stored transcript analysed again (after a
/// dictionary edit, or because an older `Analyzer.version` analysed it) and written with the job's end in one
/// transaction. Needs no audio and no speech models.
enum RescoreJob {
    /// Runs it; returns how many utterances were analysed. Errors are settled by the caller like any job's.
    static func run(_ job: Job, call: Call, store: CallStore,
                    analyze: (Call, [Utterance]) -> CallAnalysis?) throws -> Int {
        let utterances = try store.utterances(of: call.id)
        guard let analysis = analyze(call, utterances) else { throw JobError.noAnalysis(path: call.path) }
        try store.finishRescore(job: job.id, call: call.id, analysis: analysis)
        return utterances.count
    }
}

/// Why the pool could not complete a job, or stopped.
public enum JobError: Error, CustomStringConvertible, Sendable {
    case noAnalysis(path: String)
    /// A transcription job reached a pool that has no transcriber.
    case noTranscriber(path: String)
    case storeUnwritable(String)

    public var description: String {
        switch self {
        case let .noAnalysis(path): return "\(path): no analysis available to rescore this call"
        case let .noTranscriber(path): return "\(path): this worker pool has no speech models to transcribe it"
        case let .storeUnwritable(reason): return reason
        }
    }
}
