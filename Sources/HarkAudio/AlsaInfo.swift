import CAlsa

/// The ALSA library version this build links against.
public enum AlsaInfo {
    public static var version: String { String(cString: snd_asoundlib_version()) }
}
