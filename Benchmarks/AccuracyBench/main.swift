// hark-bench-accuracy (`make accuracy`): what a supervisor sees, measured against the truth. Imports a folder of
// calls with truth files, transcribes them with the real model through `hark work`, analyses the recognised
// transcripts as the workers do, renders every masked export, and prints per-kind marker precision / recall /
// F1, PII readable in the masked exports, speech lost and the transcript CER.
//
//   .build/release/hark-bench-accuracy [--calls DIR] [--models DIR] [--store FILE] [--reuse] [--quiet] [--forms FILE]
//
// --forms scores compliance with a QA forms file per queue (e.g. forms/sample-centre.toml) instead of a form
// built from each call's truth, so a centre's own forms are measured on what the recogniser wrote.
// --reuse keeps the transcripts already in --store (for iterating on analysis alone); without it the store is
// made anew, so the figures are end to end.
import Foundation
import HarkAudio
import HarkCore
import HarkStore
import HarkTestSupport
import HarkText

struct Options {
    var calls = "sample-calls/calls"
    var models = ProcessInfo.processInfo.environment["HARK_MODELS"] ?? "models"
    var store = "bench-out/accuracy/calls.sqlite"
    var reuse = false
    var verbose = true
    var workArgs: [String] = []
    /// A Python with faster-whisper: transcribe the same calls with it and compare CER side by side.
    var peer: String?
    /// The peer's output saved from an earlier run (scripts/bench-accuracy-peer.py > FILE).
    var peerJSON: String?
    /// Phonetic matching for this run: exact, fuzzy or off (default: the product's setting).
    var phonetic: String?
    /// QA forms to score compliance with, instead of each truth's own list.
    var forms: String?

    init(_ args: [String]) {
        var a = BenchArguments(tool: "hark-bench-accuracy", args)
        while let flag = a.next() {
            switch flag {
            case "--calls": calls = a.value()
            case "--models": models = a.value()
            case "--store": store = a.value()
            case "--reuse": reuse = true
            case "--quiet": verbose = false
            case "--work-arg": workArgs.append(a.value())
            case "--peer": peer = a.value()
            case "--peer-json": peerJSON = a.value()
            case "--phonetic": phonetic = a.value()
            case "--forms": forms = a.value()
            default: a.unknown(flag)
            }
        }
    }
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("hark-bench-accuracy: \(message)\n".utf8))
    exit(1)
}

/// faster-whisper on the same calls (scripts/bench-accuracy-peer.py): texts per call and channel, wall seconds.
func runPeer(_ python: String, calls: String) -> (texts: [String: [String]], seconds: Double, audio: Double) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: python)
    p.arguments = ["scripts/bench-accuracy-peer.py", "--calls", calls]
    let pipe = Pipe()
    p.standardOutput = pipe
    do { try p.run() } catch { fail("cannot run \(python): \(error)") }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    guard p.terminationStatus == 0 else { fail("faster-whisper peer exited \(p.terminationStatus)") }
    return decodePeer(data)
}

func decodePeer(_ data: Data) -> (texts: [String: [String]], seconds: Double, audio: Double) {
    struct Output: Decodable {
        var calls: [String: [String]]
        var seconds: Double
        var audio_seconds: Double
    }
    guard let out = try? JSONDecoder().decode(Output.self, from: data) else { fail("faster-whisper peer: unreadable output") }
    return (out.calls, out.seconds, out.audio_seconds)
}

func runHark(_ args: [String]) -> TimeInterval {
    let hark = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("hark")
    let p = Process()
    p.executableURL = hark
    p.arguments = args
    p.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
    let started = Date()
    do { try p.run() } catch { fail("cannot run \(hark.path): \(error)") }
    p.waitUntilExit()
    guard p.terminationStatus == 0 else { fail("hark \(args.joined(separator: " ")) exited \(p.terminationStatus)") }
    return Date().timeIntervalSince(started)
}

