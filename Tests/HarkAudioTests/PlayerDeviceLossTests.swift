import Foundation
import HarkAudio
import HarkTestSupport
import Testing

/// A device that dies mid-call (its sound server is killed) must turn the player muted, never crash it.
@Suite struct PlayerDeviceLossTests {
    @Test(.enabled(if: PulseServer.isInstalled, "needs pulseaudio"))
    func losingTheDeviceMidCallMutesAndKeepsTime() throws {
        let dir = try TemporaryDirectory()
        let server = try PulseServer(folder: dir.url)
        defer { server.stop() }
        let wav = try PlaybackFixtures.stereoTones(in: dir, seconds: 10)
        let player = Player(audio: try AudioFile(path: wav).decode(), device: "pulse")
        defer { player.stop() }
        #expect(!player.isMuted, "pulse should open: \(player.deviceProblem ?? "")")
        player.play()
        Thread.sleep(forTimeInterval: 0.3)

        server.stop()
        #expect(PlaybackFixtures.waitUntil(5) { player.isMuted })
        #expect(player.muteReason == "muted: audio device lost")
        #expect(player.isPlaying)
        let start = Date(), p0 = player.position
        Thread.sleep(forTimeInterval: 0.5)
        let rate = (player.position - p0) / Date().timeIntervalSince(start)
        #expect(abs(rate - 1) < 0.1, "muted playhead runs at real time, got \(rate)×")
    }
}
