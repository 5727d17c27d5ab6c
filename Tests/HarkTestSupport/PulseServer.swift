import Foundation

/// A private PulseAudio server with a null sink: a real-time paced output that needs no sound card.
/// Its runtime folder is private, so it never meets another PulseAudio on the machine; ALSA's `pulse`
/// device finds it through PULSE_RUNTIME_PATH, which starting it sets for this process. Changing the
/// environment races with every thread that starts a process, so suites using it run in a test process of
/// their own (see `make test`).
public final class PulseServer: @unchecked Sendable {
    public let folder: URL
    // Only touched by init, stop and deinit on the owning thread.
    private var pid: pid_t = 0

    public static var isInstalled: Bool {
        (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":")
            .contains { FileManager.default.isExecutableFile(atPath: "\($0)/pulseaudio") }
    }

    /// Starts the server in `folder` and waits (up to 10 s) for its socket.
    public init(folder: URL) throws {
        self.folder = folder
        for key in ["PULSE_RUNTIME_PATH", "PULSE_STATE_PATH", "PULSE_CONFIG_PATH"] { setenv(key, folder.path, 1) }
        let args = ["pulseaudio", "-n", "--daemonize=no", "--exit-idle-time=-1", "--use-pid-file=no",
                    "--log-target=file:\(folder.path)/pulse.log",
                    "--load=module-null-sink", "--load=module-native-protocol-unix"]
        // Not through Process: a long-lived server would keep every later Process from finishing.
        pid = try Shell.spawn(args[0], Array(args.dropFirst()))
        let socket = folder.appendingPathComponent("native").path
        let deadline = Date().addingTimeInterval(10)
        while !FileManager.default.fileExists(atPath: socket) {
            var code: Int32 = 0
            if waitpid(pid, &code, WNOHANG) != 0 { pid = 0; throw ShellError.failed("pulseaudio exited; see \(folder.path)/pulse.log") }
            if Date() > deadline { stop(); throw ShellError.failed("pulseaudio did not come up in 10 s") }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    /// Stops the server (the test of a device lost mid-call calls this while a player is running).
    public func stop() {
        guard pid > 0 else { return }
        kill(pid, SIGTERM)
        var code: Int32 = 0
        waitpid(pid, &code, 0)
        pid = 0
    }

    deinit { stop() }
}
