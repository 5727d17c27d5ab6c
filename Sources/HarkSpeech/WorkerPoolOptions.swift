import Foundation
import HarkCore

/// How a `WorkerPool` runs.
public struct WorkerPoolOptions: Sendable {
    /// Worker threads: each decodes audio, runs its VAD and writes the store, borrowing a recogniser for
    /// each segment. Default: cores − 1 (the UI keeps one), at least 1.
    public var workers: Int
    /// Recognisers loaded and shared by the workers (see `RecognizerPool`: ~300 MB each for Whisper base).
    /// Default 1; at most `workers`.
    public var engines: Int
    /// onnxruntime threads per recogniser. Default: the cores shared out between the engines.
    public var threadsPerEngine: Int
    /// Keep waiting for new jobs when the queue is empty (the TUI, `hark work --follow`).
    public var follow: Bool
    /// Which jobs to take.
    public var kinds: Set<JobKind>
    /// Recogniser to load by name (nil: the catalogue's default).
    public var recognizerName: String?
    public var recognizer: RecognizerOptions
    public var vad: VADOptions
    public var script: ReadingScript
    /// Seconds between heartbeats of running jobs (progress other processes can read).
    public var heartbeatInterval: Double
    /// Seconds between looks at an empty queue in follow mode.
    public var pollInterval: Double
    /// A running job whose heartbeat is this old is taken to be abandoned and queued again.
    public var staleAfter: Double
    /// Seconds between checkpoints of a running transcription (a kill loses at most this much work).
    public var checkpointInterval: Double

    public static var defaultWorkers: Int { max(1, ProcessInfo.processInfo.activeProcessorCount - 1) }

    public init(workers: Int? = nil, engines: Int = 1, threadsPerEngine: Int? = nil, follow: Bool = false,
                kinds: Set<JobKind> = Set(JobKind.allCases), recognizerName: String? = nil,
                recognizer: RecognizerOptions = RecognizerOptions(), vad: VADOptions = VADOptions(),
                script: ReadingScript = .simplified,
                heartbeatInterval: Double = 2, pollInterval: Double = 1, staleAfter: Double = 30,
                checkpointInterval: Double = 10) {
        let workers = max(1, workers ?? Self.defaultWorkers)
        self.workers = workers
        self.engines = min(max(1, engines), workers)
        self.threadsPerEngine = max(1, threadsPerEngine ?? ProcessInfo.processInfo.activeProcessorCount / self.engines)
        self.follow = follow
        self.kinds = kinds
        self.recognizerName = recognizerName
        var recognizer = recognizer
        recognizer.threads = self.threadsPerEngine
        self.recognizer = recognizer
        self.vad = vad
        self.script = script
        self.heartbeatInterval = heartbeatInterval
        self.pollInterval = pollInterval
        self.staleAfter = staleAfter
        self.checkpointInterval = checkpointInterval
    }
}

/// What the pool reports as it works (for a progress bar, a log, or the TUI's status line).
public enum WorkerEvent: Sendable {
    case started(worker: Int, job: Job, call: Call)
    /// Fraction (0...1) of the call's audio done.
    case progress(worker: Int, job: Job, fraction: Double)
    case finished(worker: Int, job: Job, call: Call, utterances: Int, seconds: Double)
    /// One line naming the file and the problem; the job is retried or failed by the store.
    case failed(worker: Int, job: Job, reason: String)
    /// Stopped mid-call on shutdown; the store queues the job again later.
    case abandoned(worker: Int, job: Job)
}
