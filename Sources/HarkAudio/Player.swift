import HarkCore

/// Plays a call through ALSA on its own thread and keeps a playhead the transcript can follow.
///
/// - Device: any ALSA PCM name (`default`, `pulse`, `null`, `file:FILE=/x.raw,FORMAT=raw`, `hw:0`).
///   If it can't be opened (servers, SSH) the player runs muted: nothing is written, but the playhead
///   still advances in real time, and `muteReason` says "muted: no audio device". A device that fails
///   mid-call (write failing after `snd_pcm_recover`) turns the player muted the same way; it never throws.
///   `null` and `file:` devices swallow audio instantly, so the player paces them by the `TimeSource`.
/// - Speed 0.75×–2× keeps the voice's pitch (WSOLA time stretch, see `TimeStretcher`).
/// - Solo picks the agent (channel 0) or customer (channel 1) of a stereo call; mono calls play whole.
/// - End of call: `isFinished` turns true and the handler from `onEnd(_:)` runs on the playback thread.
///
/// A new player is paused at 0 s. All members are safe from any thread.
///
/// `@unchecked Sendable`: the only state is the engine, whose mutable parts sit behind its lock.
public final class Player: PlaybackControlling, @unchecked Sendable {
    private let engine: PlayerEngine
    /// The ALSA device name asked for.
    public let deviceName: String

    /// - Parameters:
    ///   - outputChannels: 2 (stereo, default) or 1.
    ///   - latency: seconds of audio queued in the device; smaller reacts faster, larger survives hiccups.
    ///     50 ms: a seek is heard 57 ms later on a PulseAudio sink (109 ms at 100 ms), the playback bench measured.
    public init(audio: DecodedAudio, device: String = "default", outputChannels: Int = 2,
                timeSource: any TimeSource = MonotonicTimeSource(), latency: Double = 0.05) {
        deviceName = device
        engine = PlayerEngine(audio: audio, device: device, outputChannels: outputChannels,
                              timeSource: timeSource, latency: latency)
        engine.start()
    }

    /// Decodes `file` and opens `device`; throws only for an unreadable recording.
    public convenience init(file: RawPath, device: String = "default", outputChannels: Int = 2,
                            timeSource: any TimeSource = MonotonicTimeSource()) throws {
        self.init(audio: try AudioFile(file: file).decode(), device: device, outputChannels: outputChannels,
                  timeSource: timeSource)
    }

    deinit { engine.shutdown() }

    public var position: Double { engine.read { s, now in s.clock.position(now: now) } }
    public var duration: Double { engine.audio.duration }
    public var isPlaying: Bool { engine.read { s, _ in s.playing } }
    public var isFinished: Bool { engine.read { s, _ in s.finished } }
    public var isMuted: Bool { engine.read { s, _ in s.muteReason != nil } }
    public var muteReason: String? { engine.read { s, _ in s.muteReason } }
    /// Why the device could not be used, for logs ("audio device x: cannot open: No such file or directory").
    public var deviceProblem: String? { engine.read { s, _ in s.deviceProblem } }
    public var speed: Double { engine.read { s, _ in s.speed } }
    public var solo: SoloMode { engine.read { s, _ in s.solo } }
    public var volume: Double { engine.read { s, _ in s.volume } }

    /// Starts or resumes; after the end of the call it starts again from 0 s.
    public func play() {
        engine.command { s, now in
            guard !s.stopped else { return }
            if s.finished {
                s.finished = false
                s.clock.reposition(to: 0, now: now)
            }
            s.playing = true
            s.clock.start(now: now)
        }
    }

    public func pause() {
        engine.command { s, now in
            s.clock.stop(now: now)
            s.playing = false
        }
    }

    public func toggle() {
        if isPlaying { pause() } else { play() }
    }

    /// Drops what the device has queued and continues from `seconds` (clamped to the call).
    public func seek(to seconds: Double) {
        engine.command { s, now in
            s.finished = false
            s.clock.reposition(to: seconds, now: now)
        }
    }

    /// Sets the rate (clamped to 0.75...2). Audio already queued in the device (about `latency`) plays out
    /// at the old rate first, and the playhead follows that truthfully.
    public func setSpeed(_ speed: Double) {
        let clamped = min(max(speed.isFinite ? speed : 1, 0.75), 2)
        engine.command { s, now in
            // If the clock ran past what was written (muted or `null` pacing with a starved writer), the
            // playhead already showed those frames at the old speed; restart from it rather than
            // rendering them at the new speed behind its back.
            if s.clock.pacing == .timeSource, s.clock.heardFrames(now: now) > s.clock.appended {
                s.clock.reposition(to: s.clock.position(now: now), now: now)
            }
            s.speed = clamped
            s.clock.speed = clamped
        }
    }

    public func setSolo(_ solo: SoloMode) {
        engine.command { s, _ in s.solo = solo }
    }

    /// Linear gain, clamped to 0...1.
    public func setVolume(_ volume: Double) {
        let clamped = min(max(volume.isFinite ? volume : 1, 0), 1)
        engine.command { s, _ in s.volume = clamped }
    }

    /// Runs `handler` on the playback thread when the playhead reaches the end of the call.
    public func onEnd(_ handler: @escaping @Sendable () -> Void) {
        engine.command { s, _ in s.onEnd = handler }
    }

    /// Stops for good: the thread ends and the device is closed (a `file:` device is complete afterwards).
    public func stop() {
        engine.shutdown()
    }
}
