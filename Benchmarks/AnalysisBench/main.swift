// Rescoring benchmark: analyse a synthetic archive of 100,000 calls × 40 utterances with the default
// dictionary on 2 threads, and compare the Aho-Corasick matcher with a naive per-term search over the same
// text in this process. Run: `swift run -c release hark-bench-analysis [calls] [utterances-per-call]
// [naive-sample-calls]`.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import HarkCore

let arguments = CommandLine.arguments
let callCount = arguments.count > 1 ? Int(arguments[1]) ?? 100_000 : 100_000
let perCall = arguments.count > 2 ? Int(arguments[2]) ?? 40 : 40
let naiveSampleCalls = arguments.count > 3 ? Int(arguments[3]) ?? 2_000 : 2_000
let threads = 2

/// SplitMix64, so every run analyses the same archive.
struct Seeded: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

// Utterances are assembled from call-centre phrases: mostly plain talk, about one in four with a dictionary
// keyword, one in ten with a number (prices, dates, order numbers, some phone numbers). A fifth of the
// calls are English.
let zhPlain = ["好的", "嗯，是的", "我看一下", "就是上个月的那个账单", "对，我刚才说的就是这个", "您稍等一下",
               "这个我需要确认一下", "那我明天再打过来", "我是在网上买的", "您说的是哪一笔", "上周三下的单",
               "就是那个蓝色的", "我现在在外地", "这个号码是我本人的", "您那边能看到吗", "我刚刚收到短信"]
let enPlain = ["okay", "yes, that's right", "let me see", "it was last month", "i bought it online", "one moment please",
               "the blue one", "i got a text message", "can you see it on your side", "i'm travelling at the moment"]
let zhAgent = ["您好，很高兴为您服务，请问有什么可以帮您", "好的，我这边帮您查询一下", "请您提供一下身份证后四位",
               "这个业务有一定风险，请您知悉", "已经为您处理好了", "还有什么可以帮您的吗", "感谢您的来电，再见",
               "非常抱歉给您带来不便", "我理解您的心情", "系统显示您的订单已经发货", "请您稍等，我看一下",
               "这个费用是上个月产生的", "我帮您申请一下", "您可以在手机上操作"]
let zhCustomer = ["我想查一下话费", "你们这个服务太差了", "我要投诉", "什么时候能退款", "我不太明白你的意思",
                  "好的，谢谢", "怎么这么慢啊", "我没有不满意，就是问问", "东西坏了，能不能保修", "可以了，明白了",
                  "我上个月交了钱", "为什么又扣费了", "快点帮我处理", "那好吧", "唔该帮我查下", "这个啥子情况嘛"]
let enAgent = ["hello, thank you for calling, how can i help", "let me check that for you", "could you verify your identity please",
               "please note the risk of this product", "i have processed the refund for you", "is there anything else i can help with",
               "i am sorry for the trouble", "your order has been shipped"]
let enCustomer = ["i want a refund", "this is terrible service", "i am not happy with this", "thanks, that works",
                  "my phone is broken, is it under warranty", "i don't understand", "hurry up please", "ok, fine",
                  "i would like to file a complaint", "great, thank you"]

func number(_ rng: inout Seeded) -> String {
    switch Int.random(in: 0..<4, using: &rng) {
    case 0: return "¥\(Int.random(in: 10...9999, using: &rng)).\(Int.random(in: 10...99, using: &rng))"
    case 1: return "2026-\(Int.random(in: 1...12, using: &rng))-\(Int.random(in: 1...28, using: &rng))"
    case 2: return "订单\(Int.random(in: 10_000_000...99_999_999, using: &rng))"
    default: return "13\(Int.random(in: 100_000_000...999_999_999, using: &rng))"
    }
}

func makeCall(_ index: Int) -> [Utterance] {
    var rng = Seeded(state: UInt64(index) &* 0x2545_F491_4F6C_DD1D)
    let english = index % 5 == 4
    var t = Double.random(in: 0.3...1.0, using: &rng)
    var out: [Utterance] = []
    out.reserveCapacity(perCall)
    for i in 0..<perCall {
        let agent = i % 2 == 0
        let plain = Int.random(in: 0..<100, using: &rng) < 75
        let pool = english ? (plain ? enPlain : agent ? enAgent : enCustomer)
            : (plain ? zhPlain : agent ? zhAgent : zhCustomer)
        var text = pool.randomElement(using: &rng)!
        if Bool.random(using: &rng) { text += english ? ", " : "，" + pool.randomElement(using: &rng)! }
        if Int.random(in: 0..<10, using: &rng) == 0 { text += " " + number(&rng) }
        let units = english ? Double(text.split(separator: " ").count) / 2.6 : Double(text.unicodeScalars.count) / 4.2
        let duration = units * Double.random(in: 0.8...1.3, using: &rng)
        let gap = Int.random(in: 0..<25, using: &rng) == 0 ? Double.random(in: 5...12, using: &rng)
            : Double.random(in: -0.8...1.5, using: &rng)
        let start = max(0, t + gap)
        out.append(Utterance(speaker: agent ? .agent : .customer, channel: agent ? 0 : 1, start: start,
                             end: start + duration, text: text, normalizedText: text,
                             language: english ? "en" : "zh"))
        t = start + duration
    }
    return out
}

func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
}

func fmt(_ v: Double, _ digits: Int = 2) -> String {
    var p = 1.0
    for _ in 0..<digits { p *= 10 }
    let r = (v * p).rounded() / p
    return "\(r)"
}

