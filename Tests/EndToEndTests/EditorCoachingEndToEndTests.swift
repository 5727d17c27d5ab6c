import Foundation
import HarkCore
import HarkStore
import HarkTestSupport
import Testing

/// The Dictionary editor and the Coaching screen driven in tmux as a supervisor would: keys in, screen
/// text out, then the store and the exported report read back.
@Suite(.serialized) struct EditorCoachingEndToEndTests {
    typealias Tmux = TUIEndToEndTests.Tmux

    /// The sample calls as perfectly transcribed calls (truth turns), plus one of 王芳's calls where the
    /// customer says 太慢 (not yet a dictionary term) beside two negative terms and a phone number.
    static func seed(_ dir: TemporaryDirectory) throws -> (path: String, slow: CallID) {
        let path = dir.path("calls.sqlite")
        let store = try CallStore(path: path)
        let analysis = AnalysisService(store: store)
        let folder = SampleCallTruth.folder
        func add(_ name: String, _ metadata: CallMetadata, _ utterances: [Utterance], duration: Double) throws -> CallID {
            let sha = String((name + String(repeating: "0", count: 64)).prefix(64))
            guard case let .imported(id) = try store.importCall(NewCall(path: folder.appendingPathComponent("\(name).ogg").path,
                                                                        sha256: sha, duration: duration, sampleRate: 16000,
                                                                        channels: 2, metadata: metadata)),
                  let job = try store.claimJob(worker: "seed", kinds: [.transcribe]) else {
                throw ShellError.failed("seed: \(name) not imported")
            }
            try store.finishTranscription(job: job.id, call: id, utterances: utterances,
                                          analysis: analysis.analyze(try store.call(id)!, utterances))
            return id
        }
        for truth in try SampleCallTruth.loadAll() {
            _ = try add(truth.call, truth.metadata, truth.utterances(), duration: truth.duration)
        }
        let slow = try add("slow", CallMetadata(agent: "王芳", customer: "周先生",
                                                startedAt: ISO8601DateFormatter().date(from: "2026-11-17T10:00:00Z")), [
            Utterance(speaker: .agent, channel: 0, start: 0.5, end: 3, text: "您好，请问有什么可以帮您？", language: "zh"),
            Utterance(speaker: .customer, channel: 1, start: 3.5, end: 9, text: "我的电话是13812345678，你们处理太慢，我很失望，真的不满意。",
                      language: "zh"),
            Utterance(speaker: .agent, channel: 0, start: 10, end: 13, text: "非常抱歉，我马上帮您跟进。", language: "zh"),
        ], duration: 15)
        return (path, slow)
    }

    /// Keeps a screen as text in `$HARK_E2E_SHOTS/NAME.txt` when set (the user guide's screen shots).
    static func shot(_ name: String, _ screen: String) {
        guard let dir = ProcessInfo.processInfo.environment["HARK_E2E_SHOTS"] else { return }
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try? screen.write(toFile: "\(dir)/\(name).txt", atomically: true, encoding: .utf8)
    }

    static func start(_ tmux: Tmux, store: String, reports: String) throws {
        try tmux.start("cd '\(Paths.packageRoot.path)' && LANG=C.UTF-8 LC_ALL=C.UTF-8 HARK_AUTHOR=e2e-lead "
                       + "'\(Paths.harkBinary)' --store '\(store)' --audio-device null --workers 0 --reports '\(reports)'; sleep 30")
    }

