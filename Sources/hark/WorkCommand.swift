import ArgumentParser
import Foundation
import HarkConfig
import HarkCore
import HarkJobs
import HarkSpeech
import HarkStore
import Synchronization

struct WorkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "work",
        abstract: "Transcribe the queued calls without the UI, then exit (--follow keeps waiting for new ones).",
        discussion: "Ctrl-C stops cleanly: a call in progress is left for the next run. Safe to kill at any moment: "
            + "a call's transcript is written in one transaction when it is complete.")

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var modelOptions: ModelFolderOptions
    @Flag(name: .long, help: "Keep running and take new calls as they are imported.") var follow = false
    @Option(name: .long, help: "Worker threads (default: [work] workers, else cores − 1, at least 1).") var workers: Int?
    @Option(name: .long, help: "Recognisers loaded, shared by the workers (default: [work] engines, else 1; each Whisper base needs ~300 MB).")
    var engines: Int?
    @Option(name: .long, help: "Threads per recogniser (default: cores / engines).") var threads: Int?
    @Option(name: .long, help: "Recognition model by folder name (default: see `hark models`).") var model: String?
    @Option(name: .long, help: "Force a language (ISO 639-1, e.g. en, zh); default: detected per utterance.")
    var language: String?
    @Option(name: .long, help: "Script transcripts are written in: simplified, traditional or recognised (the recogniser's own text is kept either way; default: [display] script, else simplified).")
    var script: ReadingScript?
    @Flag(name: .long, help: "Queue every failed call again first (after fixing what made them fail).") var retryFailed = false
    @Option(name: .long, help: .hidden) var staleAfter: Double = 30

    func validate() throws {
        if let workers, workers < 1 { throw ValidationError("--workers must be at least 1") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        if let engines, engines < 1 { throw ValidationError("--engines must be at least 1") }
    }

    func run() throws {
        var settings = try storeOptions.settings()
        if let workers { settings.set("work.workers", \.workers, workers, from: .flag("--workers")) }
        if let engines { settings.set("work.engines", \.engines, engines, from: .flag("--engines")) }
        if let script { settings.set("display.script", \.script, script.rawValue, from: .flag("--script")) }
        let store = try storeOptions.open(settings)
        let catalog = try ModelCatalog.scan(modelOptions.path)
        let analysis = AnalysisService(store: store, settings: settings.analysis)
        let options = WorkerPoolOptions(workers: settings.workers, follow: follow, kinds: Set(JobKind.allCases), staleAfter: staleAfter)
        let speech = try SpeechEngines(catalog: catalog, options: SpeechOptions(
            workers: options.workers, engines: settings.engines, threadsPerEngine: threads, recognizerName: model,
            recognizer: RecognizerOptions(language: language), script: settings.readingScript))
        if retryFailed { print("queued \(try store.retryFailedJobs()) failed job(s) again") }
        let changed = try store.adopt(settings)
        if changed > 0 { print(settings.reanalysisLine(calls: changed)) }
        // Results an interrupted form save left stale (the save itself re-scores everything it can).
        let rescored = try analysis.refreshForms()
        if rescored > 0 { print("re-scored \(rescored) call(s) against the QA forms in force") }
        let pending = (try store.jobCounts()).filter { $0.key == .queued || $0.key == .running }.values.reduce(0, +)
        let reporter = WorkReporter(terminal: isatty(STDOUT_FILENO) != 0, total: pending)
        let pool = WorkerPool(store: store, options: options, transcriber: { try speech.transcriber() },
                              analyze: { analysis.analyze($0, $1) }, assignRoles: { analysis.assignRoles($0, $1) },
                              onEvent: { reporter.handle($0) })

        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        let sources = [SIGINT, SIGTERM].map { sig in
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { pool.stop() }
            source.resume()
            return source
        }
        defer { sources.forEach { $0.cancel() } }

        reporter.emit(reporter.header(workers: options.workers, engines: speech.options.engines,
                                      threads: speech.options.threadsPerEngine, model: speech.engines.model.name,
                                      store: store.path))
        try pool.start()
        pool.wait()
        reporter.finish()
        if let failure = pool.failure { throw CLIError(failure) }
    }
}

