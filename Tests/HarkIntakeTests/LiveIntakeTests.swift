import Foundation
import HarkCore
import HarkIntake
import HarkSpeech
import HarkStore
import HarkTestSupport

import Testing

/// `hark watch` end to end through the real Whisper-base and Silero models: a recorder writes a call into a
/// watched folder the way telephony recorders do (header sizes 0xFFFFFFFF, audio appended as it is spoken),
/// and the supervisor must hear of the complaint while the call is still on.
@Suite(.serialized) struct LiveIntakeTests {
    /// The sample call where the customer complains at 0:06.6–0:11.9 ("I want to make a complaint…"),
    /// its first `seconds`, as an 8 kHz stereo telephone recording.
    static let complaintCall = SampleCallTruth.folder.appendingPathComponent("c11-en-complaint.ogg").path

    final class Rig: @unchecked Sendable {
        let dir: TemporaryDirectory
        let folder: String
        let store: CallStore
        let analysis: AnalysisService
        let speech: SpeechEngines
        let lines = Locked<[String]>([])
        var intake: LiveIntake?
        var dispatcher: AlertDispatcher?

        init() throws {
            dir = try TemporaryDirectory("hark-live")
            folder = dir.path("recordings")
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            store = try CallStore(path: dir.path("calls.sqlite"))
            analysis = AnalysisService(store: store)
            speech = try SpeechEngines(catalog: try ModelCatalog.scan(Paths.modelsFolder), options: SpeechOptions(workers: 1))
        }

        var alertsFile: String { dir.path("alerts.jsonl") }

        func start(settle: Double = 30, polling: Bool = false) throws {
            let dispatcher = AlertDispatcher(store: store, sinks: [JSONLinesSink(path: alertsFile)], report: { _ in })
            let lines = self.lines
            let intake = LiveIntake(store: store, analysis: analysis,
                                    options: IntakeOptions(folders: [RawPath(folder)], settle: settle, polling: polling),
                                    sinks: dispatcher.sinkNames, transcriber: { [speech] in try speech.liveTranscriber() },
                                    report: { line in lines.withLock { $0.append(line) } },
                                    onAlert: { _ in dispatcher.wake() })
            dispatcher.start()
            try intake.start()
            self.intake = intake
            self.dispatcher = dispatcher
        }

        func stop() {
            intake?.stop()
            intake?.wait()
            dispatcher?.stop()
            dispatcher?.wait()
        }

        /// The alerts the JSONL sink received.
        func delivered() -> [Alert] {
            guard let text = try? String(contentsOfFile: alertsFile, encoding: .utf8) else { return [] }
            return text.split(separator: "\n").compactMap { try? JSONDecoder().decode(Alert.self, from: Data($0.utf8)) }
        }

        /// Waits up to `timeout` seconds for `condition`.
        @discardableResult
        func wait(_ timeout: Double, _ condition: () throws -> Bool) rethrows -> Bool {
            let deadline = Date().addingTimeInterval(timeout)
            while Date() < deadline {
                if try condition() { return true }
                Thread.sleep(forTimeInterval: 0.1)
            }
            return try condition()
        }

        func onlyCall() throws -> Call? { try store.calls().first?.call }
    }

