import Foundation
import HarkAudio
import HarkSpeech
import HarkTestSupport
import Testing

/// The installed speaker-encoder weights (outside the suite: its trait cannot refer to the suite itself).
enum GE2EModel {
    static var path: String { Paths.modelsFolder + "/resemblyzer-ge2e/ge2e.weights" }
    static var installed: Bool { FileManager.default.fileExists(atPath: path) }
}

/// The GE2E speaker encoder on the real weights (`make models` installs them), over espeak-ng speech: what
/// diarizing a mono call will rely on.
@Suite(.serialized, .enabled(if: GE2EModel.installed, "needs models/resemblyzer-ge2e/ge2e.weights (make models)"))
struct VoiceEncoderTests {
    static var weightsPath: String { GE2EModel.path }

    let dir: TemporaryDirectory
    let encoder: VoiceEncoder

    init() throws {
        dir = try TemporaryDirectory()
        encoder = try VoiceEncoder(path: Self.weightsPath)
    }

    /// 16 kHz samples of `text` spoken by espeak `voice`.
    func spoken(_ text: String, voice: String) throws -> [Float] {
        let path = dir.path("\(voice)-\(abs(text.hashValue)).wav")
        try SpokenAudio.speech(text, to: path, voice: voice)
        return try AudioFile(path: path).decode().channels[0]
    }

    static func cosine(_ a: [Float], _ b: [Float]) -> Float { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }

    static let first = "Thank you for calling, my name is Sam. How can I help you today?"
    static let second = "I would like to check the status of my order from last Tuesday, please."

    @Test func sameVoiceIsCloserThanAnotherVoice() throws {
        let male1 = encoder.embedUtterance(try spoken(Self.first, voice: "en+m3"))
        let male2 = encoder.embedUtterance(try spoken(Self.second, voice: "en+m3"))
        let female1 = encoder.embedUtterance(try spoken(Self.first, voice: "en+f3"))
        let female2 = encoder.embedUtterance(try spoken(Self.second, voice: "en+f3"))
        let german = encoder.embedUtterance(try spoken(Self.second, voice: "de+m3"))
        // Different sentences by one voice, against the same sentence by another voice: the voice, not the
        // words, must decide.
        let same = min(Self.cosine(male1, male2), Self.cosine(female1, female2))
        let different = [Self.cosine(male1, female1), Self.cosine(male2, female2),
                         Self.cosine(female2, german)].max()!
        #expect(same > different + 0.1, "same voice \(same), different voices \(different)")
    }

    @Test func windowsOverTwoVoicesAreNearestTheirOwnSpeaker() throws {
        let male = try spoken(Self.first + " " + Self.second, voice: "en+m3")
        let female = try spoken(Self.second + " " + Self.first, voice: "en+f3")
        let maleVoice = encoder.embedUtterance(try spoken("Please hold the line while I look that up.", voice: "en+m3"))
        let femaleVoice = encoder.embedUtterance(try spoken("Please hold the line while I look that up.", voice: "en+f3"))
        let boundary = Double(male.count) / Double(VoiceEncoder.sampleRate)
        let windows = encoder.slidingEmbeddings(male + female)
        var right = 0, judged = 0
        for w in windows where w.end <= boundary || w.start >= boundary {
            judged += 1
            let saysMale = Self.cosine(w.embedding, maleVoice) > Self.cosine(w.embedding, femaleVoice)
            if saysMale == (w.end <= boundary) { right += 1 }
        }
        #expect(judged >= 10)
        #expect(Double(right) >= 0.9 * Double(judged), "\(right) of \(judged) windows nearest their own speaker")
    }

    @Test func embeddingsAreUnitLengthAnd256Wide() throws {
        let samples = try spoken(Self.first, voice: "en+f3")
        let windows = encoder.slidingEmbeddings(samples)
        #expect(!windows.isEmpty)
        for embedding in [encoder.embedUtterance(samples)] + windows.map(\.embedding) {
            #expect(embedding.count == VoiceEncoder.dimension && embedding.count == 256)
            let norm = embedding.reduce(0) { $0 + $1 * $1 }.squareRoot()
            #expect(abs(norm - 1) < 1e-4, "norm \(norm)")
        }
    }

