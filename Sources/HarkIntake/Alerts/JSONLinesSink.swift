import Foundation
import HarkCore
#if canImport(Glibc)
import Glibc
#endif

/// Appends each alert as one line of JSON to a file.
public struct JSONLinesSink: AlertSink {
    public let path: String
    public var name: String { "jsonl:\(path)" }

    public init(path: String) { self.path = path }

    public func deliver(_ alert: Alert) throws {
        var line = alert.jsonLine
        line.append(0x0A)
        // O_APPEND with the whole line in one write(2) keeps lines from concurrent writers (other hark processes,
        // log shippers) whole. 0600: alerts quote what was said on the call.
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw failure("cannot open") }
        defer { close(fd) }
        try line.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < bytes.count {
                let n = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw failure("cannot write")
                }
                // Only a short write (a signal, a nearly full disk) loops: finishing the line beats leaving half
                // of one for the next alert to be glued onto.
                offset += n
            }
        }
        // The caller records the delivery as done once this returns; a crash just after must not lose the line.
        // EINVAL: a pipe or terminal (/dev/stdout), which has nothing to sync.
        while fsync(fd) != 0 {
            if errno == EINTR { continue }
            if errno == EINVAL { break }
            throw failure("cannot sync")
        }
    }

    private func failure(_ what: String) -> AlertSinkError {
        AlertSinkError("\(path): \(what): \(String(cString: strerror(errno)))")
    }
}