    @Test func aComplaintAlertsWhileTheCallIsStillBeingRecorded() throws {
        let rig = try Rig()
        try rig.start()
        defer { rig.stop() }
        let recorder = try LiveRecorder(source: Self.complaintCall, to: rig.folder + "/20261202-0930_agent-emily_customer-sarah_queue-billing_in.wav",
                                        seconds: 24)
        recorder.write(upTo: 1)
        #expect(rig.wait(10) { (try? rig.onlyCall())?.status == .live }, "a growing WAV is a live call at once")
        // The recorder writes at twice the real pace up to 0:16 and keeps the file open: the call is on.
        recorder.play(speed: 2, until: 16)
        #expect(rig.wait(60) { rig.delivered().contains { $0.rule == "complaint" } })
        let call = try #require(try rig.onlyCall())
        #expect(call.status == .live, "the alert came before the call ended")
        let alert = try #require(rig.delivered().first { $0.rule == "complaint" })
        #expect(alert.live && alert.category == "投诉" && alert.call == call.id && alert.agent == "emily")
        #expect(alert.at > 5 && alert.at < 12, "points at the customer's sentence (0:06.6–0:11.9), got \(alert.at)")
        #expect(try rig.store.utterances(of: call.id).contains { $0.speaker == .customer && $0.text.lowercased().contains("complain") })

        // The call ends: the header is fixed and the file closed; the final analysis follows within seconds.
        recorder.finish()
        #expect(rig.wait(60) { (try? rig.store.call(call.id))?.status == .done })
        let done = try #require(try rig.store.call(call.id))
        #expect(done.sha256 == (try CallImporter.sha256(of: RawPath(recorder.path))))
        #expect(abs(done.duration - 24) < 0.1)
        #expect(try rig.store.analysis(of: call.id) != nil)
        // Each rule once per call, however many steps saw the complaint.
        #expect(rig.wait(5) { rig.delivered().filter { $0.rule == "complaint" }.count == 1 })
        #expect(rig.delivered().filter { $0.rule == "complaint" }.count == 1)
        // What a batch run of the finished file writes is what the live run wrote, sentence for sentence: the same
        // stretches of speech (the VAD is fed in the same windows), words within a few characters (a decode on a
        // busy engine may round differently).
        let batch = try rig.speech.transcriber().transcribe(path: recorder.path)
        let live = try rig.store.utterances(of: call.id)
        #expect(live.count == batch.count)
        for (l, b) in zip(live, batch) {
            #expect(l.channel == b.channel && abs(l.start - b.start) < 0.05 && abs(l.end - b.end) < 0.05, "\(l.text) vs \(b.text)")
        }
        let form = { (us: [Utterance]) in AccuracyEvaluation.cerForm(us.map(\.text).joined(), { $0.lowercased() }) }
        let edits = AccuracyEvaluation.editDistance(form(live), form(batch))
        #expect(Double(edits) <= 0.03 * Double(form(batch).count), "live and batch differ by \(edits) characters")
    }