let clock = ContinuousClock()
print("synthesising \(callCount) calls × \(perCall) utterances (seeded)…")
let buildStart = clock.now
let calls = (0..<callCount).map(makeCall)
let textBytes = calls.reduce(0) { $0 + $1.reduce(0) { $0 + $1.normalizedText.utf8.count } }
print("  \(fmt(Double(textBytes) / 1e6)) MB of text, built in \(fmt(seconds(clock.now - buildStart))) s")

let analyzer = Analyzer(dictionary: .standard)
print("dictionary: \(KeywordDictionary.standard.categories.reduce(0) { $0 + $1.terms.count }) terms, \(analyzer.matcher.stateCount) automaton states")

/// CPU seconds this thread has used: on a shared machine, wall time also counts other processes' turns.
func threadCPUSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// Splits `0..<n` into `threads` contiguous ranges and runs `body` on each concurrently.
func parallel<R: Sendable>(_ n: Int, _ body: @escaping @Sendable (Range<Int>) -> R) async -> [R] {
    await withTaskGroup(of: (Int, R).self) { group in
        let chunk = (n + threads - 1) / threads
        for k in 0..<threads {
            let range = (k * chunk)..<min(n, (k + 1) * chunk)
            group.addTask { (k, body(range)) }
        }
        var out: [(Int, R)] = []
        for await r in group { out.append(r) }
        return out.sorted { $0.0 < $1.0 }.map(\.1)
    }
}

// 1. Full rescore: every call analysed (markers, score with evidence, suggestions).
let rescoreStart = clock.now
let sums = await parallel(calls.count) { range in
    var markers = 0, score = 0.0, risky = 0
    let cpu0 = threadCPUSeconds()
    for i in range {
        let a = analyzer.analyze(calls[i], duration: calls[i].last!.end + 1)
        markers += a.markers.count
        score += a.score.value
        if a.score.risk { risky += 1 }
    }
    return (markers, score, risky, threadCPUSeconds() - cpu0)
}
let rescore = seconds(clock.now - rescoreStart)
let markerTotal = sums.reduce(0) { $0 + $1.0 }
let meanScore = sums.reduce(0) { $0 + $1.1 } / Double(calls.count)
print("full rescore (\(threads) threads): \(fmt(rescore)) s, \(Int(Double(calls.count) / rescore)) calls/s "
      + "[target ≤ 5 s for 100,000 calls]; \(markerTotal) markers, mean score \(fmt(meanScore, 1)), "
      + "\(sums.reduce(0) { $0 + $1.2 }) risky calls")
let busiest = sums.map(\.3).max() ?? 0
print("  CPU time per thread: \(sums.map { fmt($0.3) }.joined(separator: " s, ")) s → on \(threads) otherwise idle cores "
      + "the rescore takes ≈ \(fmt(busiest)) s (\(Int(Double(calls.count) / busiest)) calls/s); machine load now: wall/CPU = \(fmt(rescore / busiest))")

// 2. Keyword matching alone, over the whole archive's text.
let matchStart = clock.now
let hitCounts = await parallel(calls.count) { range in
    var hits: [KeywordMatcher.Hit] = []
    var n = 0
    let cpu0 = threadCPUSeconds()
    for i in range {
        for u in calls[i] {
            var text = u.normalizedText
            hits.removeAll(keepingCapacity: true)
            text.withUTF8 { analyzer.matcher.scan($0, into: &hits) }
            n += hits.count
        }
    }
    return (n, threadCPUSeconds() - cpu0)
}
let matching = seconds(clock.now - matchStart)
let matchCPU = hitCounts.map(\.1).max() ?? 1
print("Aho-Corasick matching (\(threads) threads): \(fmt(Double(textBytes) / 1e6 / matching, 1)) MB/s wall, "
      + "\(fmt(Double(textBytes) / 1e6 / matchCPU, 1)) MB/s by busiest-thread CPU time; "
      + "\(hitCounts.reduce(0) { $0 + $1.0 }) raw hits in \(fmt(matching)) s")

// 3. Reference in this process: a naive matcher (String.contains per term) on a sample, 1 thread,
//    against the automaton on the same sample, 1 thread.
let sample = calls.prefix(max(1, min(calls.count, naiveSampleCalls))).flatMap { $0 }.map(\.normalizedText)
let sampleBytes = sample.reduce(0) { $0 + $1.utf8.count }
let terms = KeywordDictionary.standard.categories.flatMap { $0.terms.map(\.text) }
var naiveFound = 0
let naiveStart = clock.now
for text in sample {
    for term in terms where text.contains(term) { naiveFound += 1 }
}
let naive = seconds(clock.now - naiveStart)
// The automaton is ~1000× faster: repeat it so its time is measurable, then take one pass's share.
let repeats = 50
var acFound = 0
let acStart = clock.now
var scratch: [KeywordMatcher.Hit] = []
for _ in 0..<repeats {
    acFound = 0
    for text in sample {
        var copy = text
        scratch.removeAll(keepingCapacity: true)
        copy.withUTF8 { analyzer.matcher.scan($0, into: &scratch) }
        acFound += scratch.count
    }
}
let ac = seconds(clock.now - acStart) / Double(repeats)
print("same sample, 1 thread (\(fmt(Double(sampleBytes) / 1e6)) MB, \(sample.count) utterances): "
      + "naive String.contains \(fmt(Double(sampleBytes) / 1e6 / naive, 2)) MB/s (\(naiveFound) terms present), "
      + "Aho-Corasick \(fmt(Double(sampleBytes) / 1e6 / ac, 1)) MB/s (\(acFound) hits): ratio \(fmt(naive / ac, 1))×")
