import HarkCore
import Testing

/// Paths kept as bytes, and the one escaping that shows them.
@Suite struct RawPathTests {
    /// "测试" in GBK.
    static let gbk: [UInt8] = [0xB2, 0xE2, 0xCA, 0xD4]

    @Test func bytesThatAreNotUTF8AreShownEscapedAndTheRestAsText() {
        #expect(Format.path(Array("/calls/".utf8) + Self.gbk + Array(".wav".utf8)) == #"/calls/\xB2\xE2\xCA\xD4.wav"#)
        #expect(Format.path(Array("/通话/王芳.wav".utf8)) == "/通话/王芳.wav")
        // A UTF-8 sequence cut short (two bytes of 测) and a lone continuation byte are escaped byte by byte.
        #expect(Format.path([0xE6, 0xB5, 0x41, 0x80]) == #"\xE6\xB5A\x80"#)
        // An overlong encoding of "/" is not a slash.
        #expect(Format.path([0xC0, 0xAF]) == #"\xC0\xAF"#)
        #expect(Format.path(Array("a\u{1B}[2J\n".utf8) + [0xFF]) == #"a\e[2J\n\xFF"#, "control characters escaped as by safe")
        #expect(!Format.path(Self.gbk).unicodeScalars.contains { Format.isControl($0) || $0 == "\u{FFFD}" })
    }

    @Test func aRawPathKeepsItsBytesAndSaysWhetherTextCanNameIt() {
        let gbk = RawPath(bytes: Array("/calls/".utf8) + Self.gbk + Array(".WAV".utf8))
        #expect(gbk.string == nil && !gbk.isUTF8)
        #expect(gbk.text == #"/calls/\xB2\xE2\xCA\xD4.WAV"#)
        #expect(gbk.pathExtension == "wav")
        #expect(Array(gbk.lastComponent) == Self.gbk + Array(".WAV".utf8))
        #expect(gbk.deletingPathExtension.bytes == Array("/calls/".utf8) + Self.gbk)
        let cString = gbk.withCString { c in (0...gbk.bytes.count).map { UInt8(bitPattern: c[$0]) } }
        #expect(cString == gbk.bytes + [0], "the exact bytes, NUL-terminated")
        let text = RawPath("/calls/王芳.wav")
        #expect(text.isUTF8 && text.text == "/calls/王芳.wav")
        #expect(RawPath("/calls/.hidden").pathExtension == "", "a leading dot is a hidden name, not an extension")
    }

    @Test func standardizingIsLexicalAndKeepsUndecodableComponents() {
        let raw = RawPath(bytes: Array("/a/./b/../".utf8) + Self.gbk + Array("//x.wav/".utf8))
        #expect(raw.standardized.bytes == Array("/a/".utf8) + Self.gbk + Array("/x.wav".utf8))
        #expect(RawPath("/../a").standardized == RawPath("/a"))
        #expect(RawPath("../a/../../b").standardized == RawPath("../../b"))
        #expect(RawPath("/calls").appending(Self.gbk).bytes == Array("/calls/".utf8) + Self.gbk)
        #expect(RawPath("/").appending(Array("a".utf8)) == RawPath("/a"))
    }
}
