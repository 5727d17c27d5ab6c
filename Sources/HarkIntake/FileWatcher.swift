import Foundation
import HarkCore

/// Tells `hark watch` when recordings appear, grow and are finished under its folders. inotify on Linux; where
/// it cannot be had (the per-user watch limit reached) or is no use (a network share, whose remote writes send
/// no events: `polling: true` or `HARK_WATCH_POLL=1`), every file is stat'ed each `pollInterval`. With inotify, a folder moved away
/// takes its files without a `.removed` for each (no list of files is kept); a folder moved in reports its
/// files as `.appeared`.
public final class FileWatcher {
    public enum Event: Sendable, Hashable {
        /// Created or moved into place (a rename over an existing file included).
        case appeared(RawPath)
        /// Written to.
        case grew(RawPath)
        /// Closed after writing (inotify only; polling cannot know).
        case closed(RawPath)
        case removed(RawPath)
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public let folders: [RawPath]
    public let pollInterval: Double
    /// Why inotify is not used (nil while it is).
    public private(set) var pollingReason: String?
    public var usesInotify: Bool { inotify >= 0 }

    private let keep: (RawPath) -> Bool
    private var inotify: Int32 = -1
    private var folderOf: [Int32: RawPath] = [:]
    private var watchOf: [RawPath: Int32] = [:]
    /// Events found outside the queue (a new folder's files), handed out with the next batch.
    private var pending: [Event] = []

    private struct Stamp: Equatable {
        var size: Int64, mtimeSec: Int, mtimeNsec: Int, inode: UInt64, device: UInt64
    }
    private var stamps: [RawPath: Stamp] = [:]
    private var lastScan = 0.0

    static let mask: UInt32 = UInt32(IN_CREATE | IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_DELETE_SELF)

    /// `keep` picks the files reported (`hark watch` passes the recording extensions); a folder that does not
    /// exist or cannot be read throws, one line naming it.
    public init(folders: [RawPath], polling: Bool = false, pollInterval: Double = 1,
                keep: @escaping (RawPath) -> Bool = { _ in true }) throws {
        var absolute: [RawPath] = []
        for folder in folders.map(FolderWalk.absolute) where !absolute.contains(folder) {
            var st = stat()
            guard folder.withCString({ stat($0, &st) }) == 0 else {
                throw Failure(description: "\(folder.text): cannot watch: \(String(cString: strerror(errno)))")
            }
            guard st.st_mode & S_IFMT == S_IFDIR else { throw Failure(description: "\(folder.text): cannot watch: not a folder") }
            guard let dir = folder.withCString({ opendir($0) }) else {
                throw Failure(description: "\(folder.text): cannot watch: \(String(cString: strerror(errno)))")
            }
            closedir(dir)
            absolute.append(folder)
        }
        self.folders = absolute
        self.pollInterval = max(0.01, pollInterval)
        self.keep = keep
        if polling || Self.pollingAsked(ProcessInfo.processInfo.environment) {
            startPolling(because: "polling asked for")
        } else {
            startInotify()
        }
    }

    deinit {
        if inotify >= 0 { close(inotify) }
    }

    static func pollingAsked(_ environment: [String: String]) -> Bool {
        ["1", "yes", "true"].contains(environment["HARK_WATCH_POLL"]?.lowercased() ?? "")
    }

    /// Files present now under the folders (for the first scan), sorted.
    public func existingFiles() -> [RawPath] {
        var all = Set<RawPath>()
        for folder in folders { all.formUnion(FolderWalk.files(under: folder, keep: keep).files) }
        return all.sorted { $0.bytes.lexicographicallyPrecedes($1.bytes) }
    }

    /// Waits up to `timeout` seconds for events; returns them coalesced (each path once per kind, in order).
    public func next(timeout: Double) -> [Event] {
        var events = pending
        pending = []
        if events.isEmpty {
            events = usesInotify ? waitForInotify(timeout: timeout) : waitForPoll(timeout: timeout)
        }
        events += pending
        pending = []
        var seen = Set<Event>()
        return events.filter { seen.insert($0).inserted }
    }

