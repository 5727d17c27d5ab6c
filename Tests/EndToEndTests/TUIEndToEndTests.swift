import Foundation
import HarkCore
import HarkStore
import HarkTestSupport
import Testing

/// Drives `hark` (the TUI) in a detached tmux session as a user would: keys in, screen text out.
@Suite(.serialized) struct TUIEndToEndTests {
    /// A tmux server of its own, so tests never touch a user's sessions.
    struct Tmux {
        let socket = "hark-e2e-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let session = "hark"

        @discardableResult
        func run(_ args: [String]) throws -> String {
            let r = try Shell.run("tmux", ["-u", "-L", socket] + args)
            if r.status != 0 { throw ShellError.failed("tmux \(args.joined(separator: " ")): \(r.stderr)") }
            return r.stdout
        }

        /// Starts the session (through `Shell.status`: the tmux server it forks outlives the call).
        func start(_ command: String, width: Int = 120, height: Int = 40) throws {
            let status = try Shell.status("tmux", ["-u", "-L", socket, "new-session", "-d", "-s", session,
                                                   "-x", "\(width)", "-y", "\(height)", command])
            if status != 0 { throw ShellError.failed("tmux new-session failed (\(status))") }
        }

        func keys(_ keys: String...) throws { try run(["send-keys", "-t", session] + keys) }
        func type(_ text: String) throws { try run(["send-keys", "-t", session, "-l", text]) }
        func screen() throws -> String { try run(["capture-pane", "-t", session, "-p"]) }
        func resize(_ width: Int, _ height: Int) throws {
            try run(["resize-window", "-t", session, "-x", "\(width)", "-y", "\(height)"])
        }
        func kill() { _ = try? Shell.run("tmux", ["-L", socket, "kill-server"]) }

        /// Polls the screen until `predicate` holds (or fails after `timeout` seconds with the last screen).
        @discardableResult
        func wait(_ what: String, timeout: Double = 10, _ predicate: (String) -> Bool) throws -> String {
            let deadline = Date().addingTimeInterval(timeout)
            var last = ""
            while Date() < deadline {
                last = try screen()
                if predicate(last) { return last }
                Thread.sleep(forTimeInterval: 0.1)
            }
            Issue.record("timed out waiting for \(what); screen:\n\(last)")
            return last
        }

        @discardableResult
        func wait(for text: String, timeout: Double = 10) throws -> String {
            try wait("\"\(text)\"", timeout: timeout) { $0.contains(text) }
        }
    }

    /// A store with four calls: a Chinese complaint (transcribed, scored), an English call, one still
    /// queued and one whose transcription failed.
    static func seed(_ dir: TemporaryDirectory) throws -> String {
        let path = dir.path("calls.sqlite")
        let store = try CallStore(path: path)
        let day = ISO8601DateFormatter().date(from: "2026-11-16T09:12:00Z")!
        func add(_ name: String, agent: String, customer: String, seconds: Double, minutes: Double) throws -> CallID {
            let file = dir.path("\(name).wav")
            try Shell.sox(["-n", "-r", "8000", "-c", "2", file, "synth", "\(seconds)", "sine", "300", "vol", "0.05"])
            let result = try store.importCall(NewCall(path: file, sha256: name + String(repeating: "0", count: 64 - name.count),
                                                      duration: seconds, sampleRate: 8000, channels: 2,
                                                      metadata: CallMetadata(agent: agent, customer: customer,
                                                                             startedAt: day.addingTimeInterval(minutes * 60))))
            guard case let .imported(id) = result else { throw ShellError.failed("seed: \(name) not imported") }
            return id
        }
        let complaint = try add("complaint", agent: "王芳", customer: "李先生", seconds: 20, minutes: 0)
        let english = try add("english", agent: "Alice", customer: "Bob", seconds: 12, minutes: 30)
        _ = try add("queued", agent: "张伟", customer: "陈女士", seconds: 8, minutes: 60)
        let broken = try add("broken", agent: "张伟", customer: "赵先生", seconds: 5, minutes: 90)

        let utterances = [
            Utterance(speaker: .agent, channel: 0, start: 0.3, end: 1.8, text: "您好，这里是客服中心。", language: "zh"),
            Utterance(speaker: .customer, channel: 1, start: 2.0, end: 4.0, text: "我要投诉，你们的服务太糟糕了！", language: "yue"),
            Utterance(speaker: .agent, channel: 0, start: 6.5, end: 9.0, text: "非常抱歉，我马上帮您处理退款。", language: "zh"),
            Utterance(speaker: .customer, channel: 1, start: 10, end: 12, text: "OK thanks, that solved it.", language: "en"),
        ]
        let markers = [
            Marker(kind: .keyword, category: "投诉", speaker: .customer, start: 2.4, end: 2.9, matchedText: "投诉",
                   polarity: .negative, severity: .high, explanation: "customer threatens a complaint (投诉)", utteranceIndex: 1),
            Marker(kind: .silence, category: "silence", start: 4, end: 6.5, polarity: .negative, severity: .medium,
                   explanation: "2.5 s of silence"),
            Marker(kind: .keyword, category: "退款", speaker: .agent, start: 8, end: 8.6, matchedText: "退款",
                   polarity: .neutral, severity: .low, explanation: "refund offered", utteranceIndex: 2),
        ]
        let score = Score(value: 61, base: 80, evidence: [ScoreEvidence(points: -15, reason: "complaint 投诉", markerIndex: 0, at: 2.4),
                                                          ScoreEvidence(points: -4, reason: "silence 2.5 s", markerIndex: 1, at: 4)],
                          trend: .negative, risk: true, resolved: true)
        for id in [complaint, english] {
            let job = try store.claimJob(worker: "seed")!
            let utts = job.callID == complaint ? utterances : [Utterance(speaker: .agent, channel: 0, start: 0.5, end: 3,
                                                                         text: "Thank you for calling, how can I help?", language: "en")]
            let analysis = job.callID == complaint ? CallAnalysis(markers: markers, score: score, suggestions: [])
                : CallAnalysis(markers: [], score: Score(value: 92, base: 80, evidence: [], trend: .positive, risk: false, resolved: true),
                               suggestions: [])
            try store.finishTranscription(job: job.id, call: job.callID, utterances: utts, analysis: analysis)
            _ = id
        }
        for _ in 0..<CallStore.maxAttempts {
            let all = try store.jobs(states: [.queued])
            guard let j = all.first(where: { $0.callID == broken }) else { break }
            // Claim until the broken call's job is ours (the queued call's job may come first).
            var claimed: [Job] = []
            while let c = try store.claimJob(worker: "seed") {
                claimed.append(c)
                if c.id == j.id { break }
            }
            try store.failJob(j.id, error: "\(dir.path("broken.wav")): decoder gave up")
            for c in claimed where c.id != j.id { try store.failJob(c.id, error: "requeue"); try store.retryJob(c.id) }
        }
        return path
    }

