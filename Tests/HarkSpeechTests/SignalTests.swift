import Foundation
import HarkAudio
import HarkSpeech
import HarkTestSupport
import Testing

extension SpeechTests {
    /// Resampling and voice activity on generated signals, without the recogniser.
    @Suite struct SignalTests {
        @Test func resamplerKeepsDurationAndPitch() {
            let rate = 8_000, to = 16_000
            let tone = (0..<rate).map { Float(sin(2 * Double.pi * 440 * Double($0) / Double(rate))) * 0.5 }
            let out = Resampler.resample(tone, from: rate, to: to)
            #expect(abs(out.count - to) <= 32)
            // 440 Hz crosses zero 880 times a second, whatever the rate.
            let crossings = zip(out, out.dropFirst()).filter { ($0 < 0) != ($1 < 0) }.count
            #expect(abs(crossings - 880) <= 4)
            #expect(Resampler.resample(tone, from: rate, to: rate) == tone)
            #expect(Resampler(from: 0, to: 16_000) == nil)
        }

        @Test func vadFindsSpeechWhereItWasPlacedAndSkipsSilence() throws {
            let dir = try TemporaryDirectory()
            let (path, truth) = try SpeechFixtures.monoCall(in: dir, rate: 16_000, at: 2.0, total: 9)
            let audio = try HarkAudio.AudioFile(path: path).decode()
            let vad = try VoiceActivityDetector(model: SpeechFixtures.catalog.vad())
            let segments = try vad.segments(of: audio.channels[0])
            let first = try #require(segments.first), last = try #require(segments.last)
            #expect(abs(first.start - truth.start) <= 0.5 && abs(last.end - truth.end) <= 0.5)
            #expect(try vad.segments(of: [Float](repeating: 0, count: 16_000 * 3)).isEmpty)
            // Reused for a second channel, it starts from zero again.
            #expect(try vad.segments(of: audio.channels[0]).first?.startSample == first.startSample)
        }

        @Test func longSpeechIsCutIntoPiecesTheRecogniserAccepts() {
            let rate = 16_000
            // 60 s of "speech" with a quiet dip every 7 s.
            let samples = (0..<(rate * 60)).map { i -> Float in
                let t = Double(i) / Double(rate)
                return t.truncatingRemainder(dividingBy: 7) < 0.2 ? 0 : Float(sin(Double(i) * 0.3)) * 0.4
            }
            let pieces = VoiceActivityDetector.capped(SpeechSegment(startSample: 1_000, samples: samples, sampleRate: rate),
                                                      maxSeconds: 25)
            #expect(pieces.count == 3)
            #expect(pieces.allSatisfy { $0.duration <= 25 })
            #expect(pieces.map(\.samples.count).reduce(0, +) == samples.count)
            #expect(zip(pieces, pieces.dropFirst()).allSatisfy { $0.startSample + $0.samples.count == $1.startSample })
            // Cuts land in the quiet dips (multiples of 7 s from the start).
            for piece in pieces.dropFirst() {
                let t = Double(piece.startSample - 1_000) / Double(rate)
                #expect(t.truncatingRemainder(dividingBy: 7) < 0.25, "cut at \(t)")
            }
        }
    }
}
