import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A blocking HTTP/1.1 POST over a plain TCP socket, one request per connection (`Connection: close`), the whole
/// exchange inside one timeout. No proxy, no redirect, no keep-alive: a webhook on the LAN needs none of them.
enum HTTPPost {
    /// The response's status code.
    static func post(_ target: HTTPTarget, body: Data, timeout: Double) throws(SinkFailure) -> Int {
        let deadline = Deadline(seconds: timeout)
        let fd = try connect(target, deadline)
        defer { close(fd) }
        var request = "POST \(target.requestTarget) HTTP/1.1\r\nHost: \(target.hostHeader)\r\n"
        for (field, value) in target.headers(contentLength: body.count) { request += "\(field): \(value)\r\n" }
        request += "Connection: close\r\n\r\n"
        var bytes = Data(request.utf8)
        bytes.append(body)
        do {
            try send(fd, bytes, deadline)
        } catch {
            // A server may answer (413, 401) and close before taking the whole body; its answer says more.
            if let status = try? readStatus(fd, deadline) { return status }
            throw error
        }
        return try readStatus(fd, deadline)
    }

    private static func connect(_ target: HTTPTarget, _ deadline: Deadline) throws(SinkFailure) -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        // getaddrinfo has no timeout of its own; a hung resolver can outlast ours.
        let rc = getaddrinfo(target.host, String(target.port), &hints, &list)
        guard rc == 0, let list else {
            throw SinkFailure("cannot resolve \(target.host): \(String(cString: gai_strerror(rc)))")
        }
        defer { freeaddrinfo(list) }
        // Every address in turn ("localhost" is ::1 and 127.0.0.1; the server may listen on one only).
        var failure = SinkFailure("no address for \(target.host)")
        var next: UnsafeMutablePointer<addrinfo>? = list
        while let info = next {
            next = info.pointee.ai_next
            let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype | Int32(SOCK_CLOEXEC.rawValue),
                            info.pointee.ai_protocol)
            if fd < 0 {
                failure = SinkFailure.errno("cannot make a socket")
                continue
            }
            _ = fcntl(fd, F_SETFL, O_NONBLOCK)
            if Glibc.connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 { return fd }
            if errno == EINPROGRESS || errno == EINTR {
                guard wait(fd, for: POLLOUT, deadline) else {
                    close(fd)
                    throw timedOut(deadline)
                }
                var error: Int32 = 0
                var length = socklen_t(MemoryLayout<Int32>.size)
                getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length)
                if error == 0 { return fd }
                errno = error
            }
            failure = reason(errno)
            close(fd)
        }
        throw failure
    }

    private static func send(_ fd: Int32, _ bytes: Data, _ deadline: Deadline) throws(SinkFailure) {
        var sent = 0
        while sent < bytes.count {
            // MSG_NOSIGNAL: a server that hangs up mid-request is an EPIPE here, never a SIGPIPE that kills hark.
            let n = bytes.withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress! + sent, $0.count - sent, Int32(MSG_NOSIGNAL))
            }
            if n >= 0 {
                sent += n
            } else if errno == EAGAIN || errno == EINTR {
                guard wait(fd, for: POLLOUT, deadline) else { throw timedOut(deadline) }
            } else {
                throw reason(errno)
            }
        }
    }

    /// Reads up to the final status line (skipping any 1xx interim answer) and returns its code.
    private static func readStatus(_ fd: Int32, _ deadline: Deadline) throws(SinkFailure) -> Int {
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        let crlf: [UInt8] = [13, 10], blankLine: [UInt8] = [13, 10, 13, 10]
        while true {
            if let lineEnd = buffer.firstRange(of: crlf) {
                let status = try statusCode(buffer[..<lineEnd.lowerBound])
                if !(100...199).contains(status) || status == 101 { return status }
                if let headEnd = buffer.firstRange(of: blankLine) {
                    buffer.removeSubrange(..<headEnd.upperBound)
                    continue
                }
            }
            if buffer.count > 65536 { throw SinkFailure("response header too long") }
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n > 0 {
                buffer += chunk.prefix(n)
            } else if n == 0 {
                throw SinkFailure(buffer.isEmpty ? "connection closed without a response" : "response cut short")
            } else if errno == EAGAIN || errno == EINTR {
                guard wait(fd, for: POLLIN, deadline) else { throw timedOut(deadline) }
            } else {
                throw reason(errno)
            }
        }
    }

    /// "HTTP/1.1 204 No Content" → 204.
    private static func statusCode(_ line: ArraySlice<UInt8>) throws(SinkFailure) -> Int {
        let parts = String(decoding: line, as: UTF8.self).split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/"), parts[1].count == 3, let code = Int(parts[1]) else {
            throw SinkFailure("not an HTTP response")
        }
        return code
    }

    /// False when the deadline passed first.
    private static func wait(_ fd: Int32, for event: Int32, _ deadline: Deadline) -> Bool {
        while true {
            var entry = pollfd(fd: fd, events: Int16(event), revents: 0)
            let ms = deadline.pollMilliseconds()
            let rc = poll(&entry, 1, ms)
            if rc > 0 { return true }
            if rc < 0 && errno == EINTR { continue }
            if rc < 0 || ms == 0 { return rc < 0 }
        }
    }

    private static func timedOut(_ deadline: Deadline) -> SinkFailure {
        SinkFailure("timed out after \(deadline.text)")
    }

    /// "connection refused", as the rest of a one-line reason reads.
    private static func reason(_ code: Int32) -> SinkFailure {
        let text = String(cString: strerror(code))
        return SinkFailure(text.prefix(1).lowercased() + text.dropFirst())
    }
}
