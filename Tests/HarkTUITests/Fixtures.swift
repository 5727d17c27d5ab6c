import Foundation
import HarkCore
@testable import HarkTUI
import Synchronization

/// A clock tests move by hand.
final class ManualClock: Sendable {
    private let t = Mutex(0.0)
    var now: Double { t.withLock { $0 } }
    func advance(_ s: Double) { t.withLock { $0 += s } }
    var read: @Sendable () -> Double { { self.now } }
}

/// An in-memory data source: calls, transcripts and jobs held in arrays.
final class MemoryData: DeskDataSource, @unchecked Sendable {
    // @unchecked: tests touch it from one thread only; the lock guards the rare retry from the desk.
    private let lock = NSLock()
    var rows: [CallRow]
    var reviews: [CallID: ReviewData]
    var jobRows: [JobRow]
    var rev: Int64 = 1
    var retried: [Int64] = []
    let workerCount = 2
    var problem: String?
    func workerProblem() -> String? { lock.withLock { problem } }

    init(rows: [CallRow], reviews: [CallID: ReviewData] = [:], jobs: [JobRow] = []) {
        self.rows = rows; self.reviews = reviews; self.jobRows = jobs
    }

    func callRows() throws -> [CallRow] { lock.withLock { rows } }
    func newestCallRows(limit: Int) throws -> [CallRow] {
        lock.withLock { Array(rows.sorted { ($0.call.metadata.startedAt ?? .distantPast) > ($1.call.metadata.startedAt ?? .distantPast) }.prefix(limit)) }
    }
    func search(_ query: String) throws -> [SearchMatch] {
        lock.withLock {
            reviews.values.flatMap { r in
                r.utterances.enumerated().filter { $0.element.text.localizedCaseInsensitiveContains(query) }
                    .map { SearchMatch(callID: r.call.id, utteranceIndex: $0.offset, start: $0.element.start, text: $0.element.text) }
            }
        }
    }
    func callRows(ids: [CallID]) throws -> [CallRow] { lock.withLock { rows.filter { ids.contains($0.id) } } }
    func runningProgress() throws -> [CallID: Double] {
        lock.withLock { Dictionary(rows.compactMap { r in r.progress.map { (r.id, $0) } }, uniquingKeysWith: { a, _ in a }) }
    }
    func review(of call: CallID) throws -> ReviewData? { lock.withLock { reviews[call] } }
    func jobs() throws -> [JobRow] { lock.withLock { jobRows } }
    func retry(job: Int64) throws { lock.withLock { retried.append(job); rev += 1 } }
    func swapRoles(of call: CallID) throws -> InferredRoles { throw DeskError("no inferred roles in memory data") }
    func issueCategories() throws -> [CallID: [String]] {
        lock.withLock { Dictionary(rows.map { ($0.id, $0.categories) }, uniquingKeysWith: { a, _ in a }) }
    }
    func revision() throws -> DeskRevision { lock.withLock { DeskRevision(calls: rows.count, jobs: [.done: Int(rev)]) } }
    func bump() { lock.withLock { rev += 1 } }
}

enum Fixture {
    static let day = Date(timeIntervalSince1970: 1_795_000_000)   // a fixed instant

    static func call(_ id: CallID, agent: String, customer: String, duration: Double = 60, status: CallStatus = .done,
                     minutesAfter: Double = 0) -> Call {
        Call(id: id, path: "/calls/\(id).wav", sha256: String(repeating: "\(id % 10)", count: 64), duration: duration,
             sampleRate: 16000, channels: 2,
             metadata: CallMetadata(agent: agent, customer: customer, startedAt: day.addingTimeInterval(minutesAfter * 60)),
             status: status, importedAt: day)
    }

