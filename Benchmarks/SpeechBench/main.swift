// hark-bench-speech: throughput and memory of the whole speech pipeline (decode → resample → VAD →
// Whisper → store) with 1 and 2 workers, against sherpa-onnx's own Python decode of the same VAD segments
// with the same model and threads, measured in the same run. Figures are printed as ratios to that reference.
//
//   swift build -c release --product hark-bench-speech
//   .build/release/hark-bench-speech [--calls DIR] [--limit N] [--models DIR] [--out DIR] [--python PATH]
//
// Each pool run happens in a child process (this binary with --child) so its peak RSS is its own.
import Foundation
import HarkAudio
import HarkCore
import HarkJobs
import HarkSpeech
import HarkStore
import HarkTestSupport

struct Options {
    var calls: String?
    var limit = 6
    var models = ProcessInfo.processInfo.environment["HARK_MODELS"] ?? "models"
    var out = "bench-out/speech"
    var python: String?
    /// (workers, engines) runs.
    var setups = [(1, 1), (2, 1), (2, 2)]

    init(_ args: [String]) {
        var a = BenchArguments(tool: "hark-bench-speech", args)
        while let flag = a.next() {
            switch flag {
            case "--calls": calls = a.value()
            case "--limit": limit = Int(a.value()) ?? limit
            case "--models": models = a.value()
            case "--out": out = a.value()
            case "--python": python = a.value()
            case "--setups": setups = a.value().split(separator: ",").compactMap { pair in
                let p = pair.split(separator: "x").compactMap { Int($0) }
                return p.count == 2 ? (p[0], p[1]) : nil
            }
            default: a.unknown(flag)
            }
        }
        if !FileManager.default.fileExists(atPath: models),
           let mirror = ProcessInfo.processInfo.environment["HARK_MODEL_MIRROR"] { models = mirror }
    }
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("hark-bench-speech: \(message)\n".utf8))
    exit(1)
}

@discardableResult
func run(_ tool: String, _ args: [String], quiet: Bool = true) -> (status: Int32, out: String) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = [tool] + args
    let pipe = Pipe()
    p.standardOutput = pipe
    if quiet { p.standardError = FileHandle(forWritingAtPath: "/dev/null") }
    do { try p.run() } catch { fail("cannot run \(tool): \(error)") }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// Peak resident memory of this process in MB (VmHWM).
func peakRSSMB() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return 0 }
    return Double(line.split(separator: " ").dropFirst().first ?? "0").map { $0 / 1024 } ?? 0
}

// MARK: - Child: one pool run on a prepared store

if CommandLine.arguments.count == 6, CommandLine.arguments[1] == "--child" {
    let workers = Int(CommandLine.arguments[2]) ?? 1
    let engines = Int(CommandLine.arguments[3]) ?? 1
    let store = try CallStore(path: CommandLine.arguments[4])
    let catalog = try ModelCatalog.scan(CommandLine.arguments[5])
    let options = WorkerPoolOptions(workers: workers, kinds: [.transcribe])
    // Model loading counts, as it did when the pool loaded them itself.
    let began = Date()
    let speech = try SpeechEngines(catalog: catalog, options: SpeechOptions(workers: workers, engines: engines))
    try WorkerPool(store: store, options: options, transcriber: { try speech.transcriber() }, analyze: { _, _ in nil }).run()
    let wall = Date().timeIntervalSince(began)
    let counts = try store.jobCounts()
    print("RESULT \(wall) \(peakRSSMB()) \(counts[.done] ?? 0) \(counts[.failed] ?? 0) \(speech.options.threadsPerEngine)")
    exit(0)
}

// MARK: - Parent

let options = Options(Array(CommandLine.arguments.dropFirst()))
let fm = FileManager.default
try? fm.removeItem(atPath: options.out)
try fm.createDirectory(atPath: options.out, withIntermediateDirectories: true)
let catalog: ModelCatalog
let model: RecognizerModel
do {
    catalog = try ModelCatalog.scan(options.models)
    model = try catalog.recognizer()
} catch { fail("\(error)") }
guard model.kind == .whisper, let decoder = model.decoder else {
    fail("the reference decode is written for Whisper; default model here is \(model.kind.rawValue)")
}

