import Foundation
import HarkAudio
import HarkCore
import HarkJobs
import HarkSpeech
import HarkStore
import HarkTestSupport
import Synchronization
import Testing

extension SpeechTests {
    /// The job runner (HarkJobs) transcribing with the real Whisper-base model against a real store.
    @Suite struct WorkerPoolTests {
        /// A pool whose workers transcribe with `catalog`'s models (the test models by default).
        static func pool(_ store: CallStore, catalog: ModelCatalog? = nil, options: WorkerPoolOptions = WorkerPoolOptions(),
                         analyze: @escaping @Sendable (Call, [Utterance]) -> CallAnalysis? = { _, _ in nil },
                         onEvent: @escaping @Sendable (WorkerEvent) -> Void = { _ in }) throws -> WorkerPool {
            let speech = try SpeechEngines(catalog: catalog ?? SpeechFixtures.catalog,
                                           options: SpeechOptions(workers: options.workers))
            return WorkerPool(store: store, options: options, transcriber: { try speech.transcriber() },
                              analyze: analyze, onEvent: onEvent)
        }

        /// Adds `path` to the store as a call without probing it, so broken files reach the queue too.
        static func enqueue(_ store: CallStore, _ path: String, channels: Int = 2) throws -> CallID {
            let result = try store.importCall(NewCall(path: path, sha256: UUID().uuidString, duration: 13,
                                                      sampleRate: 16_000, channels: channels, metadata: CallMetadata()))
            guard case let .imported(id) = result else { throw ShellError.failed("not imported: \(path)") }
            return id
        }

        static func analysis(_ value: Double) -> CallAnalysis {
            CallAnalysis(markers: [], score: Score(value: value, base: value, evidence: [], trend: .neutral,
                                                   risk: false, resolved: true), suggestions: ["test"])
        }

        /// Collects events from the worker threads.
        final class Events: Sendable {
            let all = Mutex<[WorkerEvent]>([])
            func add(_ e: WorkerEvent) { all.withLock { $0.append(e) } }
            var failures: [String] { all.withLock { $0.compactMap { if case let .failed(_, _, r) = $0 { r } else { nil } } } }
            var finished: Int { all.withLock { $0.filter { if case .finished = $0 { true } else { false } }.count } }
        }

        @Test func transcribesGoodCallsFailsBadOnesAndKeepsGoing() throws {
            let dir = try TemporaryDirectory()
            let store = try CallStore(path: dir.path("calls.sqlite"))
            let (good, truth) = try SpeechFixtures.stereoCall(in: dir)
            let truncated = dir.path("truncated.wav")
            try Data(try Data(contentsOf: URL(fileURLWithPath: good)).prefix(30)).write(to: URL(fileURLWithPath: truncated))
            let zero = dir.path("zero.wav")
            try Shell.sox(["-n", "-r", "16000", "-c", "1", zero, "trim", "0", "0"])
            let six = dir.path("ultrasonic.wav")
            try Shell.sox(["-n", "-r", "384000", "-c", "1", six, "synth", "0.5", "sine", "440"])
            let missing = dir.path("gone.wav")

            let bad = try [truncated, zero, six, missing].map { ($0, try Self.enqueue(store, $0)) }
            let goodID = try Self.enqueue(store, good)
            let events = Events()
            let analysed = Mutex(0)
            let pool = try Self.pool(store, options: WorkerPoolOptions(workers: 2),
                                  analyze: { call, utterances in
                                      analysed.withLock { $0 += 1 }
                                      return utterances.isEmpty ? nil : Self.analysis(Double(call.id))
                                  }, onEvent: events.add)
            try pool.run()

            let call = try #require(try store.call(goodID))
            #expect(call.status == .done)
            let utterances = try store.utterances(of: goodID)
            #expect(Set(utterances.filter { $0.channel == 0 }.map(\.speaker)) == [.agent])
            #expect(Set(utterances.filter { $0.channel == 1 }.map(\.speaker)) == [.customer])
            #expect(abs((utterances.first { $0.channel == 1 }?.start ?? 0) - truth[1].start) <= 0.5)
            #expect(utterances.map(\.normalizedText).joined(separator: " ").contains("subscription"))
            #expect(try store.analysis(of: goodID)?.score.value == Double(goodID))
            #expect(analysed.withLock { $0 } == 1)

            for (path, id) in bad {
                let failed = try #require(try store.call(id))
                #expect(failed.status == .failed)
                #expect(failed.error?.hasPrefix("\(path): ") == true, "\(failed.error ?? "nil")")
                #expect(try store.utterances(of: id).isEmpty)
            }
            // Audio that can never decode fails on its first try; a missing file is tried maxAttempts times (it
            // may come back); each failure is reported with its file.
            #expect(events.failures.count == 3 + CallStore.maxAttempts, "\(events.failures)")
            #expect(events.finished == 1)
            let jobs = try store.jobs()
            let missingID = bad.last!.1
            #expect(jobs.filter { $0.state == .failed && $0.callID != missingID }.allSatisfy { $0.attempts == 1 })
            #expect(jobs.first { $0.callID == missingID }?.attempts == CallStore.maxAttempts)
            #expect(try store.jobCounts() == [.done: 1, .failed: 4])
        }

