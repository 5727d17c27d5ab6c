import Foundation
import HarkAudio
import HarkCore
import HarkStore
import Synchronization

/// `hark watch`: follows folders where recorders write calls. A WAV still being written is a live call,
/// transcribed and analysed as it grows (`LiveCall`), alerts raised as they happen; any other new recording
/// is imported once it is finished, and its transcription queued for the workers. A restart continues the
/// live calls the store holds where they were.
///
/// Threads: the watcher (this class's loop: file events, settle times, imports), `liveThreads` stepping
/// live calls (a call is stepped by one thread at a time), and the alert sinks' deliveries (`AlertDispatcher`).
public final class LiveIntake: @unchecked Sendable {
    // @unchecked: `calls`, `pending` and the flags are touched only under `lock`; a LiveCall only by the
    // thread that marked it busy.
    private let store: CallStore
    private let analysis: AnalysisService
    private let options: IntakeOptions
    private let sinkNames: [String]
    private let makeTranscriber: () throws -> any LiveTranscribing
    private let report: @Sendable (String) -> Void
    private let onAlert: @Sendable (Alert) -> Void
    private let lock = NSCondition()
    private var calls: [String: LiveCall] = [:]
    private var busy: Set<CallID> = []
    /// Finished-looking files waiting to settle before they are imported: path → (size, since).
    private var pending: [String: (file: RawPath, size: Int64, since: Date)] = [:]
    private var stopping = false
    private var running = 0
    /// One per live thread; a call is stepped only by the thread of its slot, so a transcriber (its text
    /// normaliser, its sessions) is only ever used by one thread.
    private var transcribers: [any LiveTranscribing] = []

    public init(store: CallStore, analysis: AnalysisService, options: IntakeOptions, sinks: [String],
                transcriber: @escaping () throws -> any LiveTranscribing,
                report: @escaping @Sendable (String) -> Void = { print($0) },
                onAlert: @escaping @Sendable (Alert) -> Void = { _ in }) {
        self.store = store
        self.analysis = analysis
        self.options = options
        sinkNames = sinks
        makeTranscriber = transcriber
        self.report = report
        self.onAlert = onAlert
    }

    /// Live calls being followed now.
    public var liveCount: Int { lock.withLock { calls.count } }

    /// Continues the stored live calls, imports what the folders hold, and starts following them.
    public func start() throws {
        let watcher = try FileWatcher(folders: options.folders, polling: options.polling, keep: {
            $0.pathExtension == "json" || CallImporter.audioExtensions.contains($0.pathExtension)
        })
        let made = try (0..<options.liveThreads).map { _ in try makeTranscriber() }
        lock.withLock { transcribers = made }
        try resumeStored()
        for file in watcher.existingFiles() { consider(file, appeared: false) }
        lock.withLock { running = made.count + 1 }
        for slot in made.indices {
            spawn("hark-live-\(slot)") { self.liveLoop(slot: slot) }
        }
        let handed = Handed(watcher)
        spawn("hark-watch") { self.watchLoop(handed.value) }
    }

    /// Stops following. Live calls stay live in the store, their progress saved with every step, for the next
    /// `hark watch` to continue.
    public func stop() {
        lock.withLock {
            stopping = true
            lock.broadcast()
        }
    }

    public func wait() {
        lock.withLock { while running > 0 { lock.wait() } }
    }

    private func spawn(_ name: String, _ body: @escaping @Sendable () -> Void) {
        let thread = Thread {
            body()
            self.lock.withLock {
                self.running -= 1
                self.lock.broadcast()
            }
        }
        thread.name = name
        thread.stackSize = 8 << 20
        thread.start()
    }

    private var isStopping: Bool { lock.withLock { stopping } }

    // MARK: - Files

    /// The slot with the fewest live calls, and its transcriber.
    private func nextSlot() -> (Int, any LiveTranscribing) {
        lock.withLock {
            let load = transcribers.indices.map { slot in calls.values.filter { $0.slot == slot }.count }
            let slot = load.indices.min { load[$0] < load[$1] } ?? 0
            return (slot, transcribers[slot])
        }
    }

    private func resumeStored() throws {
        for state in try store.liveCalls() {
            let file = state.call.file
            do {
                guard let reader = try GrowingWAV.open(file) else { throw ImportError(reason: "header not readable") }
                resume(state, reader: reader, identity: RecordingHeader.identity(of: file))
            } catch {
                // Gone for good: what was heard stays, the call is closed with it.
                report("failed    #\(state.call.id) \(state.call.path): cannot continue the live call: \(error)")
                let utterances = (try? store.utterances(of: state.call.id)) ?? []
                try? store.finishLiveCall(state.call.id, utterances: utterances, analysis: analysis.analyze(state.call, utterances),
                                          sha256: nil, duration: state.call.duration, alerts: [], sinks: [])
            }
        }
    }

