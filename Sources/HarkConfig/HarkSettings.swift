import Foundation
import HarkCore

/// Where a setting's value came from. Precedence, weakest first: the built-in default, the settings file,
/// an environment variable, a command-line flag.
public enum SettingSource: Hashable, Sendable, CustomStringConvertible {
    case builtIn
    case file(path: String, line: Int)
    case environment(String)
    case flag(String)

    public var description: String {
        switch self {
        case .builtIn: return "default"
        case let .file(path, line): return "\(path):\(line)"
        case let .environment(name): return "$\(name)"
        case let .flag(name): return name
        }
    }

    /// `default`, `file`, `environment` or `flag` (the JSON form's `from`).
    public var kind: String {
        switch self {
        case .builtIn: return "default"
        case .file: return "file"
        case .environment: return "environment"
        case .flag: return "flag"
        }
    }

    var rank: Int {
        switch self {
        case .builtIn: return 0
        case .file: return 1
        case .environment: return 2
        case .flag: return 3
        }
    }
}

/// The settings file a run read (or looked for and did not find), and what named it.
public struct ConfigFile: Hashable, Sendable {
    public var path: String
    /// `--config`, `$HARK_CONFIG`, or the default location.
    public var source: SettingSource
    /// False: the default location holds no file, so every setting is a default (or an environment variable
    /// or a flag). A file named by `--config` or `$HARK_CONFIG` must exist.
    public var found: Bool

    public init(path: String, source: SettingSource, found: Bool) {
        self.path = path; self.source = source; self.found = found
    }
}

/// Everything `config.toml` can set, with where each value came from (`source(of:)`).
///
/// Sections: `[analysis]` (thresholds and languages: `AnalysisSettings`), `[score]` (its `ScoreWeights`),
/// `[display]` (script, theme), `[work]` (workers, engines), `[audio]` (device), `[store]` (path). Keys are
/// `SettingKeys.all`; a key is named `section.name` (`analysis.long_silence`).
public struct HarkSettings: Sendable {
    public var analysis = AnalysisSettings()
    /// The script new transcripts are written in (a `ReadingScript` raw value).
    public var script = "simplified"
    /// The desk's colour theme; nil: its first one (`default`).
    public var theme: String?
    /// Transcription workers; nil: cores − 1, at least 1.
    public var workers: Int?
    /// Recognisers the workers share.
    public var engines = 1
    /// ALSA playback device.
    public var audioDevice = "default"
    public var storePath: String
    public var file: ConfigFile
    private var sources: [String: SettingSource] = [:]

    public init(storePath: String, file: ConfigFile) {
        self.storePath = storePath
        self.file = file
    }

    /// Where the value of `key` (`section.name`) came from.
    public func source(of key: String) -> SettingSource { sources[key] ?? .builtIn }

    /// Sets `key` to `value` unless it already came from a stronger source: precedence is flag > environment >
    /// file > default, whatever order the sources are applied in.
    public mutating func set<T>(_ key: String, _ path: WritableKeyPath<HarkSettings, T>, _ value: T, from source: SettingSource) {
        precondition(SettingKeys.key(key) != nil, "no setting \(key)")
        guard source.rank >= self.source(of: key).rank else { return }
        self[keyPath: path] = value
        sources[key] = source
    }

    mutating func record(_ key: String, from source: SettingSource) { sources[key] = source }
}
