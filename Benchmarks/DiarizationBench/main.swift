// hark-bench-diarization (`make bench`): who spoke when in mono recordings, against a reference: a human RTTM
// (pyannote-sample) or a sample call's truth turns. Prints the diarization error rate (collar 0.25 s: missed
// speech + false alarm + speaker confusion, over reference speech outside the collars) and the time-weighted
// attribution accuracy (of the reference speech Hark also calls speech, the share given to the right speaker),
// the voices found, and the cost against the audio's length.
//
//   .build/release/hark-bench-diarization --models DIR FILE[:REFERENCE] ...
//
// REFERENCE is an .rttm file, or a .truth.json (speakers agent/customer); without one only voices and cost print.
import Foundation
import HarkAudio
import HarkCore
import HarkSpeech
import HarkTestSupport

var models = ProcessInfo.processInfo.environment["HARK_MODELS"] ?? "models"
var inputs: [(audio: String, reference: String?)] = []
var args = BenchArguments(tool: "hark-bench-diarization", Array(CommandLine.arguments.dropFirst()))
while let a = args.next() {
    if a == "--models" { models = args.value(); continue }
    if a.hasPrefix("--") { args.unknown(a) }
    let parts = a.split(separator: ":", maxSplits: 1).map(String.init)
    inputs.append((parts[0], parts.count > 1 ? parts[1] : nil))
}

func fail(_ m: String) -> Never { FileHandle.standardError.write(Data("hark-bench-diarization: \(m)\n".utf8)); exit(1) }

/// Reference turns: (start, end, speaker name).
func reference(_ path: String) throws -> [(Double, Double, String)] {
    if path.hasSuffix(".rttm") {
        return try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").compactMap { line in
            let f = line.split(separator: " ")
            guard f.count >= 8, f[0] == "SPEAKER", let s = Double(f[3]), let d = Double(f[4]) else { return nil }
            return (s, s + d, String(f[7]))
        }
    }
    let url = URL(fileURLWithPath: path)
    let name = url.lastPathComponent.replacingOccurrences(of: ".truth.json", with: "")
    return try SampleCallTruth.loadAll(from: url.deletingLastPathComponent()).first { $0.call == name }
        .map { $0.turns.map { ($0.start, $0.end, $0.speaker) } } ?? { fail("\(path): not a truth file") }()
}

/// DER and attribution accuracy on a 10 ms grid, hypothesis speakers mapped to reference ones to minimise errors.
func score(_ ref: [(Double, Double, String)], _ hyp: [Diarization.Turn], collar: Double = 0.25) -> (der: Double, accuracy: Double) {
    let names = Array(Set(ref.map(\.2))).sorted()
    let end = max(ref.map(\.1).max() ?? 0, hyp.map(\.end).max() ?? 0)
    let n = Int(end * 100) + 1
    var refAt = [[Int]](repeating: [], count: n), hypAt = [Int?](repeating: nil, count: n), scored = [Bool](repeating: true, count: n)
    for (s, e, name) in ref {
        let k = names.firstIndex(of: name)!
        for i in Int(s * 100)..<min(n, Int(e * 100)) { refAt[i].append(k) }
        for b in [s, e] { for i in max(0, Int((b - collar) * 100))..<min(n, Int((b + collar) * 100)) { scored[i] = false } }
    }
    for t in hyp { for i in Int(t.start * 100)..<min(n, Int(t.end * 100)) { hypAt[i] = t.speaker } }
    let hypSpeakers = Array(Set(hyp.map(\.speaker))).sorted()
    func permutations(_ a: [Int]) -> [[Int]] { a.count <= 1 ? [a] : a.indices.flatMap { i in permutations(a.enumerated().filter { $0.offset != i }.map(\.element)).map { [a[i]] + $0 } } }
    var best = (der: Double.infinity, accuracy: 0.0)
    let pool = Array(0..<max(names.count, hypSpeakers.count))
    for perm in permutations(pool) {
        var map: [Int: Int] = [:]
        for (i, h) in hypSpeakers.enumerated() { map[h] = perm[i] }
        var total = 0.0, missed = 0.0, falseAlarm = 0.0, confusion = 0.0, both = 0.0, right = 0.0
        for i in 0..<n where scored[i] {
            let r = refAt[i], h = hypAt[i].flatMap { map[$0] }
            total += Double(r.count)
            if r.isEmpty { if h != nil { falseAlarm += 1 }; continue }
            guard let h else { missed += Double(r.count); continue }
            both += 1
            if r.contains(h) { right += 1; missed += Double(r.count - 1) } else { confusion += 1; missed += Double(r.count - 1) }
        }
        let der = (missed + falseAlarm + confusion) / max(total, 1)
        if der < best.der { best = (der, right / max(both, 1)) }
    }
    return best
}

let catalog: ModelCatalog
do { catalog = try ModelCatalog.scan(models) } catch { fail("\(error)") }
guard let weights = catalog.voiceEncoder else { fail("\(models): no resemblyzer-ge2e/ge2e.weights (run `make models`)") }
let encoder = try VoiceEncoder(path: weights)
let vad = try VoiceActivityDetector(model: catalog.vad())
print("diarization (GE2E windows \(Diarizer.window) s every \(Diarizer.step) s, two-voice clustering), \(ProcessInfo.processInfo.activeProcessorCount) cores")
for input in inputs {
    let audio = try AudioFile(path: input.audio).decode()
    var mixed = [Float](repeating: 0, count: audio.frameCount)
    for channel in audio.channels { for i in 0..<mixed.count { mixed[i] += channel[i] / Float(audio.channels.count) } }
    let mono = Resampler.resample(mixed, from: audio.sampleRate, to: VoiceActivityDetector.sampleRate)
    let segments = try vad.segments(of: mono)
    let t0 = Date()
    let d = Diarizer.diarize(mono, segments: segments, encoder: encoder)
    let seconds = Date().timeIntervalSince(t0)
    var line = String(format: "%@: %d voice(s), centroid similarity %.2f, %.2f s for %.1f s of audio (%.1f %% of real time)",
                      URL(fileURLWithPath: input.audio).lastPathComponent, d.voices, d.similarity, seconds, audio.duration,
                      100 * seconds / max(audio.duration, 0.001))
    if let r = input.reference {
        let s = score(try reference(r), d.turns)
        line += String(format: " · DER %.1f %% (collar 0.25 s) · attribution accuracy %.3f", 100 * s.der, s.accuracy)
    }
    let switches = zip(d.turns, d.turns.dropFirst()).filter { $0.speaker != $1.speaker }.count
    let shares = (0..<2).map { k in d.turns.filter { $0.speaker == k }.reduce(0) { $0 + $1.end - $1.start } }
    line += String(format: " · %d turns, %d changes of voice, %.0f / %.0f s", d.turns.count, switches, shares[0], shares[1])
    print(line + (d.note.map { " · \($0)" } ?? ""))
}
