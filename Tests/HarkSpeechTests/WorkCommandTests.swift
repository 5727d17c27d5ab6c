import Foundation
import HarkCore
import HarkStore
import HarkTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

extension SpeechTests {
    /// `hark work` and `hark models` as a user runs them, including being killed with SIGKILL mid-call.
    @Suite struct WorkCommandTests {
        static let models = Paths.modelsFolder

        /// Three distinct stereo calls in a fresh store, queued.
        static func queuedCalls(_ dir: TemporaryDirectory) throws -> (store: String, paths: [String]) {
            var paths: [String] = []
            for i in 0..<3 {
                paths.append(try SpeechFixtures.stereoCall(in: dir, name: "call\(i)", agentAt: 0.5 + Double(i) * 0.3).path)
            }
            let store = dir.path("calls.sqlite")
            let r = try Shell.run(Paths.harkBinary, ["import", "--quiet", "--store", store] + paths)
            #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
            return (store, paths)
        }

        @Test func killedAtRandomMomentsEveryCallEndsUpDoneExactlyOnce() throws {
            let dir = try TemporaryDirectory()
            let (storePath, paths) = try Self.queuedCalls(dir)
            let store = try CallStore(path: storePath)
            var killedMidCall = 0
            var generator = SystemRandomNumberGenerator()
            for round in 0..<5 {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: Paths.harkBinary)
                process.arguments = ["work", "--store", storePath, "--models", Self.models, "--workers", "1"]
                process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
                process.standardError = FileHandle(forWritingAtPath: "/dev/null")
                try process.run()
                // Wait until it holds a call, then kill it somewhere inside that call (or between calls).
                let deadline = Date().addingTimeInterval(60)
                while Date() < deadline, process.isRunning, try store.jobs(states: [.running]).isEmpty {
                    Thread.sleep(forTimeInterval: 0.05)
                }
                Thread.sleep(forTimeInterval: Double.random(in: 0.2...2.5, using: &generator))
                guard process.isRunning else { break }
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                if try !store.jobs(states: [.running]).isEmpty { killedMidCall += 1 }
                #expect(process.terminationReason == .uncaughtSignal, "round \(round)")
            }
            #expect(killedMidCall >= 2, "only \(killedMidCall) kills landed inside a call")

