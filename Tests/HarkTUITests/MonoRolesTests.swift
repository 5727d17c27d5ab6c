import Foundation
import HarkCore
import HarkStore
@testable import HarkTUI
import HarkTestSupport
import Testing

/// A mono call whose two voices the transcriber told apart: the agent is found from what each says, the
/// confidence is shown in Review, and one key swaps the roles when the supervisor hears otherwise.
@Suite struct MonoRolesTests {
    @Test func rolesAreInferredShownAndSwappedWithOneKey() throws {
        let dir = try TemporaryDirectory("hark-mono-roles")
        let store = try CallStore(path: dir.path("calls.sqlite"))
        let analysis = AnalysisService(store: store)
        guard case let .imported(id) = try store.importCall(NewCall(
            path: "/calls/mono.wav", sha256: String(repeating: "m", count: 64), duration: 16, sampleRate: 8000, channels: 1,
            metadata: CallMetadata(agent: "王芳", customer: "李先生", direction: .inbound))),
              let job = try store.claimJob(worker: "t") else { Issue.record("seed"); return }
        // As the transcriber writes a diarized mono call: speaker mixed, channel = the voice (0 spoke first).
        let heard = [
            Utterance(speaker: .mixed, channel: 0, start: 0.3, end: 1.5, text: "喂？"),
            Utterance(speaker: .mixed, channel: 1, start: 2, end: 6, text: "您好，这里是客服中心，我是王芳，请问有什么可以帮您？"),
            Utterance(speaker: .mixed, channel: 0, start: 6.5, end: 10, text: "我要投诉，你们多扣了我的钱，我很不满意。"),
            Utterance(speaker: .mixed, channel: 1, start: 10.5, end: 15, text: "非常抱歉，请提供一下身份证后四位，我帮您查一下。"),
        ]
        let call = try store.call(id)!
        let (utterances, roles) = analysis.assignRoles(call, heard)
        #expect(utterances.map(\.speaker) == [.customer, .agent, .customer, .agent])
        var result = analysis.analyze(call, utterances)
        result?.roles = roles
        try store.finishTranscription(job: job.id, call: id, utterances: utterances, analysis: result)
        let stored = try #require(try store.call(id)?.roles)
        #expect(stored.agentVoice == 1 && stored.confidence >= 0.9 && !stored.swapped)
        // The customer's complaint counts as the customer's: a negative hit, and the risk flag.
        #expect(try store.calls().first?.negativeHits ?? 0 >= 1)

        let desk = try Desk(data: StoreDeskData(store: store), themes: try Theme.loadAll(folder: Fixture.themesFolder),
                            makePlayer: { c in ClockPlayer(duration: c.duration, clock: { 0 }) })
        desk.handle(.enter)
        desk.settle()
        var f = Fixture.frame(desk, width: 140, height: 30)
        #expect(f.text.contains("roles inferred (\(Int((stored.confidence * 100).rounded())) %)"), "\(f.text)")
        desk.handle(.character("R"))
        desk.settle()
        f = Fixture.frame(desk, width: 140, height: 30)
        #expect(f.text.contains("agent and customer swapped"), "\(f.text)")
        #expect(f.text.contains("roles swapped by a supervisor"))
        #expect(try store.utterances(of: id).map(\.speaker) == [.agent, .customer, .agent, .customer])
        #expect(try store.pendingJobCount(kind: .rescore) == 1)
    }
}
