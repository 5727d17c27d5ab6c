import Foundation

/// A value shared between threads, touched only inside `withLock`.
///
/// A class, so a background thread's closure and its owner can both hold it (a `Synchronization.Mutex` is
/// non-copyable and needs a box for that anyway).
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
