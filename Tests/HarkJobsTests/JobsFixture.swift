import Foundation
import HarkCore
import HarkJobs
import HarkStore
import HarkTestSupport
import Synchronization

/// A store in a fresh folder with calls whose transcripts are stored and analysed by this build, as the
/// workers leave them. The recordings do not exist: nothing here may need audio.
struct JobsFixture {
    let dir: TemporaryDirectory
    let store: CallStore
    let analysis: AnalysisService

    init() throws {
        dir = try TemporaryDirectory("hark-jobs")
        store = try CallStore(path: dir.path("calls.sqlite"))
        analysis = AnalysisService(store: store)
    }

    var path: String { store.path }

    /// A queued call (its transcription job waiting) for the recording `name`.
    func queuedCall(_ name: String) throws -> CallID {
        let result = try store.importCall(NewCall(path: dir.path(name), sha256: UUID().uuidString, duration: 40,
                                                  sampleRate: 16_000, channels: 2, metadata: CallMetadata()))
        guard case let .imported(id) = result else { throw ShellError.failed("not imported: \(name)") }
        return id
    }

    /// A transcribed call analysed now: a complaint, a greeting and a goodbye, so it has keyword, emotion,
    /// repetition and compliance markers.
    func analysedCall(_ name: String) throws -> CallID {
        let id = try queuedCall(name)
        guard let job = try store.claimJob(worker: "seed:1:0", kinds: [.transcribe]), job.callID == id else {
            throw ShellError.failed("no job for \(name)")
        }
        let utterances = Self.complaint
        try store.finishTranscription(job: job.id, call: id, utterances: utterances,
                                      analysis: analysis.analyze(try store.call(id)!, utterances))
        return id
    }

    static let complaint: [Utterance] = [
        line(.agent, 0, "您好，请问有什么可以帮您？"),
        line(.customer, 3, "我要投诉，退款一直没到"),
        line(.agent, 8, "非常抱歉，我帮您查一下"),
        line(.customer, 12, "我真的要投诉你们"),
        line(.agent, 20, "已经为您处理好了，感谢您的来电，再见"),
    ]

    static func line(_ speaker: Speaker, _ start: Double, _ text: String) -> Utterance {
        Utterance(speaker: speaker, channel: speaker == .agent ? 0 : 1, start: start, end: start + 3, text: text,
                  normalizedText: text, language: "zh")
    }
}

/// What the pool reported, collected from its threads.
final class Events: Sendable {
    let all = Mutex<[WorkerEvent]>([])
    func add(_ e: WorkerEvent) { all.withLock { $0.append(e) } }
    var reanalysing: [Int] { all.withLock { $0.compactMap { if case let .reanalysing(n) = $0 { n } else { nil } } } }
    var finished: [CallID] { all.withLock { $0.compactMap { if case let .finished(_, _, c, _, _) = $0 { c.id } else { nil } } } }
    var failures: [String] { all.withLock { $0.compactMap { if case let .failed(_, _, r) = $0 { r } else { nil } } } }
    var abandoned: Int { all.withLock { $0.filter { if case .abandoned = $0 { true } else { false } }.count } }
}

/// A transcriber without speech models, whose behaviour the recording's name picks: `*permanent*` can never
/// be read, `*flaky*` fails every time but might not, `*slow*` works until told to stop; anything else gives
/// one customer line. Counts what it was asked to transcribe.
final class FakeTranscriber: CallTranscribing {
    enum Failure: Error { case unreadable, flaky, stopped }

    let asked: Asked

    init(asked: Asked) { self.asked = asked }

    func transcribe(file: RawPath, progress: (Double) -> Void, shouldStop: () -> Bool, resume: TranscriptCheckpoint?,
                    checkpoint: (TranscriptCheckpoint) -> Void) throws -> [Utterance] {
        let path = file.text
        asked.names.withLock { $0.append((path as NSString).lastPathComponent) }
        if path.contains("permanent") { throw Failure.unreadable }
        if path.contains("flaky") { throw Failure.flaky }
        if path.contains("slow") {
            let first = JobsFixture.line(.agent, 0, "您好")
            checkpoint(TranscriptCheckpoint(channel: 0, until: 5, utterances: [first]))
            progress(0.25)
            while !shouldStop() { Thread.sleep(forTimeInterval: 0.01) }
            throw Failure.stopped
        }
        progress(1)
        return [JobsFixture.line(.customer, 1, "我要退款")]
    }

    func outcome(of error: any Error) -> TranscriptionFailure {
        switch error as? Failure {
        case .unreadable?: return .permanent
        case .stopped?: return .stopped
        case .flaky?, nil: return .retry
        }
    }
}

/// The recordings a `FakeTranscriber` was asked for, by file name, from every worker.
final class Asked: Sendable {
    let names = Mutex<[String]>([])
    var all: [String] { names.withLock { $0 } }
}
