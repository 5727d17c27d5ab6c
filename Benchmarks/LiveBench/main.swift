// Live intake benchmark (`make bench`): recordings written into a watched folder at real-time pace, the way
// telephony recorders write them (16-bit PCM, header sizes 0xFFFFFFFF until the call ends), through the real
// Whisper and Silero models, on this machine's cores. Figures, each against the recording's own clock:
//   alert latency  — wall time from the end of the customer's sentence that triggers the complaint alert to
//                    the alert reaching its sink (goal ≤ 5 s);
//   final latency  — from the recorder closing the file to the call stored as done (goal ≤ 10 s for 60 s);
//   capacity       — N calls at once: each sentence's delay from being spoken to being stored (p50 / max),
//                    and whether every call stayed within 10 s of its live edge;
//   soak           — (--soak-minutes M) a call arriving every 30 s for M minutes: resident memory over time.
import Foundation
import HarkCore
import HarkIntake
import HarkSpeech
import HarkStore
import HarkTestSupport
import Synchronization

func say(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }
func rssMB() -> Double {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }) else { return 0 }
    return (Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) / 1024
}
func loadAverage() -> String { (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "?" }

var models = "models"
var calls = "sample-calls/calls"
var maxConcurrent = 3
var soakMinutes = 0.0
var soakOnly = false
var args = BenchArguments(tool: "hark-bench-live")
while let flag = args.next() {
    switch flag {
    case "--models": models = args.value()
    case "--calls": calls = args.value()
    case "--max-calls": maxConcurrent = Int(args.value()) ?? 3
    case "--soak-minutes": soakMinutes = Double(args.value()) ?? 0
    case "--soak-only": soakOnly = true
    default: args.unknown(flag)
    }
}

let work = try TemporaryDirectory("hark-bench-live")
let speech = try SpeechEngines(catalog: try ModelCatalog.scan(models), options: SpeechOptions(workers: 1))
let cores = ProcessInfo.processInfo.activeProcessorCount
say("live intake benchmark: \(cores) cores, model \(speech.engines.model.name), load \(loadAverage())")

/// One watched folder, store and JSONL sink.
final class Rig: @unchecked Sendable {
    let folder: String
    let store: CallStore
    let intake: LiveIntake
    let dispatcher: AlertDispatcher
    let alertsFile: String
    init(_ name: String, settle: Double = 5) throws {
        folder = work.path(name)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        store = try CallStore(path: work.path("\(name).sqlite"))
        alertsFile = work.path("\(name).jsonl")
        dispatcher = AlertDispatcher(store: store, sinks: [JSONLinesSink(path: alertsFile)], report: { _ in })
        let d = dispatcher
        intake = LiveIntake(store: store, analysis: AnalysisService(store: store),
                            options: IntakeOptions(folders: [RawPath(folder)], settle: settle), sinks: d.sinkNames,
                            transcriber: { try speech.liveTranscriber() }, report: { _ in }, onAlert: { _ in d.wake() })
        dispatcher.start()
        try intake.start()
    }
    func stop() { intake.stop(); intake.wait(); dispatcher.stop(); dispatcher.wait() }
    /// (alert, when the line appeared in the sink file)
    func delivered() -> [Alert] {
        guard let text = try? String(contentsOfFile: alertsFile, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { try? JSONDecoder().decode(Alert.self, from: Data($0.utf8)) }
    }
}

func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    return s.isEmpty ? .nan : s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}
func f1(_ x: Double) -> String { String(format: "%.1f", x) }

// MARK: alert and final latency: the English complaint call at real-time pace.
let complaint = try SampleCallTruth.load("c11-en-complaint")
let trigger = complaint.turns.first { $0.speaker == "customer" && $0.text.lowercased().contains("complaint") }!
if !soakOnly {
    let rig = try Rig("latency")
    let recorder = try LiveRecorder(source: "\(calls)/\(complaint.file)", to: rig.folder + "/c11.wav", seconds: 60)
    let began = Date()
    var alertSeen: Date?
    let writer = Thread { recorder.play(speed: 1) }
    writer.start()
    while recorder.writtenSeconds < recorder.duration - 0.01 {
        if alertSeen == nil, rig.delivered().contains(where: { $0.rule == "complaint" }) { alertSeen = Date() }
        Thread.sleep(forTimeInterval: 0.05)
    }
    while alertSeen == nil && Date().timeIntervalSince(began) < recorder.duration + 20 {
        if rig.delivered().contains(where: { $0.rule == "complaint" }) { alertSeen = Date() }
        Thread.sleep(forTimeInterval: 0.05)
    }
    recorder.finish()
    let closed = Date()
    var done: Date?
    let id = try rig.store.calls().first?.call.id ?? 0
    while done == nil && Date().timeIntervalSince(closed) < 60 {
        if try rig.store.call(id)?.status == .done { done = Date() }
        Thread.sleep(forTimeInterval: 0.05)
    }
    let spoken = began.addingTimeInterval(trigger.end)
    if let alertSeen {
        let latency = alertSeen.timeIntervalSince(spoken)
        say("alert latency: \(f1(latency)) s after the customer finished \"\(trigger.text.prefix(30))…\" (0:\(f1(trigger.end))) — goal ≤ 5 s: \(latency <= 5 ? "met" : "NOT met")")
    } else {
        say("alert latency: no complaint alert within the call — goal NOT met")
    }
    if let done {
        let latency = done.timeIntervalSince(closed)
        say("final report: \(f1(latency)) s after a \(Int(recorder.duration)) s call's file was closed — goal ≤ 10 s: \(latency <= 10 ? "met" : "NOT met")")
    } else {
        say("final report: not done within 60 s of the file closing — goal NOT met")
    }
    rig.stop()
}

// MARK: capacity: N calls at once, each at real-time pace.
let truths = try SampleCallTruth.loadAll(from: URL(fileURLWithPath: calls)).filter { $0.channels == 2 && $0.duration >= 40 }
if !soakOnly { say("capacity: N stereo calls recorded at once at real-time pace (60 s each; delay = sentence spoken → stored)") }
for n in stride(from: 1, through: soakOnly ? 0 : maxConcurrent, by: 1) {
    let rig = try Rig("capacity-\(n)")
    let chosen = (0..<n).map { truths[$0 % truths.count] }
    let recorders = try chosen.enumerated().map { i, t in
        try LiveRecorder(source: "\(calls)/\(t.file)", to: rig.folder + "/call-\(i).wav", seconds: min(60, t.duration))
    }
    let began = Date()
    let threads = recorders.map { r in Thread { r.play(speed: 1); r.finish() } }
    threads.forEach { $0.start() }
    var seen: [String: Double] = [:]   // call:start → delay
    let deadline = began.addingTimeInterval(60 + 40)
    var allDone = false
    while Date() < deadline && !allDone {
        let t = Date().timeIntervalSince(began)
        let rows = try rig.store.calls()
        for row in rows {
            for u in try rig.store.utterances(of: row.call.id) where seen["\(row.call.id):\(u.channel):\(u.start)"] == nil {
                seen["\(row.call.id):\(u.channel):\(u.start)"] = t - u.end
            }
        }
        allDone = rows.count == n && rows.allSatisfy { $0.call.status == .done }
        Thread.sleep(forTimeInterval: 0.25)
    }
    let delays = Array(seen.values)
    let kept = (delays.max() ?? 99) <= 10
    say("  \(n) call\(n == 1 ? "" : "s"): sentence delay p50 \(f1(median(delays))) s, max \(f1(delays.max() ?? .nan)) s over \(delays.count) sentences; "
        + "all done \(allDone ? "in \(f1(Date().timeIntervalSince(began) - 60)) s after the calls ended" : "NOT within 40 s"); "
        + "within 10 s of the live edge: \(kept ? "yes" : "no"); RSS \(Int(rssMB())) MB")
    rig.stop()
    if !kept { break }
}

// MARK: soak
if soakMinutes > 0 {
    say("soak: a call every 30 s for \(Int(soakMinutes)) min (each 20–60 s at real-time pace), RSS each minute")
    let rig = try Rig("soak")
    let began = Date()
    var k = 0
    var samples: [(Double, Double)] = []
    var writers: [Thread] = []
    while Date().timeIntervalSince(began) < soakMinutes * 60 {
        let t = truths[k % truths.count]
        let r = try LiveRecorder(source: "\(calls)/\(t.file)", to: rig.folder + "/soak-\(k).wav", seconds: min(60, t.duration))
        let w = Thread { r.play(speed: 1); r.finish() }
        w.start()
        writers.append(w)
        k += 1
        let next = began.addingTimeInterval(Double(k) * 30)
        while Date() < next {
            Thread.sleep(forTimeInterval: 1)
            let minute = Date().timeIntervalSince(began) / 60
            if samples.last.map({ minute - $0.0 >= 1 }) ?? true { samples.append((minute, rssMB())) }
        }
    }
    Thread.sleep(forTimeInterval: 70)
    samples.append((Date().timeIntervalSince(began) / 60, rssMB()))
    let done = try rig.store.calls().filter { $0.call.status == .done }.count
    say("  RSS MB by minute: " + samples.map { "\(Int($0.0)):\(Int($0.1))" }.joined(separator: " "))
    let half = samples.count / 2
    let first = median(samples.prefix(max(1, half)).dropFirst(min(2, max(0, half - 1))).map(\.1)), last = median(samples.suffix(max(1, half)).map(\.1))
    say("  \(k) calls, \(done) done; RSS first half median \(Int(first)) MB, second half \(Int(last)) MB (\(last - first > 20 ? "GROWS" : "flat"))")
    rig.stop()
}
