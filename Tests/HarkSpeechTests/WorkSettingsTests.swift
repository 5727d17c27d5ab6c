import Foundation
import HarkCore
import HarkStore
import HarkTestSupport
import Testing

extension SpeechTests {
    /// `hark work` with a settings file: its analysis settings re-analyse calls analysed with others, and a
    /// flag still beats the file.
    @Suite struct WorkSettingsTests {
        /// A store with one call transcribed and analysed with the defaults; its agent answers 5 s after the
        /// customer, not slow at the default 6 s. The recording does not exist: a rescore needs none.
        static func archive(_ dir: TemporaryDirectory) throws -> (path: String, call: CallID) {
            let store = try CallStore(path: dir.path("calls.sqlite"))
            guard case let .imported(id) = try store.importCall(NewCall(path: dir.path("gone.wav"), sha256: "x", duration: 30,
                                                                        sampleRate: 16_000, channels: 2, metadata: CallMetadata())),
                  let job = try store.claimJob(worker: "seed:1:0", kinds: [.transcribe]) else { throw ShellError.failed("seed") }
            func line(_ speaker: Speaker, _ start: Double, _ text: String) -> Utterance {
                Utterance(speaker: speaker, channel: speaker == .agent ? 0 : 1, start: start, end: start + 3, text: text,
                          normalizedText: text, language: "zh")
            }
            let utterances = [line(.agent, 0, "您好，请问有什么可以帮您？"), line(.customer, 3, "我要投诉，退款一直没到"),
                              line(.agent, 11, "非常抱歉，我帮您查一下")]
            try store.finishTranscription(job: job.id, call: id, utterances: utterances,
                                          analysis: AnalysisService(store: store).analyze(try store.call(id)!, utterances))
            return (store.path, id)
        }

        static func slowResponses(_ path: String, _ id: CallID) throws -> Int {
            try CallStore(path: path).analysis(of: id)?.markers.filter { $0.kind == .slowResponse }.count ?? -1
        }

        @Test func aChangedThresholdReanalysesTheArchiveAndAFlagBeatsTheFile() throws {
            let dir = try TemporaryDirectory("hark-work-settings")
            let (store, id) = try Self.archive(dir)
            #expect(try Self.slowResponses(store, id) == 0)
            let config = dir.path("config.toml")
            try "[analysis]\nslow_response = 3\n\n[work]\nworkers = 2\n".write(toFile: config, atomically: true, encoding: .utf8)
            let env = ["HARK_CONFIG": "", "HARK_STORE": ""]
            let args = ["work", "--store", store, "--models", WorkCommandTests.models, "--config", config, "--workers", "1"]

            let first = try Shell.run(Paths.harkBinary, args, environment: env)
            #expect(first.status == 0, "\(first.stderr)")
            #expect(first.stdout.contains("re-analysing 1 call: the analysis settings differ from those the archive was analysed with (\(config))"),
                    "\(first.stdout)")
            #expect(first.stdout.contains("hark work: 1 worker,"), "--workers beats [work] workers: \(first.stdout)")
            #expect(first.stdout.contains("(1 re-scored)"), "\(first.stdout)")
            #expect(try Self.slowResponses(store, id) == 1, "re-analysed with slow_response = 3")

            let again = try Shell.run(Paths.harkBinary, args, environment: env)
            #expect(again.status == 0 && !again.stdout.contains("re-analysing"), "the same settings redo nothing: \(again.stdout)")

            // Without the flag, the file's workers count.
            let fromFile = try Shell.run(Paths.harkBinary, Array(args.dropLast(2)), environment: env)
            #expect(fromFile.stdout.contains("hark work: 2 workers,"), "\(fromFile.stdout)")
        }
    }
}
