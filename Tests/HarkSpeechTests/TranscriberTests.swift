import Foundation
import HarkAudio
import HarkCore
import HarkSpeech
import HarkTestSupport
import Testing

extension SpeechTests {
    /// End-to-end recognition with the real Whisper-base model on espeak-ng speech placed at known times.
    /// Serialized: each test loads the model and the machine has two cores.
    @Suite struct TranscriberTests {
        static let tolerance = 0.5

        /// A "stereo" file whose two channels carry the same mixed audio is a mono call: heard once, as one mixed
        /// channel, never once as the agent's words and again as the customer's.
        @Test func theSameAudioOnBothChannelsIsTranscribedOnceAsMono() throws {
            let dir = try TemporaryDirectory()
            let (stereo, _) = try SpeechFixtures.stereoCall(in: dir)
            let mixed = dir.path("mixed.wav"), doubled = dir.path("doubled.wav")
            try Shell.sox([stereo, mixed, "remix", "1,2"])
            try Shell.sox([mixed, doubled, "remix", "1", "1v0.7"])   // the second copy 3 dB quieter
            let utterances = try Transcriber(catalog: SpeechFixtures.catalog).transcribe(path: doubled)
            #expect(!utterances.isEmpty && utterances.allSatisfy { $0.speaker == .mixed }, "\(utterances.map(\.speaker))")
            let text = utterances.map(\.normalizedText).joined(separator: " ")
            #expect(text.components(separatedBy: "subscription").count == 2, "said once, heard once: \(text)")
            // A real stereo call is not taken for one.
            #expect(try Transcriber(catalog: SpeechFixtures.catalog).transcribe(path: stereo).contains { $0.speaker == .agent })
        }