let options = Options(Array(CommandLine.arguments.dropFirst()))
let folder = URL(fileURLWithPath: options.calls)
let truths: [SampleCallTruth]
do { truths = try SampleCallTruth.loadAll(from: folder) } catch { fail("\(error)") }
guard !truths.isEmpty else { fail("\(options.calls): no *.truth.json files") }

let fm = FileManager.default
var transcriptionSeconds: Double?
if !options.reuse || !fm.fileExists(atPath: options.store) {
    for suffix in ["", "-wal", "-shm"] { try? fm.removeItem(atPath: options.store + suffix) }
    try? fm.createDirectory(atPath: URL(fileURLWithPath: options.store).deletingLastPathComponent().path,
                            withIntermediateDirectories: true)
    _ = runHark(["import", "--quiet", "--store", options.store, options.calls])
    let seconds = runHark(["work", "--store", options.store, "--models", options.models] + options.workArgs)
    print("hark: transcribed \(truths.count) calls in \(String(format: "%.1f", seconds)) s")
    transcriptionSeconds = seconds
}

let normalizer = TextNormalizer()
let store: CallStore
do { store = try CallStore(path: options.store, normalize: { normalizer.normalize($0) }) } catch { fail("\(options.store): \(error)") }
let dictionary: KeywordDictionary
do { dictionary = try AnalysisService.dictionary(in: store) } catch { fail("\(options.store): \(error)") }

var evaluations: [AccuracyEvaluation] = []
var analysisSeconds = 0.0
// A centre's forms (over the default one), and which compliance phrase each item requires.
var centreForms: FormSet?
var requiredCategory: [String: String] = [:]
if let file = options.forms {
    do {
        let set = FormSet.standard.merging(try FormTOML.decode(try String(contentsOfFile: file, encoding: .utf8), source: file))
        for form in set.forms { for item in form.items where item.check == .require { requiredCategory[item.id] = item.condition.category } }
        centreForms = set
    } catch { fail("\(error)") }
}
for summary in try store.calls() {
    let name = URL(fileURLWithPath: summary.call.path).deletingPathExtension().lastPathComponent
    guard let truth = truths.first(where: { $0.call == name }) else { continue }
    let utterances = try store.utterances(of: summary.call.id)
    var base = AnalysisSettings()
    if let p = options.phonetic { base.phoneticMatching = p == "off" ? nil : Pinyin.Closeness(rawValue: p) }
    var analyzer = AccuracyEvaluation.analyzer(for: truth, dictionary: dictionary, base: base)
    if let centreForms {
        analyzer = Analyzer(dictionary: dictionary, settings: analyzer.settings,
                            forms: try FormEvaluator(forms: centreForms, dictionary: dictionary, settings: analyzer.settings))
    }
    let started = Date()
    let analysis = analyzer.analyze(utterances, duration: summary.call.duration,
                                    context: FormContext(queue: summary.call.metadata.queue,
                                                         direction: summary.call.metadata.direction?.rawValue))
    analysisSeconds += Date().timeIntervalSince(started)
    let report = CallReport(call: summary.call, utterances: utterances, analysis: analysis, notes: [], redact: true)
    var exports = ReportFormat.allCases.map { report.render($0) }
    let coaching = CoachingReport(agent: summary.call.metadata.agent ?? "agent", from: nil, to: nil,
                                  items: [.init(call: summary.call, utterances: utterances, analysis: analysis, notes: [])],
                                  author: "bench", redact: true)
    exports += [coaching.markdown(), coaching.html()]
    if ProcessInfo.processInfo.environment["HARK_ACCURACY_HEARD"] != nil {
        for m in analysis.markers where m.heard != nil {
            print("\(name): heard \(m.heard!) as \(m.matchedText) (\(m.category)) at \(m.start)")
        }
    }
    evaluations.append(AccuracyEvaluation(truth: truth, utterances: utterances, analysis: analysis, exports: exports,
                                          normalize: { normalizer.normalize($0) }, redact: { Redactor.redact($0) },
                                          complianceCategory: { centreForms == nil ? $0.id : requiredCategory[$0.id] }))
}
guard !evaluations.isEmpty else { fail("\(options.store): none of its calls has a truth file in \(options.calls)") }
let summary = AccuracySummary(evaluations)
print(summary.report(verbose: options.verbose))

