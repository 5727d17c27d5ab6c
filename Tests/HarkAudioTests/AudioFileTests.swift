import Foundation
import HarkAudio
import HarkCore
import HarkTestSupport
import Testing

@Suite struct AudioFileTests {
    @Test func probesAndDecodesStereoWav() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("tone.wav")
        // 1.5 s: left 440 Hz, right silent.
        try Shell.sox(["-n", "-r", "16000", "-c", "2", "-b", "16", path, "synth", "1.5", "sine", "440", "remix", "1", "0"])
        let info = try AudioFile(path: path).probe()
        #expect(info.sampleRate == 16000)
        #expect(info.channels == 2)
        #expect(info.frames == 24000)
        #expect(info.format == "WAV")
        let audio = try AudioFile(path: path).decode()
        #expect(audio.frameCount == 24000)
        #expect(audio.channels[0].map(abs).max()! > 0.5)
        #expect(audio.channels[1].map(abs).max()! < 0.001)
    }

    @Test func containerIsNamed() throws {
        let dir = try TemporaryDirectory()
        for (ext, name) in [("ogg", "OGA"), ("flac", "FLAC")] {
            let path = dir.path("x.\(ext)")
            try Shell.sox(["-n", "-r", "16000", "-c", "1", path, "synth", "0.5", "sine", "300"])
            let format = try AudioFile(path: path).probe().format
            #expect(format == name || format == ext.uppercased(), "\(ext) probed as \(format)")
        }
    }

    @Test func corruptFileNamesFileAndReason() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("junk.wav")
        try Data("this is not audio at all".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: AudioError.self) { try AudioFile(path: path).probe() }
        do { _ = try AudioFile(path: path).probe() } catch {
            #expect("\(error)".hasPrefix(path))
        }
    }

    /// A GBK name (from a Windows share) has no String that opens it: the file is read by its bytes, and an
    /// error shows the name with those bytes escaped.
    @Test func aFileNamedInGBKIsReadByItsBytes() throws {
        let dir = try TemporaryDirectory()
        let made = dir.path("made.wav")
        try Shell.sox(["-n", "-r", "8000", "-c", "2", made, "synth", "1.25", "sine", "440"])
        let gbk = RawPath(bytes: Array((dir.url.path + "/").utf8) + [0xB2, 0xE2, 0xCA, 0xD4] + Array(".wav".utf8))
        #expect(gbk.withCString { rename(made, $0) } == 0)
        #expect(try AudioFile(file: gbk).probe().frames == 10_000)
        let audio = try AudioFile(file: gbk).decode()
        #expect(audio.channels.count == 2 && audio.frameCount == 10_000)

        let missing = RawPath(bytes: gbk.bytes.dropLast(4) + Array(".flac".utf8))
        #expect(throws: AudioError.unreadable(path: "\(dir.url.path)/\\xB2\\xE2\\xCA\\xD4.flac", reason: "no such file")) {
            try AudioFile(file: missing).probe()
        }
    }

    /// Recorders write 96 kHz and multi-channel files too: the rate is resampled later, and of six channels
    /// the first two are the agent and the customer.
    @Test func sixChannel96kGivesItsFirstTwoChannels() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("surround.wav")
        try Shell.sox(["-n", "-r", "96000", "-c", "6", path, "synth", "0.2", "sine", "300", "sine", "500",
                       "sine", "700", "sine", "900", "sine", "1100", "sine", "1300"])
        let info = try AudioFile(path: path).probe()
        #expect(info.sampleRate == 96000 && info.channels == 2 && info.sourceChannels == 6)
        let audio = try AudioFile(path: path).decode()
        #expect(audio.channels.count == 2 && audio.frameCount == 19200)
        // Channel 1 is 300 Hz and channel 2 500 Hz: count zero crossings over 0.2 s.
        func crossings(_ x: [Float]) -> Int { zip(x, x.dropFirst()).filter { ($0 < 0) != ($1 < 0) }.count }
        #expect(abs(crossings(audio.channels[0]) - 120) <= 4 && abs(crossings(audio.channels[1]) - 200) <= 4)
        let tooFast = dir.path("fast.wav")
        try Shell.sox(["-n", "-r", "384000", "-c", "1", tooFast, "synth", "0.1", "sine", "300"])
        #expect(throws: AudioError.self) { try AudioFile(path: tooFast).probe() }
    }

    /// libsndfile cannot measure a truncated OGG stream or a one-sample FLAC and reports SF_COUNT_MAX frames
    /// (5.76e14 s were stored); such a file is counted by decoding what is there, or refused as empty.
    @Test func aDurationTheHeaderCannotGiveIsCountedNotBelieved() throws {
        let dir = try TemporaryDirectory()
        let whole = dir.path("whole.ogg"), cut = dir.path("cut.ogg"), one = dir.path("one.flac")
        try Shell.sox(["-n", "-r", "16000", "-c", "2", whole, "synth", "20", "pinknoise"])
        let bytes = try Data(contentsOf: URL(fileURLWithPath: whole))
        try bytes.prefix(bytes.count * 6 / 10).write(to: URL(fileURLWithPath: cut))
        let info = try AudioFile(path: cut).probe()
        #expect(info.duration > 5 && info.duration < 20, "\(info.duration) s")
        #expect(try AudioFile(path: cut).decode().frameCount == info.frames)
        try Shell.sox(["-n", "-r", "16000", "-c", "1", one, "synth", "1s", "sine", "300"])
        do {
            let d = try AudioFile(path: one).probe().duration
            #expect(d < 1, "\(d) s")
        } catch let error as AudioError {
            #expect(error == .empty(path: one))
        }
    }
}
