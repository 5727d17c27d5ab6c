import HarkAudio
import Testing

/// The playhead arithmetic on its own: device reports, speed segments, monotonicity.
@Suite struct PlaybackClockTests {
    @Test func deviceReportsAreExtrapolatedBetweenUpdates() {
        var clock = PlaybackClock(rate: 1000, sourceFrames: 10_000, pacing: .device)
        clock.start(now: 0)
        clock.append(outputCount: 500, sourceStart: 0, sourceEnd: 500)
        let start = clock.position(now: 0.1)
        #expect(start == 0, "nothing heard before the device reports")
        clock.measure(heard: 100, at: 0.1, advancing: true)
        let p1 = clock.position(now: 0.11)
        #expect(abs(p1 - 0.11) < 1e-9)
        // Extrapolation stops after 50 ms without a report: a stalled device stops the playhead.
        let p2 = clock.position(now: 1.0)
        #expect(abs(p2 - 0.15) < 1e-9)
        // A report slightly behind the prediction is blended, never moving the playhead back.
        clock.measure(heard: 140, at: 0.15, advancing: true)
        let p3 = clock.position(now: 0.15)
        #expect(p3 >= 0.15)
    }

    @Test func segmentsMapOutputToCallTimeAcrossSpeeds() {
        var clock = PlaybackClock(rate: 1000, sourceFrames: 10_000, pacing: .timeSource)
        clock.reposition(to: 2, now: 0)
        clock.start(now: 0)
        clock.append(outputCount: 100, sourceStart: 2000, sourceEnd: 2100)   // 1×
        clock.append(outputCount: 100, sourceStart: 2100, sourceEnd: 2300)   // 2×
        clock.speed = 2
        let a = clock.position(now: 0.05)
        #expect(abs(a - 2.05) < 1e-9)
        let b = clock.position(now: 0.15)
        #expect(abs(b - 2.2) < 1e-9)
        // Past what was queued the playhead continues at the current speed.
        let c = clock.position(now: 0.3)
        #expect(abs(c - 2.5) < 1e-9)
        clock.stop(now: 0.3)
        let d = clock.position(now: 5)
        #expect(abs(d - 2.5) < 1e-9)
        let ended = clock.reachedEnd(now: 5)
        #expect(!ended)
        clock.reposition(to: 99, now: 5)
        let e = clock.position(now: 5)
        #expect(e == 10)
    }
}
