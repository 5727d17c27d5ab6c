import Foundation
import HarkCore
import HarkSpeech
import HarkTestSupport
import Testing

/// A mono call with two voices through the real recogniser and speaker encoder: its utterances are cut where the
/// voice changes, the agent is found, and a recording with one voice stays one speaker's.
@Suite(.serialized) struct MonoDiarizationTests {
    static var ready: Bool { (try? SpeechFixtures.catalog)?.voiceEncoder != nil }

    /// Agent (a male voice) and customer (a female voice) taking turns on one channel, the agent's second turn
    /// following the customer's with no pause long enough to split a segment.
    static func monoCall(_ dir: TemporaryDirectory) throws -> String {
        let lines: [(String, String)] = [
            ("en+m3", "Thank you for calling Acme support, my name is Anna. How can I help you today?"),
            ("en+f3", "I want to cancel my subscription, because the price is too high for me."),
            ("en+m3", "I am sorry to hear that. Let me check your account and the price you pay now."),
            ("en+f3", "Thank you. I have been a customer for three years and I am not happy."),
        ]
        var parts: [String] = []
        for (i, (voice, text)) in lines.enumerated() {
            let clip = dir.path("turn\(i).wav")
            _ = try SpokenAudio.speech(text, to: clip, rate: 16_000, voice: voice)
            let padded = dir.path("turn\(i)-p.wav")
            try Shell.sox([clip, padded, "pad", "0.3", "0.4"])
            parts.append(padded)
        }
        let path = dir.path("mono.wav")
        try Shell.sox(parts + [path])
        return path
    }

    @Test(.enabled(if: ready, "no speaker model (resemblyzer-ge2e) installed: run make models"))
    func twoVoicesOnOneChannelGetTheirRoles() throws {
        let dir = try TemporaryDirectory()
        let transcriber = try Transcriber(catalog: SpeechFixtures.catalog)
        let heard = try transcriber.transcribe(path: try Self.monoCall(dir))
        #expect(transcriber.lastDiarization?.voices == 2, "\(String(describing: transcriber.lastDiarization))")
        #expect(Set(heard.map(\.channel)) == [0, 1], "each piece carries its voice")
        let (utterances, roles) = RoleInference.assign(heard, direction: "inbound", analyzer: Analyzer(dictionary: .standard))
        let r = try #require(roles)
        #expect(r.confidence >= 0.8, "\(r)")
        let agent = utterances.filter { $0.speaker == .agent }.map(\.normalizedText).joined(separator: " ")
        let customer = utterances.filter { $0.speaker == .customer }.map(\.normalizedText).joined(separator: " ")
        #expect(agent.contains("help you today") && agent.contains("check your account"), "agent: \(agent) | customer: \(customer)")
        #expect(customer.contains("subscription") && customer.contains("not happy"), "agent: \(agent) | customer: \(customer)")
        #expect(!agent.contains("subscription") && !customer.contains("help you today"))
    }

    @Test(.enabled(if: ready, "no speaker model (resemblyzer-ge2e) installed: run make models"))
    func oneVoiceStaysOneSpeakerWithANote() throws {
        let dir = try TemporaryDirectory()
        let (path, _) = try SpeechFixtures.monoCall(in: dir, rate: 16_000, total: 8)
        let transcriber = try Transcriber(catalog: SpeechFixtures.catalog)
        let heard = try transcriber.transcribe(path: path)
        #expect(!heard.isEmpty && heard.allSatisfy { $0.speaker == .mixed && $0.channel == 0 })
        #expect(transcriber.lastDiarization?.voices ?? 0 <= 1)
        #expect(transcriber.lastDiarization?.note?.contains("voice") == true, "\(String(describing: transcriber.lastDiarization))")
        #expect(RoleInference.assign(heard, direction: nil, analyzer: Analyzer(dictionary: .standard)).roles == nil)
    }
}
