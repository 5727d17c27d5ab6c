import Foundation
import HarkCore
@testable import HarkIntake
import HarkTestSupport
import Testing

/// Each test runs with inotify and with polling (every 50 ms), on real files.
@Suite struct FileWatcherTests {
    static let modes = [false, true]

    static func watcher(_ dir: TemporaryDirectory, polling: Bool, keep: @escaping (RawPath) -> Bool = { _ in true }) throws -> FileWatcher {
        let watcher = try FileWatcher(folders: [RawPath(dir.url.path)], polling: polling, pollInterval: 0.05, keep: keep)
        #expect(watcher.usesInotify == !polling, "\(watcher.pollingReason ?? "")")
        return watcher
    }

    /// Events until `done` holds for those gathered (or 2 s pass).
    static func gather(_ watcher: FileWatcher, until done: ([FileWatcher.Event]) -> Bool) -> [FileWatcher.Event] {
        var all: [FileWatcher.Event] = []
        let deadline = Date().addingTimeInterval(2)
        while !done(all) && Date() < deadline { all += watcher.next(timeout: 0.1) }
        return all
    }

    static func path(_ dir: TemporaryDirectory, _ name: String) -> RawPath { RawPath(dir.path(name)) }

    static func write(_ fd: Int32, _ text: String) {
        #expect(Array(text.utf8).withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) } == text.utf8.count)
    }

