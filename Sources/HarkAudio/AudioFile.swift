import CSndfile
import Foundation
import HarkCore

/// What a recording is, read from its header without decoding the audio.
public struct AudioInfo: Sendable, Hashable {
    public var frames: Int
    public var sampleRate: Int
    /// Channels Hark uses: one (mixed) or two (agent, customer).
    public var channels: Int
    /// Channels in the file; more than two are recorded by some systems (a pair is taken, `AudioFile.channelPair`).
    public var sourceChannels: Int = 0
    /// libsndfile's container name ("WAV", "FLAC", "OGG", "MPEG").
    public var format: String

    public var duration: Double { sampleRate > 0 ? Double(frames) / Double(sampleRate) : 0 }
}

/// Float PCM of a whole recording, one array per channel, in -1...1.
public struct DecodedAudio: Sendable {
    public var sampleRate: Int
    public var channels: [[Float]]

    public init(sampleRate: Int, channels: [[Float]]) {
        self.sampleRate = sampleRate
        self.channels = channels
    }

    public var frameCount: Int { channels.first?.count ?? 0 }
    public var duration: Double { sampleRate > 0 ? Double(frameCount) / Double(sampleRate) : 0 }
}

/// Why a recording can't be used. `description` is one line naming the file and the problem.
public enum AudioError: Error, CustomStringConvertible, Equatable {
    case unreadable(path: String, reason: String)
    case empty(path: String)
    case unsupported(path: String, reason: String)
    case device(name: String, reason: String)

    public var description: String {
        switch self {
        case let .unreadable(path, reason): return "\(path): cannot read audio: \(reason)"
        case let .empty(path): return "\(path): empty recording (no audio frames)"
        case let .unsupported(path, reason): return "\(path): unsupported audio: \(reason)"
        case let .device(name, reason): return "audio device \(name): \(reason)"
        }
    }
}

/// A recording on disk, read through libsndfile (WAV, FLAC, OGG Vorbis/Opus, MP3, AIFF, CAF, ...).
public struct AudioFile: Sendable {
    /// The file by its exact bytes (a GBK name has no `String` that opens it).
    public let file: RawPath
    /// The path as errors name it (undecodable bytes escaped).
    public var path: String { file.text }

    /// Call recordings are telephone to studio rates (higher ones are resampled for recognition); a file
    /// with more than two channels gives its `channelPair` (agent, customer).
    public static let supportedRates = 8_000...192_000
    public static let maxChannels = 2
    public static let maxSourceChannels = 64
    /// Which two channels of a multi-channel recording are the agent and the customer (0-based); set with
    /// `HARK_CHANNEL_PAIR=3,4` (1-based, as people count them). Default: the first two.
    public static let channelPair: (Int, Int) = {
        let parts = (ProcessInfo.processInfo.environment["HARK_CHANNEL_PAIR"] ?? "").split(separator: ",")
            .compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, parts[0] >= 1, parts[1] >= 1, parts[0] != parts[1] else { return (0, 1) }
        return (parts[0] - 1, parts[1] - 1)
    }()

    public init(path: String) {
        file = RawPath(path)
    }

    public init(file: RawPath) {
        self.file = file
    }

    /// A header frame count past this many hours is not believed: libsndfile reports SF_COUNT_MAX for a
    /// stream it cannot measure (a truncated OGG, a one-sample FLAC), and such a file is counted by reading.
    public static let maxHeaderHours = 24

    /// Reads the header: frames, rate, channels, container. A frame count the header cannot give is counted
    /// by decoding, so no recording is ever stored with an absurd duration.
    public func probe() throws -> AudioInfo {
        try quietIfMP3 { try probeLoud() }
    }

    /// MP3 goes through libmpg123, which prints to stderr on its own; everything else is left alone.
    private func quietIfMP3<T>(_ body: () throws -> T) rethrows -> T {
        file.pathExtension == "mp3" ? try QuietStderr.run(body) : try body()
    }

    private func probeLoud() throws -> AudioInfo {
        let (handle, raw) = try open()
        defer { sf_close(handle) }
        var info = raw
        if Self.implausible(info) { info.frames = sf_count_t(Self.countFrames(handle, channels: Int(info.channels))) }
        return try validate(info)
    }

    static func implausible(_ info: SF_INFO) -> Bool {
        info.samplerate > 0 && Int64(info.frames) > Int64(info.samplerate) * 3600 * Int64(maxHeaderHours)
    }

    /// Frames that actually decode, read from the current position to the end.
    static func countFrames(_ handle: OpaquePointer, channels: Int) -> Int {
        guard channels > 0, channels <= 64 else { return 0 }
        let chunk = 16_384
        var buffer = [Float](repeating: 0, count: chunk * channels)
        var total = 0
        while true {
            let got = buffer.withUnsafeMutableBufferPointer { Int(sf_readf_float(handle, $0.baseAddress, sf_count_t(chunk))) }
            if got <= 0 { return total }
            total += got
        }
    }

