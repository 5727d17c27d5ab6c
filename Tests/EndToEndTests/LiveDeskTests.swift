import Foundation
import HarkCore
import HarkStore
import HarkTestSupport
import Testing

/// The desk while a call is live, driven in tmux as a supervisor would: the call reads LIVE, its Review grows
/// as the watcher stores sentences, the alert shows on every screen and `!` opens its call. The store is
/// written the way `hark watch` writes it (its own tests run the recogniser), from this process.
@Suite(.serialized) struct LiveDeskTests {
    @Test func aLiveCallGrowsInReviewAndItsAlertShowsOnEveryScreen() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("calls.sqlite")
        let store = try CallStore(path: path)
        let recorder = try LiveRecorder(source: SampleCallTruth.folder.appendingPathComponent("c03-angry-refund.ogg").path,
                                        to: dir.path("live.wav"), seconds: 12)
        recorder.write(upTo: 6)
        let started = Date()
        let id = try store.beginLiveCall(NewCall(path: recorder.path, sha256: "", duration: 6, sampleRate: 8000, channels: 2,
                                                 metadata: CallMetadata(agent: "王芳", customer: "李先生", startedAt: started)),
                                         device: 1, inode: 2, channels: 2)
        try store.advanceLiveCall(id, adding: [Utterance(speaker: .agent, channel: 0, start: 0.4, end: 2.5,
                                                         text: "您好，这里是客服中心。", language: "zh")],
                                  analysis: nil, progress: LiveProgress(committed: [3, 3]), duration: 6, alerts: [], sinks: [])
        let tmux = TUIEndToEndTests.Tmux()
        defer { tmux.kill() }
        try tmux.start("cd '\(Paths.packageRoot.path)' && LANG=C.UTF-8 LC_ALL=C.UTF-8 '\(Paths.harkBinary)' --store '\(path)' "
                       + "--audio-device null --workers 0; sleep 30")
        var s = try tmux.wait(for: "王芳")
        #expect(s.contains("LIVE"), "the call list marks a call still being recorded")
        try tmux.keys("Enter")
        s = try tmux.wait(for: "您好，这里是客服中心")
        #expect(s.contains(" LIVE "))
        #expect(!s.contains("我要投诉"))

        // The watcher stores the customer's sentence and the alert it raised: both reach the open Review.
        let alert = Alert(call: id, path: recorder.path, agent: "王芳", queue: nil, rule: "complaint", category: "投诉",
                          text: "我要投诉你们！", at: 4.1, firedAt: Date().timeIntervalSince1970, live: true)
        try store.advanceLiveCall(id, adding: [Utterance(speaker: .customer, channel: 1, start: 4.1, end: 5.6,
                                                         text: "我要投诉你们！", language: "zh")],
                                  analysis: nil, progress: LiveProgress(committed: [6, 6]), duration: 8, alerts: [alert],
                                  sinks: [])
        s = try tmux.wait(for: "我要投诉你们")
        #expect(s.contains("您好，这里是客服中心"), "the transcript grew, nothing was lost")
        s = try tmux.wait(for: "ALERT #\(id) complaint 投诉")
        #expect(s.contains("! open"))

        // On another screen the alert is still there; ! opens its call.
        try tmux.keys("4")
        s = try tmux.wait(for: "ALERT #\(id) complaint")
        try tmux.keys("!")
        s = try tmux.wait("the alert's call in Review") { $0.contains("您好，这里是客服中心") && $0.contains(" LIVE ") }
        #expect(s.contains("我要投诉你们"))
        // Seen: the bar goes.
        try tmux.wait("the alert bar gone") { !$0.contains("ALERT #\(id)") }

        // The call ends: Review shows the finished call, no longer LIVE.
        try store.finishLiveCall(id, utterances: try store.utterances(of: id), analysis: nil, sha256: "done-sha", duration: 12,
                                 alerts: [], sinks: [])
        try tmux.wait("LIVE gone from the header") { !$0.contains(" LIVE ") }
        try tmux.keys("q")
        s = try tmux.wait(for: "王芳")
        #expect(!s.contains("LIVE"))
        recorder.abandon()
    }
}
