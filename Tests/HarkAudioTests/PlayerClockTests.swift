import Foundation
import HarkAudio
import HarkCore
import HarkTestSupport
import Testing

/// The playhead on the `null` device (and with no device), driven by a hand-moved clock.
@Suite struct PlayerClockTests {
    private func makePlayer(seconds: Double = 10, device: String = "null") throws -> (Player, ManualTimeSource, TemporaryDirectory) {
        let dir = try TemporaryDirectory()
        let wav = try PlaybackFixtures.stereoTones(in: dir, seconds: seconds)
        let clock = ManualTimeSource()
        let player = Player(audio: try AudioFile(path: wav).decode(), device: device, timeSource: clock)
        return (player, clock, dir)
    }

    @Test func playPauseSeekSequence() throws {
        let (player, clock, _) = try makePlayer()
        defer { player.stop() }
        #expect(!player.isMuted)
        #expect(player.position == 0)
        #expect(!player.isPlaying)
        clock.advance(1)
        #expect(player.position == 0, "a new player waits paused")

        player.play()
        clock.advance(2)
        #expect(abs(player.position - 2) < 0.01)
        player.pause()
        clock.advance(3)
        #expect(abs(player.position - 2) < 0.01, "paused playhead must not move")
        player.seek(to: 6.5)
        #expect(abs(player.position - 6.5) < 0.01)
        clock.advance(1)
        #expect(abs(player.position - 6.5) < 0.01, "a seek keeps the paused state")
        player.play()
        clock.advance(0.25)
        #expect(abs(player.position - 6.75) < 0.01)
        player.seek(to: 1)
        clock.advance(0.5)
        #expect(abs(player.position - 1.5) < 0.01)
        player.toggle()
        #expect(!player.isPlaying)
        player.toggle()
        clock.advance(1)
        #expect(abs(player.position - 2.5) < 0.01)
        player.seek(to: -4)
        #expect(player.position == 0)
    }

    @Test func speedChangesThePlayheadRate() throws {
        let (player, clock, _) = try makePlayer(seconds: 12)
        defer { player.stop() }
        player.play()
        clock.advance(1)
        #expect(abs(player.position - 1) < 0.01)
        player.setSpeed(2)
        #expect(player.speed == 2)
        // Audio queued before the change (0.1 s) still plays at 1×; after that the playhead runs at 2×.
        clock.advance(0.5)
        Thread.sleep(forTimeInterval: 0.05)
        let before = player.position
        clock.advance(1)
        #expect(abs(player.position - before - 2) < 0.01)

        player.setSpeed(0.75)
        clock.advance(0.5)
        let slowBefore = player.position
        clock.advance(2)
        #expect(abs(player.position - slowBefore - 1.5) < 0.01)

        player.setSpeed(9)
        #expect(player.speed == 2, "speed is clamped to 0.75...2")
    }

    @Test func endOfCallIsReported() throws {
        let (player, clock, _) = try makePlayer(seconds: 1)
        defer { player.stop() }
        let ended = EndFlag()
        player.onEnd { ended.set() }
        player.play()
        clock.advance(0.5)
        Thread.sleep(forTimeInterval: 0.05)
        #expect(!player.isFinished)
        clock.advance(0.6)
        #expect(PlaybackFixtures.waitUntil { player.isFinished })
        #expect(PlaybackFixtures.waitUntil { ended.isSet })
        #expect(!player.isPlaying)
        #expect(abs(player.position - 1) < 0.001)
        // Playing again starts over.
        player.play()
        clock.advance(0.25)
        #expect(abs(player.position - 0.25) < 0.01)
    }

    @Test func missingDeviceRunsMutedAtSpeakingSpeed() throws {
        let (player, clock, _) = try makePlayer(seconds: 3, device: "hark_no_such_device")
        defer { player.stop() }
        #expect(player.isMuted)
        #expect(player.muteReason == "muted: no audio device")
        #expect(player.deviceProblem?.contains("hark_no_such_device") == true)
        player.play()
        clock.advance(1.5)
        #expect(abs(player.position - 1.5) < 0.01)
        player.setSpeed(1.5)
        player.seek(to: 2)
        clock.advance(0.5)
        #expect(abs(player.position - 2.75) < 0.01)
        clock.advance(1)
        #expect(PlaybackFixtures.waitUntil { player.isFinished })
    }

    @Test func soloModeIsReportedAndMonoIgnoresIt() throws {
        let dir = try TemporaryDirectory()
        let wav = dir.path("mono.wav")
        try Shell.sox(["-n", "-r", "8000", "-c", "1", "-b", "16", wav, "synth", "1", "sine", "300"])
        let out = dir.path("mono-out.raw")
        let clock = ManualTimeSource()
        let player = Player(audio: try AudioFile(path: wav).decode(), device: "file:FILE=\(out),FORMAT=raw", timeSource: clock)
        player.setSolo(.customer)
        #expect(player.solo == .customer)
        player.play()
        clock.advance(2)
        #expect(PlaybackFixtures.waitUntil { player.isFinished })
        player.stop()
        let written = try PlaybackFixtures.readInt16(out)
        #expect(written.count == 16_000, "mono call goes to both output channels")
        let power = PlaybackFixtures.tonePower(written, channel: 1, channels: 2, frequency: 300, rate: 8000)
        #expect(power > 0.01, "a mono call plays whole even with the customer soloed")
    }
}

/// Set from the playback thread, read by the test.
final class EndFlag: @unchecked Sendable {
    // @unchecked: `value` is only touched with `lock` held.
    private let lock = NSLock()
    private var value = false
    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}
