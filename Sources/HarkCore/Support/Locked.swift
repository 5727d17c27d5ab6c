import Foundation

/// A value shared between threads, touched only inside `withLock`.
///
/// Used instead of `Synchronization.Mutex` for state shared with background threads: with the Swift 6
/// toolchain on these machines, a `Mutex` holding a value with array payloads inside a class corrupted the
/// heap under the parallel test run (glibc "unaligned tcache chunk"), reproducibly, while this lock did not.
/// `@unchecked Sendable`: `value` is only read or written while `lock` is held.
public final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    public init(_ value: Value) { self.value = value }

    /// Runs `body` with exclusive access to the value.
    public func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