        @Test func aMissingModelStopsThePoolBeforeItTakesAnyJob() throws {
            let dir = try TemporaryDirectory()
            let store = try CallStore(path: dir.path("calls.sqlite"))
            let id = try Self.enqueue(store, dir.path("a.wav"))
            let models = dir.path("models")
            try FileManager.default.createDirectory(atPath: "\(models)/whisper-base", withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: "\(models)/silero-vad-v6", withIntermediateDirectories: true)
            for file in ["whisper-base/base-encoder.int8.onnx", "whisper-base/base-tokens.txt", "silero-vad-v6/silero_vad.onnx"] {
                try FileManager.default.createSymbolicLink(atPath: "\(models)/\(file)", withDestinationPath: "\(Paths.modelsFolder)/\(file)")
            }
            // A decoder that is there but cut short.
            try Data(repeating: 0x0a, count: 4096).write(to: URL(fileURLWithPath: "\(models)/whisper-base/base-decoder.int8.onnx"))
            let error = #expect(throws: SpeechError.self) { try Self.pool(store, catalog: try ModelCatalog.scan(models)).run() }
            #expect(error?.description.hasPrefix("\(models)/whisper-base/base-decoder.int8.onnx: broken model") == true)
            #expect(try store.call(id)?.status == .queued)
            #expect(try store.jobs().first?.attempts == 0)
        }

        /// A clean stop gives the call back at once without counting it as an attempt: seven stops in a row
        /// (more than the six abandons that fail a call) leave it queued, and it then finishes exactly once.
        @Test func stopReleasesTheCallWhichRunsAgainExactlyOnce() throws {
            let dir = try TemporaryDirectory()
            let store = try CallStore(path: dir.path("calls.sqlite"))
            let (path, _) = try SpeechFixtures.stereoCall(in: dir, total: 20)
            let id = try Self.enqueue(store, path)
            let events = Events()
            let pool = try Self.pool(store, options: WorkerPoolOptions(workers: 1, follow: true, heartbeatInterval: 0.2),
                                     onEvent: events.add)
            try pool.start()
            // Progress and heartbeats reach the store while the call is being worked on.
            var seen: Job?
            var heartbeatAge = Double.infinity
            let deadline = Date().addingTimeInterval(60)
            while Date() < deadline {
                if let job = try store.jobs(states: [.running]).first, job.progress > 0 {
                    seen = job
                    heartbeatAge = job.heartbeat.map { Date().timeIntervalSince($0) } ?? .infinity
                    break
                }
                Thread.sleep(forTimeInterval: 0.05)
            }
            pool.stop()
            pool.wait()
            let running = try #require(seen)
            #expect(heartbeatAge < 3, "heartbeat \(heartbeatAge) s old")
            #expect(running.worker?.hasSuffix(":0") == true)
            #expect(events.all.withLock { $0.contains { if case .abandoned = $0 { true } else { false } } })
            #expect(try store.utterances(of: id).isEmpty)
            #expect(try store.call(id)?.status == .queued)
            let released = try store.jobs().first
            #expect(released?.state == .queued && released?.attempts == 0)

            for _ in 0..<6 {
                let again = try Self.pool(store, options: WorkerPoolOptions(workers: 1, follow: true, heartbeatInterval: 0.2))
                try again.start()
                let until = Date().addingTimeInterval(60)
                while Date() < until, try store.jobs(states: [.running]).isEmpty { Thread.sleep(forTimeInterval: 0.02) }
                again.stop()
                again.wait()
            }
            let afterStops = try store.jobs().first
            #expect(afterStops?.state == .queued && afterStops?.attempts == 0, "\(String(describing: afterStops))")

            try Self.pool(store, options: WorkerPoolOptions(workers: 1)).run()
            #expect(try store.call(id)?.status == .done)
            let utterances = try store.utterances(of: id)
            #expect(Set(utterances.map(\.channel)) == [0, 1])
            #expect(Set(utterances.map { "\($0.channel)@\($0.start)" }).count == utterances.count)
        }

