#if canImport(Glibc)
import Glibc
#endif

/// A delivery's reason for failing, without the sink's name (the sink puts that in front).
struct SinkFailure: Error {
    var reason: String

    init(_ reason: String) { self.reason = reason }

    /// "cannot open: Permission denied" from errno as it is now.
    static func errno(_ what: String) -> SinkFailure {
        SinkFailure("\(what): \(String(cString: strerror(Glibc.errno)))")
    }
}