    // MARK: inotify

    private func startInotify() {
        inotify = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard inotify >= 0 else {
            startPolling(because: "inotify: \(String(cString: strerror(errno)))")
            return
        }
        for folder in folders {
            if let problem = watchTree(folder, reportFiles: false) {
                startPolling(because: problem)
                return
            }
        }
    }

    /// Watches `folder` and every folder below it; nil, or why inotify cannot go on (the watch limit).
    /// `reportFiles`: a folder that arrived whole (made, or moved in) may hold files written before its watch.
    private func watchTree(_ folder: RawPath, reportFiles: Bool) -> String? {
        let wd = folder.withCString { inotify_add_watch(inotify, $0, Self.mask) }
        if wd < 0 {
            switch errno {
            case ENOSPC: return "inotify watch limit reached (fs.inotify.max_user_watches)"
            case ENOMEM: return "inotify: out of memory"
            // Gone or unreadable already: nothing in it to report.
            default: return nil
            }
        }
        folderOf[wd] = folder
        watchOf[folder] = wd
        guard let (subfolders, files) = FolderWalk.entries(of: folder) else { return nil }
        if reportFiles { pending += files.filter(keep).map(Event.appeared) }
        for sub in subfolders {
            if let problem = watchTree(sub, reportFiles: reportFiles) { return problem }
        }
        return nil
    }

    private func forgetTree(_ folder: RawPath) {
        for (path, wd) in watchOf where path == folder || path.bytes.starts(with: folder.bytes + [UInt8(ascii: "/")]) {
            inotify_rm_watch(inotify, wd)
            watchOf[path] = nil
            folderOf[wd] = nil
        }
    }

    private func waitForInotify(timeout: Double) -> [Event] {
        let deadline = Self.now() + max(0, timeout)
        var fds = pollfd(fd: inotify, events: Int16(POLLIN), revents: 0)
        while true {
            let wait = Int32(max(0, min(Double(Int32.max), ((deadline - Self.now()) * 1000).rounded(.up))))
            let ready = poll(&fds, 1, wait)
            if ready < 0 && errno == EINTR { continue }
            if ready <= 0 { return [] }
            let events = drainInotify()
            // A queue that held only what is not reported (hidden files, other files) waits on; a folder
            // moved in reports its files through `pending`.
            if !events.isEmpty || !pending.isEmpty || !usesInotify || Self.now() >= deadline { return events }
        }
    }

