import Foundation
import HarkCore
import HarkJobs
import HarkStore
@testable import HarkTUI
import HarkTestSupport

/// A real call store for the editor and coaching screens: four analysed calls of two agents, the desk on it
/// through `StoreDeskData` exactly as `hark` builds it, and a manual clock for the walkthrough's player.
struct StoreDesk {
    let dir: TemporaryDirectory
    let store: CallStore
    let desk: Desk
    let clock = ManualClock()
    var ids: [CallID] = []

    /// Call texts: [agent, customer line]. The first call says 太慢 (not a default term) with two negative terms.
    static let calls: [(agent: String, customer: String, line: String)] = [
        ("王芳", "周先生", "我的电话是13812345678，你们处理太慢，我很失望，真的不满意。"),
        ("王芳", "李先生", "我要投诉，你们的服务太糟糕了！"),
        ("王芳", "陈女士", "好的，明白了，谢谢你，解决了。"),
        ("Alice", "Bob", "Thank you, that solved it."),
    ]

    init() throws {
        dir = try TemporaryDirectory("hark-tui-store")
        store = try CallStore(path: dir.path("calls.sqlite"))
        let analysis = AnalysisService(store: store)
        let day = Date(timeIntervalSince1970: 1_795_000_000)
        for (n, c) in Self.calls.enumerated() {
            guard case let .imported(id) = try store.importCall(NewCall(
                path: "/calls/\(n).wav", sha256: String(repeating: "\(n)", count: 64), duration: 20, sampleRate: 16000, channels: 2,
                metadata: CallMetadata(agent: c.agent, customer: c.customer, startedAt: day.addingTimeInterval(Double(n) * 3600)))),
                  let job = try store.claimJob(worker: "t") else { fatalError("seed") }
            let en = c.agent == "Alice"
            let utterances = [
                Utterance(speaker: .agent, channel: 0, start: 0.5, end: 3, text: en ? "Hello, how can I help?" : "您好，请问有什么可以帮您？",
                          language: en ? "en" : "zh"),
                Utterance(speaker: .customer, channel: 1, start: 6, end: 10, text: c.line, language: en ? "en" : "zh"),
                Utterance(speaker: .agent, channel: 0, start: 11, end: 14, text: en ? "Glad to help." : "非常抱歉，我马上帮您跟进。",
                          language: en ? "en" : "zh"),
            ]
            try store.finishTranscription(job: job.id, call: id, utterances: utterances,
                                          analysis: analysis.analyze(try store.call(id)!, utterances))
            ids.append(id)
        }
        let clock = self.clock
        desk = try Desk(data: StoreDeskData(store: store), themes: try Theme.loadAll(folder: Fixture.themesFolder),
                        makePlayer: { call in ClockPlayer(duration: call.duration, clock: clock.read) },
                        now: { day.addingTimeInterval(86_400) }, reportsFolder: dir.path("reports"))
    }

    func frame(width: Int = 120, height: Int = 40) -> CellGrid { Fixture.frame(desk, width: width, height: height) }
    /// Presses keys as a person does, looking at the screen between them: what a key started in the background
    /// (agents being read, a search) has arrived before the next key.
    func keys(_ names: String...) {
        for n in names {
            desk.handle(Key(name: n)!)
            desk.settle()
        }
    }
    func type(_ text: String) { Fixture.type(desk, text) }
    /// Runs the queued rescores with the desk's rescore-only job runner.
    func drainRescore() throws {
        try WorkerPool.rescoring(store: store, analysis: AnalysisService(store: store), follow: false).run()
    }
}