    @Test(arguments: modes)
    func aFileAppearsGrowsIsClosedAndRemoved(polling: Bool) throws {
        let dir = try TemporaryDirectory()
        let watcher = try Self.watcher(dir, polling: polling)
        #expect(watcher.next(timeout: 0.1).isEmpty)
        let file = Self.path(dir, "call.wav")
        let fd = open(dir.path("call.wav"), O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        #expect(fd >= 0)
        #expect(Self.gather(watcher) { $0.contains(.appeared(file)) }.contains(.appeared(file)))
        Self.write(fd, "RIFF")
        let grew = Self.gather(watcher) { $0.contains(.grew(file)) }
        #expect(grew == [.grew(file)])
        Self.write(fd, "more")
        close(fd)
        let closed = Self.gather(watcher) { $0.contains(polling ? .grew(file) : .closed(file)) }
        #expect(closed == (polling ? [.grew(file)] : [.grew(file), .closed(file)]), "each path once per kind")
        unlink(dir.path("call.wav"))
        #expect(Self.gather(watcher) { $0.contains(.removed(file)) } == [.removed(file)])
        #expect(watcher.next(timeout: 0.15).isEmpty)
    }

    /// A recorder that writes `x.tmp` and renames it `x.wav` when done, also over an older `x.wav`.
    @Test(arguments: modes)
    func aFileRenamedIntoPlaceAppears(polling: Bool) throws {
        let dir = try TemporaryDirectory()
        try Data("old".utf8).write(to: dir.url.appendingPathComponent("y.wav"))
        let watcher = try Self.watcher(dir, polling: polling) { $0.pathExtension == "wav" }
        try Data("done".utf8).write(to: dir.url.appendingPathComponent("x.tmp"))
        try Data("newer".utf8).write(to: dir.url.appendingPathComponent("y.tmp"))
        #expect(rename(dir.path("x.tmp"), dir.path("x.wav")) == 0)
        #expect(rename(dir.path("y.tmp"), dir.path("y.wav")) == 0)
        let x = Self.path(dir, "x.wav"), y = Self.path(dir, "y.wav")
        let events = Self.gather(watcher) { $0.contains(.appeared(x)) && $0.contains(.appeared(y)) }
        #expect(events.contains(.appeared(x)) && events.contains(.appeared(y)))
        #expect(!events.contains { "\($0)".contains(".tmp") }, "\(events)")
        // Moved away is removed.
        #expect(rename(dir.path("x.wav"), dir.path("x.done")) == 0)
        #expect(Self.gather(watcher) { $0.contains(.removed(x)) }.contains(.removed(x)))
    }

    @Test(arguments: modes)
    func newSubfoldersAreWatchedAndHiddenOnesAreNot(polling: Bool) throws {
        let dir = try TemporaryDirectory()
        try FileManager.default.createDirectory(at: dir.url.appendingPathComponent("old"), withIntermediateDirectories: true)
        let watcher = try Self.watcher(dir, polling: polling)
        let fm = FileManager.default
        try fm.createDirectory(at: dir.url.appendingPathComponent("2024/05"), withIntermediateDirectories: true)
        try fm.createDirectory(at: dir.url.appendingPathComponent(".cache"), withIntermediateDirectories: true)
        try Data("x".utf8).write(to: dir.url.appendingPathComponent(".cache/a.wav"))
        try Data("x".utf8).write(to: dir.url.appendingPathComponent(".part.wav"))
        try Data("x".utf8).write(to: dir.url.appendingPathComponent("old/b.wav"))
        // Made elsewhere, full already, and moved in.
        let outside = try TemporaryDirectory()
        try fm.createDirectory(at: outside.url.appendingPathComponent("batch/deep"), withIntermediateDirectories: true)
        try Data("x".utf8).write(to: outside.url.appendingPathComponent("batch/deep/c.wav"))
        #expect(rename(outside.path("batch"), dir.path("batch")) == 0)
        let b = Self.path(dir, "old/b.wav"), c = Self.path(dir, "batch/deep/c.wav"), d = Self.path(dir, "2024/05/d.wav")
        var events = Self.gather(watcher) { $0.contains(.appeared(b)) && $0.contains(.appeared(c)) }
        // Into the folder made after the watcher started, written after its watch (or its scan) began.
        try Data("x".utf8).write(to: dir.url.appendingPathComponent("2024/05/d.wav"))
        events += Self.gather(watcher) { $0.contains(.appeared(d)) }
        for file in [b, c, d] { #expect(events.contains(.appeared(file)), "\(file) in \(events)") }
        #expect(!events.contains { "\($0)".contains("/.") }, "\(events)")
        #expect(watcher.existingFiles() == [d, c, b])
    }

    @Test func aMissingFolderThrowsNamingIt() throws {
        let dir = try TemporaryDirectory()
        let missing = dir.path("nowhere")
        for polling in Self.modes {
            let error = #expect(throws: FileWatcher.Failure.self) {
                try FileWatcher(folders: [RawPath(dir.url.path), RawPath(missing)], polling: polling)
            }
            #expect(error?.description == missing + ": cannot watch: No such file or directory")
        }
        try Data("x".utf8).write(to: dir.url.appendingPathComponent("file"))
        let error = #expect(throws: FileWatcher.Failure.self) { try FileWatcher(folders: [RawPath(dir.path("file"))]) }
        #expect(error?.description == dir.path("file") + ": cannot watch: not a folder")
    }

    @Test func pollingIsAskedForByTheEnvironment() {
        #expect(FileWatcher.pollingAsked(["HARK_WATCH_POLL": "1"]))
        #expect(!FileWatcher.pollingAsked(["HARK_WATCH_POLL": "0"]))
        #expect(!FileWatcher.pollingAsked([:]))
    }

    /// More events than the kernel queues (alternating files, so none merge): the lost ones are made up for by
    /// reporting every file, the untouched one too.
    @Test func aQueueOverflowReportsEveryFile() throws {
        let limit = Int((try? String(contentsOfFile: "/proc/sys/fs/inotify/max_queued_events", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? "") ?? 16384
        try #require(limit <= 100_000, "max_queued_events is \(limit): too many writes to overflow it quickly")
        let dir = try TemporaryDirectory()
        try Data("x".utf8).write(to: dir.url.appendingPathComponent("untouched.wav"))
        let watcher = try Self.watcher(dir, polling: false)
        let a = open(dir.path("a.wav"), O_WRONLY | O_CREAT | O_CLOEXEC, 0o644), b = open(dir.path("b.wav"), O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        defer { close(a); close(b) }
        for _ in 0...(limit / 2 + 10) {
            Self.write(a, "a")
            Self.write(b, "b")
        }
        let untouched = Self.path(dir, "untouched.wav")
        let events = Self.gather(watcher) { $0.contains(.grew(untouched)) }
        #expect(events.contains(.grew(untouched)))
        #expect(events.contains(.grew(Self.path(dir, "a.wav"))) && events.contains(.grew(Self.path(dir, "b.wav"))))
        #expect(watcher.usesInotify)
    }
}
