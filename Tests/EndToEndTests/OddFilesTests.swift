import Foundation
import HarkTestSupport
import Testing

/// Odd files get one line each, naming the file and what it is, and no library writes lines of its own.
@Suite struct OddFilesTests {
    @Test func fifosRandomMP3sAndLinkLoopsAreNamedPlainly() throws {
        let dir = try TemporaryDirectory()
        let fifo = dir.path("pipe.wav"), mp3 = dir.path("random.mp3"), loop = dir.path("loop1.wav")
        #expect(mkfifo(fifo, 0o600) == 0)
        // The same "random" bytes every run (a linear congruential sequence), so the file never decodes by luck.
        var x: UInt32 = 2026
        let bytes = (0..<5000).map { _ -> UInt8 in
            x = x &* 1_103_515_245 &+ 12_345
            return UInt8(truncatingIfNeeded: x >> 16)
        }
        try Data(bytes).write(to: URL(fileURLWithPath: mp3))
        #expect(symlink("loop2.wav", loop) == 0 && symlink("loop1.wav", dir.path("loop2.wav")) == 0)

        let r = try Shell.run(Paths.harkBinary, ["import", "--store", dir.path("s.sqlite"), fifo, mp3, loop])
        #expect(r.status == 1)
        #expect(r.stdout.contains("\(fifo): cannot read audio: not a regular file (a FIFO)"), "\(r.stdout)")
        #expect(r.stdout.contains("\(mp3): cannot read audio: not a recording in a format libsndfile reads"), "\(r.stdout)")
        #expect(r.stdout.contains("\(loop): cannot read audio: symbolic link loop"), "\(r.stdout)")
        #expect(!r.stderr.contains("Note:") && !r.stdout.contains("Note:"), "\(r.stderr)")
    }
}
