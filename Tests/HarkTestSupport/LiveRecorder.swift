import Foundation

/// A call recorder for tests and benches: writes a WAV the way telephony recorders do while a call is on
/// (16-bit PCM, the RIFF and data sizes left 0xFFFFFFFF), appending audio as time passes, and fixes the
/// header when the call ends. The audio comes from any recording sox reads.
public final class LiveRecorder: @unchecked Sendable {
    public let path: String
    public let rate: Int
    public let channels: Int
    private let pcm: Data
    private let handle: FileHandle
    private var written = 0
    private let headerSize = 44

    /// `source` converted by sox to `rate` Hz, `channels` channels (only its first `seconds` when given); the
    /// file at `path` is created with its live header.
    /// `placeholder` is what the header's sizes say while the call is on (0xFFFFFFFF or 0, as recorders differ).
    public init(source: String, to path: String, rate: Int = 8000, channels: Int = 2, seconds: Double? = nil,
                placeholder: UInt32 = 0xFFFF_FFFF) throws {
        self.path = path
        self.rate = rate
        self.channels = channels
        let raw = path + ".source.raw"
        var args = [source, "-t", "raw", "-e", "signed-integer", "-b", "16", "-L", "-r", "\(rate)", "-c", "\(channels)", raw]
        if let seconds { args += ["trim", "0", "\(seconds)"] }
        try Shell.sox(args)
        pcm = try Data(contentsOf: URL(fileURLWithPath: raw))
        try? FileManager.default.removeItem(atPath: raw)
        FileManager.default.createFile(atPath: path, contents: Self.header(rate: rate, channels: channels, dataBytes: nil,
                                                                           placeholder: placeholder))
        guard let h = FileHandle(forWritingAtPath: path) else { throw ShellError.failed("cannot write \(path)") }
        handle = h
        handle.seekToEndOfFile()
    }

    public var duration: Double { Double(pcm.count / (2 * channels)) / Double(rate) }
    public var writtenSeconds: Double { Double(written / (2 * channels)) / Double(rate) }

    /// Appends the audio up to `seconds` into the call.
    public func write(upTo seconds: Double) {
        let frameBytes = 2 * channels
        let end = min(pcm.count, Int(seconds * Double(rate)) * frameBytes)
        guard end > written else { return }
        handle.write(pcm.subdata(in: written..<end))
        written = end
    }

    /// Writes the rest at `speed` × real time in chunks of `chunk` seconds (`speed` 1 is a live call's pace);
    /// `until` stops early (seconds into the call).
    public func play(speed: Double = 1, chunk: Double = 0.1, until: Double? = nil) {
        let stop = min(until ?? duration, duration)
        let began = Date()
        let from = writtenSeconds
        while writtenSeconds < stop {
            let target = from + Date().timeIntervalSince(began) * speed
            write(upTo: min(stop, target + chunk))
            Thread.sleep(forTimeInterval: chunk / speed)
        }
    }

    /// The call ended: the rest written, the header's sizes fixed, the file closed.
    public func finish() {
        write(upTo: duration)
        handle.seek(toFileOffset: 0)
        handle.write(Self.header(rate: rate, channels: channels, dataBytes: written))
        try? handle.synchronize()
        try? handle.close()
    }

    /// Closes the file without fixing the header (a recorder that died).
    public func abandon() { try? handle.close() }

    static func header(rate: Int, channels: Int, dataBytes: Int?, placeholder: UInt32 = 0xFFFF_FFFF) -> Data {
        func u32(_ v: UInt32) -> [UInt8] { [UInt8(v & 0xff), UInt8(v >> 8 & 0xff), UInt8(v >> 16 & 0xff), UInt8(v >> 24)] }
        func u16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xff), UInt8(v >> 8)] }
        let data = dataBytes.map { UInt32($0) } ?? placeholder
        let riff = dataBytes.map { UInt32($0 + 36) } ?? placeholder
        var b: [UInt8] = Array("RIFF".utf8) + u32(riff) + Array("WAVE".utf8)
        b += Array("fmt ".utf8) + u32(16) + u16(1) + u16(UInt16(channels)) + u32(UInt32(rate))
        b += u32(UInt32(rate * channels * 2)) + u16(UInt16(channels * 2)) + u16(16)
        b += Array("data".utf8) + u32(data)
        return Data(b)
    }
}
