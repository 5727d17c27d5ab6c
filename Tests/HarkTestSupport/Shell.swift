import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Result of running a program.
public struct ProcessResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
}

/// Runs programs for tests (sox, espeak-ng, the hark binary) and captures their output.
public enum Shell {
    /// Runs `executable` (looked up on PATH when not absolute) with `arguments`.
    @discardableResult
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                           currentDirectory: String? = nil) throws -> ProcessResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable] + arguments
        if let environment {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read before waiting so a chatty child never blocks on a full pipe.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return ProcessResult(status: process.terminationStatus,
                             stdout: String(decoding: outData, as: UTF8.self),
                             stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Runs a command that leaves a daemon behind (e.g. `tmux new-session -d`) and returns its exit status.
    public static func status(_ executable: String, _ arguments: [String]) throws -> Int32 {
        let pid = try spawn(executable, arguments)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        // WIFEXITED / WEXITSTATUS are macros Swift cannot import.
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    /// Starts a command and returns its pid without waiting (servers the test stops itself).
    ///
    /// posix_spawn rather than `Process`: Foundation notices a child's exit when a socket it hands the child
    /// closes, so a daemon that inherits that socket (ours or a concurrently running test's) makes `Process`
    /// wait for the daemon. The child therefore gets /dev/null for its standard streams, no other descriptor
    /// of ours, no blocked signals (a TUI under a tmux started with SIGWINCH blocked never hears of resizes)
    /// and default signal handlers.
    public static func spawn(_ executable: String, _ arguments: [String]) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for fd: Int32 in 0...2 {
            posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0)
        }
        // glibc ≥ 2.34 has it, but its header hides it behind _GNU_SOURCE, so Swift cannot see it.
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        if let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") {
            _ = unsafeBitCast(symbol, to: CloseFrom.self)(&actions, 3)
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawnp(&pid, executable, &actions, &attributes, argv, environ)
        if rc != 0 { throw ShellError.failed("\(executable): \(String(cString: strerror(rc)))") }
        return pid
    }

    /// Runs sox with `arguments`, throwing with its stderr on failure.
    public static func sox(_ arguments: [String]) throws {
        let r = try run("sox", arguments)
        if r.status != 0 { throw ShellError.failed("sox \(arguments.joined(separator: " ")): \(r.stderr)") }
    }
}

public enum ShellError: Error, CustomStringConvertible {
    case failed(String)
    public var description: String { if case let .failed(s) = self { return s }; return "" }
}
