import Foundation
import HarkAudio
import HarkCore
import HarkTestSupport
import Testing

/// A recorder's file as it is written: the header with sizes it does not know yet, then the audio in pieces
/// that do not end on frame boundaries, then the header mended.
@Suite struct GrowingWAVTests {
    /// sox's file split into its header (with the given placeholder sizes) and its audio bytes.
    struct Recording {
        var header: [UInt8]
        var audio: [UInt8]
        var riffSizeAt: Int
        var dataSizeAt: Int
    }

    static func split(_ path: String) throws -> Recording {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        var pos = 12
        while pos + 8 <= bytes.count {
            let id = String(decoding: bytes[pos..<pos + 4], as: UTF8.self)
            let size = Int(bytes[pos + 4]) | Int(bytes[pos + 5]) << 8 | Int(bytes[pos + 6]) << 16 | Int(bytes[pos + 7]) << 24
            if id == "data" {
                return Recording(header: Array(bytes[..<(pos + 8)]), audio: Array(bytes[(pos + 8)..<(pos + 8 + size)]),
                                 riffSizeAt: 4, dataSizeAt: pos + 4)
            }
            pos += 8 + size + (size & 1)
        }
        throw ShellError.failed("\(path): no data chunk")
    }

    /// Where two decodes first part, or nil when they are the same (a failure shows one sample, not thousands).
    static func difference(_ a: [[Float]], _ b: [[Float]]) -> String? {
        guard a.count == b.count else { return "\(a.count) channels, not \(b.count)" }
        for c in a.indices {
            guard a[c].count == b[c].count else { return "channel \(c): \(a[c].count) frames, not \(b[c].count)" }
            if let i = a[c].indices.first(where: { a[c][$0] != b[c][$0] }) {
                return "channel \(c) frame \(i): \(a[c][i]), libsndfile \(b[c][i])"
            }
        }
        return nil
    }

