import Foundation
import HarkAudio
import HarkCore
import HarkStore

/// One call being recorded: its growing file, its transcription session, and what is stored of it. Stepped
/// by one intake thread at a time: each step reads what the recorder wrote since the last, stores the
/// utterances that finished with the analysis and alerts of the call so far, and a final step closes it.
final class LiveCall {
    let id: CallID
    /// The live thread that steps it (the one whose transcriber made its session).
    let slot: Int
    let file: RawPath
    private(set) var call: Call
    private var reader: GrowingWAV
    private let session: any LiveTranscriptionSession
    private let transcriber: any LiveTranscribing
    /// The channels taken from the file (a pair of a multi-channel recording).
    private let used: [Int]
    private(set) var utterances: [Utterance]
    private var fired: Set<String>
    private var savedProgress: LiveProgress
    private var savedAt = Date.distantPast
    /// When the file last grew (the settle time counts from it).
    private(set) var lastGrowth: Date
    /// Set by the watcher: the recorder closed the file, replaced it (rename into place) or removed it.
    var ending: Ending?

    enum Ending: Equatable {
        case closed
        case replaced
        case removed
        case settled
    }

    init(id: CallID, slot: Int, file: RawPath, call: Call, reader: GrowingWAV, transcriber: any LiveTranscribing,
         progress: LiveProgress?, utterances: [Utterance], fired: Set<String>, now: Date = Date()) {
        self.id = id
        self.slot = slot
        self.file = file
        self.call = call
        self.reader = reader
        self.transcriber = transcriber
        used = AudioFile.usedChannels(reader.channels)
        session = transcriber.session(channels: used.count, sampleRate: reader.sampleRate, resume: progress)
        self.utterances = utterances
        self.fired = fired
        savedProgress = progress ?? LiveProgress(committed: Array(repeating: 0, count: used.count))
        lastGrowth = now
    }

    var seconds: Double { Double(reader.framesRead) / Double(max(1, reader.sampleRate)) }

    /// Reads and transcribes what was written since the last step and stores what it gives. Returns the
    /// alerts newly stored.
    func step(store: CallStore, analysis: AnalysisService, rules: AlertRules, sinks: [String],
              now: Date = Date()) throws -> [Alert] {
        // A few seconds at a time, so a backlog (a restart) still shows progress and alerts as it goes.
        let chunk = try reader.read(maxFrames: reader.sampleRate * 5)
        guard let first = chunk.first, !first.isEmpty else { return [] }
        lastGrowth = now
        let added = try session.append(used.map { $0 < chunk.count ? chunk[$0] : [] })
        let progress = session.progress
        // Progress alone is stored every few seconds (a restart then rereads at most that much); new words at once.
        guard !added.isEmpty || (progress != savedProgress && now.timeIntervalSince(savedAt) >= 5) else { return [] }
        return try save(adding: added, progress: progress, store: store, analysis: analysis, rules: rules, sinks: sinks, now: now)
    }

    /// Whether the file has more to read than was read.
    func hasMore() -> Bool { ((try? reader.availableFrames()) ?? 0) > reader.framesRead }

    private func save(adding added: [Utterance], progress: LiveProgress, store: CallStore, analysis: AnalysisService,
                      rules: AlertRules, sinks: [String], now: Date) throws -> [Alert] {
        utterances += added
        utterances.sort { ($0.start, $0.channel) < ($1.start, $1.channel) }
        call.duration = seconds
        let result = analysis.analyze(call, utterances)
        let alerts = try result.map { try alertsFor($0, analysis: analysis, rules: rules, live: true, now: now) } ?? []
        let stored = try store.advanceLiveCall(id, adding: added, analysis: result, progress: progress, duration: seconds,
                                               alerts: alerts, sinks: sinks, at: now)
        savedProgress = progress
        savedAt = now
        fired.formUnion(alerts.map(\.rule))
        return stored
    }

    private func alertsFor(_ result: CallAnalysis, analysis: AnalysisService, rules: AlertRules, live: Bool,
                           now: Date) throws -> [Alert] {
        let dictionary = try analysis.analyzer().dictionary
        return rules.alerts(call: call, utterances: utterances, analysis: result, dictionary: dictionary, live: live,
                            fired: fired, now: now)
    }

    /// The recording ended: reads the rest (from the finished file when it was replaced), closes the
    /// transcription, tells a mono call's voices apart, and stores the call as done with its final analysis,
    /// alerts and the file's SHA-256, its sidecar's metadata if one appeared meanwhile.
    func finish(store: CallStore, analysis: AnalysisService, rules: AlertRules, sinks: [String],
                now: Date = Date()) throws -> [Alert] {
        if ending == .replaced, let fresh = try GrowingWAV.open(file) {
            try fresh.seek(toFrame: reader.framesRead)
            reader = fresh
        }
        var added: [Utterance] = []
        while true {
            let chunk = try reader.read(maxFrames: reader.sampleRate * 30)
            guard let first = chunk.first, !first.isEmpty else { break }
            added += try session.append(used.map { $0 < chunk.count ? chunk[$0] : [] })
        }
        added += try session.finish()
        utterances += added
        utterances.sort { ($0.start, $0.channel) < ($1.start, $1.channel) }
        call.duration = seconds
        if let metadata = try? CallImporter.metadata(for: file) { call.metadata = metadata }
        let whole = ending == .removed ? utterances : transcriber.finalized(utterances, file: file, channels: used.count)
        let (prepared, roles) = analysis.assignRoles(call, whole)
        var result = analysis.analyze(call, prepared)
        result?.roles = roles
        utterances = prepared
        let alerts = try result.map { try alertsFor($0, analysis: analysis, rules: rules, live: false, now: now) } ?? []
        let sha = ending == .removed ? nil : try? CallImporter.sha256(of: file)
        let stored = try store.finishLiveCall(id, utterances: prepared, analysis: result, sha256: sha, duration: seconds,
                                              progress: LiveProgress(committed: Array(repeating: seconds, count: used.count)),
                                              metadata: call.metadata, alerts: alerts, sinks: sinks, at: now)
        fired.formUnion(alerts.map(\.rule))
        return stored
    }
}
