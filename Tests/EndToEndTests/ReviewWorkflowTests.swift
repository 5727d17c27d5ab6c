import Foundation
import HarkTestSupport
import Testing

/// A supervisor's day through the CLI with the real Whisper model: import, transcribe, find, report,
/// then a QA lead edits the dictionary and the archive re-scores without speech recognition.
@Suite(.enabled(if: FileManager.default.fileExists(atPath: Paths.modelsFolder + "/whisper-base"), "needs models (make models)"))
struct ReviewWorkflowTests {
    func hark(_ args: [String], store: String) throws -> ProcessResult {
        try Shell.run(Paths.harkBinary, args + ["--store", store], environment: ["HARK_MODELS": Paths.modelsFolder, "HARK_AUTHOR": "qa-lead"])
    }

    func json(_ r: ProcessResult) throws -> [[String: Any]] {
        try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]], "\(r.stdout)\(r.stderr)")
    }

    @Test func importTranscribeReportEditDictionaryRescore() throws {
        let dir = try TemporaryDirectory()
        let calls = dir.path("calls")
        try FileManager.default.createDirectory(atPath: calls, withIntermediateDirectories: true)
        // The agent greets; the customer waits, then complains; the agent answers after a long pause.
        try SpokenAudio.stereoCall([
            .init(channel: 0, at: 0.5, "Hello, thank you for calling. How can I help you today?"),
            .init(channel: 1, at: 5.0, "I want a refund. The service was terrible and the price is too high."),
            .init(channel: 0, at: 17.0, "I am sorry to hear that. Let me check your order."),
        ], total: 21, to: calls + "/refund.wav")
        try Data(#"{"agent": "Anna", "customer": "Mr Li", "queue": "billing", "started_at": "2026-11-20T09:30:00Z"}"#.utf8)
            .write(to: URL(fileURLWithPath: calls + "/refund.json"))
        let store = dir.path("calls.sqlite")

        #expect(try hark(["import", calls], store: store).status == 0)
        let work = try hark(["work", "--workers", "1"], store: store)
        #expect(work.status == 0, "\(work.stdout)\(work.stderr)")

        let row = try #require(try json(try hark(["calls", "--json"], store: store)).first)
        #expect(row["status"] as? String == "done")
        let score = try #require(row["experience"] as? Double)
        #expect(score < 100, "a complaint and a slow answer cost points")
        let flags = row["flags"] as? [String] ?? []
        #expect(flags.contains("keyword") && flags.contains("slow_response"), "\(flags)")

        let hits = try json(try hark(["search", "refund", "--json"], store: store))
        #expect(hits.first?["speaker"] as? String == "customer")

        let report = try hark(["report", "1", "--format", "md"], store: store)
        #expect(report.stdout.contains("`keyword:退款`"), "\(report.stdout)")
        #expect(report.stdout.contains("customer**"))
        #expect(!report.stdout.contains("price`"), "no dictionary term for price yet")

        // The QA lead adds "price" as a complaint word: the call is queued for re-scoring only.
        let add = try hark(["dict", "add", "不满", "price is too high"], store: store)
        #expect(add.stdout.contains("queued re-scoring of 1 call(s)"), "\(add.stdout)")
        let rescore = try hark(["work", "--workers", "1"], store: store)
        #expect(rescore.status == 0)
        let after = try hark(["report", "1", "--format", "md"], store: store)
        #expect(after.stdout.contains("price is too high"), "\(after.stdout)")
        let newScore = try #require(try json(try hark(["calls", "--json"], store: store)).first?["experience"] as? Double)
        #expect(newScore < score)
        let versions = try hark(["dict", "versions"], store: store)
        #expect(versions.stdout.contains("qa-lead") && versions.stdout.contains("add price is too high to 不满"))

        let stats = try hark(["stats", "--by", "agent", "--csv"], store: store)
        #expect(stats.stdout.contains("Anna,1,"))
    }
}
