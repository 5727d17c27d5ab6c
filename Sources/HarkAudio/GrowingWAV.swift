import Foundation
import HarkCore

/// A RIFF/WAVE file read while a call recorder is still writing it. libsndfile believes the header, and a
/// recorder writes the header first with sizes 0 or 0xFFFFFFFF and mends them only when the call ends, so
/// this reads the header itself and takes the audio's length from the file's size until the header tells it.
public final class GrowingWAV {
    enum Encoding: Equatable {
        case unsigned8, int16, int24, int32, float32, float64, aLaw, muLaw
    }

    public let file: RawPath
    public let sampleRate: Int
    /// Channels `read` returns: all of a mono or stereo file, else `AudioFile.channelPair`, as `AudioFile.decode`.
    public let channels: Int
    /// Channels in the file.
    public let sourceChannels: Int
    /// Frames read so far.
    public private(set) var framesRead: Int = 0

    private let fd: Int32
    private let encoding: Encoding
    private let used: [Int]
    private let bytesPerSample: Int
    private let frameBytes: Int
    private let dataOffset: Int
    /// Where the data chunk's size is written: the chunk's own field, or ds64's 64-bit one in an RF64 file.
    private let sizeField: (offset: Int, wide: Bool)

    private init(file: RawPath, fd: Int32, header: Header) {
        self.file = file
        self.fd = fd
        sampleRate = header.sampleRate
        sourceChannels = header.channels
        used = AudioFile.usedChannels(header.channels)
        channels = used.count
        encoding = header.encoding
        bytesPerSample = header.bytesPerSample
        frameBytes = header.bytesPerSample * header.channels
        dataOffset = header.dataOffset
        sizeField = header.sizeField
    }

    deinit { close(fd) }

    /// Opens and parses the header; nil when the header is not all there yet; throws AudioError (one line naming
    /// the file and the problem, like AudioFile's) when it is not a WAV this reads.
    public static func open(_ file: RawPath) throws -> GrowingWAV? {
        let path = file.text
        let fd = openForReading(file)
        guard fd >= 0 else {
            switch errno {
            case ENOENT: throw AudioError.unreadable(path: path, reason: "no such file")
            case EACCES: throw AudioError.unreadable(path: path, reason: "permission denied")
            default: throw AudioError.unreadable(path: path, reason: String(cString: strerror(errno)))
            }
        }
        do {
            var st = stat()
            guard fstat(fd, &st) == 0 else { throw AudioError.unreadable(path: path, reason: String(cString: strerror(errno))) }
            guard st.st_mode & S_IFMT == S_IFREG else {
                throw AudioError.unreadable(path: path, reason: "not a regular file")
            }
            guard let header = try Header.parse(fd: fd, path: path) else {
                close(fd)
                return nil
            }
            return GrowingWAV(file: file, fd: fd, header: header)
        } catch {
            close(fd)
            throw error
        }
    }