    /// Follows a stored live call again from its progress.
    private func resume(_ state: LiveCallState, reader: GrowingWAV,
                        identity: (device: UInt64, inode: UInt64, size: Int64, modified: Date)?) {
        let (slot, transcriber) = nextSlot()
        do {
            try reader.seek(toFrame: Int((state.progress.resumeSeconds * Double(reader.sampleRate)).rounded(.down)))
            let live = LiveCall(id: state.call.id, slot: slot, file: state.call.file, call: state.call, reader: reader,
                                transcriber: transcriber, progress: state.progress,
                                utterances: try store.utterances(of: state.call.id), fired: try store.firedAlertRules(state.call.id))
            if identity == nil { live.ending = .removed }
            else if identity.map({ $0.device != state.device || $0.inode != state.inode }) == true { live.ending = .replaced }
            lock.withLock {
                calls[state.call.path] = live
                lock.broadcast()
            }
            report("resumed   #\(state.call.id) \(state.call.path) at \(Format.duration(state.progress.resumeSeconds))")
        } catch {
            report("failed    #\(state.call.id) \(state.call.path): cannot continue the live call: \(error)")
        }
    }

    /// A file seen for the first time (or again): a growing WAV becomes a live call at once; a finished WAV is
    /// imported at once; anything else when it has settled. Files already stored are left alone.
    private func consider(_ file: RawPath, appeared: Bool) {
        let path = file.text
        if file.pathExtension == "json" {
            sidecarAppeared(file)
            return
        }
        guard CallImporter.audioExtensions.contains(file.pathExtension) else { return }
        if let live = lock.withLock({ calls[path] }) {
            // The recorder renamed the finished file over the live one.
            lock.withLock { if appeared, live.ending == nil { live.ending = .replaced } }
            return
        }
        guard let identity = RecordingHeader.identity(of: file) else { return }
        // The recorder paused past the settle time and wrote on: the call it ended continues.
        if let ended = try? store.endedLiveCall(device: identity.device, inode: identity.inode, path: path),
           RecordingHeader.state(of: file) == .growing,
           let reader = try? GrowingWAV.open(file), (try? reader.availableFrames()) ?? 0 > Int(ended.call.duration * Double(reader.sampleRate)) + 1 {
            do {
                try store.reopenLiveCall(ended.call.id)
                resume(ended, reader: reader, identity: identity)
            } catch {
                report("failed    #\(ended.call.id) \(path): cannot continue the call: \(error)")
            }
            return
        }
        if let stored = try? store.importedCall(path: path), stored.status != .live,
           identity.modified <= stored.importedAt {
            return
        }
        switch RecordingHeader.state(of: file) {
        case .growing:
            // A WAV still being written whose last change is older than the settle time was left unfinished
            // (a recorder that died): imported as it is.
            if Date().timeIntervalSince(identity.modified) > options.settle, !appeared {
                lock.withLock { pending[path] = (file, identity.size, .distantPast) }
            } else {
                beginLive(file, identity: identity)
            }
        case .incomplete:
            lock.withLock { if calls[path] == nil { pending[path] = (file, identity.size, Date()) } }
        case .finished:
            importFinished(file)
        case .other:
            lock.withLock { pending[path] = (file, identity.size, Date()) }
        }
    }

    private func beginLive(_ file: RawPath, identity: (device: UInt64, inode: UInt64, size: Int64, modified: Date)) {
        let path = file.text
        let (slot, transcriber) = nextSlot()
        do {
            guard let reader = try GrowingWAV.open(file) else {
                lock.withLock { pending[path] = (file, identity.size, Date()) }
                return
            }
            let metadata = try CallImporter.metadata(for: file)
            let channels = AudioFile.usedChannels(reader.channels).count
            let new = NewCall(file: file, sha256: "", duration: 0, sampleRate: reader.sampleRate, channels: channels,
                              metadata: metadata)
            let id = try store.beginLiveCall(new, device: identity.device, inode: identity.inode, channels: channels)
            guard let call = try store.call(id) else { return }
            let live = LiveCall(id: id, slot: slot, file: file, call: call, reader: reader, transcriber: transcriber, progress: nil,
                                utterances: [], fired: [])
            lock.withLock {
                pending[path] = nil
                calls[path] = live
                lock.broadcast()
            }
            report("live      #\(id) \(path) (\(channels) ch, \(reader.sampleRate) Hz)")
        } catch {
            let reason = (error as? AudioError).map(CallImporter.reason) ?? "\(error)"
            report("failed    \(path): \(reason)")
            try? store.recordFailedImport(path: path, reason: reason)
        }
    }

    private func importFinished(_ file: RawPath) {
        lock.withLock { pending[file.text] = nil }
        let importer = CallImporter(store: store, report: report)
        _ = importer.importPaths([file])
    }

