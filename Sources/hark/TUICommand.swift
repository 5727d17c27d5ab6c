import ArgumentParser
import Foundation
import HarkAudio
import HarkConfig
import HarkCore
import HarkIntake
import HarkJobs
import HarkSpeech
import HarkStore
import HarkTUI

/// `hark` with no arguments: the review desk on the call store, with the worker pool transcribing
/// queued calls in the background.
struct TUICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tui",
        abstract: "Open the review desk (the default command): calls, review with playback, queue, dashboard.",
        discussion: "Background workers transcribe and score queued calls while you work; quitting leaves an "
            + "unfinished call queued for the next run. Press ? on any screen for its keys.")

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var modelOptions: ModelFolderOptions
    @Option(help: "Colour theme: default, high-contrast, light, mono (or any themes/NAME.toml; default: [display] theme).")
    var theme: String?
    @Option(help: "Script new transcripts are written in: simplified, traditional or recognised (default: [display] script, else simplified).")
    var script: ReadingScript?
    @Option(name: .customLong("audio-device"), help: "ALSA device for playback (default, pulse, null, hw:0; default: [audio] device, else default).")
    var audioDevice: String?
    @Option(name: .long, help: "Background transcription workers (default: [work] workers, else cores − 1, at least 1; 0: none). Dictionary re-scoring runs either way.")
    var workers: Int?
    @Option(name: .long, help: "Folder the Coaching screen's `x` writes reports into.")
    var reports: String = "reports"
    @Option(name: .long, help: "Follow a folder where calls are recorded, as `hark watch` does (repeatable): live calls show LIVE, alerts on every screen.")
    var watch: [String] = []

    func validate() throws {
        if let workers, workers < 0 { throw ValidationError("--workers must be 0 or more") }
        for folder in watch {
            var st = stat()
            guard stat(folder, &st) == 0, st.st_mode & S_IFMT == S_IFDIR else { throw ValidationError("--watch \(folder): not a folder") }
        }
    }

    func run() throws {
        var settings = try storeOptions.settings()
        if let theme { settings.set("display.theme", \.theme, theme, from: .flag("--theme")) }
        if let script { settings.set("display.script", \.script, script.rawValue, from: .flag("--script")) }
        if let audioDevice { settings.set("audio.device", \.audioDevice, audioDevice, from: .flag("--audio-device")) }
        if let workers, workers > 0 { settings.set("work.workers", \.workers, workers, from: .flag("--workers")) }
        let store = try storeOptions.open(settings)
        let themes = try Theme.defaultFolder().map { try Theme.loadAll(folder: $0) } ?? []
        // Before any runner starts, so the re-analysis a changed settings file needs is queued for it.
        // A store that cannot be written still opens the desk: its workers say why in the status line.
        var reanalysing = 0
        var adoptProblem: String?
        do { reanalysing = try store.adopt(settings) } catch { adoptProblem = "not re-analysing for the settings: \(error)" }
        let (pool, intake, poolProblem) = startWorkers(store: store, settings: settings)
        // Results an interrupted form save left stale, finished off the main thread (seconds on a large archive).
        let refreshing = AnalysisService(store: store, settings: settings.analysis)
        let formRefresh = Thread { _ = try? refreshing.refreshForms() }
        formRefresh.name = "hark-forms-refresh"
        formRefresh.start()
        // Re-scoring needs no speech models: without a pool, a thread of its own runs what a dictionary save queues.
        let rescorer = pool == nil
            ? WorkerPool.rescoring(store: store, analysis: AnalysisService(store: store, settings: settings.analysis)) : nil
        var rescoreProblem: String?
        do { try rescorer?.start() } catch { rescoreProblem = "not re-scoring: \(error)" }
        let data = StoreDeskData(store: store, workerCount: pool?.options.workers ?? 0,
                                 workerProblem: { pool?.failure ?? rescorer?.failure }, analysisSettings: settings.analysis)
        let device = settings.audioDevice
        let desk = try Desk(data: data, themes: themes, theme: settings.theme, makePlayer: { call in
            do {
                return try Player(file: call.file, device: device)
            } catch {
                // An unreadable recording still gets its transcript reviewed, on a silent clock.
                return ClockPlayer(duration: call.duration, muteReason: "muted: \(error)")
            }
        }, reportsFolder: reports)
        if let problem = poolProblem ?? rescoreProblem ?? adoptProblem {
            desk.notice(problem)
        } else if let n = (pool ?? rescorer)?.queuedForReanalysis, n > 0 {
            desk.notice("re-analysing \(n) call\(n == 1 ? "" : "s") analysed by an older Hark (see the Queue)")
        } else if reanalysing > 0 {
            desk.notice(settings.reanalysisLine(calls: reanalysing) + " (see the Queue)")
        }
        let terminal = try Terminal()
        _ = DeskLoop.run(desk, on: terminal)
        // Q means now, even mid-decode: the calls in hand go back to the queue (their checkpoints kept) and the
        // process ends without unwinding. Waiting for the segment in hand took 2–3 s, and tearing the recogniser
        // down under a running decode made onnxruntime print errors; `_exit` runs no destructors at all. Every
        // store write is a committed transaction already, so nothing is left half-written.
        intake?.stop()
        pool?.abandon()
        rescorer?.abandon()
        fflush(nil)   // every output stream; the desk writes nothing else on the way out
        _exit(0)
    }

    /// Starts the pool (and live intake with `--watch`), or says in one line why calls will stay queued (no
    /// models, a broken model).
    private func startWorkers(store: CallStore, settings: HarkSettings) -> (WorkerPool?, LiveIntake?, String?) {
        if workers == 0 && watch.isEmpty { return (nil, nil, nil) }
        let analysis = AnalysisService(store: store, settings: settings.analysis)
        do {
            let options = WorkerPoolOptions(workers: settings.workers, follow: true)
            let speech = try SpeechEngines(catalog: try ModelCatalog.scan(modelOptions.path),
                                           options: SpeechOptions(workers: options.workers + (watch.isEmpty ? 0 : 1),
                                                                  engines: settings.engines, script: settings.readingScript))
            var intake: LiveIntake?
            if !watch.isEmpty {
                let live = LiveIntake(store: store, analysis: analysis,
                                      options: IntakeOptions(folders: watch.map { FolderWalk.absolute(RawArguments.path($0)) }),
                                      sinks: [], transcriber: { try speech.liveTranscriber() }, report: { _ in })
                try live.start()
                intake = live
            }
            guard workers != 0 else { return (nil, intake, nil) }
            let pool = WorkerPool(store: store, options: options, transcriber: { try speech.transcriber() },
                                  analyze: { analysis.analyze($0, $1) }, assignRoles: { analysis.assignRoles($0, $1) })
            try pool.start()
            return (pool, intake, nil)
        } catch {
            return (nil, nil, "not transcribing: \(error) (run `make models`, see `hark doctor`)")
        }
    }
}
