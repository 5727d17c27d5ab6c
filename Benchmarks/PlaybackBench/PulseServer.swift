import Foundation

/// A private PulseAudio server with a null sink: a real-time paced output that needs no sound card.
/// Its runtime folder is private, so it never meets another PulseAudio on the machine; ALSA's `pulse`
/// device finds it through PULSE_RUNTIME_PATH, which `start()` sets for this process.
final class PulseServer {
    let folder: URL
    private var pid: pid_t = 0

    init(folder: URL) {
        self.folder = folder
    }

    /// Starts the server and waits (up to 10 s) for its socket.
    func start() throws {
        for key in ["PULSE_RUNTIME_PATH", "PULSE_STATE_PATH", "PULSE_CONFIG_PATH"] { setenv(key, folder.path, 1) }
        let args = ["pulseaudio", "-n", "--daemonize=no", "--exit-idle-time=-1", "--use-pid-file=no",
                    "--log-target=file:\(folder.path)/pulse.log",
                    "--load=module-null-sink", "--load=module-native-protocol-unix"]
        // posix_spawn rather than Process: Foundation's Process reaps children with one blocking wait at a
        // time, so a long-lived server started through it keeps every later Process (sox) from finishing.
        var cArgs: [UnsafeMutablePointer<CChar>?] = args.map { strdup($0) } + [nil]
        defer { cArgs.forEach { free($0) } }
        let status = posix_spawnp(&pid, "pulseaudio", nil, nil, &cArgs, environ)
        guard status == 0 else { throw BenchError("cannot start pulseaudio: \(String(cString: strerror(status)))") }
        let socket = folder.appendingPathComponent("native").path
        let deadline = Date().addingTimeInterval(10)
        while !FileManager.default.fileExists(atPath: socket) {
            var code: Int32 = 0
            if waitpid(pid, &code, WNOHANG) != 0 { pid = 0; throw BenchError("pulseaudio exited; see \(folder.path)/pulse.log") }
            if Date() > deadline { stop(); throw BenchError("pulseaudio did not come up in 10 s") }
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
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
