import CAlsa

/// Facts about the ALSA library and devices, for `hark doctor`.
public enum AlsaInfo {
    /// The ALSA library version this build links against.
    public static var version: String { String(cString: snd_asoundlib_version()) }

    /// Nil when a playback PCM can be opened on `device`, else ALSA's reason.
    public static func playbackProblem(device: String) -> String? {
        // alsa-lib prints its own lines to stderr as well; the returned reason is the one line we want.
        hark_alsa_silence_errors()
        var pcm: OpaquePointer?
        let rc = snd_pcm_open(&pcm, device, SND_PCM_STREAM_PLAYBACK, Int32(SND_PCM_NONBLOCK))
        if rc < 0 { return String(cString: snd_strerror(rc)) }
        snd_pcm_close(pcm)
        return nil
    }
}
