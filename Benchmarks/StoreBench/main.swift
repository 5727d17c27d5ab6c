// Store benchmark: builds (or reuses) a synthetic archive of 100,000 calls × 40 utterances through the store's
// real write paths, then times what a supervisor waits on: a page of the call list and a search. The reference
// for search is a LIKE scan over the same utterances in the same process.
import Foundation
import GRDB
import HarkCore
import HarkStore
import HarkTestSupport

/// Unbuffered output, so figures already measured survive a crash or a Ctrl-C.
func say(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }
let callCount = Int(ProcessInfo.processInfo.environment["BENCH_CALLS"] ?? "") ?? 100_000
let perCall = 40
let folder = ProcessInfo.processInfo.environment["BENCH_DIR"] ?? "bench-out"
let path = "\(folder)/archive-\(callCount).sqlite"
try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)

func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
func percentile(_ values: [Double], _ p: Double) -> Double {
    let sorted = values.sorted()
    return sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * p))]
}
func ms(_ s: Double) -> String { String(format: "%.2f ms", s * 1000) }


let zhPhrases = ["您好，请问有什么可以帮您", "我想咨询一下怎么使用", "我要投诉你们的服务", "退款什么时候到账", "这个问题已经解决了",
                 "非常感谢您的耐心", "我不太明白您的意思", "请提供您的身份证后四位", "好的，我帮您查一下", "怎么这么慢啊",
                 "售后维修需要多久", "您的订单已经发货了", "我对这个结果很满意", "麻烦您再说一遍", "还有什么可以帮您",
                 "我已经等了三天了", "系统显示您的账户正常", "这次服务态度很好", "我要求马上退钱", "请稍等一下"]
let enPhrases = ["hello how can I help you today", "I want a refund for this order", "this is the third time I call",
                 "thank you that solved my problem", "I do not understand what you mean", "let me check your account",
                 "I am not happy with the service", "your repair is covered by the warranty", "please hold for a moment"]
let agents = (1...20).map { "agent\($0)" }

var rng = SplitMix(state: 42)
let fresh = !FileManager.default.fileExists(atPath: path)
let store = try CallStore(path: path)
say("store benchmark: \(callCount) calls × \(perCall) utterances, \(path)\(fresh ? "" : " (reused)")")

if fresh {
    let base = Date(timeIntervalSince1970: 1_760_000_000)
    let t0 = now()
    for n in 0..<callCount {
        let metadata = CallMetadata(agent: agents[n % agents.count], customer: "customer\(n)", queue: n % 3 == 0 ? "billing" : "support",
                                    startedAt: base.addingTimeInterval(Double(n) * 26), direction: .inbound)
        _ = try store.importCall(NewCall(path: "/archive/\(n).wav", sha256: String(format: "%064x", n), duration: 240,
                                         sampleRate: 8000, channels: 2, metadata: metadata))
    }
    let importSeconds = now() - t0
    say(String(format: "import:     %.0f calls/s (%.1f s for %d calls)", Double(callCount) / importSeconds, importSeconds, callCount))
}

// Transcripts for every call still queued: a fresh archive, or one whose build was interrupted (its jobs go back
// to the queue first), so a half-built archive is finished rather than measured.
_ = try store.requeueStaleJobs(olderThan: 0)
if try store.jobCounts()[.queued, default: 0] > 0 {
    let t0 = now()
    var claimed = 0
    while let job = try store.claimJob(worker: "bench:1:0", kinds: [.transcribe]) {
        var utterances: [Utterance] = []
        let english = Int.random(in: 0..<10, using: &rng) == 0
        for i in 0..<perCall {
            let text = english ? enPhrases.randomElement(using: &rng)! : zhPhrases.randomElement(using: &rng)!
            utterances.append(Utterance(speaker: i % 2 == 0 ? .agent : .customer, channel: i % 2, start: Double(i) * 6,
                                        end: Double(i) * 6 + 5, text: text, normalizedText: text, language: english ? "en" : "zh"))
        }
        let score = Score(value: Double.random(in: 40...100, using: &rng), base: 100, evidence: [], trend: .neutral,
                          risk: Int.random(in: 0..<10, using: &rng) == 0, resolved: true)
        try store.finishTranscription(job: job.id, call: job.callID, utterances: utterances,
                                      analysis: CallAnalysis(markers: [], score: score, suggestions: []))
        claimed += 1
    }
    let writeSeconds = now() - t0
    say(String(format: "transcripts: %.0f utterances/s (%.1f s for %d calls, one transaction each)",
                 Double(claimed * perCall) / writeSeconds, writeSeconds, claimed))
}

// A page of the call list, as the TUI asks for it: 50 rows, various sorts and filters, first pages and deep ones.
var pageTimes: [Double] = []
let sorts: [CallSort] = [.startedAt, .score, .agent, .duration]
for i in 0..<400 {
    var query = CallQuery(sort: sorts[i % sorts.count], descending: i % 2 == 0, limit: 50, offset: (i % 10) * 50)
    if i % 5 == 1 { query.agent = agents[i % agents.count] }
    if i % 7 == 2 { query.riskOnly = true }
    if i % 9 == 3 { query.minScore = 60 }
    let t0 = now()
    let rows = try store.calls(query)
    pageTimes.append(now() - t0)
    _ = rows
}
say("list page:  p50 \(ms(percentile(pageTimes, 0.5))), p99 \(ms(percentile(pageTimes, 0.99))) (target p99 ≤ 16 ms)")

var countTimes: [Double] = []
for i in 0..<50 {
    let t0 = now()
    _ = try store.callCount(CallQuery(agent: i % 2 == 0 ? agents[i % 20] : nil))
    countTimes.append(now() - t0)
}
say("list count: p50 \(ms(percentile(countTimes, 0.5))), p99 \(ms(percentile(countTimes, 0.99)))")

let queries: [(String, [String])] = [
    ("1-char zh", ["投", "退", "谢", "慢", "修"]),
    ("2-char zh", ["投诉", "退款", "满意", "售后", "身份"]),
    ("4-char zh", ["服务态度", "已经解决", "耐心非常", "怎么使用", "马上退钱"]),
    ("english", ["refund", "warranty", "happy", "account", "third time"]),
]
// The reference query is not a store API: it reads the file through a connection of its own.
let reference = try DatabaseQueue(path: path, configuration: { var c = Configuration(); c.readonly = true; return c }())
for (label, words) in queries {
    var times: [Double] = []
    var hits = 0
    for _ in 0..<20 {
        for word in words {
            let t0 = now()
            hits = try store.search(word, limit: 200).count
            times.append(now() - t0)
        }
    }
    // Reference: the same question as a LIKE scan (one query per word; it reads every utterance).
    let likeStart = now()
    _ = try reference.read { db in
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM (SELECT id FROM utterance WHERE normalized_text LIKE ? LIMIT 200)",
                         arguments: ["%\(words[0])%"])
    }
    let like = now() - likeStart
    say("search \(label): p50 \(ms(percentile(times, 0.5))), p95 \(ms(percentile(times, 0.95))) (target p95 ≤ 50 ms), "
          + "\(hits) hits/page; LIKE scan \(ms(like)) = \(String(format: "%.0f", like / percentile(times, 0.5)))× slower")
}

let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value ?? 0
say(String(format: "store size: %.0f MB (%.0f bytes per utterance)", Double(size) / 1e6, Double(size) / Double(callCount * perCall)))