/// Espeak-generated stereo calls, when the sample calls are not there: four turns each, about 30 s.
func generateCalls(into dir: String, count: Int) -> [String] {
    try? fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let lines = [
        "Good morning, thank you for calling customer service, this is Emily, how can I help you today?",
        "Hi, my parcel was supposed to arrive yesterday, but it has not come yet and I am quite annoyed.",
        "I am sorry about that. I can see it left the warehouse this morning and it will arrive before six.",
        "Great, that solves it. Thank you very much for your help, have a nice day.",
    ]
    var paths: [String] = []
    for c in 0..<count {
        var sides = [[String](), [String]()]
        for (t, line) in lines.enumerated() {
            let clip = "\(dir)/c\(c)-t\(t).wav"
            run("espeak-ng", ["-v", "en-us", "-s", "\(140 + c * 5)", "-w", clip + ".raw.wav", line])
            run("sox", [clip + ".raw.wav", "-r", "16000", clip])
            let silence = "\(dir)/c\(c)-t\(t)-gap.wav"
            run("sox", [clip, silence, "vol", "0"])
            let speaker = t % 2
            sides[speaker].append(clip)
            sides[1 - speaker].append(silence)
        }
        var channels: [String] = []
        for (s, parts) in sides.enumerated() {
            let side = "\(dir)/c\(c)-side\(s).wav"
            run("sox", parts + [side])
            channels.append(side)
        }
        let path = "\(dir)/call\(c).wav"
        run("sox", ["-M"] + channels + [path])
        paths.append(path)
    }
    return paths
}

let callsFolder = options.calls ?? (fm.fileExists(atPath: "sample-calls/calls") ? "sample-calls/calls" : nil)
var calls: [String]
if let callsFolder {
    let audio: Set<String> = ["wav", "flac", "ogg", "opus", "mp3"]
    calls = ((try? fm.contentsOfDirectory(atPath: callsFolder)) ?? []).sorted()
        .filter { audio.contains(($0 as NSString).pathExtension.lowercased()) }
        .map { URL(fileURLWithPath: callsFolder).appendingPathComponent($0).standardizedFileURL.path }
    calls = Array(calls.prefix(options.limit))
} else {
    calls = generateCalls(into: "\(options.out)/calls", count: options.limit)
}
guard !calls.isEmpty else { fail("no calls to run on") }
var audioSeconds = 0.0
var channelSeconds = 0.0
for path in calls {
    guard let info = try? AudioFile(path: path).probe() else { fail("\(path): unreadable") }
    audioSeconds += info.duration
    channelSeconds += info.duration * Double(info.channels)
}
print("calls: \(calls.count) from \(callsFolder ?? "espeak-ng (generated)"), "
      + String(format: "%.1f s of calls (%.1f s of channel audio)", audioSeconds, channelSeconds))
print("model: \(model.name) (\(model.kind.rawValue)), cores: \(ProcessInfo.processInfo.activeProcessorCount)")

// Our pipeline, 1 and 2 workers.
struct PoolRun { var workers: Int; var engines: Int; var wall: Double; var rss: Double; var threads: Int }
var runs: [PoolRun] = []
let me = URL(fileURLWithPath: CommandLine.arguments[0]).path
for (workers, engines) in options.setups {
    let storePath = "\(options.out)/store-\(workers)x\(engines).sqlite"
    do {
        let store = try CallStore(path: storePath)
        for path in calls {
            let info = try AudioFile(path: path).probe()
            _ = try store.importCall(NewCall(path: path, sha256: path, duration: info.duration,
                                             sampleRate: info.sampleRate, channels: info.channels,
                                             metadata: CallMetadata()))
        }
    } catch { fail("\(storePath): \(error)") }
    let result = run(me, ["--child", "\(workers)", "\(engines)", storePath, options.models], quiet: false)
    guard let line = result.out.split(separator: "\n").first(where: { $0.hasPrefix("RESULT ") }) else {
        fail("pool run with \(workers) workers failed: \(result.out)")
    }
    let f = line.split(separator: " ").dropFirst().map { Double($0) ?? 0 }
    guard Int(f[2]) == calls.count else { fail("pool with \(workers) workers finished \(Int(f[2])) of \(calls.count) calls") }
    runs.append(PoolRun(workers: workers, engines: engines, wall: f[0], rss: f[1], threads: Int(f[4])))
    print(String(format: "hark pipeline, %d worker(s), %d recogniser(s) x %d thread(s): %6.2f s wall, %6.2f audio s per wall s, peak RSS %5.0f MB",
                 workers, engines, Int(f[4]), f[0], audioSeconds / f[0], f[1]))
}