    @Test func aRestartInTheMiddleOfACallLosesAndRepeatsNothing() throws {
        let rig = try Rig()
        try rig.start()
        // This recorder leaves the sizes 0 while it writes.
        let recorder = try LiveRecorder(source: Self.complaintCall, to: rig.folder + "/restart.wav", seconds: 24, placeholder: 0)
        recorder.play(speed: 4, until: 14)
        #expect(rig.wait(60) { rig.delivered().contains { $0.rule == "complaint" } })
        let id = try #require(try rig.onlyCall()?.id)
        let before = try rig.store.utterances(of: id)
        rig.stop()
        #expect(try rig.store.call(id)?.status == .live, "a stop leaves the call live for the next run")

        // The recorder goes on while nobody watches; a new watcher continues the call.
        recorder.write(upTo: 20)
        try rig.start()
        defer { rig.stop() }
        recorder.play(speed: 4)
        recorder.finish()
        #expect(rig.wait(60) { (try? rig.store.call(id))?.status == .done })
        #expect(try rig.store.calls().count == 1, "the file is never imported twice: \(rig.lines.withLock { $0 })")
        let after = try rig.store.utterances(of: id)
        #expect(after.count >= before.count)
        for channel in [0, 1] {
            let side = after.filter { $0.channel == channel }.sorted { $0.start < $1.start }
            for (a, b) in zip(side, side.dropFirst()) {
                #expect(b.start >= a.end - 0.01, "channel \(channel): \(a.text) and \(b.text) overlap: speech repeated")
            }
        }
        // Speech before the stop is still there, and speech after it was heard (the agent's 0:12.5 turn).
        for u in before { #expect(after.contains { $0.text == u.text && abs($0.start - u.start) < 0.01 }) }
        #expect(after.contains { $0.start > 14 })
        #expect(rig.delivered().filter { $0.rule == "complaint" }.count == 1, "no alert repeated after the restart")
    }

    @Test func aLiveFileReplacedByTheFinishedRecordingEndsWithIt() throws {
        let rig = try Rig()
        try rig.start()
        defer { rig.stop() }
        let recorder = try LiveRecorder(source: Self.complaintCall, to: rig.folder + "/replaced.wav", seconds: 24)
        recorder.play(speed: 4, until: 10)
        #expect(rig.wait(10) { (try? rig.onlyCall())?.status == .live })
        recorder.abandon()
        // The recorder's finished file (another format's header, the whole call) is renamed over the live one.
        let finished = rig.folder + "/.replaced.partial.wav"
        try Shell.sox([Self.complaintCall, "-r", "8000", "-b", "16", finished, "trim", "0", "24"])
        #expect(rename(finished, recorder.path) == 0)
        #expect(rig.wait(60) { (try? rig.onlyCall())?.status == .done })
        let call = try #require(try rig.onlyCall())
        #expect(try rig.store.calls().count == 1)
        #expect(abs(call.duration - 24) < 0.1, "the rest was read from the finished file")
        #expect(call.sha256 == (try CallImporter.sha256(of: RawPath(recorder.path))))
        #expect(try rig.store.utterances(of: call.id).contains { $0.start > 19 }, "speech after the switch was heard")
    }

    @Test func aRecorderThatPausesPastTheSettleTimeContinuesItsCall() throws {
        let rig = try Rig()
        try rig.start(settle: 2)
        defer { rig.stop() }
        let recorder = try LiveRecorder(source: Self.complaintCall, to: rig.folder + "/paused.wav", seconds: 24)
        recorder.play(speed: 4, until: 13)
        // Nothing written for longer than the settle time: the call is taken as finished…
        #expect(rig.wait(60) { (try? rig.onlyCall())?.status == .done })
        let id = try #require(try rig.onlyCall()?.id)
        // …until the recorder writes on: the same call continues, nothing imported twice.
        recorder.play(speed: 4)
        #expect(rig.wait(10) { (try? rig.store.call(id))?.status == .live })
        recorder.finish()
        #expect(rig.wait(60) { (try? rig.store.call(id))?.status == .done })
        #expect(try rig.store.calls().count == 1)
        let utterances = try rig.store.utterances(of: id)
        #expect(utterances.contains { $0.start > 19 } && utterances.contains { $0.start < 7 })
        #expect(abs((try rig.store.call(id)?.duration ?? 0) - 24) < 0.1)
    }

    @Test func finishedRecordingsAreImportedAndNeverTwice() throws {
        let rig = try Rig()
        let finished = rig.folder + "/finished.wav"
        try Shell.sox([Self.complaintCall, "-r", "8000", finished, "trim", "0", "3"])
        // Polling, as on a network share where inotify sees nothing.
        try rig.start(settle: 1, polling: true)
        #expect(rig.wait(10) { (try? rig.store.calls().count) == 1 })
        let first = try #require(try rig.onlyCall())
        #expect(first.status == .queued, "a finished file is imported and queued for the workers at once")
        // A compressed recording is imported once it stops changing.
        let ogg = rig.folder + "/later.ogg"
        try Shell.sox([Self.complaintCall, ogg, "trim", "0", "2"])
        #expect(rig.wait(15) { (try? rig.store.calls().count) == 2 })
        rig.stop()
        // A restart finds both stored and imports neither again.
        try rig.start(settle: 1, polling: true)
        Thread.sleep(forTimeInterval: 2)
        rig.stop()
        #expect(try rig.store.calls().count == 2)
    }
}