/// Prints the pool's events: a redrawn progress bar on a terminal, one plain line per event otherwise.
final class WorkReporter: Sendable {
    private let terminal: Bool
    private let state: Mutex<Counts>

    private struct Counts {
        var total: Int
        var done = 0
        var failed = 0
        var abandoned = 0
        var audioSeconds = 0.0
        var rescored = 0
        var started = Date()
        var current: [Int64: (name: String, fraction: Double)] = [:]
    }

    init(terminal: Bool, total: Int) {
        self.terminal = terminal
        state = Mutex(Counts(total: total))
    }

    func header(workers: Int, engines: Int, threads: Int, model: String, store: String) -> String {
        "hark work: \(workers) worker\(workers == 1 ? "" : "s"), \(engines) recogniser\(engines == 1 ? "" : "s") × "
            + "\(threads) thread\(threads == 1 ? "" : "s"), model \(model), store \(store)"
    }

    func handle(_ event: WorkerEvent) {
        let line: String? = state.withLock { s in
            switch event {
            case let .reanalysing(calls):
                s.total += calls
                return "re-analysing \(calls) call\(calls == 1 ? "" : "s") analysed by an older Hark (no speech recognition)"
            case let .started(_, job, call):
                s.current[job.id] = ((call.path as NSString).lastPathComponent, 0)
                s.total = max(s.total, s.done + s.failed + s.abandoned + s.current.count)
                return "started   #\(call.id) \(call.path) (\(Format.duration(call.duration)))"
            case let .progress(_, job, fraction):
                s.current[job.id]?.fraction = fraction
                return nil
            case let .finished(_, job, call, utterances, seconds):
                s.current[job.id] = nil
                s.done += 1
                // A rescore re-reads a transcript: no audio was processed for it.
                if job.kind == .transcribe { s.audioSeconds += call.duration } else { s.rescored += 1 }
                return "done      #\(call.id) \(call.path): \(utterances) utterances in \(String(format: "%.1f", seconds)) s"
            case let .failed(_, job, reason):
                s.current[job.id] = nil
                s.failed += 1
                return "failed    #\(job.callID) \(reason)"
            case let .abandoned(_, job):
                s.current[job.id] = nil
                s.abandoned += 1
                return "stopped   #\(job.callID) (left for the next run)"
            }
        }
        if terminal {
            let bar = state.withLock { Self.bar($0) }
            // Event lines scroll above the bar, which is redrawn in place.
            FileHandle.standardOutput.write(Data(("\r\u{1B}[K" + (line.map { $0 + "\n" } ?? "") + bar).utf8))
        } else if let line {
            emit(line)
        }
    }

    func finish() {
        let summary = state.withLock { s in
            let wall = Date().timeIntervalSince(s.started)
            return "finished: \(s.done) done\(s.rescored > 0 ? " (\(s.rescored) re-scored)" : ""), \(s.failed) failed attempts, "
                + "\(s.abandoned) left for later; \(Format.duration(s.audioSeconds)) of audio in \(Format.duration(wall))"
        }
        emit((terminal ? "\r\u{1B}[K" : "") + summary)
    }

    /// Writes straight to fd 1: lines from worker threads must not sit in stdio's buffer when the process is killed.
    func emit(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    private static func bar(_ s: Counts) -> String {
        let partial = s.current.values.map(\.fraction).reduce(0, +)
        let finished = Double(s.done + s.failed + s.abandoned)
        let fraction = s.total > 0 ? min(1, (finished + partial) / Double(s.total)) : 1
        let width = 30
        let filled = Int(fraction * Double(width))
        let names = s.current.values.map(\.name).sorted().joined(separator: ", ")
        return "[\(String(repeating: "#", count: filled))\(String(repeating: ".", count: width - filled))] "
            + String(format: "%3.0f%%", fraction * 100) + " \(s.done)/\(s.total) calls  \(names)"
    }
}

extension ReadingScript: ExpressibleByArgument {}
