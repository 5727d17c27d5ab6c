import CSndfile

/// Facts about libsndfile, for `hark doctor`.
public enum SndfileInfo {
    public static var version: String { String(cString: sf_version_string()) }
}