    @Test func addAChineseTermSeeThePreviewSaveAndTheCallsRescored() throws {
        let dir = try TemporaryDirectory()
        let (store, slow) = try Self.seed(dir)
        if let shots = ProcessInfo.processInfo.environment["HARK_E2E_SHOTS"] {
            // The seeded store too, for measuring `hark what-if` on the sample calls.
            try? FileManager.default.removeItem(atPath: "\(shots)/sample-store.sqlite")
            try? FileManager.default.copyItem(atPath: store, toPath: "\(shots)/sample-store.sqlite")
        }
        let before = try CallStore(path: store).calls(CallQuery(callIDs: [slow])).first!
        #expect(!before.risk)
        let tmux = Tmux()
        defer { tmux.kill() }
        try Self.start(tmux, store: store, reports: dir.path("reports"))
        try tmux.wait(for: "周先生")

        try tmux.keys("5")
        var s = try tmux.wait(for: "Dictionary v1")
        #expect(s.contains("不满") && s.contains("negative"))
        // The first category is 不满; add 太慢 to it through the prompt.
        try tmux.keys("a")
        try tmux.wait(for: "Add a term to 不满")
        try tmux.type("太慢")
        try tmux.keys("Enter")
        s = try tmux.wait(for: "What-if: draft vs saved v1")
        #expect(s.contains("add 太慢 to 不满"))
        #expect(s.contains("newly flagged 1"))
        #expect(s.contains("#\(slow)"))
        #expect(s.contains("周先生"))
        Self.shot("dictionary-preview", s)

        // A duplicate is refused with a one-line reason, the prompt kept open.
        try tmux.keys("a")
        try tmux.type("太慢")
        try tmux.keys("Enter")
        try tmux.wait(for: "不满 already has 太慢")
        try tmux.keys("Escape")

        // Save: a new version, the rescore runs in the background and the editor shows it finishing.
        try tmux.keys("w")
        try tmux.wait(for: "saved version 2")
        s = try tmux.wait("rescore finished", timeout: 20) { $0.contains("rescored 22/22") }

        // The call list shows the re-scored call flagged.
        try tmux.keys("1")
        s = try tmux.wait("re-scored call flagged") { screen in
            screen.split(separator: "\n").contains { $0.contains("周先生") && $0.contains("risk") }
        }
        try tmux.keys("Q")
        Thread.sleep(forTimeInterval: 0.3)

        let check = try CallStore(path: store)
        let after = try check.calls(CallQuery(callIDs: [slow])).first!
        #expect(after.risk)
        #expect(after.experience! < before.experience!)
        let v = try check.dictionaryVersions().first!
        #expect(v.version == 2 && v.author == "e2e-lead" && v.summary == "add 太慢 to 不满")
        #expect(try check.keywordHitStats().byTerm["不满"]?["太慢"]?.hits == 1)
    }

    /// A QA lead imports the queues' forms from the command line, then finds on the desk who fails what: the
    /// Forms screen's pass counts, the call list's FAIL flag and filter, and the Review's item list.
    @Test func queueFormsImportedThenSeenOnTheFormsScreenTheListAndReview() throws {
        let dir = try TemporaryDirectory()
        let (store, _) = try Self.seed(dir)
        let file = Paths.packageRoot.appendingPathComponent("forms/sample-centre.toml").path
        let imported = try Shell.run(Paths.harkBinary, ["forms", "import", "--store", store, file])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("saved forms version 2") && imported.stdout.contains("re-scored 22 call(s)"),
                "\(imported.stdout)")
        let tmux = Tmux()
        defer { tmux.kill() }
        try Self.start(tmux, store: store, reports: dir.path("reports"))
        try tmux.wait(for: "周先生")

        try tmux.keys("7")
        var s = try tmux.wait(for: "QA forms v2")
        #expect(s.contains("wealth-sales") && s.contains("after-sales"))
        // The wealth form is the last; its risk notice is passed by none of the queue's one call.
        try tmux.keys("G", "l")
        s = try tmux.wait("the wealth form's items") { $0.contains("no-guarantee") }
        let risk = s.split(separator: "\n").first { $0.contains("Gives the risk notice") }
        #expect(risk?.contains("0/1") == true, "\(s)")
        Self.shot("forms-screen", s)