    static func put(_ value: UInt32, at offset: Int, in bytes: inout [UInt8]) {
        for i in 0..<4 { bytes[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * i)) }
    }

    static func append(_ bytes: some Collection<UInt8>, to path: String) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(bytes))
        try handle.close()
    }

    static func overwrite(_ bytes: [UInt8], at offset: Int, in path: String) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seek(toOffset: UInt64(offset))
        try handle.write(contentsOf: Data(bytes))
        try handle.close()
    }

    /// Writes `recording` as a recorder would (placeholder sizes, odd-sized pieces), reading after each piece;
    /// returns everything read, and checks frames only ever arrive whole.
    static func grow(_ recording: Recording, placeholder: UInt32, to path: String, piece: Int = 1001) throws -> [[Float]] {
        var header = recording.header
        put(placeholder, at: recording.riffSizeAt, in: &header)
        put(placeholder, at: recording.dataSizeAt, in: &header)
        try Data(header).write(to: URL(fileURLWithPath: path))
        let reader = try #require(try GrowingWAV.open(RawPath(path)))
        #expect(try reader.read().isEmpty)
        let frameBytes = recording.audio.count / max(1, try AudioFile(path: path + ".finished").probe().frames)
        var got = [[Float]](repeating: [], count: reader.channels)
        var written = 0
        while written < recording.audio.count {
            let end = min(recording.audio.count, written + piece)
            try append(recording.audio[written..<end], to: path)
            written = end
            #expect(try reader.availableFrames() == written / frameBytes)
            let new = try reader.read()
            for c in new.indices { got[c] += new[c] }
            #expect(got[0].count == written / frameBytes, "a partial frame must wait")
            #expect(reader.framesRead == written / frameBytes)
        }
        #expect(try reader.read().isEmpty)
        return got
    }

    /// sox's finished file (sizes right) beside the one grown, for libsndfile to decode.
    static func soxWAV(_ dir: TemporaryDirectory, _ name: String, _ arguments: [String]) throws -> (path: String, recording: Recording) {
        let path = dir.path(name)
        try Shell.sox(["-n"] + arguments + ["-t", "wav", path + ".finished", "synth", "0.5", "sine", "440", "sine", "1000", "gain", "-1"])
        return (path, try split(path + ".finished"))
    }

    @Test(arguments: [UInt32(0), 0xFFFF_FFFF])
    func pcm16ArrivesAsWrittenAndMatchesLibsndfile(placeholder: UInt32) throws {
        let dir = try TemporaryDirectory()
        let (path, recording) = try Self.soxWAV(dir, "call.wav", ["-r", "8000", "-c", "2", "-b", "16", "-e", "signed-integer"])
        let got = try Self.grow(recording, placeholder: placeholder, to: path)
        let reference = try AudioFile(path: path + ".finished").decode()
        #expect(got.count == 2)
        #expect(Self.difference(got, reference.channels) == nil)
        #expect(got[0].count == 4000)
        // Mended at the end, the file decodes the same through both.
        try Self.overwrite(recording.header, at: 0, in: path)
        let again = try #require(try GrowingWAV.open(RawPath(path)))
        #expect(Self.difference(try again.read(), try AudioFile(path: path).decode().channels) == nil)
    }

    @Test(arguments: [("u-law", 8), ("a-law", 8), ("signed-integer", 24), ("signed-integer", 32), ("unsigned-integer", 8),
                      ("floating-point", 32)])
    func encodingsDecodeAsLibsndfileDoes(encoding: String, bits: Int) throws {
        let dir = try TemporaryDirectory()
        let (path, recording) = try Self.soxWAV(dir, "call.wav", ["-r", "8000", "-c", "2", "-b", "\(bits)", "-e", encoding])
        let got = try Self.grow(recording, placeholder: 0, to: path, piece: 777)
        let reference = try AudioFile(path: path + ".finished").decode()
        #expect(got[0].count == 4000)
        #expect(Self.difference(got, reference.channels) == nil, "\(encoding) \(bits)")
        #expect(got[0].map(abs).max()! > 0.3)
    }

    /// sox writes WAVE_FORMAT_EXTENSIBLE for more than two channels; `read` gives the pair AudioFile does.
    @Test func extensibleFormatIsRead() throws {
        let dir = try TemporaryDirectory()
        let (path, recording) = try Self.soxWAV(dir, "call.wav", ["-r", "16000", "-c", "4", "-b", "16", "-e", "signed-integer"])
        #expect(recording.header[20] == 0xFE && recording.header[21] == 0xFF, "sox wrote a plain fmt chunk")
        let got = try Self.grow(recording, placeholder: 0xFFFF_FFFF, to: path, piece: 4097)
        #expect(got.count == 2)
        #expect(Self.difference(got, try AudioFile(path: path + ".finished").decode().channels) == nil)
    }

    /// A LIST chunk before the data is skipped; one the recorder adds after the data when it finishes is not
    /// read as audio once the header states the data's size.
    @Test func listChunksAreNotAudio() throws {
        let dir = try TemporaryDirectory()
        let (path, plain) = try Self.soxWAV(dir, "call.wav", ["-r", "8000", "-c", "1", "-b", "16", "-e", "signed-integer"])
        let info = Array("LIST".utf8) + [18, 0, 0, 0] + Array("INFOIART".utf8) + [5, 0, 0, 0] + Array("hark\0".utf8) + [0]
        var recording = plain
        let dataAt = recording.header.count - 8
        recording.header.insert(contentsOf: info, at: dataAt)
        recording.dataSizeAt += info.count
        var header = recording.header
        Self.put(0, at: recording.dataSizeAt, in: &header)
        try Data(header + recording.audio).write(to: URL(fileURLWithPath: path))
        let reader = try #require(try GrowingWAV.open(RawPath(path)))
        let reference = try AudioFile(path: path + ".finished").decode().channels
        #expect(Self.difference(try reader.read(), reference) == nil)
        // Finished: the size goes in and a trailing LIST follows the data.
        try Self.append(info, to: path)
        #expect(try reader.availableFrames() == 4000 + info.count / 2)
        var size = [UInt8](repeating: 0, count: 4)
        Self.put(UInt32(recording.audio.count), at: 0, in: &size)
        try Self.overwrite(size, at: recording.dataSizeAt, in: path)
        #expect(try reader.availableFrames() == 4000)
        #expect(try reader.read().isEmpty)
        let fresh = try #require(try GrowingWAV.open(RawPath(path)))
        #expect(Self.difference(try fresh.read(), reference) == nil)
    }

    /// RF64: the sizes live in ds64, 0 while recording, and libsndfile reads the finished file the same.
    @Test func rf64GrowsAndMatchesLibsndfile() throws {
        let dir = try TemporaryDirectory()
        let (path, plain) = try Self.soxWAV(dir, "call.wav", ["-r", "8000", "-c", "2", "-b", "16", "-e", "signed-integer"])
        let fmtSize = Int(plain.header[16]) | Int(plain.header[17]) << 8
        let fmt = Array(plain.header[12..<(20 + fmtSize)])
        let ds64 = Array("ds64".utf8) + [28, 0, 0, 0] + [UInt8](repeating: 0, count: 28)
        let header = Array("RF64".utf8) + [0xFF, 0xFF, 0xFF, 0xFF] + Array("WAVE".utf8) + ds64 + fmt
            + Array("data".utf8) + [0xFF, 0xFF, 0xFF, 0xFF]
        let recording = Recording(header: header, audio: plain.audio, riffSizeAt: 4, dataSizeAt: header.count - 4)
        let rf64 = dir.path("call.rf64.finished")
        var finished = header
        for (at, value) in [(20, UInt64(header.count + plain.audio.count - 8)), (28, UInt64(plain.audio.count)), (36, UInt64(4000))] {
            for i in 0..<8 { finished[at + i] = UInt8(truncatingIfNeeded: value >> (8 * i)) }
        }
        try Data(finished + plain.audio).write(to: URL(fileURLWithPath: rf64))
        let reference = try AudioFile(path: rf64).decode()
        #expect(reference.frameCount == 4000)
        let got = try Self.grow(recording, placeholder: 0xFFFF_FFFF, to: path, piece: 999)
        #expect(Self.difference(got, reference.channels) == nil)
        // The finished header states the size, and a chunk after the data is not audio.
        try Self.overwrite(Array(finished[20..<44]), at: 20, in: path)
        try Self.append(Array("LIST".utf8) + [4, 0, 0, 0] + Array("INFO".utf8), to: path)
        let again = try #require(try GrowingWAV.open(RawPath(path)))
        #expect(try again.availableFrames() == 4000)
        #expect(Self.difference(try again.read(), reference.channels) == nil)
    }

    @Test func anIncompleteHeaderIsNotReadyYet() throws {
        let dir = try TemporaryDirectory()
        let (path, recording) = try Self.soxWAV(dir, "call.wav", ["-r", "8000", "-c", "1", "-b", "16", "-e", "signed-integer"])
        for cut in [0, 3, 4, 11, 12, 20, 30, recording.header.count - 1] {
            try Data(recording.header.prefix(cut)).write(to: URL(fileURLWithPath: path))
            #expect(try GrowingWAV.open(RawPath(path)) == nil, "cut at \(cut)")
        }
        try Data(recording.header).write(to: URL(fileURLWithPath: path))
        let reader = try #require(try GrowingWAV.open(RawPath(path)))
        #expect(reader.sampleRate == 8000 && reader.channels == 1)
        #expect(try reader.availableFrames() == 0)
    }

    @Test func notAWAVThrowsNamingTheFile() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("junk.wav")
        try Data("this is not audio at all".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: AudioError.self) { try GrowingWAV.open(RawPath(path)) }
        do { _ = try GrowingWAV.open(RawPath(path)) } catch {
            #expect("\(error)".hasPrefix(path + ": "))
            #expect("\(error)".contains("not a WAV"))
        }
        // Three bytes are enough to know.
        try Data("OggS".utf8.prefix(3)).write(to: URL(fileURLWithPath: path))
        #expect(throws: AudioError.self) { try GrowingWAV.open(RawPath(path)) }

        let flac = dir.path("call.flac")
        try Shell.sox(["-n", "-r", "8000", flac, "synth", "0.1", "sine", "440"])
        #expect(throws: AudioError.self) { try GrowingWAV.open(RawPath(flac)) }

        let adpcm = dir.path("adpcm.wav")
        try Shell.sox(["-n", "-r", "8000", "-e", "ima-adpcm", adpcm, "synth", "0.1", "sine", "440"])
        do { _ = try GrowingWAV.open(RawPath(adpcm)); Issue.record("IMA ADPCM was opened") } catch {
            #expect("\(error)".hasPrefix(adpcm + ": unsupported audio: WAV encoding IMA ADPCM"))
        }
        #expect(throws: AudioError.unreadable(path: dir.path("none.wav"), reason: "no such file")) {
            try GrowingWAV.open(RawPath(dir.path("none.wav")))
        }
    }

    /// Resuming after a restart, reading in bounded pieces, and a file cut short or replaced underneath.
    @Test func seeksReadsInPiecesAndSurvivesTruncation() throws {
        let dir = try TemporaryDirectory()
        let (path, recording) = try Self.soxWAV(dir, "call.wav", ["-r", "8000", "-c", "2", "-b", "16", "-e", "signed-integer"])
        try Data(recording.header + recording.audio).write(to: URL(fileURLWithPath: path))
        let reference = try AudioFile(path: path).decode().channels
        let reader = try #require(try GrowingWAV.open(RawPath(path)))
        let first = try reader.read(maxFrames: 1500)
        #expect(first[1] == Array(reference[1][..<1500]))
        try reader.seek(toFrame: 3000)
        let rest = try reader.read()
        #expect(rest[0] == Array(reference[0][3000...]))
        #expect(reader.framesRead == 4000)
        #expect(throws: AudioError.self) { try reader.seek(toFrame: -1) }

        try reader.seek(toFrame: 1000)
        #expect(truncate(path, off_t(recording.header.count + 400 * 4 + 3)) == 0)
        #expect(try reader.availableFrames() == 400)
        #expect(try reader.read().isEmpty)
        #expect(truncate(path, 10) == 0)
        #expect(try reader.availableFrames() == 0)
        #expect(try reader.read().isEmpty)
        // Replaced by a new file: the open descriptor still reads the old one, which is empty now.
        try FileManager.default.removeItem(atPath: path)
        try Data(recording.header + recording.audio).write(to: URL(fileURLWithPath: path))
        #expect(try reader.read().isEmpty)
    }
}