        @Test func stereoCallPutsEachSpeakerOnItsChannelAtTheRightTime() throws {
            let dir = try TemporaryDirectory()
            let (path, truth) = try SpeechFixtures.stereoCall(in: dir)
            let transcriber = try Transcriber(catalog: SpeechFixtures.catalog)
            var reported: [Double] = []
            let utterances = try transcriber.transcribe(path: path) { reported.append($0) }

            let agent = utterances.filter { $0.speaker == .agent }
            let customer = utterances.filter { $0.speaker == .customer }
            #expect(agent.count >= 1 && customer.count >= 1)
            #expect(agent.allSatisfy { $0.channel == 0 } && customer.allSatisfy { $0.channel == 1 })
            for (said, truth) in [(agent, truth[0]), (customer, truth[1])] {
                let first = try #require(said.first), last = try #require(said.last)
                #expect(abs(first.start - truth.start) <= Self.tolerance, "start \(first.start) vs \(truth.start)")
                #expect(abs(last.end - truth.end) <= Self.tolerance, "end \(last.end) vs \(truth.end)")
            }
            let agentText = agent.map(\.normalizedText).joined(separator: " ")
            let customerText = customer.map(\.normalizedText).joined(separator: " ")
            for word in ["thank you for calling", "anna", "help"] { #expect(agentText.contains(word), "\(agentText)") }
            for word in ["cancel", "subscription", "price"] { #expect(customerText.contains(word), "\(customerText)") }
            #expect(!agentText.contains("subscription") && !customerText.contains("anna"))
            #expect(utterances.allSatisfy { $0.language == "en" })

            // Token times are absolute, rising, and inside their utterance.
            for u in utterances {
                #expect(!u.tokens.isEmpty)
                #expect(u.tokens.map(\.text).joined().trimmingCharacters(in: .whitespaces) == u.text)
                #expect(u.tokens.allSatisfy { $0.start >= u.start - 0.01 && $0.start <= u.end })
                #expect(zip(u.tokens, u.tokens.dropFirst()).allSatisfy { $0.start <= $1.start })
            }
            #expect(reported.last == 1.0)
            #expect(zip(reported, reported.dropFirst()).allSatisfy { $0 <= $1 })
        }

        @Test func telephoneRateMonoAudioWorks() throws {
            let dir = try TemporaryDirectory()
            let (path, truth) = try SpeechFixtures.monoCall(in: dir, rate: 8_000)
            #expect(try AudioFile(path: path).probe().sampleRate == 8_000)
            let utterances = try Transcriber(catalog: SpeechFixtures.catalog).transcribe(path: path)
            let first = try #require(utterances.first)
            #expect(utterances.allSatisfy { $0.speaker == .mixed && $0.channel == 0 })
            #expect(abs(first.start - truth.start) <= Self.tolerance)
            let text = utterances.map(\.normalizedText).joined(separator: " ")
            #expect(text.contains("cancel") && text.contains("subscription"), "\(text)")
        }

        @Test func stoppingAbandonsTheCall() throws {
            let dir = try TemporaryDirectory()
            let (path, _) = try SpeechFixtures.stereoCall(in: dir)
            let transcriber = try Transcriber(catalog: SpeechFixtures.catalog)
            var progress = 0.0
            #expect(throws: SpeechError.cancelled) {
                try transcriber.transcribe(path: path, progress: { progress = $0 }, shouldStop: { progress >= 0.5 })
            }
            #expect(progress < 1)
        }

        @Test func badRecordingsGiveOneLineErrorsNamingTheFile() throws {
            let dir = try TemporaryDirectory()
            let transcriber = try Transcriber(catalog: SpeechFixtures.catalog)
            let (good, _) = try SpeechFixtures.monoCall(in: dir, rate: 16_000)

            let cut = dir.path("cut-in-header.wav")
            try Data(try Data(contentsOf: URL(fileURLWithPath: good)).prefix(30)).write(to: URL(fileURLWithPath: cut))
            let zero = dir.path("zero.wav")
            try Shell.sox(["-n", "-r", "16000", "-c", "1", zero, "trim", "0", "0"])
            let six = dir.path("ultrasonic.wav")
            try Shell.sox(["-n", "-r", "384000", "-c", "1", six, "synth", "1", "sine", "440"])
            let missing = dir.path("missing.wav")
            let notAudio = dir.path("notes.wav")
            try Data("these are notes, not audio".utf8).write(to: URL(fileURLWithPath: notAudio))

            for (file, reason) in [(cut, "cannot read audio"), (zero, "no audio"), (six, "unsupported audio"),
                                   (missing, "no such file"), (notAudio, "cannot read audio")] {
                do {
                    _ = try transcriber.transcribe(path: file)
                    Issue.record("\(file) was accepted")
                } catch {
                    let line = String(describing: error)
                    #expect(line.hasPrefix("\(file): ") && line.contains(reason), "\(line)")
                    #expect(!line.contains("\n"))
                }
            }
            // A recording cut off mid-audio is transcribed as far as it goes.
            let (long, truth) = try SpeechFixtures.monoCall(in: dir, name: "long", rate: 16_000, total: 7)
            let bytes = try Data(contentsOf: URL(fileURLWithPath: long))
            let half = dir.path("cut-in-audio.wav")
            try Data(bytes.prefix(44 + Int((truth.end + 0.3) * 16_000) * 2)).write(to: URL(fileURLWithPath: half))
            let utterances = try transcriber.transcribe(path: half)
            #expect(utterances.map(\.normalizedText).joined().contains("cancel"))
        }

        @Test func languageIdentifierHearsEnglish() throws {
            let dir = try TemporaryDirectory()
            let clip = dir.path("en.wav")
            _ = try SpeechFixtures.speech(SpeechFixtures.customerLine, to: clip)
            let identifier = try LanguageIdentifier(model: SpeechFixtures.catalog.recognizer())
            #expect(identifier.identify(try AudioFile(path: clip).decode().channels[0]) == "en")
            #expect(identifier.identify([]) == nil)
        }
    }
}
