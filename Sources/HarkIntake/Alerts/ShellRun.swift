import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One run of `/bin/sh -c COMMAND` in a process group of its own: `input` on its standard input, standard output
/// to /dev/null, the start of its standard error kept, killed (the whole group) when it outlives the deadline.
struct ShellRun {
    enum Outcome: Equatable {
        case exited(Int32)
        case signalled(Int32)
        case timedOut
    }

    var outcome: Outcome
    /// The first non-empty line the command wrote to standard error.
    var stderrLine: String?

    /// How much standard error is kept; the rest is read and dropped so a chatty command never blocks on it.
    private static let stderrKept = 4096

    static func run(_ command: String, input: Data, setting variables: [(String, String)],
                    timeout: Double) throws(SinkFailure) -> ShellRun {
        var stdinPipe: [Int32] = [-1, -1], stderrPipe: [Int32] = [-1, -1]
        guard makePipe(&stdinPipe) else { throw SinkFailure.errno("cannot make a pipe") }
        guard makePipe(&stderrPipe) else {
            let failure = SinkFailure.errno("cannot make a pipe")
            close(stdinPipe[0]); close(stdinPipe[1])
            throw failure
        }
        let pid: pid_t
        do {
            defer { close(stdinPipe[0]); close(stderrPipe[1]) }
            pid = try spawn(command, stdin: stdinPipe[0], stderr: stderrPipe[1], setting: variables)
        } catch {
            close(stdinPipe[1]); close(stderrPipe[0])
            throw error
        }
        var writeEnd = stdinPipe[1], readEnd = stderrPipe[0]
        defer {
            if writeEnd >= 0 { close(writeEnd) }
            if readEnd >= 0 { close(readEnd) }
        }
        _ = fcntl(writeEnd, F_SETFL, O_NONBLOCK)
        _ = fcntl(readEnd, F_SETFL, O_NONBLOCK)

        let deadline = Deadline(seconds: timeout)
        var written = 0
        var stderrBytes: [UInt8] = []
        var status: Int32 = 0
        while true {
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid { break }
            if reaped < 0 && errno != EINTR {
                // ECHILD: something else in the process reaps children (SIGCHLD ignored); the group may still run.
                let reason = SinkFailure.errno("cannot wait for the command")
                kill(-pid, SIGKILL)
                throw reason
            }
            if deadline.passed {
                kill(-pid, SIGKILL)
                while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
                return ShellRun(outcome: .timedOut, stderrLine: firstLine(stderrBytes))
            }
            var fds: [pollfd] = []
            if writeEnd >= 0 { fds.append(pollfd(fd: writeEnd, events: Int16(POLLOUT), revents: 0)) }
            if readEnd >= 0 { fds.append(pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)) }
            // Short ticks: the exit is noticed by waitpid, not by the pipes, which a background grandchild may hold.
            let tick = max(1, deadline.pollMilliseconds(cap: 20))
            if fds.isEmpty {
                usleep(useconds_t(tick) * 1000)
                continue
            }
            if poll(&fds, nfds_t(fds.count), tick) <= 0 { continue }
            for entry in fds where entry.revents != 0 {
                if entry.fd == writeEnd {
                    if !feed(writeEnd, input, &written) {
                        close(writeEnd)
                        writeEnd = -1
                    }
                } else if !drain(readEnd, into: &stderrBytes) {
                    close(readEnd)
                    readEnd = -1
                }
            }
        }
        if readEnd >= 0 { _ = drain(readEnd, into: &stderrBytes) }
        // WIFEXITED and friends are macros Swift cannot import.
        let signal = status & 0x7f
        let outcome: Outcome = signal == 0 ? .exited((status >> 8) & 0xff) : .signalled(signal)
        return ShellRun(outcome: outcome, stderrLine: firstLine(stderrBytes))
    }

    private static func spawn(_ command: String, stdin: Int32, stderr: Int32,
                              setting variables: [(String, String)]) throws(SinkFailure) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdin, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, stderr, 2)
        // Descriptors opened without O_CLOEXEC elsewhere in the process (a database, a socket) stay ours.
        // glibc ≥ 2.34 has it, but its header hides it behind _GNU_SOURCE.
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        if let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") {
            _ = unsafeBitCast(symbol, to: CloseFrom.self)(&actions, 3)
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Its own process group, so a timeout kills what the shell started too. Default signal handling and an
        // empty mask: the command must not inherit an ignored SIGPIPE or a blocked SIGTERM from us.
        posix_spawnattr_setpgroup(&attributes, 0)
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        let flags = POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF
        posix_spawnattr_setflags(&attributes, Int16(flags))
        let words: [String] = ["sh", "-c", command]
        let argv = words.map { strdup($0) } + [nil]
        let added = variables.map { strdup("\($0.0)=\($0.1)") }
        defer {
            argv.forEach { free($0) }
            added.forEach { free($0) }
        }
        // Our environment as it is, bytes untouched (a value need not be UTF-8), less what we set.
        let prefixes = variables.map { Array("\($0.0)=".utf8CString.dropLast()) }
        var envp: [UnsafeMutablePointer<CChar>?] = []
        var cursor = environ
        while let entry = cursor.pointee {
            if !prefixes.contains(where: { strncmp(entry, $0, $0.count) == 0 }) { envp.append(entry) }
            cursor += 1
        }
        envp += added + [nil]
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, "/bin/sh", &actions, &attributes, argv, envp)
        if rc != 0 { throw SinkFailure("cannot start /bin/sh: \(String(cString: strerror(rc)))") }
        return pid
    }

    /// A pipe that is close-on-exec from the start: another thread spawning at the same moment (Foundation's
    /// Process, say) must not inherit our ends, or the command's stdin would never see end of file.
    private static func makePipe(_ fds: inout [Int32]) -> Bool {
        // glibc has pipe2 but hides it behind _GNU_SOURCE, as with closefrom above.
        typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32
        if let symbol = dlsym(nil, "pipe2") {
            return unsafeBitCast(symbol, to: Pipe2.self)(&fds, O_CLOEXEC) == 0
        }
        guard pipe(&fds) == 0 else { return false }
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        return true
    }

    /// Writes what the pipe takes now; false once there is nothing more to write or the command stopped reading.
    private static func feed(_ fd: Int32, _ input: Data, _ written: inout Int) -> Bool {
        while written < input.count {
            let n = input.withUnsafeBytes { bytes in
                writeIgnoringSIGPIPE(fd, bytes.baseAddress! + written, bytes.count - written)
            }
            if n > 0 { written += n; continue }
            if n < 0 && errno == EINTR { continue }
            // EAGAIN: the pipe is full, poll again. EPIPE: the command never reads its input, which is its right.
            return n < 0 && errno == EAGAIN
        }
        return false
    }

    /// write(2) with SIGPIPE blocked in this thread and any SIGPIPE it raised consumed, so a command that closed
    /// its input yields EPIPE instead of killing hark, without changing the signal's disposition for the process.
    private static func writeIgnoringSIGPIPE(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
        var pipeOnly = sigset_t(), previous = sigset_t(), pending = sigset_t()
        sigemptyset(&pipeOnly)
        sigaddset(&pipeOnly, SIGPIPE)
        pthread_sigmask(SIG_BLOCK, &pipeOnly, &previous)
        sigpending(&pending)
        let alreadyPending = sigismember(&pending, SIGPIPE) == 1
        let n = write(fd, bytes, count)
        let saved = errno
        if n < 0 && saved == EPIPE && !alreadyPending {
            var now = timespec(tv_sec: 0, tv_nsec: 0)
            while sigtimedwait(&pipeOnly, nil, &now) < 0 && errno == EINTR {}
        }
        pthread_sigmask(SIG_SETMASK, &previous, nil)
        errno = saved
        return n
    }

    /// Reads what is there; false at end of file or on an error.
    private static func drain(_ fd: Int32, into kept: inout [UInt8]) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n > 0 {
                kept.append(contentsOf: chunk.prefix(min(n, max(0, stderrKept - kept.count))))
                continue
            }
            if n < 0 && errno == EINTR { continue }
            return n < 0 && errno == EAGAIN
        }
    }

    private static func firstLine(_ bytes: [UInt8]) -> String? {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let line = text.split(whereSeparator: \.isNewline)
            .map({ $0.trimmingCharacters(in: .whitespaces) })
            .first(where: { !$0.isEmpty }) else { return nil }
        return line.count > 200 ? String(line.prefix(200)) + "…" : line
    }
}
