import Foundation
import HarkCore
import HarkJobs
import HarkStore
import HarkTestSupport
import HarkText
import Synchronization

/// A store in a fresh temporary folder, with the real OpenCC normaliser.
struct StoreFixture {
    let dir: TemporaryDirectory
    let store: CallStore

    init() throws {
        dir = try TemporaryDirectory("hark-store")
        let normalizer = TextNormalizer()
        store = try CallStore(path: dir.path("calls.sqlite"), normalize: { normalizer.normalize($0) })
    }

    /// Imports a made-up call (no audio needed at this layer) and returns its id.
    @discardableResult
    func addCall(_ n: Int, agent: String = "王芳", startedAt: Date = Date(timeIntervalSince1970: 1_763_000_000)) throws -> CallID {
        let result = try store.importCall(NewCall(path: "/calls/\(n).wav", sha256: String(repeating: "\(n % 10)", count: 8) + "\(n)",
                                                  duration: 60, sampleRate: 16000, channels: 2,
                                                  metadata: CallMetadata(agent: agent, customer: "C\(n)", startedAt: startedAt)))
        guard case let .imported(id) = result else { fatalError("duplicate fixture call \(n)") }
        return id
    }

    /// Runs every queued rescore through the job runner the desk uses (`WorkerPool.rescoring`) until none is
    /// left; returns how many finished.
    @discardableResult
    func drainRescores() throws -> Int {
        let finished = Mutex(0)
        try WorkerPool.rescoring(store: store, analysis: AnalysisService(store: store), follow: false, onEvent: {
            if case .finished = $0 { finished.withLock { $0 += 1 } }
        }).run()
        return finished.withLock { $0 }
    }

    static func utterance(_ text: String, speaker: Speaker = .customer, at start: Double, language: String = "zh") -> Utterance {
        Utterance(speaker: speaker, channel: speaker == .agent ? 0 : 1, start: start, end: start + 2, text: text,
                  normalizedText: TextNormalizer().normalize(text), language: language)
    }
}