    /// Whole frames the file holds now (fstat), without reading them.
    public func availableFrames() throws -> Int {
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            throw AudioError.unreadable(path: file.text, reason: String(cString: strerror(errno)))
        }
        let held = max(0, Int(st.st_size) - dataOffset)
        // A size the header states and the file holds is the finished file's: a chunk after the data
        // (a LIST the recorder appends at the end) is not audio.
        var length = held
        if let stated = statedDataSize(), stated != 0, stated <= held { length = stated }
        return length / frameBytes
    }

    /// Read afresh each time: the recorder mends it when the call ends.
    private func statedDataSize() -> Int? {
        if sizeField.wide {
            guard let b = Self.bytes(fd, at: sizeField.offset, count: 8) else { return nil }
            let value = Self.u64(b, 0)
            return value == UInt64.max || value > UInt64(Int.max) ? nil : Int(value)
        }
        guard let b = Self.bytes(fd, at: sizeField.offset, count: 4) else { return nil }
        let value = Self.u32(b, 0)
        return value == 0xFFFF_FFFF ? nil : Int(value)
    }

    /// Reads every whole frame written since the last read (at most `maxFrames`), per channel, as Float in
    /// -1...1; [] when nothing new. Samples are libsndfile's float decode of the same bytes.
    public func read(maxFrames: Int = .max) throws -> [[Float]] {
        let wanted = min(max(0, try availableFrames() - framesRead), max(0, maxFrames))
        guard wanted > 0 else { return [] }
        var out = [[Float]](repeating: [], count: channels)
        for c in out.indices { out[c].reserveCapacity(wanted) }
        let chunkFrames = max(1, (1 << 20) / frameBytes)
        var buffer = [UInt8](repeating: 0, count: min(wanted, chunkFrames) * frameBytes)
        var left = wanted
        while left > 0 {
            let frames = min(left, chunkFrames)
            let offset = dataOffset + framesRead * frameBytes
            let got = buffer.withUnsafeMutableBytes { Self.preadFully(fd, $0.baseAddress!, count: frames * frameBytes, at: offset) }
            // Cut short: the file was truncated since fstat. What whole frames came are kept.
            let whole = got / frameBytes
            if whole > 0 {
                buffer.withUnsafeBytes { decode($0, frames: whole, into: &out) }
                framesRead += whole
            }
            if whole < frames { break }
            left -= frames
        }
        return out.first?.isEmpty == false ? out : []
    }

    /// Continues from `frame` (a restart resumes where it was).
    public func seek(toFrame frame: Int) throws {
        guard frame >= 0 else {
            throw AudioError.unreadable(path: file.text, reason: "cannot seek to frame \(frame)")
        }
        framesRead = frame
    }

    private func decode(_ raw: UnsafeRawBufferPointer, frames: Int, into out: inout [[Float]]) {
        let bps = bytesPerSample, stride = frameBytes
        for (c, source) in used.enumerated() {
            var base = source * bps
            switch encoding {
            case .unsigned8:
                for _ in 0..<frames { out[c].append(Float(Int(raw[base]) - 128) * (1 / 128)); base += stride }
            case .int16:
                for _ in 0..<frames {
                    out[c].append(Float(Int16(littleEndian: raw.loadUnaligned(fromByteOffset: base, as: Int16.self))) * (1 / 32768))
                    base += stride
                }
            case .int24:
                for _ in 0..<frames {
                    let v = Int32(bitPattern: UInt32(raw[base]) << 8 | UInt32(raw[base + 1]) << 16 | UInt32(raw[base + 2]) << 24)
                    out[c].append(Float(v) * (1 / 2_147_483_648))
                    base += stride
                }
            case .int32:
                for _ in 0..<frames {
                    out[c].append(Float(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: base, as: Int32.self))) * (1 / 2_147_483_648))
                    base += stride
                }
            case .float32:
                for _ in 0..<frames {
                    out[c].append(Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: base, as: UInt32.self))))
                    base += stride
                }
            case .float64:
                for _ in 0..<frames {
                    out[c].append(Float(Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: base, as: UInt64.self)))))
                    base += stride
                }
            case .aLaw:
                for _ in 0..<frames { out[c].append(Self.aLawTable[Int(raw[base])]); base += stride }
            case .muLaw:
                for _ in 0..<frames { out[c].append(Self.muLawTable[Int(raw[base])]); base += stride }
            }
        }
    }

    /// G.711 expanded to 16-bit and scaled by 1/32768, as libsndfile's tables are.
    static let muLawTable: [Float] = (0..<256).map { byte in
        let u = ~UInt8(byte)
        let exponent = Int(u >> 4) & 7, mantissa = Int(u & 0x0F)
        let magnitude = (((mantissa << 3) + 0x84) << exponent) - 0x84
        return Float(u & 0x80 != 0 ? -magnitude : magnitude) * (1 / 32768)
    }

    static let aLawTable: [Float] = (0..<256).map { byte in
        let a = UInt8(byte) ^ 0x55
        var t = Int(a & 0x0F) << 4
        let segment = Int(a & 0x70) >> 4
        switch segment {
        case 0: t += 8
        case 1: t += 0x108
        default: t = (t + 0x108) << (segment - 1)
        }
        return Float(a & 0x80 != 0 ? t : -t) * (1 / 32768)
    }

    // MARK: reading bytes

    /// Exactly `count` bytes at `offset`, or nil when the file does not hold them (yet).
    static func bytes(_ fd: Int32, at offset: Int, count: Int) -> [UInt8]? {
        let got = bytes(fd, at: offset, upTo: count)
        return got.count == count ? got : nil
    }

    /// As many of `count` bytes at `offset` as the file holds.
    static func bytes(_ fd: Int32, at offset: Int, upTo count: Int) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: count)
        let total = buffer.withUnsafeMutableBytes { preadFully(fd, $0.baseAddress!, count: count, at: offset) }
        return Array(buffer.prefix(total))
    }

    /// pread until `count` bytes came or the file ends (EINTR retried, an error ends it too).
    static func preadFully(_ fd: Int32, _ into: UnsafeMutableRawPointer, count: Int, at offset: Int) -> Int {
        var total = 0
        while total < count {
            let n = pread(fd, into + total, count - total, off_t(offset + total))
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            total += n
        }
        return total
    }

    static func u16(_ b: [UInt8], _ i: Int) -> Int { Int(b[i]) | Int(b[i + 1]) << 8 }
    static func u32(_ b: [UInt8], _ i: Int) -> UInt32 {
        UInt32(b[i]) | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2]) << 16 | UInt32(b[i + 3]) << 24
    }
    static func u64(_ b: [UInt8], _ i: Int) -> UInt64 { UInt64(u32(b, i)) | UInt64(u32(b, i + 4)) << 32 }

    // MARK: the header

    struct Header {
        var sampleRate = 0
        var channels = 0
        var encoding = Encoding.int16
        var bytesPerSample = 2
        var dataOffset = 0
        var sizeField = (offset: 0, wide: false)

        /// Chunks before `data` past this are not a header a recorder writes.
        static let maxHeaderBytes = 1 << 20

        /// nil when the file stops inside the header (the recorder has not written it all yet).
        static func parse(fd: Int32, path: String) throws -> Header? {
            func unsupported(_ reason: String) -> AudioError { .unsupported(path: path, reason: reason) }
            func notWAV(_ reason: String) -> AudioError { .unreadable(path: path, reason: "not a WAV file (\(reason))") }

            // What is there of the first 12 bytes must already read RIFF/RF64 ... WAVE.
            let start = GrowingWAV.bytes(fd, at: 0, upTo: 12)
            let magic = Array("RIFF".utf8), rf64 = Array("RF64".utf8), wave = Array("WAVE".utf8)
            let head = Array(start.prefix(4))
            if !magic.starts(with: head) && !rf64.starts(with: head) {
                throw notWAV(head == Array("RIFX".utf8) ? "big-endian RIFX is not read" : "no RIFF header")
            }
            if start.count > 8, !wave.starts(with: start[8...]) { throw notWAV("RIFF but not WAVE") }
            guard start.count == 12 else { return nil }
            let isRF64 = head == rf64

            var header = Header()
            var haveFormat = false
            var wideDataSize: (offset: Int, wide: Bool)?
            var pos = 12
            while true {
                guard pos <= maxHeaderBytes else { throw notWAV("no data chunk in the first \(maxHeaderBytes) bytes") }
                guard let chunk = GrowingWAV.bytes(fd, at: pos, count: 8) else { return nil }
                let id = String(decoding: chunk[0..<4], as: UTF8.self)
                let size = Int(GrowingWAV.u32(chunk, 4))
                switch id {
                case "data":
                    guard haveFormat else { throw notWAV("data before fmt") }
                    header.dataOffset = pos + 8
                    header.sizeField = wideDataSize != nil && size == 0xFFFF_FFFF ? wideDataSize! : (pos + 4, false)
                    return header
                case "fmt ":
                    guard size >= 16, size <= 4096 else { throw notWAV("fmt chunk of \(size) bytes") }
                    guard let body = GrowingWAV.bytes(fd, at: pos + 8, count: size) else { return nil }
                    try header.readFormat(body, unsupported: unsupported)
                    haveFormat = true
                case "ds64" where isRF64:
                    guard size >= 24 else { throw notWAV("ds64 chunk of \(size) bytes") }
                    // riffSize (8), dataSize (8), sampleCount (8): the data size is the one used.
                    wideDataSize = (pos + 8 + 8, true)
                default:
                    break
                }
                pos += 8 + size + (size & 1)
            }
        }

        mutating func readFormat(_ b: [UInt8], unsupported: (String) -> AudioError) throws {
            var tag = GrowingWAV.u16(b, 0)
            channels = GrowingWAV.u16(b, 2)
            sampleRate = Int(GrowingWAV.u32(b, 4))
            let bits = GrowingWAV.u16(b, 14)
            if tag == 0xFFFE {
                // WAVE_FORMAT_EXTENSIBLE: the real tag opens the sub-format GUID (…-0000-0010-8000-00AA00389B71).
                guard b.count >= 40 else { throw unsupported("extensible fmt chunk of \(b.count) bytes") }
                let suffix: [UInt8] = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71]
                guard Array(b[26..<40]) == suffix else { throw unsupported("extensible sub-format that is not PCM, float or G.711") }
                tag = GrowingWAV.u16(b, 24)
            }
            guard (1...AudioFile.maxSourceChannels).contains(channels) else { throw unsupported("\(channels) channels") }
            guard AudioFile.supportedRates.contains(sampleRate) else {
                throw unsupported("sample rate \(sampleRate) Hz (calls must be 8000–192000 Hz)")
            }
            switch (tag, bits) {
            case (1, 1...8): encoding = .unsigned8; bytesPerSample = 1
            case (1, 9...16): encoding = .int16; bytesPerSample = 2
            case (1, 17...24): encoding = .int24; bytesPerSample = 3
            case (1, 25...32): encoding = .int32; bytesPerSample = 4
            case (3, 32): encoding = .float32; bytesPerSample = 4
            case (3, 64): encoding = .float64; bytesPerSample = 8
            case (6, 8): encoding = .aLaw; bytesPerSample = 1
            case (7, 8): encoding = .muLaw; bytesPerSample = 1
            default:
                let names = [2: "MS ADPCM", 0x11: "IMA ADPCM", 0x31: "GSM 6.10", 0x55: "MP3", 0x40: "G.721"]
                throw unsupported("WAV encoding \(names[tag] ?? String(format: "0x%04X", tag)), \(bits) bits (a growing WAV must be PCM, float, A-law or µ-law)")
            }
        }
    }
}

/// Outside the class, whose `open` would hide open(2).
private func openForReading(_ file: RawPath) -> Int32 {
    file.withCString { open($0, O_RDONLY | O_CLOEXEC) }
}
