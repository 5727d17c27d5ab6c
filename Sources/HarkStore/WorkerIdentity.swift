import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Names a worker "host:pid:slot", so the queue can tell whether a `running` job's process still exists.
public enum WorkerIdentity {
    public static func name(slot: Int) -> String {
        "\(ProcessInfo.processInfo.hostName):\(getpid()):\(slot)"
    }

    /// False only when the worker provably is gone: it ran on this host and its process no longer exists.
    static func isAlive(_ worker: String?) -> Bool {
        guard let parts = worker?.split(separator: ":"), parts.count == 3,
              String(parts[0]) == ProcessInfo.processInfo.hostName, let pid = pid_t(parts[1]) else { return true }
        if pid == getpid() { return true }
        return kill(pid, 0) == 0 || errno != ESRCH
    }
}
