import Foundation
import HarkAudio
@testable import HarkSpeech
import HarkTestSupport
import Testing

extension SpeechTests {
    /// What keeps speech from being lost between the VAD and the recogniser: padding, retries, loop caps,
    /// and the voice measures agitation is judged from.
    @Suite struct RecognitionRepairTests {
        @Test func loopsAreFoundAndCappedButNumbersAndShortRepeatsAreNot() {
            let loop = "Aki, aki, aki, aki, aki, aki, aki, aki, aki,"
            #expect(RecognitionCheck.loopLength(loop.lowercased()) > 0)
            #expect(RecognitionCheck.needsRetry(loop.lowercased(), seconds: 5))
            #expect(RecognitionCheck.cappingLoops("好的好的好的好的好的好的，谢谢") == "好的好的，谢谢")
            #expect(RecognitionCheck.cappingLoops("卡号是6217000000285319469") == "卡号是6217000000285319469")
            #expect(!RecognitionCheck.needsRetry("好的好的", seconds: 1))
            #expect(RecognitionCheck.needsRetry("。", seconds: 2))
            #expect(!RecognitionCheck.needsRetry("。", seconds: 0.3))
        }

        @Test func paddingWidensSegmentsWithinTheSilenceAroundThem() {
            let audio = [Float](repeating: 0.1, count: 16_000 * 4)
            let a = SpeechSegment(startSample: 16_000, samples: [Float](repeating: 0.1, count: 8_000), sampleRate: 16_000)
            let b = SpeechSegment(startSample: 16_000 + 8_000 + 1_600, samples: [Float](repeating: 0.1, count: 8_000),
                                  sampleRate: 16_000)
            let padded = SegmentPadding().padded([a, b], in: audio)
            #expect(abs(padded[0].start - 0.8) < 0.001)
            // 0.1 s between them: each side takes at most half of it.
            #expect(padded[0].end <= padded[1].start + 0.0001)
            #expect(abs(padded[0].end - 1.55) < 0.001)
            let first = SegmentPadding().padded([SpeechSegment(startSample: 800, samples: [0.1, 0.1], sampleRate: 16_000)],
                                                in: audio)
            #expect(first[0].startSample == 0)
        }

        /// sox tones stand in for a voice: the measure must give their pitch and their level difference.
        @Test func pitchAndLoudnessAreMeasured() throws {
            func tone(_ hz: Double, _ gain: Float) -> [Float] {
                (0..<16_000 * 2).map { Float(sin(2 * Double.pi * hz * Double($0) / 16_000)) * gain }
            }
            let low = Prosody.measure(tone(180, 0.1), sampleRate: 16_000)
            let high = Prosody.measure(tone(240, 0.2), sampleRate: 16_000)
            let p1 = try #require(low.pitch), p2 = try #require(high.pitch)
            #expect(abs(p1 - 180) / 180 < 0.03 && abs(p2 - 240) / 240 < 0.03, "\(p1) \(p2)")
            let db = try #require(high.loudness) - (try #require(low.loudness))
            #expect(abs(db - 6.02) < 0.5)
            #expect(Prosody.measure([Float](repeating: 0, count: 16_000), sampleRate: 16_000).pitch == nil)
        }

        /// A real voice (espeak-ng) at two pitches: the measure follows the voice, not the tone test.
        @Test func pitchFollowsASpokenVoice() throws {
            let dir = try TemporaryDirectory()
            var measured: [Double] = []
            for pitch in [30, 80] {
                let path = dir.path("p\(pitch).wav")
                try Shell.run("espeak-ng", ["-v", "en-us", "-p", "\(pitch)", "-w", path, "I would like to check my account balance please"])
                let audio = try AudioFile(path: path).decode()
                let mono = Resampler.resample(audio.channels[0], from: audio.sampleRate, to: 16_000)
                measured.append(try #require(Prosody.measure(mono, sampleRate: 16_000).pitch))
            }
            #expect(12 * log2(measured[1] / measured[0]) >= 2, "\(measured)")
        }
    }
}

extension SpeechTests {
    /// Transcripts are stored for reading in the chosen script; the recogniser's own text stays beside them.
    @Suite struct ReadingScriptTests {
        @Test func eachScriptConvertsOrLeavesTheText() {
            #expect(ReadingScript.simplified.converter?.convert("我要投訴,你們上個月") == "我要投诉,你们上个月")
            #expect(ReadingScript.traditional.converter?.convert("后四位是") == "後四位是")
            #expect(ReadingScript.recognised.converter == nil)
        }
    }
}

extension SpeechTests {
    /// The retry in the call's language rests on Whisper reading a language per stream: forced to Mandarin,
    /// English speech comes back in Han characters; left to detect, in Latin letters.
    @Suite struct ForcedLanguageTests {
        @Test func aLanguageSetOnTheStreamChangesWhatIsWritten() throws {
            let dir = try TemporaryDirectory()
            let path = dir.path("en.wav")
            _ = try SpeechFixtures.speech(SpeechFixtures.customerLine, to: path)
            let audio = try AudioFile(path: path).decode()
            let recognizer = try Recognizer(model: SpeechFixtures.catalog.recognizer())
            let detected = recognizer.recognize(audio.channels[0], sampleRate: audio.sampleRate)
            let forced = recognizer.recognize(audio.channels[0], sampleRate: audio.sampleRate, language: "zh")
            #expect(detected.text.lowercased().contains("subscription"), "\(detected.text)")
            #expect(forced.text.unicodeScalars.contains { $0.value >= 0x4E00 && $0.value <= 0x9FFF }, "\(forced.text)")
        }
    }
}
