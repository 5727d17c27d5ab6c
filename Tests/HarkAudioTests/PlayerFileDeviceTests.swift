import Foundation
import HarkAudio
import HarkCore
import HarkTestSupport
import Testing

/// The ALSA `file:` device records exactly what the player wrote, so these check the audio itself.
@Suite struct PlayerFileDeviceTests {
    /// Plays the whole call through `file:` with a hand-moved clock and returns what reached the device.
    private func capture(_ audioPath: String, in dir: TemporaryDirectory,
                         configure: (Player, ManualTimeSource) -> Void = { _, _ in }) throws -> [Int16] {
        let out = dir.path(UUID().uuidString + "-out.raw")
        let clock = ManualTimeSource()
        let player = Player(audio: try AudioFile(path: audioPath).decode(), device: "file:FILE=\(out),FORMAT=raw",
                            timeSource: clock)
        #expect(!player.isMuted, "file device should open: \(player.deviceProblem ?? "")")
        configure(player, clock)
        player.play()
        clock.advance(player.duration + 1)
        #expect(PlaybackFixtures.waitUntil { player.isFinished }, "end of call never reported")
        player.stop()
        return try PlaybackFixtures.readInt16(out)
    }

    /// Where two sample streams first differ (index and values), or nil when identical; keeps failures short.
    private func firstDifference(_ a: [Int16], _ b: [Int16]) -> String? {
        if let i = (0..<min(a.count, b.count)).first(where: { a[$0] != b[$0] }) { return "sample \(i): \(a[i]) != \(b[i])" }
        return a.count == b.count ? nil : "lengths \(a.count) != \(b.count)"
    }

    @Test func writtenBytesEqualTheRecording() throws {
        let dir = try TemporaryDirectory()
        let wav = try PlaybackFixtures.stereoTones(in: dir)
        let expected = try PlaybackFixtures.rawSamples(of: wav, in: dir)
        let written = try capture(wav, in: dir)
        #expect(written.count == expected.count)
        #expect(firstDifference(written, expected) == nil)
    }

    @Test func afterASeekTheStreamContinuesFromTheSeekFrame() throws {
        let dir = try TemporaryDirectory()
        let wav = try PlaybackFixtures.stereoTones(in: dir)
        let expected = try PlaybackFixtures.rawSamples(of: wav, in: dir)
        // Seek before playing: the stream is exactly the call from 0.75 s (frame 12000) on.
        let fromSeek = try capture(wav, in: dir) { player, _ in player.seek(to: 0.75) }
        #expect(firstDifference(fromSeek, Array(expected[(12_000 * 2)...])) == nil)

        // Seek while playing: what was already written stays, then the call from 1.25 s on follows.
        let midway = try capture(wav, in: dir) { player, clock in
            player.play()
            clock.advance(0.5)
            Thread.sleep(forTimeInterval: 0.2)
            player.seek(to: 1.25)
        }
        let tail = Array(expected[(20_000 * 2)...])
        #expect(midway.count > tail.count)
        let prefixCount = midway.count - tail.count
        #expect(firstDifference(Array(midway[prefixCount...]), tail) == nil)
        #expect(firstDifference(Array(midway[..<prefixCount]), Array(expected[..<prefixCount])) == nil)
        #expect(prefixCount >= 8_000 * 2, "about 0.5 s was played before the seek, got \(prefixCount / 2) frames")
    }

    @Test func soloAgentSilencesTheCustomer() throws {
        let dir = try TemporaryDirectory()
        let wav = try PlaybackFixtures.stereoTones(in: dir)
        let both = try capture(wav, in: dir)
        let agent = try capture(wav, in: dir) { player, _ in player.setSolo(.agent) }
        let customer = try capture(wav, in: dir) { player, _ in player.setSolo(.customer) }
        func power(_ s: [Int16], _ ch: Int, _ hz: Double) -> Double {
            PlaybackFixtures.tonePower(s, channel: ch, channels: 2, frequency: hz, rate: 16000)
        }
        // As recorded: agent tone left, customer tone right.
        #expect(power(both, 0, 440) > 1000 * power(both, 0, 1000))
        #expect(power(both, 1, 1000) > 1000 * power(both, 1, 440))
        // Agent only: 440 Hz in both ears, 1000 Hz gone.
        for ch in 0..<2 {
            #expect(power(agent, ch, 440) > 1000 * power(agent, ch, 1000))
            #expect(power(customer, ch, 1000) > 1000 * power(customer, ch, 440))
        }
    }

    @Test(arguments: [2.0, 0.75])
    func speedChangesLengthButKeepsThePitch(speed: Double) throws {
        let dir = try TemporaryDirectory()
        let wav = try PlaybackFixtures.stereoTones(in: dir, seconds: 3)
        let played = try capture(wav, in: dir) { player, _ in player.setSpeed(speed) }
        let seconds = Double(played.count / 2) / 16000
        #expect(abs(seconds - 3 / speed) < 0.05, "3 s at \(speed)× should last \(3 / speed) s, got \(seconds) s")
        // Plain resampling would move 440 Hz to 440 × speed; the time stretch keeps it at 440 Hz.
        let at440 = PlaybackFixtures.tonePower(played, channel: 0, channels: 2, frequency: 440, rate: 16000)
        let shifted = PlaybackFixtures.tonePower(played, channel: 0, channels: 2, frequency: 440 * speed, rate: 16000)
        #expect(at440 > 100 * shifted)
    }

    @Test func volumeScalesTheSamples() throws {
        let dir = try TemporaryDirectory()
        let wav = try PlaybackFixtures.stereoTones(in: dir, seconds: 0.5)
        let full = try capture(wav, in: dir)
        let half = try capture(wav, in: dir) { player, _ in player.setVolume(0.5) }
        #expect(full.count == half.count)
        let peakFull = full.map { abs(Int($0)) }.max() ?? 0
        let peakHalf = half.map { abs(Int($0)) }.max() ?? 0
        #expect(abs(Double(peakHalf) - Double(peakFull) / 2) <= 1)
    }
}