// Mono recordings: the roles Hark gave their voices, by truth speech time, and their marker F1 beside their stereo
// original's (the same script, both channels apart).
func callF1(_ e: AccuracyEvaluation) -> AccuracyEvaluation.Tally {
    e.kinds.filter { !AccuracyEvaluation.audioKinds.contains($0.key) }.values.reduce(.init(), +)
}
for summaryRow in try store.calls() where summaryRow.call.channels == 1 {
    let name = URL(fileURLWithPath: summaryRow.call.path).deletingPathExtension().lastPathComponent
    guard let truth = truths.first(where: { $0.call == name }), let mono = evaluations.first(where: { $0.call == name }) else { continue }
    let utterances = try store.utterances(of: summaryRow.call.id)
    var right = 0.0, total = 0.0
    for turn in truth.turns {
        for u in utterances {
            let overlap = min(turn.end, u.end) - max(turn.start, u.start)
            guard overlap > 0 else { continue }
            total += overlap
            if u.speaker.rawValue == turn.speaker { right += overlap }
        }
    }
    let original = name.replacingOccurrences(of: "-mono", with: "").replacingOccurrences(of: "-tel8k", with: "")
    let stereo = evaluations.first { $0.call == original }.map { String(format: "%.3f", callF1($0).f1) } ?? "?"
    print(String(format: "mono %@: roles right for %.0f %% of the speech (%@) · marker F1 %.3f vs stereo %@ %@", name,
                 100 * right / max(total, 0.001), summaryRow.call.roles?.label ?? "no roles: one voice", callF1(mono).f1,
                 original, stereo))
}
if options.peer != nil || options.peerJSON != nil {
    let peer = options.peerJSON.map { path in
        decodePeer((try? Data(contentsOf: URL(fileURLWithPath: path))) ?? Data())
    } ?? runPeer(options.peer!, calls: options.calls)
    var edits = 0, length = 0
    for e in evaluations {
        guard let truth = truths.first(where: { $0.call == e.call }), let texts = peer.texts[e.call] else { continue }
        let (d, n) = AccuracyEvaluation.cer(truth, channelTexts: texts, normalize: { normalizer.normalize($0) })
        edits += d
        length += n
        if options.verbose {
            print(String(format: "%@: CER hark %.1f %%, faster-whisper %.1f %%", e.call,
                         Double(e.cerEdits) / Double(max(1, e.cerLength)) * 100, Double(d) / Double(max(1, n)) * 100))
        }
    }
    let peerCER = Double(edits) / Double(max(1, length))
    print(String(format: "transcript CER, same calls and weights: hark %.2f %%, faster-whisper (int8, greedy, its VAD) %.2f %%; "
                 + "faster-whisper took %.1f s for %.0f s of channel audio", summary.cer * 100, peerCER * 100,
                 peer.seconds, peer.audio))
}
print("analysis: \(String(format: "%.1f", analysisSeconds * 1000)) ms for \(evaluations.count) calls")

// What hearing agitation costs: pitch and loudness over every channel of every call, whole (an upper bound: the
// pipeline measures only the speech segments), against the transcription it rides on.
var prosodySeconds = 0.0
for truth in truths {
    guard let audio = try? AudioFile(path: folder.appendingPathComponent(truth.file).path).decode() else { continue }
    for channel in audio.channels {
        let started = Date()
        _ = Prosody.measure(channel, sampleRate: audio.sampleRate)
        prosodySeconds += Date().timeIntervalSince(started)
    }
}
if let transcriptionSeconds {
    print(String(format: "pitch and loudness: %.2f s over all channel audio = %.1f %% of the transcription time",
                 prosodySeconds, prosodySeconds / transcriptionSeconds * 100))
} else {
    print(String(format: "pitch and loudness: %.2f s over all channel audio", prosodySeconds))
}