            // A final run picks up whatever was left: at once, since the killed worker's pid is gone.
            let r = try Shell.run(Paths.harkBinary, ["work", "--store", storePath, "--models", Self.models, "--workers", "1"])
            #expect(r.status == 0, "\(r.stderr)")
            let calls = try store.calls()
            #expect(calls.count == paths.count)
            for summary in calls {
                let call = summary.call
                #expect(call.status == .done)
                let utterances = try store.utterances(of: call.id)
                #expect(Set(utterances.map(\.speaker)) == [.agent, .customer])
                // No partial or doubled transcript: one utterance per line spoken, each once.
                #expect(utterances.filter { $0.channel == 0 }.count == 1 && utterances.filter { $0.channel == 1 }.count == 1,
                        "\(utterances.map(\.text))")
                #expect(utterances.map(\.normalizedText).joined().contains("subscription"))
            }
            let jobs = try store.jobs()
            #expect(jobs.count == paths.count && jobs.allSatisfy { $0.state == .done && $0.kind == .transcribe })
        }

        @Test func workPrintsPlainLinesWhenNotOnATerminal() throws {
            let dir = try TemporaryDirectory()
            let (clip, _) = try SpeechFixtures.monoCall(in: dir, rate: 8_000)
            let store = dir.path("calls.sqlite")
            #expect(try Shell.run(Paths.harkBinary, ["import", "--store", store, clip]).status == 0)
            let r = try Shell.run(Paths.harkBinary, ["work", "--store", store, "--workers", "1"],
                                  environment: ["HARK_MODELS": Self.models])
            #expect(r.status == 0, "\(r.stderr)")
            let lines = r.stdout.split(separator: "\n").map(String.init)
            #expect(lines.first?.hasPrefix("hark work: 1 worker") == true)
            #expect(lines.contains { $0.hasPrefix("started   #1 \(clip)") })
            #expect(lines.contains { $0.hasPrefix("done      #1 \(clip): 1 utterances") })
            #expect(lines.last?.hasPrefix("finished: 1 done, 0 failed") == true)
            #expect(!r.stdout.contains("\u{1B}["))
        }

        /// A store whose call an older Hark analysed (version 0, and no keyword markers or form results: the kind it lacked):
        /// `hark work` says it re-analyses it, does so from the stored transcript (the recording is gone), and
        /// the call ends as this build analyses it.
        @Test func workReanalysesACallAnOlderHarkAnalysedAndSaysSo() throws {
            let dir = try TemporaryDirectory()
            let path = dir.path("calls.sqlite")
            let store = try CallStore(path: path)
            guard case let .imported(id) = try store.importCall(NewCall(
                path: dir.path("gone.wav"), sha256: "gone", duration: 20, sampleRate: 16_000, channels: 2, metadata: CallMetadata())),
                let job = try store.claimJob(worker: "seed:1:0") else { throw ShellError.failed("seed") }
            let utterances = [
                Utterance(speaker: .agent, channel: 0, start: 0, end: 3, text: "您好，请问有什么可以帮您？", language: "zh"),
                Utterance(speaker: .customer, channel: 1, start: 4, end: 8, text: "我要投诉，退款一直没到", language: "zh"),
            ]
            let analysis = AnalysisService(store: store)
            try store.finishTranscription(job: job.id, call: id, utterances: utterances,
                                          analysis: analysis.analyze(try store.call(id)!, utterances))
            let expected = try #require(try store.analysis(of: id))
            #expect(expected.markers.contains { $0.kind == .keyword })
            try RawSQLite.execute(path, """
                DELETE FROM marker WHERE kind = 'keyword'; DELETE FROM form_facts; DELETE FROM form_result;
                UPDATE call SET analysis_version = 0, marker_mask = marker_mask & ~\(1 << MarkerKind.keyword.spec.maskBit);
                """)

            let r = try Shell.run(Paths.harkBinary, ["work", "--store", path, "--workers", "1"],
                                  environment: ["HARK_MODELS": Self.models])
            #expect(r.status == 0, "\(r.stderr)")
            let lines = r.stdout.split(separator: "\n").map(String.init)
            #expect(lines.contains("re-analysing 1 call analysed by an older Hark (no speech recognition)"), "\(r.stdout)")
            #expect(lines.last?.hasPrefix("finished: 1 done (1 re-scored), 0 failed") == true, "\(r.stdout)")
            #expect(try store.analysis(of: id) == expected)
            #expect(try store.analysisVersion(of: id) == Analyzer.version)
            #expect(try store.calls(CallQuery(hasMarker: .keyword)).map(\.call.id) == [id])
        }

        @Test func workWithABrokenModelSaysWhichFileAndLeavesTheQueueAlone() throws {
            let dir = try TemporaryDirectory()
            let (clip, _) = try SpeechFixtures.monoCall(in: dir, rate: 8_000)
            let store = dir.path("calls.sqlite")
            #expect(try Shell.run(Paths.harkBinary, ["import", "--store", store, clip]).status == 0)
            let models = dir.path("models")
            try FileManager.default.createDirectory(atPath: "\(models)/whisper-base", withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: "\(models)/silero-vad-v6",
                                                       withDestinationPath: "\(Self.models)/silero-vad-v6")
            for file in ["base-decoder.int8.onnx", "base-tokens.txt"] {
                try FileManager.default.createSymbolicLink(atPath: "\(models)/whisper-base/\(file)",
                                                           withDestinationPath: "\(Self.models)/whisper-base/\(file)")
            }
            let cut = try FileHandle(forReadingAtPath: "\(Self.models)/whisper-base/base-encoder.int8.onnx")!.read(upToCount: 500_000)!
            try cut.write(to: URL(fileURLWithPath: "\(models)/whisper-base/base-encoder.int8.onnx"))

            let r = try Shell.run(Paths.harkBinary, ["work", "--store", store, "--models", models])
            #expect(r.status != 0)
            #expect(r.stderr.contains("\(models)/whisper-base/base-encoder.int8.onnx: broken model: truncated"), "\(r.stderr)")
            let listed = try Shell.run(Paths.harkBinary, ["models", "--models", models])
            #expect(listed.status != 0)
            #expect(listed.stdout.contains("whisper-base") && listed.stdout.contains("BROKEN"), "\(listed.stdout)")
            let jobs = try CallStore(path: store).jobs()
            #expect(jobs.count == 1 && jobs[0].state == .queued && jobs[0].attempts == 0)
        }

        @Test func modelsListsWhatIsInstalledAndTheDefault() throws {
            let r = try Shell.run(Paths.harkBinary, ["models", "--models", Self.models])
            #expect(r.status == 0, "\(r.stderr)")
            let lines = r.stdout.split(separator: "\n").map(String.init)
            #expect(lines.contains { $0.hasPrefix("  * whisper-base") && $0.contains("whisper") && $0.hasSuffix("ok") })
            #expect(lines.contains { $0.hasPrefix("  * silero-vad-v6") && $0.hasSuffix("ok") })
        }
    }
}