    private func sidecarAppeared(_ sidecar: RawPath) {
        // The recording it describes, if it was imported before its sidecar was written.
        let base = sidecar.deletingPathExtension
        for ext in CallImporter.audioExtensions {
            let file = RawPath(bytes: base.bytes + Array(".\(ext)".utf8))
            guard let stored = try? store.importedCall(path: file.text), stored.status != .live else { continue }
            if let metadata = try? CallImporter.metadata(for: file) {
                try? store.updateMetadata(metadata, of: stored.id)
                report("metadata  #\(stored.id) \(file.text) from \(RawPath(bytes: sidecar.lastComponent).text)")
            }
            return
        }
    }

    // MARK: - Loops

    private func watchLoop(_ watcher: FileWatcher) {
        while !isStopping {
            for event in watcher.next(timeout: options.tick) {
                switch event {
                case let .appeared(file): consider(file, appeared: true)
                case let .grew(file):
                    if lock.withLock({ calls[file.text] == nil && pending[file.text] == nil }) {
                        consider(file, appeared: true)
                    } else {
                        lock.withLock {
                            if let p = pending[file.text] { pending[file.text] = (p.file, p.size, Date()) }
                        }
                    }
                case let .closed(file):
                    // Recorders open and close a file as they append; closed with its header fixed, it is over.
                    let over = RecordingHeader.state(of: file) == .finished
                    lock.withLock {
                        if over, let live = calls[file.text], live.ending == nil { live.ending = .closed }
                        if pending[file.text] != nil { pending[file.text]?.since = .distantPast }
                        lock.broadcast()
                    }
                    if lock.withLock({ calls[file.text] == nil && pending[file.text] == nil }) {
                        consider(file, appeared: true)
                    }
                case let .removed(file):
                    lock.withLock {
                        if let live = calls[file.text] { live.ending = .removed }
                        pending[file.text] = nil
                    }
                }
            }
            settle()
        }
    }

    /// Imports the pending files that stopped changing, and ends the live calls that stopped growing.
    private func settle() {
        let now = Date()
        let ready: [RawPath] = lock.withLock {
            var out: [RawPath] = []
            for (path, p) in pending {
                guard let id = RecordingHeader.identity(of: p.file) else { pending[path] = nil; continue }
                if id.size != p.size { pending[path] = (p.file, id.size, now) }
                else if now.timeIntervalSince(p.since) >= options.settle { out.append(p.file) }
            }
            for live in calls.values where live.ending == nil && !busy.contains(live.id)
                && now.timeIntervalSince(live.lastGrowth) >= options.settle && !live.hasMore() {
                live.ending = .settled
                lock.broadcast()
            }
            return out
        }
        for file in ready {
            // A WAV that is live after all (its header reads growing again) is left to `consider`.
            importFinished(file)
        }
    }

    private func liveLoop(slot: Int) {
        var turn = 0
        while true {
            let next: LiveCall? = lock.withLock {
                while true {
                    if stopping { return nil }
                    let free = calls.values.filter { $0.slot == slot && !busy.contains($0.id) }.sorted { $0.id < $1.id }
                    if !free.isEmpty {
                        // Round robin, so one long backlog cannot hold the other calls back.
                        let pick = free[turn % free.count]
                        turn += 1
                        busy.insert(pick.id)
                        return pick
                    }
                    lock.wait(until: Date().addingTimeInterval(options.tick))
                }
            }
            guard let live = next else { return }
            let ending = lock.withLock { live.ending }
            do {
                let alerts: [Alert]
                var finished = false
                if let ending {
                    alerts = try live.finish(store: store, analysis: analysis, rules: options.rules, sinks: sinkNames)
                    finished = true
                    report("done      #\(live.id) \(live.file.text): \(live.utterances.count) utterances, "
                           + "\(Format.duration(live.seconds)) (\(ending))")
                } else {
                    alerts = try live.step(store: store, analysis: analysis, rules: options.rules, sinks: sinkNames)
                }
                for alert in alerts {
                    report("alert     #\(alert.call) \(alert.rule)\(alert.category.map { " \($0)" } ?? "") at \(Format.duration(alert.at)): \(Format.safe(alert.text))")
                    onAlert(alert)
                }
                lock.withLock {
                    busy.remove(live.id)
                    if finished { calls[live.file.text] = nil }
                    lock.broadcast()
                }
                if !finished, !live.hasMore() {
                    // Caught up with the recorder: wait for more rather than spin.
                    lock.withLock { _ = lock.wait(until: Date().addingTimeInterval(options.tick / Double(max(1, calls.count)))) }
                }
            } catch {
                let reason = String(describing: error).replacingOccurrences(of: "\n", with: " ")
                if let unwritable = store.unwritableReason(error) {
                    report("stopped: \(unwritable)")
                    stop()
                } else {
                    report("failed    #\(live.id) \(live.file.text): \(reason)")
                }
                lock.withLock {
                    busy.remove(live.id)
                    // A call that cannot be read any more is closed with what was heard.
                    if live.ending == nil { live.ending = .removed } else { calls[live.file.text] = nil }
                    lock.broadcast()
                }
            }
        }
    }
}

/// A value handed to the one thread that uses it from then on (a transcriber, the watcher).
private struct Handed<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