    @Test func slidingWindowsCoverTheAudioAtTheirTimes() {
        let rate = Double(VoiceEncoder.sampleRate)
        // 3.05 s: windows at 0, 0.4, 0.8, 1.2 fit; one more, ending at 3.05 s, covers the tail.
        let samples = (0..<Int(3.05 * rate)).map { Float(sin(Double($0) * 0.05)) * 0.1 }
        let windows = encoder.slidingEmbeddings(samples, window: 1.6, step: 0.4)
        #expect(windows.map(\.start).prefix(4).map { ($0 * 100).rounded() / 100 } == [0, 0.4, 0.8, 1.2])
        #expect(windows.count == 5)
        #expect(abs(windows.last!.end - 3.05) < 1e-9)
        for w in windows { #expect(abs(w.end - w.start - 1.6) < 0.011, "\(w.start)–\(w.end)") }
        // Every sample lies in some window.
        var covered = 0.0
        for w in windows {
            #expect(w.start <= covered + 1e-9)
            covered = max(covered, w.end)
        }
        #expect(abs(covered - 3.05) < 1e-9)

        // Shorter than a window: one window over all of it; shorter than half a second: none.
        let short = encoder.slidingEmbeddings(Array(samples.prefix(Int(rate))))
        #expect(short.count == 1 && short[0].start == 0 && abs(short[0].end - 1.0) < 1e-9)
        #expect(encoder.slidingEmbeddings(Array(samples.prefix(Int(0.3 * rate)))).isEmpty)
    }

    @Test func silenceGivesFiniteEmbeddings() {
        let silence = [Float](repeating: 0, count: 3 * VoiceEncoder.sampleRate)
        let windows = encoder.slidingEmbeddings(silence)
        #expect(windows.count == 5)
        for w in windows { #expect(w.embedding.allSatisfy { $0.isFinite }) }
        #expect(encoder.embedUtterance(silence).allSatisfy { $0.isFinite })
        #expect(encoder.embedUtterance([]).allSatisfy { $0.isFinite })
        #expect(encoder.slidingEmbeddings([]).isEmpty)
    }

    @Test func truncatedWeightsAreRefusedNamingTheFile() throws {
        let whole = try Data(contentsOf: URL(fileURLWithPath: Self.weightsPath))
        let cut = dir.path("cut.weights")
        try whole.prefix(whole.count / 2).write(to: URL(fileURLWithPath: cut))
        let line = refusal(cut)
        #expect(line.hasPrefix(cut) && line.contains("truncated") && !line.contains("\n"), "\(line)")
    }
}

/// Weights files that are not the model, refused before anything runs; no real model needed.
@Suite struct VoiceEncoderFileTests {
    @Test func missingOrForeignWeightsAreRefusedNamingTheFile() throws {
        let dir = try TemporaryDirectory()
        let missing = dir.path("none.weights")
        #expect(throws: SpeechError.missingModel(path: missing)) { _ = try VoiceEncoder(path: missing) }

        let foreign = dir.path("foreign.weights")
        try Data("PK\u{3}\u{4} a zip, not weights".utf8).write(to: URL(fileURLWithPath: foreign))
        #expect(refusal(foreign) == "\(foreign): broken model: not a GE2E weights file (no HARKGE2E header)")

        // The right header with nothing after it: truncated.
        let header = dir.path("header.weights")
        try Data("HARKGE2E".utf8 + [1, 0, 0, 0, 14, 0, 0, 0]).write(to: URL(fileURLWithPath: header))
        let line = refusal(header)
        #expect(line.hasPrefix(header) && line.contains("truncated"), "\(line)")
    }
}

/// The one line a refused weights file gives, or "accepted".
func refusal(_ path: String) -> String {
    do {
        _ = try VoiceEncoder(path: path)
        return "accepted"
    } catch {
        return "\(error)"
    }
}
