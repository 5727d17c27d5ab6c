import Foundation

/// A private PulseAudio server with a null sink, for the one test that needs a device that can die.
/// (The bench has its own copy: test and bench targets share no code.)
final class PulseNullSink {
    let folder: URL
    private var pid: pid_t = 0

    static var isInstalled: Bool {
        (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":")
            .contains { FileManager.default.isExecutableFile(atPath: "\($0)/pulseaudio") }
    }

    /// Starts the server in `folder` and points this process's PulseAudio clients at it.
    init(folder: URL) throws {
        self.folder = folder
        for key in ["PULSE_RUNTIME_PATH", "PULSE_STATE_PATH", "PULSE_CONFIG_PATH"] { setenv(key, folder.path, 1) }
        let args = ["pulseaudio", "-n", "--daemonize=no", "--exit-idle-time=-1", "--use-pid-file=no",
                    "--log-target=file:\(folder.path)/pulse.log",
                    "--load=module-null-sink", "--load=module-native-protocol-unix"]
        // posix_spawn, not Process: Foundation reaps children one blocking wait at a time, so a server
        // started through Process would keep later Process calls (sox) from ever returning.
        var cArgs: [UnsafeMutablePointer<CChar>?] = args.map { strdup($0) } + [nil]
        defer { cArgs.forEach { free($0) } }
        let status = posix_spawnp(&pid, "pulseaudio", nil, nil, &cArgs, environ)
        guard status == 0 else { throw PulseError.start(String(cString: strerror(status))) }
        let socket = folder.appendingPathComponent("native").path
        let deadline = Date().addingTimeInterval(10)
        while !FileManager.default.fileExists(atPath: socket) {
            if Date() > deadline { stop(); throw PulseError.start("no socket after 10 s") }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    func stop() {
        guard pid > 0 else { return }
        kill(pid, SIGTERM)
        var code: Int32 = 0
        waitpid(pid, &code, 0)
        pid = 0
    }

    deinit { stop() }

    enum PulseError: Error { case start(String) }
}
