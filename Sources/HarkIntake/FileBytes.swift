import Foundation
import HarkCore

/// Reads files named by their bytes (`RawPath`), which FileHandle and `Data(contentsOf:)` cannot open when the
/// name is not UTF-8. Errors are the reason only; callers put the path in front.
enum FileBytes {
    struct Failure: Error, CustomStringConvertible {
        var description: String
        /// open(2) found nothing at the path.
        var missing = false
    }

    /// Calls `body` with the file's bytes, a chunk at a time (a recording is never held whole for hashing).
    static func forEachChunk(of path: RawPath, size: Int = 1 << 20, _ body: (UnsafeRawBufferPointer) -> Void) throws {
        let fd = path.withCString { open($0, O_RDONLY | O_CLOEXEC) }
        guard fd >= 0 else { throw failure("cannot open for reading") }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: size)
        while true {
            let got = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, size) }
            if got < 0 {
                if errno == EINTR { continue }
                throw failure("cannot read")
            }
            if got == 0 { return }
            buffer.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0.prefix(got))) }
        }
    }

    /// The whole file; nil when there is none (a missing sidecar is the common case, not an error).
    static func contents(of path: RawPath) throws -> Data? {
        var data = Data()
        do {
            try forEachChunk(of: path, size: 1 << 16) { data.append(contentsOf: $0) }
        } catch let failure as Failure where failure.missing {
            return nil
        }
        return data
    }

    private static func failure(_ what: String) -> Failure {
        let code = errno
        return Failure(description: "\(what): \(String(cString: strerror(code)))", missing: code == ENOENT)
    }
}