        /// A call stopped half-way continues from its checkpoint (the finished channel is not decoded again) and
        /// ends with exactly the transcript of a run that was never stopped.
        @Test func aStoppedCallContinuesFromItsCheckpoint() throws {
            let dir = try TemporaryDirectory()
            let path = dir.path("long.wav")
            try SpokenAudio.stereoCall([
                .init(channel: 0, at: 0.5, "Thank you for calling Acme support, this is Anna."),
                .init(channel: 1, at: 5, "I want to cancel my subscription, the price is too high."),
                .init(channel: 0, at: 11, "I can help with that. May I have your account number?"),
                .init(channel: 1, at: 17, "Yes, it is the one ending in four two seven one."),
                .init(channel: 0, at: 23, "Thank you. The subscription is cancelled from today."),
                .init(channel: 1, at: 29, "Great, thank you very much for your help."),
            ], total: 34, to: path)
            let reference = try CallStore(path: dir.path("reference.sqlite"))
            let referenceID = try Self.enqueue(reference, path)
            try Self.pool(reference, options: WorkerPoolOptions(workers: 1)).run()

            let store = try CallStore(path: dir.path("calls.sqlite"))
            let id = try Self.enqueue(store, path)
            let first = try Self.pool(store, options: WorkerPoolOptions(workers: 1, follow: true, heartbeatInterval: 0.1,
                                                                        checkpointInterval: 0))
            try first.start()
            let deadline = Date().addingTimeInterval(120)
            // Past the first channel and the customer's first line: two of its lines are still to come.
            while Date() < deadline, (try store.jobs(states: [.running]).first?.progress ?? 0) < 0.6 {
                Thread.sleep(forTimeInterval: 0.02)
            }
            first.stop()
            first.wait()
            let job = try #require(try store.jobs().first)
            #expect(job.state == .queued)
            let saved = try #require(try store.checkpoint(job: job.id))
            #expect(saved.channel == 1 && saved.until > 5 && saved.until < 29, "\(saved)")

            let resumed = Events()
            try Self.pool(store, options: WorkerPoolOptions(workers: 1), onEvent: resumed.add).run()
            func summary(_ us: [Utterance]) -> [String] { us.map { "\($0.channel) \($0.start) \($0.text)" } }
            #expect(summary(try store.utterances(of: id)) == summary(try reference.utterances(of: referenceID)))
            let firstProgress = resumed.all.withLock { events in
                events.compactMap { if case let .progress(_, _, f) = $0 { f } else { nil } }.first
            }
            #expect((firstProgress ?? 0) >= 0.5, "resumed from \(firstProgress ?? -1)")
            #expect(try store.checkpoint(job: job.id) == nil)
        }

        @Test func rescoreReanalysesTheStoredTranscriptOnly() throws {
            let dir = try TemporaryDirectory()
            let store = try CallStore(path: dir.path("calls.sqlite"))
            let (path, _) = try SpeechFixtures.monoCall(in: dir, rate: 16_000)
            let id = try Self.enqueue(store, path, channels: 1)
            try Self.pool(store, options: WorkerPoolOptions(workers: 1), analyze: { _, _ in Self.analysis(40) }).run()
            let before = try store.utterances(of: id)
            #expect(!before.isEmpty)
            // The recording is gone: a rescore must not need it.
            try FileManager.default.removeItem(atPath: path)
            try store.enqueue(.rescore, for: id)
            let seen = Mutex<[Utterance]>([])
            try Self.pool(store, options: WorkerPoolOptions(workers: 1, kinds: [.rescore]),
                          analyze: { _, u in seen.withLock { $0 = u }; return Self.analysis(75) }).run()
            #expect(try store.analysis(of: id)?.score.value == 75)
            #expect(seen.withLock { $0 } == before)
            #expect(try store.utterances(of: id) == before)
            #expect(try store.jobCounts() == [.done: 2])
        }
    }
}
