import Foundation

/// libmpg123 (inside libsndfile) prints its own lines ("Note: Illegal Audio-MPEG-Header …") straight to
/// stderr, naming no file; on the desk they would be drawn over the screen. While any MP3 is being opened or
/// decoded, fd 2 points at /dev/null; the first to enter redirects, the last to leave restores.
enum QuietStderr {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var depth = 0
    nonisolated(unsafe) private static var saved: Int32 = -1

    static func run<T>(_ body: () throws -> T) rethrows -> T {
        enter()
        defer { leave() }
        return try body()
    }

    private static func enter() {
        lock.lock()
        defer { lock.unlock() }
        depth += 1
        guard depth == 1 else { return }
        fflush(nil)  // every stream: stderr itself is shared mutable state to Swift 6
        saved = dup(STDERR_FILENO)
        let null = open("/dev/null", O_WRONLY | O_CLOEXEC)
        if null >= 0 {
            dup2(null, STDERR_FILENO)
            close(null)
        }
    }

    private static func leave() {
        lock.lock()
        defer { lock.unlock() }
        depth -= 1
        guard depth == 0, saved >= 0 else { return }
        fflush(nil)  // every stream: stderr itself is shared mutable state to Swift 6
        dup2(saved, STDERR_FILENO)
        close(saved)
        saved = -1
    }
}