        // The list flags the calls a critical item failed, and filters them.
        try tmux.keys("1", "f")
        try tmux.type("flag:fail")
        try tmux.keys("Enter")
        s = try tmux.wait("failed calls listed") { $0.contains("FAIL") && $0.contains("flag:fail") }
        #expect(!s.contains("周先生"), "the extra call is scored by the default form, which it passes")
        // Review lists the items: the missing risk notice never happened, and Enter says so.
        try tmux.keys("G", "Enter")
        s = try tmux.wait(for: "Evidence · form")
        try tmux.keys("e")
        s = try tmux.wait(for: "Evidence · form (Enter jumps)")
        #expect(s.contains("✗") || s.contains("✓"), "\(s)")
        try tmux.keys("Q")
    }

    @Test func coachingWalkthroughNoteAndExportedReport() throws {
        let dir = try TemporaryDirectory()
        let (store, slow) = try Self.seed(dir)
        let reports = dir.path("reports")
        let tmux = Tmux()
        defer { tmux.kill() }
        try Self.start(tmux, store: store, reports: reports)
        try tmux.wait(for: "周先生")

        try tmux.keys("6")
        var s = try tmux.wait(for: "calls ranked by coaching value")
        // Agents are sorted by name; walk down to 王芳.
        for _ in 0..<6 where !s.contains("王芳: ") {
            try tmux.keys("j")
            // The agent's calls are ranked in the background: wait for the ranked list, not the "ranking…" line.
            s = try tmux.wait("agent moved") { $0 != s && $0.contains("calls ranked by coaching value") }
        }
        #expect(s.contains("王芳: 5 calls ranked by coaching value"))
        // Enter focuses her calls; mark every one for the walkthrough (m marks and moves down).
        try tmux.keys("Enter")
        for _ in 0..<5 { try tmux.keys("m") }
        s = try tmux.wait(for: "5 marked")
        Self.shot("coaching-calls", s)
        try tmux.keys("Enter")
        s = try tmux.wait(for: "Walkthrough · 王芳 · 5 calls · moment 1/")
        #expect(s.contains("Session summary"))
        #expect(s.contains("Issues"))
        // The player starts a few seconds before the moment (on the null device's clock).
        #expect(s.contains("muted") || s.contains("▶") || s.contains("⏸"))

        // Step to the slow call's complaint: n until the header names that call.
        for _ in 0..<40 where !s.contains("call #\(slow) at") {
            try tmux.keys("n")
            s = try tmux.wait("next moment") { $0 != s }
        }
        #expect(s.contains("call #\(slow) at"))
        #expect(s.contains("你们处理太慢") || s.contains("失望"))
        let header = s.split(separator: "\n").first { $0.contains("call #\(slow) at") }.map(String.init) ?? ""
        let momentTime = header.components(separatedBy: "call #\(slow) at ").last?.prefix(4).trimmingCharacters(in: .whitespaces) ?? "?"

        try tmux.keys("e")
        try tmux.wait(for: "Note on call #\(slow)")
        try tmux.type("先道歉再给时间表，回拨13912345678")
        try tmux.keys("Enter")
        s = try tmux.wait(for: "note saved on call #\(slow)")
        #expect(s.contains("e2e-lead: 先道歉再给时间表"))
        #expect(s.contains("☐ #\(slow)"))
        Self.shot("coaching-walkthrough", s)

        try tmux.keys("x")
        s = try tmux.wait(for: "wrote \(reports)/coaching-王芳-")
        try tmux.keys("Q")

        let files = try FileManager.default.contentsOfDirectory(atPath: reports).sorted()
        #expect(files.count == 2 && files[0].hasSuffix(".html") && files[1].hasSuffix(".md"), "\(files)")
        let md = try String(contentsOfFile: "\(reports)/\(files.first { $0.hasSuffix(".md") }!)", encoding: .utf8)
        let html = try String(contentsOfFile: "\(reports)/\(files.first { $0.hasSuffix(".html") }!)", encoding: .utf8)
        #expect(md.contains("# Coaching report: 王芳"))
        #expect(md.contains("Calls reviewed: 5"))
        #expect(md.contains("Prepared by: e2e-lead"))
        // The note, at its moment's time, by its author; as an agreed action too; PII masked everywhere.
        let notes = try CallStore(path: store).notes(of: slow)
        #expect(notes.count == 1 && notes[0].author == "e2e-lead" && notes[0].text.hasPrefix("先道歉"))
        let at = Int(notes.first?.at ?? -1)
        #expect(momentTime == String(format: "%d:%02d", at / 60, at % 60), "the note is stored at the moment shown")
        let noteLine = md.split(separator: "\n").first { $0.contains("(e2e-lead): 先道歉") }.map(String.init) ?? ""
        // The report says the moment's time exactly as the screen did.
        #expect(noteLine == "- Call #\(slow) at \(momentTime) (e2e-lead): 先道歉再给时间表，回拨139****5678",
                "\(md)")
        #expect(md.contains("- [ ] 先道歉再给时间表，回拨139****5678"))
        #expect(!md.contains("13912345678") && !md.contains("13812345678"))
        #expect(!html.contains("13912345678") && !html.contains("13812345678"))
        #expect(html.contains("先道歉再给时间表") && !html.contains("<script"))
        // Issues with counts and timed transcript examples.
        #expect(md.contains("## Issues"))
        #expect(md.range(of: #"— \d+× in \d+ call\(s\)"#, options: .regularExpression) != nil)
        #expect(md.range(of: #"Call #\d+ at \d+:\d\d: ""#, options: .regularExpression) != nil)
    }
}