    @Test func reviewSessionSearchPlayJumpResizeAndQuit() throws {
        let dir = try TemporaryDirectory()
        let store = try Self.seed(dir)
        let timings = dir.path("timings.txt")
        let tmux = Tmux()
        defer { tmux.kill() }
        try tmux.start("cd '\(Paths.packageRoot.path)' && LANG=C.UTF-8 LC_ALL=C.UTF-8 HARK_TUI_TIMINGS='\(timings)' "
                       + "'\(Paths.harkBinary)' --store '\(store)' --audio-device null --workers 0; "
                       + "echo; echo \"modes: $(stty -a | tr ' ;' '\\n\\n' | grep -xE -- '-?(echo|icanon)' | tr '\\n' ' ')\"; sleep 30")
        var s = try tmux.wait(for: "王芳")
        #expect(s.contains("4 of 4 calls"))
        #expect(s.contains("李先生"))
        #expect(s.contains("failed"))

        // Search 投诉: only the complaint call remains, the hit shown in context.
        try tmux.keys("/")
        try tmux.wait(for: "Search transcripts")
        try tmux.type("投诉")
        try tmux.keys("Enter")
        s = try tmux.wait(for: "search \"投诉\": 1 calls")
        #expect(s.contains("我要投诉"))
        #expect(!s.contains("Alice"))

        // Open it: transcript with language tags, the gap, speaker labels.
        try tmux.keys("Enter")
        s = try tmux.wait(for: "您好，这里是客服中心")
        #expect(s.contains("粤"))
        #expect(s.contains("2.5 s silence"))
        #expect(s.contains("score 61"))

        // Play (null device / clock): the playhead highlight moves from the first line to the second.
        // The transport line starts with ▶ too while playing; transcript lines carry a speaker tag.
        func playheadLine(_ screen: String) -> String {
            screen.split(separator: "\n").first { $0.hasPrefix("▶") && ($0.contains(" AG ") || $0.contains(" CU ")) }
                .map(String.init) ?? ""
        }
        try tmux.keys("Space")
        try tmux.wait("playhead on the first line") { playheadLine($0).contains("您好") }
        try tmux.wait("playhead on the complaint", timeout: 6) { playheadLine($0).contains("我要投诉") }
        try tmux.keys("Space")   // pause

        // Back to the start (← seeks 5 s back), then ] walks the markers in order: the complaint at 2.4 s,
        // the silence at 4 s, the refund at 8 s.
        try tmux.keys("Left")
        try tmux.wait(for: "⏸ 0:00 / 0:20")
        try tmux.keys("]")
        try tmux.wait(for: "keyword: customer threatens a complaint")
        try tmux.keys("]")
        s = try tmux.wait(for: "silence: 2.5 s of silence")
        try tmux.keys("]")
        s = try tmux.wait(for: "refund offered")
        #expect(playheadLine(s).contains("非常抱歉"))
        #expect(s.contains("0:08 / 0:20"))

        // Resize to 60×15 and back: still the review, nothing wider than the window.
        try tmux.resize(60, 15)
        s = try tmux.wait("60-column layout") { $0.contains("1 Calls") && !$0.contains("Evidence") }
        #expect(s.split(separator: "\n").allSatisfy { $0.count <= 60 })
        #expect(s.contains("非常抱歉"))
        try tmux.resize(120, 40)
        try tmux.wait(for: "Evidence")

        // Help on the queue screen, then the failure reason.
        try tmux.keys("3")
        s = try tmux.wait(for: "decoder gave up")
        try tmux.keys("?")
        try tmux.wait(for: "retry the failed job")
        try tmux.keys("x")
        try tmux.wait("help closed") { !$0.contains("retry the failed job") }

        // Q quits and the terminal is back in cooked mode with echo.
        try tmux.keys("Q")
        s = try tmux.wait(for: "modes:")
        #expect(s.contains("modes: icanon echo"))
        let report = try String(contentsOfFile: timings, encoding: .utf8)
        #expect(report.contains("key_to_redraw_p99_ms"))
        print("TUI timings (debug build, 4 calls):\n\(report)")
    }
}