    /// Decodes the whole file into per-channel Float PCM at its own rate.
    public func decode() throws -> DecodedAudio {
        try quietIfMP3 { try decodeLoud() }
    }

    private func decodeLoud() throws -> DecodedAudio {
        let (handle, raw) = try open()
        defer { sf_close(handle) }
        var header = raw
        // An unmeasurable stream claims SF_COUNT_MAX frames: validate what can be read, reserve nothing.
        if Self.implausible(header) { header.frames = 1 }
        let info = try validate(header)
        let used = Self.usedChannels(info.sourceChannels)
        let stride = info.sourceChannels
        var channels = [[Float]](repeating: [], count: used.count)
        if !Self.implausible(raw) { for c in channels.indices { channels[c].reserveCapacity(info.frames) } }
        let chunkFrames = 16_384
        var buffer = [Float](repeating: 0, count: chunkFrames * stride)
        while true {
            let got = buffer.withUnsafeMutableBufferPointer {
                Int(sf_readf_float(handle, $0.baseAddress, sf_count_t(chunkFrames)))
            }
            if got <= 0 { break }
            for f in 0..<got {
                let base = f * stride
                for (c, source) in used.enumerated() { channels[c].append(buffer[base + source]) }
            }
        }
        let err = sf_error(handle)
        if err != 0 && channels[0].isEmpty {
            throw AudioError.unreadable(path: path, reason: String(cString: sf_error_number(err)))
        }
        // MP3 frame counts include encoder padding, and a truncated file stops early: a short read of
        // a header that promised more is accepted as long as some audio came out.
        guard !channels[0].isEmpty else { throw AudioError.empty(path: path) }
        return DecodedAudio(sampleRate: info.sampleRate, channels: channels)
    }

    private func open() throws -> (OpaquePointer, SF_INFO) {
        var info = SF_INFO()
        var st = stat()
        guard file.withCString({ stat($0, &st) }) == 0 else {
            switch errno {
            case ELOOP: throw AudioError.unreadable(path: path, reason: "symbolic link loop")
            case EACCES: throw AudioError.unreadable(path: path, reason: "permission denied")
            default: throw AudioError.unreadable(path: path, reason: "no such file")
            }
        }
        // A FIFO would block the importer for ever, a device would be read without end.
        guard st.st_mode & S_IFMT == S_IFREG else {
            let kind: String
            switch st.st_mode & S_IFMT {
            case S_IFIFO: kind = "a FIFO"
            case S_IFDIR: kind = "a folder"
            case S_IFCHR, S_IFBLK: kind = "a device"
            case S_IFSOCK: kind = "a socket"
            default: kind = "not a plain file"
            }
            throw AudioError.unreadable(path: path, reason: "not a regular file (\(kind))")
        }
        if st.st_size == 0 { throw AudioError.empty(path: path) }
        guard let handle = file.withCString({ sf_open($0, Int32(SFM_READ), &info) }) else {
            var reason = String(cString: sf_strerror(nil))
            // libsndfile's words for bytes it cannot place ("File does not exist or is not a regular file")
            // are wrong here: the file exists and is regular.
            if reason.contains("does not exist") || reason.contains("not a regular file") {
                reason = "not a recording in a format libsndfile reads (unknown or damaged)"
            }
            throw AudioError.unreadable(path: path, reason: reason)
        }
        return (handle, info)
    }

    /// The file's channels Hark reads: all of a mono or stereo file, else `channelPair` (the first two when
    /// the pair is past the file's channels).
    public static func usedChannels(_ source: Int) -> [Int] {
        guard source > maxChannels else { return Array(0..<source) }
        let (a, b) = channelPair
        return a < source && b < source ? [a, b] : [0, 1]
    }

    private func validate(_ info: SF_INFO) throws -> AudioInfo {
        let source = Int(info.channels)
        var audio = AudioInfo(frames: Int(info.frames), sampleRate: Int(info.samplerate),
                              channels: min(source, Self.maxChannels), format: Self.containerName(info.format))
        audio.sourceChannels = source
        guard audio.frames > 0 else { throw AudioError.empty(path: path) }
        guard Self.supportedRates.contains(audio.sampleRate) else {
            throw AudioError.unsupported(
                path: path, reason: "sample rate \(audio.sampleRate) Hz (calls must be 8000–192000 Hz)")
        }
        guard (1...Self.maxSourceChannels).contains(source) else {
            throw AudioError.unsupported(path: path, reason: "\(source) channels")
        }
        return audio
    }

    static func containerName(_ format: Int32) -> String {
        var fmt = SF_FORMAT_INFO()
        fmt.format = format & Int32(SF_FORMAT_TYPEMASK)
        // SFC_GET_FORMAT_INFO looks a format value up; SFC_GET_FORMAT_MAJOR would want a list index.
        let ok = sf_command(nil, Int32(SFC_GET_FORMAT_INFO), &fmt, Int32(MemoryLayout<SF_FORMAT_INFO>.size))
        guard ok == 0, let ext = fmt.extension else { return "unknown" }
        return String(cString: ext).uppercased()
    }
}
