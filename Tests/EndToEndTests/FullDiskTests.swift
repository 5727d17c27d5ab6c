import Foundation
import HarkCore
import HarkStore
import HarkTestSupport
import Testing

/// A store on a full disk: `hark work` must say so in one line and exit within seconds (it used to retry
/// for ever), leave the queued call as it was, and finish it once space is freed. A tiny tmpfs stands for the
/// full disk (needs root, as CI has; skipped elsewhere).
/// Whether this machine lets the tests mount a small tmpfs (root outside a locked-down container).
enum Tmpfs {
    static let canMount: Bool = {
        guard getuid() == 0, let dir = try? TemporaryDirectory() else { return false }
        guard (try? Shell.run("/bin/mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", dir.url.path]))?.status == 0 else {
            return false
        }
        _ = try? Shell.run("/bin/umount", [dir.url.path])
        return true
    }()
}

@Suite(.enabled(if: FileManager.default.fileExists(atPath: Paths.modelsFolder + "/whisper-base") && Tmpfs.canMount,
                "needs models and the right to mount a tmpfs (root)"))
struct FullDiskTests {
    @Test func workOnAFullDiskStopsWithOneLineAndResumesWhenSpaceIsFreed() throws {
        let dir = try TemporaryDirectory()
        let disk = dir.path("disk")
        try FileManager.default.createDirectory(atPath: disk, withIntermediateDirectories: true)
        let mounted = try Shell.run("/bin/mount", ["-t", "tmpfs", "-o", "size=2m", "tmpfs", disk])
        try #require(mounted.status == 0, "cannot mount a tmpfs: \(mounted.stderr)")
        defer { _ = try? Shell.run("/bin/umount", ["-l", disk]) }

        let audio = dir.path("call.wav")
        _ = try SpokenAudio.speech("I want to cancel my subscription please.", to: audio)
        let store = "\(disk)/calls.sqlite"
        let imported = try Shell.run(Paths.harkBinary, ["import", "--store", store, audio])
        try #require(imported.status == 0, "\(imported.stdout)\(imported.stderr)")
        // Fill what is left of the disk. The first round keeps a connection open, so the store's -wal and -shm
        // files exist and `work` gets as far as claiming a job; the second finds none and cannot even open.
        var holder: CallStore? = try CallStore(path: store)
        _ = try holder?.jobCounts()
        _ = try Shell.run("/bin/sh", ["-c", "cat /dev/zero > \(disk)/filler 2>/dev/null; true"])
        for round in 0..<2 {
            let started = Date()
            let full = try Shell.run(Paths.harkBinary, ["work", "--store", store], environment: ["HARK_MODELS": Paths.modelsFolder])
            let seconds = Date().timeIntervalSince(started)
            #expect(full.status != 0, "round \(round)")
            #expect(seconds < 30, "round \(round) took \(seconds) s")
            let lines = full.stderr.split(separator: "\n").filter { $0.contains("calls.sqlite") }
            #expect(lines.count == 1 && lines.first?.contains("disk is full") == true, "round \(round): \(full.stderr)")
            holder = nil
        }

        try FileManager.default.removeItem(atPath: "\(disk)/filler")
        let again = try Shell.run(Paths.harkBinary, ["work", "--store", store], environment: ["HARK_MODELS": Paths.modelsFolder])
        #expect(again.status == 0, "\(again.stdout)\(again.stderr)")
        let calls = try CallStore(path: store)
        #expect(try calls.calls().map(\.call.status) == [.done])
        #expect(try calls.jobs().allSatisfy { $0.state == .done })
    }
}