// The same VAD segments, dumped for the reference.
let rawPath = "\(options.out)/segments.f32"
_ = fm.createFile(atPath: rawPath, contents: nil)
guard let raw = FileHandle(forWritingAtPath: rawPath) else { fail("\(rawPath): cannot write") }
var index: [[String: Int]] = []
var offset = 0
do {
    let vad = try VoiceActivityDetector(model: catalog.vad())
    for path in calls {
        let audio = try AudioFile(path: path).decode()
        for samples in audio.channels {
            let mono = Resampler.resample(samples, from: audio.sampleRate, to: VoiceActivityDetector.sampleRate)
            for segment in try vad.segments(of: mono) {
                segment.samples.withUnsafeBufferPointer { raw.write(Data(buffer: $0)) }
                index.append(["offset": offset, "n": segment.samples.count])
                offset += segment.samples.count
            }
        }
    }
} catch { fail("\(error)") }
try raw.close()
let indexPath = "\(options.out)/segments.json"
let indexJSON: [String: Any] = ["raw": URL(fileURLWithPath: rawPath).standardizedFileURL.path,
                                "sample_rate": VoiceActivityDetector.sampleRate, "segments": index]
try JSONSerialization.data(withJSONObject: indexJSON).write(to: URL(fileURLWithPath: indexPath))
print(String(format: "VAD segments: %d, %.1f s of speech", index.count,
             Double(offset) / Double(VoiceActivityDetector.sampleRate)))

// The reference: sherpa-onnx 2.0.1 from PyPI in an ignored venv, made on first use.
var python = options.python ?? ".venv/bin/python"
if options.python == nil, run(python, ["-c", "import sherpa_onnx, numpy"]).status != 0 {
    print("reference: creating .venv with sherpa-onnx==2.0.1 (one time)")
    guard run("python3", ["-m", "venv", ".venv"]).status == 0,
          run(".venv/bin/pip", ["install", "-q", "sherpa-onnx==2.0.1", "numpy"]).status == 0 else {
        fail("cannot install sherpa-onnx==2.0.1 into .venv (pip install sherpa-onnx==2.0.1 numpy, or pass --python)")
    }
    python = ".venv/bin/python"
}
let referenceThreads = runs.first?.threads ?? 1
let reference = run(python, ["scripts/bench-speech-reference.py", "--segments", indexPath, "--encoder", model.model,
                             "--decoder", decoder, "--tokens", model.tokens, "--threads", "\(referenceThreads)"],
                    quiet: false)
guard reference.status == 0,
      let json = reference.out.split(separator: "\n").last.flatMap({ try? JSONSerialization.jsonObject(with: Data($0.utf8)) }) as? [String: Any],
      let load = json["load_s"] as? Double, let decode = json["decode_s"] as? Double else {
    fail("reference decode failed: \(reference.out)")
}
let referenceWall = load + decode
let referenceRate = audioSeconds / referenceWall
print(String(format: "sherpa-onnx %@ Python, 1 recogniser x %d thread(s): %6.2f s wall (load %.2f + decode %.2f), %6.2f audio s per wall s, peak RSS %5.0f MB",
             (json["version"] as? String) ?? "?", referenceThreads, referenceWall, load, decode, referenceRate,
             (json["rss_mb"] as? Double) ?? 0))
for r in runs {
    let ratio = (audioSeconds / r.wall) / referenceRate
    print(String(format: "ratio hark %d worker(s) %d recogniser(s) / sherpa-onnx Python: %.2f (target >= 1.0), peak RSS %.0f MB%@",
                 r.workers, r.engines, ratio, r.rss, r.workers == 2 ? (r.rss <= 500 ? " (target <= 500 MB)" : " (OVER the 500 MB target)") : ""))
}