    private func drainInotify() -> [Event] {
        var events: [Event] = []
        let size = 64 * 1024
        var buffer = [UInt8](repeating: 0, count: size)
        while usesInotify {
            let got = buffer.withUnsafeMutableBytes { read(inotify, $0.baseAddress, size) }
            if got < 0 && errno == EINTR { continue }
            if got <= 0 { break }
            var offset = 0
            while offset + 16 <= got {
                let (wd, mask, length) = buffer.withUnsafeBytes { raw in
                    (raw.loadUnaligned(fromByteOffset: offset, as: Int32.self),
                     raw.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self),
                     Int(raw.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self)))
                }
                let name = Array(buffer[(offset + 16)..<min(got, offset + 16 + length)].prefix { $0 != 0 })
                offset += 16 + length
                handle(wd: wd, mask: mask, name: name, into: &events)
                if !usesInotify { break }
            }
        }
        return events
    }

    private func handle(wd: Int32, mask: UInt32, name: [UInt8], into events: inout [Event]) {
        if mask & UInt32(IN_Q_OVERFLOW) != 0 {
            // Events were lost: every folder is watched again (some may be new) and every file reported as
            // written, for the caller to look at each.
            for folder in folders {
                if let problem = watchTree(folder, reportFiles: false) { return switchToPolling(because: problem) }
            }
            events += existingFiles().map(Event.grew)
            return
        }
        if mask & UInt32(IN_IGNORED) != 0, let folder = folderOf[wd] {
            folderOf[wd] = nil
            if watchOf[folder] == wd { watchOf[folder] = nil }
            return
        }
        guard let folder = folderOf[wd], !name.isEmpty, name.first != UInt8(ascii: ".") else { return }
        let path = folder.appending(name)
        if mask & UInt32(IN_ISDIR) != 0 {
            if mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 {
                if let problem = watchTree(path, reportFiles: true) { switchToPolling(because: problem, unseen: path) }
            } else if mask & UInt32(IN_MOVED_FROM) != 0 {
                // Its watch would go on reporting under the old name.
                forgetTree(path)
            }
            return
        }
        guard keep(path) else { return }
        if mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 { events.append(.appeared(path)) }
        if mask & UInt32(IN_MODIFY) != 0 { events.append(.grew(path)) }
        if mask & UInt32(IN_CLOSE_WRITE) != 0 { events.append(.closed(path)) }
        if mask & UInt32(IN_MOVED_FROM | IN_DELETE) != 0 { events.append(.removed(path)) }
    }

    /// inotify gave out (the watch limit reached by a new folder): the files as they stand become the polling
    /// baseline, except those under `unseen`, which nobody has reported yet and the next poll reports.
    private func switchToPolling(because reason: String, unseen: RawPath? = nil) {
        folderOf = [:]
        watchOf = [:]
        startPolling(because: reason)
        if let unseen {
            let prefix = unseen.bytes + [UInt8(ascii: "/")]
            for path in stamps.keys where path.bytes.starts(with: prefix) { stamps[path] = nil }
            pending.removeAll { event in
                if case let .appeared(path) = event { return path.bytes.starts(with: prefix) }
                return false
            }
        }
    }

    // MARK: polling

    private func startPolling(because reason: String) {
        if inotify >= 0 {
            close(inotify)
            inotify = -1
        }
        pollingReason = reason
        stamps = scan()
        lastScan = Self.now()
    }

    private func scan() -> [RawPath: Stamp] {
        var found: [RawPath: Stamp] = [:]
        for file in existingFiles() {
            var st = stat()
            guard file.withCString({ stat($0, &st) }) == 0 else { continue }
            found[file] = Stamp(size: Int64(st.st_size), mtimeSec: Int(st.st_mtim.tv_sec), mtimeNsec: Int(st.st_mtim.tv_nsec),
                                inode: UInt64(st.st_ino), device: UInt64(st.st_dev))
        }
        return found
    }

    private func waitForPoll(timeout: Double) -> [Event] {
        let deadline = Self.now() + max(0, timeout)
        while true {
            let due = lastScan + pollInterval
            let now = Self.now()
            if due > deadline {
                if deadline > now { Self.sleep(deadline - now) }
                return []
            }
            if due > now { Self.sleep(due - now) }
            let events = pollOnce()
            if !events.isEmpty || Self.now() >= deadline { return events }
        }
    }

    private func pollOnce() -> [Event] {
        let current = scan()
        lastScan = Self.now()
        var events: [Event] = []
        for (path, stamp) in current.sorted(by: { $0.key.bytes.lexicographicallyPrecedes($1.key.bytes) }) {
            guard let old = stamps[path] else {
                events.append(.appeared(path))
                continue
            }
            if old.inode != stamp.inode || old.device != stamp.device {
                events.append(.appeared(path))
            } else if old != stamp {
                events.append(.grew(path))
            }
        }
        for path in stamps.keys.sorted(by: { $0.bytes.lexicographicallyPrecedes($1.bytes) }) where current[path] == nil {
            events.append(.removed(path))
        }
        stamps = current
        return events
    }

    private static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    private static func sleep(_ seconds: Double) {
        guard seconds > 0 else { return }
        var ts = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - Double(Int(seconds))) * 1e9))
        var left = timespec()
        while nanosleep(&ts, &left) < 0 && errno == EINTR { ts = left }
    }
}