    /// A Chinese call: agent greets, customer complains (投诉) in Cantonese, a long silence, agent resolves.
    static func review(id: CallID = 1, extraLines: Int = 0) -> ReviewData {
        var utts = [
            Utterance(speaker: .agent, channel: 0, start: 0.5, end: 3, text: "您好，这里是客服中心，请问有什么可以帮您？", language: "zh"),
            Utterance(speaker: .customer, channel: 1, start: 3.5, end: 8, text: "我要投诉，你们的服务太糟糕了，唔该快啲处理！", language: "yue",
                      emotion: "ANGRY"),
            Utterance(speaker: .agent, channel: 0, start: 15, end: 19, text: "非常抱歉，我马上帮您处理退款。", language: "zh",
                      tokens: [TimedToken(text: "非常", start: 15), TimedToken(text: "抱歉，", start: 15.8),
                               TimedToken(text: "我马上", start: 16.6), TimedToken(text: "帮您处理退款。", start: 17.5)]),
            Utterance(speaker: .customer, channel: 1, start: 20, end: 23, text: "OK thanks, that solved it.", language: "en"),
        ]
        for i in 0..<extraLines {
            let t = 24.0 + Double(i) * 3
            utts.append(Utterance(speaker: i % 2 == 0 ? .agent : .customer, channel: i % 2, start: t, end: t + 2.5,
                                  text: "第\(i)句：这是一段比较长的中文对话内容，用来测试换行和滚动是否正确。", language: "zh"))
        }
        let markers = [
            Marker(kind: .keyword, category: "投诉", speaker: .customer, start: 3.9, end: 4.4, matchedText: "投诉",
                   polarity: .negative, severity: .high, explanation: "Customer says 投诉 (complaint)", utteranceIndex: 1),
            Marker(kind: .language, category: "yue", speaker: .customer, start: 3.5, end: 8, polarity: .neutral,
                   explanation: "Cantonese cue 唔该", utteranceIndex: 1),
            Marker(kind: .silence, category: "silence", start: 8, end: 15, polarity: .negative, severity: .medium,
                   explanation: "7 s of silence"),
            Marker(kind: .keyword, category: "退款", speaker: .agent, start: 17.5, end: 18.5, matchedText: "退款",
                   polarity: .neutral, severity: .low, explanation: "Refund mentioned", utteranceIndex: 2),
        ]
        let score = Score(value: 58, base: 80, evidence: [
            ScoreEvidence(points: -15, reason: "complaint 投诉", markerIndex: 0, at: 3.9),
            ScoreEvidence(points: -7, reason: "7 s silence", markerIndex: 2, at: 8),
        ], trend: .negative, risk: true, resolved: true)
        let duration = max(30, 24 + Double(extraLines) * 3 + 3)
        return ReviewData(call: call(id, agent: "王芳", customer: "李先生", duration: duration),
                          utterances: utts, analysis: CallAnalysis(markers: markers, score: score, suggestions: []),
                          categoryColors: ["投诉": "negative", "退款": "business"])
    }

    static func rows() -> [CallRow] {
        [
            CallRow(call: call(1, agent: "王芳", customer: "李先生", minutesAfter: 0), score: 58, trend: .negative, risk: true,
                    resolved: true, languages: ["zh", "yue"], markerKinds: [.silence, .keyword], negativeHits: 1,
                    categories: ["投诉", "退款"]),
            CallRow(call: call(2, agent: "Alice Smith", customer: "Bob", duration: 125, minutesAfter: 65), score: 91,
                    trend: .positive, resolved: true, languages: ["en"], categories: ["满意"]),
            CallRow(call: call(3, agent: "张伟", customer: "陈女士", duration: 300, status: .transcribing, minutesAfter: 130),
                    progress: 0.42),
            CallRow(call: call(4, agent: "王芳", customer: "赵先生", duration: 45, minutesAfter: 200), score: 72,
                    trend: .neutral, languages: ["zh"], categories: ["退款"]),
        ]
    }

    static func desk(player: PlaybackControlling? = nil, data: MemoryData? = nil, theme: String? = nil) throws -> (Desk, MemoryData) {
        let d = data ?? MemoryData(rows: rows(), reviews: [1: review(), 2: review(id: 2, extraLines: 30)])
        let themes = try Theme.loadAll(folder: themesFolder)
        let desk = try Desk(data: d, themes: themes, theme: theme, makePlayer: { call in
            player ?? ClockPlayer(duration: call.duration, clock: { 0 })
        }, now: { day })
        return (desk, d)
    }

    static var themesFolder: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("themes").path
    }

    /// Waits for the desk's background work (the rest of a large list, a search, the dashboard's aggregates).
    static func settle(_ desk: Desk) { desk.settle() }

    /// The frame a user sees once the background work their last key started has arrived.
    static func frame(_ desk: Desk, width: Int = 120, height: Int = 40) -> CellGrid {
        desk.settle()
        var g = CellGrid(width: width, height: height)
        desk.render(into: &g)
        return g
    }

    static func keys(_ desk: Desk, _ names: String...) {
        for n in names { desk.handle(Key(name: n)!) }
    }

    static func type(_ desk: Desk, _ text: String) {
        for c in text { desk.handle(.character(c)) }
    }
}
