import ArgumentParser
import Foundation
import HarkConfig
import HarkCore
import HarkIntake
import HarkJobs
import HarkSpeech
import HarkStore

/// `hark watch DIR...`: live intake. Calls being recorded are transcribed as they grow and raise alerts
/// within seconds; finished recordings are imported and transcribed by the workers.
struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Follow folders where calls are recorded: transcribe live calls as they grow, raise alerts, import finished files.",
        discussion: """
            A WAV whose header sizes are still 0 or 0xFFFFFFFF (or short of the file) is a live call: each finished \
            sentence is transcribed and analysed within seconds. A call ends when the recorder closes the file, \
            renames the finished file over it, or it has not grown for --settle seconds. Other recordings are imported \
            when they stop changing and transcribed by --workers. Alerts (rules: complaint, risk, critical) go to \
            --alerts-jsonl, --alert-command (the JSON on stdin) and --alert-webhook, each retried until delivered. \
            Ctrl-C stops; the next run continues live calls where they were.
            """)

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var modelOptions: ModelFolderOptions
    @Argument(help: "Folders to follow (sub-folders included).") var folders: [String]
    @Option(name: .long, help: "Seconds without growth after which a live call is finished.") var settle: Double = 5
    @Flag(name: .long, help: "Poll the folders (for network shares where inotify sees nothing).") var poll = false
    @Option(name: .customLong("alerts-jsonl"), help: "Append each alert as one JSON line to this file.") var alertsJSONL: String?
    @Option(name: .customLong("alert-command"), help: "Run this shell command per alert with its JSON on stdin.") var alertCommand: String?
    @Option(name: .customLong("alert-command-timeout"), help: "Seconds an alert command may run.") var alertCommandTimeout: Double = 10
    @Option(name: .customLong("alert-webhook"), help: "POST each alert's JSON to this http(s) URL.") var alertWebhook: String?
    @Option(name: .customLong("alert-rules"), help: "Rules that alert, comma-separated: complaint, risk, critical.")
    var alertRules: String = "complaint,risk,critical"
    @Option(name: .customLong("alert-min-weight"), help: "Weight a negative category needs for the complaint rule.")
    var alertMinWeight: Double = 4
    @Option(name: .long, help: "Batch workers for finished recordings (default: [work] workers, else cores − 1; 0: none).")
    var workers: Int?
    @Option(name: .long, help: "Recognition model by folder name (default: see `hark models`).") var model: String?

    func validate() throws {
        if settle <= 0 { throw ValidationError("--settle must be more than 0 seconds") }
        if let workers, workers < 0 { throw ValidationError("--workers must be 0 or more") }
        _ = try rules()
    }

    func rules() throws -> AlertRules {
        var enabled: Set<AlertRules.Kind> = []
        for name in alertRules.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !name.isEmpty {
            guard let kind = AlertRules.Kind(rawValue: name) else {
                throw ValidationError("--alert-rules: unknown rule \(name) (rules: complaint, risk, critical)")
            }
            enabled.insert(kind)
        }
        return AlertRules(enabled: enabled, minWeight: alertMinWeight)
    }

    func sinks() throws -> [any AlertSink] {
        var sinks: [any AlertSink] = []
        if let alertsJSONL { sinks.append(JSONLinesSink(path: alertsJSONL)) }
        if let alertCommand { sinks.append(CommandSink(command: alertCommand, timeout: alertCommandTimeout)) }
        if let alertWebhook {
            do { sinks.append(try WebhookSink(url: alertWebhook)) } catch { throw CLIError("--alert-webhook: \(error)") }
        }
        return sinks
    }

    func run() throws {
        var settings = try storeOptions.settings()
        if let workers, workers > 0 { settings.set("work.workers", \.workers, workers, from: .flag("--workers")) }
        let folders = try self.folders.map { folder -> RawPath in
            let path = FolderWalk.absolute(RawArguments.path(folder))
            var st = stat()
            guard path.withCString({ stat($0, &st) }) == 0, st.st_mode & S_IFMT == S_IFDIR else {
                throw CLIError("\(folder): not a folder")
            }
            return path
        }
        let store = try storeOptions.open(settings)
        let sinks = try sinks()
        let catalog = try ModelCatalog.scan(modelOptions.path)
        let analysis = AnalysisService(store: store, settings: settings.analysis)
        _ = try store.adopt(settings)
        let poolOptions = WorkerPoolOptions(workers: settings.workers, follow: true, kinds: Set(JobKind.allCases))
        let batchWorkers = workers == 0 ? 0 : poolOptions.workers
        let speech = try SpeechEngines(catalog: catalog, options: SpeechOptions(
            workers: max(1, batchWorkers) + 1, engines: settings.engines, recognizerName: model,
            script: settings.readingScript))
        let dispatcher = AlertDispatcher(store: store, sinks: sinks, report: { Self.emit($0) })
        let intake = LiveIntake(store: store, analysis: analysis,
                                options: IntakeOptions(folders: folders, settle: settle, polling: poll, rules: try rules()),
                                sinks: dispatcher.sinkNames, transcriber: { try speech.liveTranscriber() },
                                report: { Self.emit($0) }, onAlert: { _ in dispatcher.wake() })
        let pool = batchWorkers > 0
            ? WorkerPool(store: store, options: poolOptions,
                         transcriber: { try speech.transcriber() }, analyze: { analysis.analyze($0, $1) },
                         assignRoles: { analysis.assignRoles($0, $1) }, onEvent: { event in
                             if case let .finished(_, job, call, utterances, seconds) = event, job.kind == .transcribe {
                                 Self.emit("done      #\(call.id) \(call.path): \(utterances) utterances in \(String(format: "%.1f", seconds)) s")
                             }
                         })
            : nil

        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        let stop = {
            intake.stop()
            pool?.stop()
            dispatcher.stop()
        }
        let sources = [SIGINT, SIGTERM].map { sig in
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { stop() }
            source.resume()
            return source
        }
        defer { sources.forEach { $0.cancel() } }
        Self.emit("hark watch: \(folders.map(\.text).joined(separator: ", ")); store \(store.path); alerts to "
                  + (sinks.isEmpty ? "nowhere (stored only)" : sinks.map(\.name).joined(separator: ", ")))
        dispatcher.start()
        try intake.start()
        try pool?.start()
        intake.wait()
        pool?.stop()
        pool?.wait()
        dispatcher.stop()
        dispatcher.wait()
        if let failure = pool?.failure { throw CLIError(failure) }
    }

    /// One line at once, even when stdout is a pipe (a supervisor's log follows it live).
    static func emit(_ line: String) {
        FileHandle.standardOutput.write(Data((Format.safe(line) + "\n").utf8))
    }
}
