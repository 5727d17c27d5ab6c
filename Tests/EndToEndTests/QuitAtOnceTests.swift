import Foundation
import HarkCore
import HarkStore
import HarkTestSupport
import Testing

/// `Q` while a worker is decoding: the desk is gone at once, the terminal restored, and the call is back on the
/// queue with its attempt not counted.
@Suite(.serialized, .enabled(if: FileManager.default.fileExists(atPath: Paths.modelsFolder + "/whisper-base"), "needs models (make models)"))
struct QuitAtOnceTests {
    @Test func quitMidDecodeLeavesWithinHalfASecondAndRequeuesTheCall() throws {
        let dir = try TemporaryDirectory()
        let store = dir.path("calls.sqlite")
        let call = Paths.packageRoot.appendingPathComponent("sample-calls/calls/c03-angry-refund.ogg").path
        let imported = try Shell.run(Paths.harkBinary, ["import", "--quiet", "--store", store, call])
        #expect(imported.status == 0, "\(imported.stderr)")
        let tmux = TUIEndToEndTests.Tmux()
        defer { tmux.kill() }
        try tmux.start("LANG=C.UTF-8 LC_ALL=C.UTF-8 '\(Paths.harkBinary)' --store '\(store)' --models '\(Paths.modelsFolder)' "
                       + "--audio-device null --workers 1; echo; echo \"exited: $(stty -a | tr ' ;' '\\n\\n' | grep -xE -- '-?echo')\"; sleep 30")
        // The Calls list shows the call's progress once the worker is decoding it.
        try tmux.wait("decoding", timeout: 60) { $0.range(of: #"\s[1-9]\d?%\s"#, options: .regularExpression) != nil }
        try tmux.keys("Q")
        let pressed = Date()
        var gone = Date.distantFuture
        while Date().timeIntervalSince(pressed) < 5 {
            if try tmux.screen().contains("exited:") { gone = Date(); break }
            Thread.sleep(forTimeInterval: 0.01)
        }
        let seconds = gone.timeIntervalSince(pressed)
        print("Q mid-decode to the shell prompt: \(String(format: "%.3f", seconds)) s")
        #expect(seconds < 0.5, "took \(seconds) s to leave")
        #expect(try tmux.screen().contains("exited: echo"), "the terminal echoes again")

        let s = try CallStore(path: store)
        let jobs = try s.jobs(states: [.queued, .running, .done, .failed])
        #expect(jobs.count == 1)
        #expect(jobs.first?.state == .queued && jobs.first?.attempts == 0, "\(jobs)")
        #expect(try s.calls(CallQuery()).first?.call.status == .queued)
    }
}
