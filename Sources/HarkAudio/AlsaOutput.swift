import CAlsa
import Foundation

/// One open ALSA playback PCM, S16 interleaved at the call's rate.
///
/// `@unchecked Sendable`: the handle is created on the caller's thread and then used only by the player's
/// writer thread (alsa-lib handles are not safe to share); the player guarantees that hand-over.
final class AlsaOutput: @unchecked Sendable {
    /// What the device says about playback progress.
    struct Report {
        /// Frames queued but not yet heard.
        var delay: Int
        /// `TimeSource` time at which `delay` was true.
        var at: Double
        /// The device is consuming audio (not prepared-but-unstarted, paused or underrun).
        var running: Bool
    }

    let name: String
    let channels: Int
    let rate: Int
    let bufferFrames: Int
    let periodFrames: Int
    /// False for `null` and `file:` devices, which swallow any amount of audio at once.
    let isSelfPaced: Bool
    let canPause: Bool
    /// Seek keeps the already queued audio (at most `latency`) instead of drop + prepare. PulseAudio's
    /// plugin builds a new stream on prepare, and a new stream can wait up to 2 s for the server (its
    /// null sink sleeps in 2 s blocks when idle); letting 0.1 s of old audio play out is far quicker.
    let keepsQueueOnSeek: Bool
    private let pcm: OpaquePointer
    private let status: OpaquePointer
    /// Plugins (PulseAudio) compute their delay on request; their status delay and timestamp are stale.
    private let delayFromQuery: Bool

    /// alsa-lib's own stderr messages are switched off once, before the first open.
    private static let quiet: Void = hark_alsa_silence_errors()

    /// Opens `name` for playback with about `latency` seconds of buffering.
    init(name: String, rate: Int, channels: Int, latency: Double = 0.1) throws {
        Self.quiet
        var handle: OpaquePointer?
        var err = snd_pcm_open(&handle, name, SND_PCM_STREAM_PLAYBACK, 0)
        guard err >= 0, let pcm = handle else { throw Self.error(name, "cannot open", err) }
        err = snd_pcm_set_params(pcm, SND_PCM_FORMAT_S16_LE, SND_PCM_ACCESS_RW_INTERLEAVED,
                                 UInt32(channels), UInt32(rate), 1, UInt32(latency * 1_000_000))
        guard err >= 0 else { snd_pcm_close(pcm); throw Self.error(name, "cannot configure \(channels) ch \(rate) Hz", err) }

        // Timestamps on the monotonic clock let reports be placed on the TimeSource timeline.
        var sw: OpaquePointer?
        if snd_pcm_sw_params_malloc(&sw) >= 0, let sw {
            if snd_pcm_sw_params_current(pcm, sw) >= 0 {
                snd_pcm_sw_params_set_tstamp_mode(pcm, sw, SND_PCM_TSTAMP_ENABLE)
                snd_pcm_sw_params_set_tstamp_type(pcm, sw, SND_PCM_TSTAMP_TYPE_MONOTONIC)
                snd_pcm_sw_params(pcm, sw)
            }
            snd_pcm_sw_params_free(sw)
        }
        var buffer: snd_pcm_uframes_t = 0, period: snd_pcm_uframes_t = 0
        snd_pcm_get_params(pcm, &buffer, &period)

        var hw: OpaquePointer?
        var pausable = false
        if snd_pcm_hw_params_malloc(&hw) >= 0, let hw {
            if snd_pcm_hw_params_current(pcm, hw) >= 0 { pausable = snd_pcm_hw_params_can_pause(hw) != 0 }
            snd_pcm_hw_params_free(hw)
        }
        var st: OpaquePointer?
        guard snd_pcm_status_malloc(&st) >= 0, let st else { snd_pcm_close(pcm); throw AudioError.device(name: name, reason: "out of memory") }

        let type = snd_pcm_type(pcm)
        self.name = name
        self.pcm = pcm
        self.status = st
        self.rate = rate
        self.channels = channels
        self.bufferFrames = Int(buffer)
        self.periodFrames = max(Int(period), 1)
        self.isSelfPaced = !(type == SND_PCM_TYPE_NULL || type == SND_PCM_TYPE_FILE)
        self.canPause = pausable
        self.delayFromQuery = type == SND_PCM_TYPE_IOPLUG || type == SND_PCM_TYPE_EXTPLUG
        self.keepsQueueOnSeek = delayFromQuery
    }

