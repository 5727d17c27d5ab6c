// Speaker-embedding speed (`swift run -c release hark-bench-voice`): the GE2E encoder's sliding windows
// (1.6 s every 0.4 s) over espeak speech, on one thread and on two at once (as two workers would run it),
// as windows per second and real-time factor (seconds of compute per second of audio).
// `--dump FILE.wav...` prints each file's embeddings as JSON instead, for scripts/ge2e-parity.py.
import Foundation
import HarkAudio
import HarkSpeech
import HarkTestSupport

var args = BenchArguments(tool: "hark-bench-voice")
var weights = Paths.modelsFolder + "/resemblyzer-ge2e/ge2e.weights"
var seconds = 60.0
var dump: [String] = []
while let flag = args.next() {
    switch flag {
    case "--weights": weights = args.value()
    case "--seconds": seconds = Double(args.value()) ?? seconds
    case "--dump": dump.append(args.value())
    default: args.unknown(flag)
    }
}

let encoder: VoiceEncoder
do { encoder = try VoiceEncoder(path: weights) } catch { args.fail("\(error)") }

func now() -> Double { Date().timeIntervalSinceReferenceDate }

if !dump.isEmpty {
    var files: [[String: Any]] = []
    for path in dump {
        let audio: DecodedAudio
        do { audio = try AudioFile(path: path).decode() } catch { args.fail("\(path): \(error)") }
        guard audio.sampleRate == VoiceEncoder.sampleRate else { args.fail("\(path): not 16 kHz") }
        let samples = audio.channels[0]
        let windows = encoder.slidingEmbeddings(samples)
        files.append([
            "path": path,
            "utterance": encoder.embedUtterance(samples),
            "sliding": windows.map { ["start": $0.start, "end": $0.end, "embedding": $0.embedding] },
        ])
    }
    let json = try JSONSerialization.data(withJSONObject: files, options: [.sortedKeys])
    FileHandle.standardOutput.write(json)
    exit(0)
}

// Speech to embed: espeak sentences by two voices, repeated to `seconds`.
let dir = try TemporaryDirectory()
var speech: [Float] = []
for (i, voice) in ["en+m3", "en+f3"].enumerated() {
    let path = dir.path("voice-\(i).wav")
    try SpokenAudio.speech("Thank you for calling, my name is Sam. Could you read me the order number on your receipt please?",
                           to: path, voice: voice)
    speech += try AudioFile(path: path).decode().channels[0]
}
var samples: [Float] = []
while Double(samples.count) < seconds * Double(VoiceEncoder.sampleRate) { samples += speech }
samples = Array(samples.prefix(Int(seconds * Double(VoiceEncoder.sampleRate))))

_ = encoder.slidingEmbeddings(Array(samples.prefix(48_000)))  // warm-up: page in weights and BLAS kernels

var start = now()
let windows = encoder.slidingEmbeddings(samples).count
let one = now() - start
print("OpenBLAS kernels: \(VoiceEncoder.blasCore)")
print(String(format: "1 thread:  %d windows over %.0f s of audio in %.2f s: %.1f windows/s, real-time factor %.4f",
             windows, seconds, one, Double(windows) / one, one / seconds))

start = now()
let group = DispatchGroup()
let audio = samples
for _ in 0..<2 {
    DispatchQueue.global().async(group: group) { _ = encoder.slidingEmbeddings(audio) }
}
group.wait()
let two = now() - start
print(String(format: "2 threads: %d windows (2 × %.0f s) in %.2f s: %.1f windows/s, real-time factor %.4f per stream",
             2 * windows, seconds, two, Double(2 * windows) / two, two / seconds))

start = now()
_ = encoder.embedUtterance(samples)
let utterance = now() - start
print(String(format: "embedUtterance over %.0f s: %.2f s (real-time factor %.4f)", seconds, utterance, utterance / seconds))
