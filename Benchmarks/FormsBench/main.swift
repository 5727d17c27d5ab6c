// Forms benchmark (`make bench`): re-scoring an archive after a QA form edit, and the form what-if, on an archive
// of 100,000 analysed calls (bench-out/forms-N.sqlite, built once). Every call's form facts come from the real
// analyser: a pool of distinct synthetic transcripts is analysed and the calls share them round-robin. Each
// figure is set against the same work on one thread in the same process.
import Foundation
import HarkCore
import HarkStore
import HarkTestSupport

func say(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }
func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
let callCount = Int(ProcessInfo.processInfo.environment["BENCH_CALLS"] ?? "") ?? 100_000
let folder = ProcessInfo.processInfo.environment["BENCH_DIR"] ?? "bench-out"
let path = "\(folder)/forms-\(callCount).sqlite"
let cores = ProcessInfo.processInfo.activeProcessorCount
try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)


let openings = ["您好，很高兴为您服务，请问有什么可以帮您", "喂，什么事", "您好，理财专线，请问有什么可以帮您"]
let agentLines = ["请提供您的身份证后四位", "好的，我帮您查一下", "系统显示您的账户正常", "这款产品有一定风险，请您知悉",
                  "这个产品保证收益", "已经为您处理好了", "请稍等一下", "您的订单已经发货了"]
let customerLines = ["我想咨询一下怎么使用", "我要投诉你们的服务", "退款什么时候到账", "怎么这么慢啊", "我对这个结果很满意",
                     "我不太明白您的意思", "我已经等了三天了", "我要求马上退钱"]
let closings = ["还有什么可以帮您？感谢您的来电，再见", "好的", "感谢来电，祝您生活愉快"]
let queues = ["billing", "support", "wealth"]

let fresh = !FileManager.default.fileExists(atPath: path)
let store = try CallStore(path: path)
say("forms benchmark: \(callCount) analysed calls, \(path)\(fresh ? "" : " (reused)"), \(cores) cores")
let dictionary = try AnalysisService.dictionary(in: store)
if fresh {
    let t0 = now()
    var rng = SplitMix(state: 7)
    let analyzer = Analyzer(dictionary: dictionary, forms: try FormEvaluator(forms: .standard, version: 1, dictionary: dictionary))
    var pool: [CallAnalysis] = []
    for _ in 0..<400 {
        var us: [Utterance] = []
        var t = Double.random(in: 0.2...3, using: &rng)
        func say(_ speaker: Speaker, _ text: String) {
            let d = Double(text.count) / 4.5
            us.append(Utterance(speaker: speaker, channel: speaker == .agent ? 0 : 1, start: t, end: t + d, text: text,
                                normalizedText: text))
            t += d + Double.random(in: 0.3...(Int.random(in: 0..<8, using: &rng) == 0 ? 14 : 2.5), using: &rng)
        }
        say(.agent, openings.randomElement(using: &rng)!)
        for _ in 0..<19 {
            say(.customer, customerLines.randomElement(using: &rng)!)
            say(.agent, agentLines.randomElement(using: &rng)!)
        }
        say(.agent, closings.randomElement(using: &rng)!)
        pool.append(analyzer.analyze(us, duration: t + 1))
    }
    try store.saveForms(.standard, dictionary: dictionary, author: "bench", summary: "default form")
    for n in 0..<callCount {
        let metadata = CallMetadata(agent: "agent\(n % 20)", customer: "c\(n)", queue: queues[n % queues.count],
                                    startedAt: Date(timeIntervalSince1970: 1_760_000_000 + Double(n) * 26), direction: .inbound)
        guard case let .imported(id) = try store.importCall(NewCall(path: "/archive/\(n).wav", sha256: String(format: "%064x", n),
                                                                    duration: 240, sampleRate: 8000, channels: 2, metadata: metadata))
        else { continue }
        try store.saveAnalysis(pool[n % pool.count], for: id)
    }
    say(String(format: "built in %.0f s (400 transcripts analysed, %d calls written)", now() - t0, callCount))
}

/// A QA lead's edit: a wealth form beside the default one, the default's closing weight changed each run, so
/// every run re-scores the whole archive and rewrites every result.
func edited(_ k: Int, terms: Bool) -> FormSet {
    var set = FormSet.standard
    // Points are in every item result, so each default-form call's stored result changes: the worst case.
    set.forms[0].items[0].condition.first = 15 + Double(k % 5)
    set.forms[0].items[1].points = 10 + Double(k % 7)
    var wealth = QAForm(name: "wealth-sales", queues: ["wealth"], items: [
        FormItem(id: "risk", title: "Gives the risk notice", points: 20, critical: true, check: .require,
                 condition: FormCondition(category: "风险提示", role: .agent)),
        FormItem(id: "greeting", points: 10, check: .require, condition: FormCondition(category: "问候", role: .agent, first: 10)),
        FormItem(id: "identity", points: 10, check: .require, condition: FormCondition(category: "身份核验", role: .agent, before: "risk")),
    ])
    if terms {
        wealth.items.append(FormItem(id: "no-guarantee", points: 10, critical: true, check: .forbid,
                                     condition: FormCondition(terms: ["保证收益", "一定赚"], role: .agent)))
    }
    set.forms.append(wealth)
    return set
}

func rescore(_ set: FormSet, threads: Int) throws -> (seconds: Double, calls: Int) {
    let version = try store.saveForms(set, dictionary: dictionary, author: "bench", summary: "edit")
    let evaluator = try FormEvaluator(forms: set, version: version, dictionary: dictionary)
    let t0 = now()
    let n = try store.refreshFormResults(evaluator, threads: threads)
    return (now() - t0, n)
}

var k = Int(now()) % 1000
for terms in [false, true] {
    let label = terms ? "with a terms condition (reads each turn's text)" : "categories, windows, order"
    k += 1
    let reference = try rescore(edited(k, terms: terms), threads: 1)
    k += 1
    let best = try rescore(edited(k, terms: terms), threads: cores)
    say(String(format: "re-score after a form edit, %@: %.2f s for %d calls on %d threads (%.0f calls/s) · reference 1 thread %.2f s · ratio %.2f",
               label, best.seconds, best.calls, cores, Double(best.calls) / best.seconds, reference.seconds, best.seconds / reference.seconds))
    let evaluator = try FormEvaluator(forms: edited(k + 1, terms: terms), version: -1, dictionary: dictionary)
    var t0 = now()
    let preview = try store.previewForms(evaluator, threads: cores)
    let whatIf = now() - t0
    t0 = now()
    _ = try store.previewForms(evaluator, threads: 1)
    let single = now() - t0
    say(String(format: "what-if of a form edit, %@: %.2f s over %d calls (%d would change) · reference 1 thread %.2f s · ratio %.2f",
               label, whatIf, preview.calls, preview.changedCount, single, whatIf / single))
}