    deinit {
        snd_pcm_status_free(status)
        snd_pcm_close(pcm)
    }

    /// Writes all of `samples` (interleaved), recovering once from an underrun or suspend.
    func write(_ samples: UnsafeBufferPointer<Int16>) throws {
        guard let base = samples.baseAddress else { return }
        var offset = 0
        let total = samples.count / channels
        var recovered = false
        while offset < total {
            let written = snd_pcm_writei(pcm, base + offset * channels, snd_pcm_uframes_t(total - offset))
            if written >= 0 { offset += written; continue }
            if written == -Int(EAGAIN) { continue }
            // One recovery per write: a device that fails again right after is gone.
            guard !recovered, snd_pcm_recover(pcm, Int32(written), 1) >= 0 else {
                throw Self.error(name, "write failed", Int32(written))
            }
            recovered = true
        }
    }

    /// Frames that can be written without blocking.
    func available() throws -> Int {
        var avail = snd_pcm_avail_update(pcm)
        if avail < 0 {
            guard snd_pcm_recover(pcm, Int32(avail), 1) >= 0 else { throw Self.error(name, "lost", Int32(avail)) }
            avail = snd_pcm_avail_update(pcm)
            if avail < 0 { throw Self.error(name, "lost", Int32(avail)) }
        }
        return avail
    }

    var isRunning: Bool { snd_pcm_state(pcm) == SND_PCM_STATE_RUNNING }

    /// Progress as of a timestamp on `clock`'s timeline.
    func report(clock: any TimeSource) -> Report {
        let now = clock.now()
        guard snd_pcm_status(pcm, status) >= 0 else { return Report(delay: 0, at: now, running: false) }
        let state = snd_pcm_status_get_state(status)
        let running = state == SND_PCM_STATE_RUNNING
        var delay = Int(snd_pcm_status_get_delay(status))
        var at = now
        if delayFromQuery {
            var d: snd_pcm_sframes_t = 0
            if snd_pcm_delay(pcm, &d) >= 0 { delay = d }
        } else {
            // The status delay was true when the hardware pointer last moved, at htstamp.
            var ts = snd_htimestamp_t()
            snd_pcm_status_get_htstamp(status, &ts)
            let stamp = Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
            let mono = MonotonicTimeSource.seconds()
            if stamp > 0, stamp <= mono, mono - stamp < 1 { at = now - (mono - stamp) }
        }
        // Frames still in the ring were certainly not heard, whatever a plugin's latency estimate says
        // (PulseAudio reports 0 until its timing info arrives).
        if running { delay = max(delay, bufferFrames - Int(snd_pcm_status_get_avail(status))) }
        if state == SND_PCM_STATE_XRUN { delay = 0 }
        return Report(delay: max(delay, 0), at: at, running: running)
    }

    /// Pauses or resumes in place; false when the device can't.
    func pause(_ on: Bool) -> Bool {
        guard canPause else { return false }
        return snd_pcm_pause(pcm, on ? 1 : 0) >= 0
    }

    /// Throws away queued audio and gets ready for new audio.
    func dropAndPrepare() throws {
        snd_pcm_drop(pcm)
        let err = snd_pcm_prepare(pcm)
        if err < 0 { throw Self.error(name, "cannot prepare", err) }
    }

    /// Plays out what is queued (used before closing a file device so nothing is lost).
    func drain() {
        snd_pcm_drain(pcm)
    }

    private static func error(_ name: String, _ what: String, _ code: Int32) -> AudioError {
        .device(name: name, reason: "\(what): \(String(cString: snd_strerror(code)))")
    }
}
