import Foundation
import HarkCore
import HarkTestSupport
import Testing
@testable import HarkIntake
#if canImport(Glibc)
import Glibc
#endif

private func sampleAlert(call: CallID = 42, text: String = "I want a refund, this is the third time") -> Alert {
    Alert(call: call, path: "/calls/2024/01/a.wav", agent: "Ann", queue: "billing", rule: "complaint",
          category: "refund", text: text, at: 12.5, firedAt: 1_700_000_000.25, live: true)
}

private func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = ContinuousClock.now
    try body()
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

/// The error a delivery threw, as its one line.
private func failure(_ body: () throws -> Void) -> String? {
    do {
        try body()
        return nil
    } catch {
        return "\(error)"
    }
}

/// The error delivering `alert` to `sink` threw, as its one line.
private func failure(of sink: any AlertSink, _ alert: Alert = sampleAlert()) -> String? {
    failure { try sink.deliver(alert) }
}

/// Every sink's tests, under one name for `--filter AlertSinkTests`.
@Suite struct AlertSinkTests {}

/// Whether something accepts connections on 127.0.0.1:`port`, trying for up to five seconds.
private func waitUntilListening(_ port: Int) -> Bool {
    for _ in 0..<100 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        close(fd)
        if connected { return true }
        usleep(50_000)
    }
    return false
}

extension AlertSinkTests {
    @Suite struct JSONLines {
        @Test func appendsLinesThatDecodeBackPrivately() throws {
            let dir = try TemporaryDirectory()
            let path = dir.path("alerts.jsonl")
            let sink = JSONLinesSink(path: path)
            #expect(sink.name == "jsonl:\(path)")
            let first = sampleAlert(), second = sampleAlert(call: 7, text: "line\nbreak \"quoted\"")
            try sink.deliver(first)
            try sink.deliver(second)

            let contents = try String(contentsOfFile: path, encoding: .utf8)
            #expect(contents.hasSuffix("\n"))
            let lines = contents.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            #expect(lines.count == 2)
            #expect(lines.first?.contains("\"fired_at\":1700000000.25") == true)
            let decoded = try lines.map { try JSONDecoder().decode(Alert.self, from: Data($0.utf8)) }
            #expect(decoded == [first, second])

            var info = stat()
            #expect(stat(path, &info) == 0)
            #expect(info.st_mode & 0o777 == 0o600)
        }

        @Test func concurrentWritersNeverInterleave() throws {
            let dir = try TemporaryDirectory()
            let path = dir.path("alerts.jsonl")
            // Long lines: a writer that split them into several writes would be caught between another's.
            let text = String(repeating: "all work and no play ", count: 10_000)
            let writers = 4, each = 20
            let finished = DispatchGroup()
            for writer in 0..<writers {
                finished.enter()
                Thread {
                    let sink = JSONLinesSink(path: path)
                    for i in 0..<each { try? sink.deliver(sampleAlert(call: CallID(writer * 1000 + i), text: text)) }
                    finished.leave()
                }.start()
            }
            finished.wait()
            let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
            #expect(lines.count == writers * each)
            let calls = Set(try lines.map { try JSONDecoder().decode(Alert.self, from: Data($0.utf8)).call })
            #expect(calls.count == writers * each)
        }

        @Test func anUnopenableFileIsNamedInTheError() throws {
            let dir = try TemporaryDirectory()
            let path = dir.path("missing/alerts.jsonl")
            let reason = failure { try JSONLinesSink(path: path).deliver(sampleAlert()) }
            #expect(reason == "\(path): cannot open: No such file or directory")
        }
    }
}

extension AlertSinkTests {
    @Suite struct Command {
        @Test func getsTheAlertOnStandardInputAndInTheEnvironment() throws {
            let dir = try TemporaryDirectory()
            let out = dir.path("in.json"), env = dir.path("env.txt")
            let alert = sampleAlert()
            let sink = CommandSink(command: "cat > '\(out)'; "
                                   + "printf '%s %s' \"$HARK_ALERT_RULE\" \"$HARK_ALERT_CALL\" > '\(env)'")
            try sink.deliver(alert)
            var expected = alert.jsonLine
            expected.append(0x0A)
            #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == expected)
            #expect(try String(contentsOfFile: env, encoding: .utf8) == "complaint 42")
        }

        @Test func aFailingCommandThrowsItsExitStatusAndFirstErrorLine() {
            #expect(failure(of: CommandSink(command: "exit 3")) == "command exit 3: exit status 3")
            let noisy = "echo; echo '  no route to pager  ' >&2; exit 4"
            #expect(failure(of: CommandSink(command: noisy)) == "command \(noisy): exit status 4: no route to pager")
            #expect(failure(of: CommandSink(command: "kill -9 $$")) == "command kill -9 $$: killed by signal 9 (Killed)")
        }

        @Test func aCommandPastItsTimeoutIsKilledWithWhatItStarted() throws {
            let dir = try TemporaryDirectory()
            let pidFile = dir.path("pid")
            let sink = CommandSink(command: "sleep 30 & echo $! > '\(pidFile)'; wait", timeout: 1)
            var reason: String?
            let elapsed = seconds { reason = failure { try sink.deliver(sampleAlert()) } }
            #expect(reason == "command sleep 30 & echo $! > '\(pidFile)'; wait: timed out after 1 s")
            #expect(elapsed >= 0.9 && elapsed < 5)

            // The background sleep went with the shell: gone, or a zombie waiting for init to reap it.
            let written = try String(contentsOfFile: pidFile, encoding: .utf8)
            let pid = try #require(Int32(written.trimmingCharacters(in: .whitespacesAndNewlines)))
            var alive = true
            for _ in 0..<100 where alive {
                let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
                alive = stat.map { $0.split(separator: ")").last?.split(separator: " ").first != "Z" } ?? false
                if alive { usleep(20_000) }
            }
            #expect(!alive)

            let plain = seconds { reason = failure(of: CommandSink(command: "sleep 30", timeout: 1)) }
            #expect(reason == "command sleep 30: timed out after 1 s")
            #expect(plain < 5)
        }

        @Test func aCommandThatNeverReadsItsInputIsFine() throws {
            // Far more than a pipe holds: the writes meet a full pipe, then a closed one (EPIPE, and no SIGPIPE
            // killing the test process).
            let big = sampleAlert(text: String(repeating: "x", count: 1 << 20))
            try CommandSink(command: "true").deliver(big)
            try CommandSink(command: "sleep 0.2").deliver(big)
            #expect(failure { try CommandSink(command: "exit 5").deliver(big) } == "command exit 5: exit status 5")
        }

        @Test func theCommandInheritsNoneOfOurDescriptors() throws {
            let dir = try TemporaryDirectory()
            let listing = dir.path("fds")
            // Opened without O_CLOEXEC, as a careless library might.
            let fd = open(dir.path("held"), O_WRONLY | O_CREAT, 0o600)
            #expect(fd > 2)
            defer { close(fd) }
            try CommandSink(command: "ls /proc/self/fd > '\(listing)'").deliver(sampleAlert())
            let fds = try String(contentsOfFile: listing, encoding: .utf8).split(separator: "\n")
                .compactMap { Int32($0) }
            #expect(fds.contains(0) && fds.contains(1) && fds.contains(2))
            #expect(!fds.contains(fd))
            #expect(fds.count <= 4)  // 0, 1, 2 and the directory ls is reading
        }
    }
}

/// An HTTP server on 127.0.0.1 for one test: answers each connection with the next canned response (or never).
private final class TinyHTTPServer: @unchecked Sendable {
    struct Request {
        var head: String
        var body: Data
        func header(_ name: String) -> String? {
            head.components(separatedBy: "\r\n").dropFirst()
                .first { $0.lowercased().hasPrefix(name.lowercased() + ":") }
                .map { String($0.dropFirst(name.count + 1)).trimmingCharacters(in: .whitespaces) }
        }
    }

    let port: Int
    private let listener: Int32
    private let lock = NSLock()
    private var received: [Request] = []
    private let arrived = DispatchSemaphore(value: 0)

    /// nil in `responses`: read the request and say nothing until the client gives up.
    init(responses: [String?]) throws {
        (listener, port) = try loopbackSocket(listening: true)
        let thread = Thread { [self] in serve(responses) }
        thread.start()
    }

    deinit { close(listener) }

    /// The next request the server read, waiting up to five seconds for it.
    func request() -> Request? {
        guard arrived.wait(timeout: .now() + 5) == .success else { return nil }
        return lock.withLock { received.removeFirst() }
    }

    private func serve(_ responses: [String?]) {
        for response in responses {
            let client = accept(listener, nil, nil)
            guard client >= 0 else { return }
            let request = read(client)
            lock.withLock { received.append(request) }
            arrived.signal()
            if let response {
                let bytes = Array(response.utf8)
                _ = send(client, bytes, bytes.count, Int32(MSG_NOSIGNAL))
            } else {
                var byte: UInt8 = 0
                _ = recv(client, &byte, 1, 0)  // until the client hangs up
            }
            close(client)
        }
    }

    private func read(_ client: Int32) -> Request {
        var data = Data()
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            if let end = data.range(of: Data("\r\n\r\n".utf8)) {
                let head = String(decoding: data[..<end.lowerBound], as: UTF8.self)
                let request = Request(head: head, body: Data())
                let length = Int(request.header("Content-Length") ?? "0") ?? 0
                if data.count - end.upperBound >= length {
                    return Request(head: head, body: Data(data[end.upperBound..<(end.upperBound + length)]))
                }
            }
            let n = recv(client, &chunk, chunk.count, 0)
            if n <= 0 { return Request(head: String(decoding: data, as: UTF8.self), body: Data()) }
            data.append(contentsOf: chunk[..<n])
        }
    }
}

private let okResponse = "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n"

/// A TCP socket on 127.0.0.1 with a port of the kernel's choosing.
private func loopbackSocket(listening: Bool) throws -> (Int32, Int) {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue), 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let ready = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
            bind(fd, pointer, length) == 0 && (!listening || listen(fd, 8) == 0)
                && getsockname(fd, pointer, &length) == 0
        }
    }
    guard fd >= 0, ready else { throw ShellError.failed("cannot bind: \(String(cString: strerror(errno)))") }
    return (fd, Int(UInt16(bigEndian: address.sin_port)))
}

/// A port nothing listens on (bound, never listening, then closed).
private func closedPort() throws -> Int {
    let (fd, port) = try loopbackSocket(listening: false)
    close(fd)
    return port
}

extension AlertSinkTests {
    @Suite struct Webhook {
        @Test func postsTheJSONWithItsHeaders() throws {
            let server = try TinyHTTPServer(responses: [okResponse])
            let url = "http://hark:s3cret@127.0.0.1:\(server.port)/hook?team=billing"
            let sink = try WebhookSink(url: url)
            #expect(sink.name == "webhook:http://127.0.0.1:\(server.port)/hook?team=billing")
            let alert = sampleAlert()
            try sink.deliver(alert)

            let request = try #require(server.request())
            #expect(request.head.hasPrefix("POST /hook?team=billing HTTP/1.1\r\n"))
            #expect(request.header("Host") == "127.0.0.1:\(server.port)")
            #expect(request.header("Content-Type") == "application/json")
            #expect(request.header("Content-Length") == String(alert.jsonLine.count))
            #expect(request.header("Connection") == "close")
            #expect(request.header("Authorization") == "Basic " + Data("hark:s3cret".utf8).base64EncodedString())
            #expect(request.body == alert.jsonLine)
            #expect(try JSONDecoder().decode(Alert.self, from: request.body) == alert)
        }

        @Test func aServerErrorThrowsItsStatusWithoutThePassword() throws {
            let server = try TinyHTTPServer(responses: [
                "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 5\r\n\r\noops\n",
            ])
            let sink = try WebhookSink(url: "http://hark:s3cret@127.0.0.1:\(server.port)/hook")
            let reason = failure { try sink.deliver(sampleAlert()) }
            #expect(reason == "webhook http://127.0.0.1:\(server.port)/hook: HTTP 500")
            #expect(server.request()?.header("Authorization") != nil)
        }

        @Test func anInterimAnswerIsSkipped() throws {
            let server = try TinyHTTPServer(responses: ["HTTP/1.1 100 Continue\r\n\r\n" + okResponse,
                                                        "HTTP/1.1 302 Found\r\nLocation: /elsewhere\r\n\r\n"])
            let sink = try WebhookSink(url: "http://127.0.0.1:\(server.port)/")
            try sink.deliver(sampleAlert())
            #expect(failure { try sink.deliver(sampleAlert()) } == "webhook http://127.0.0.1:\(server.port)/: HTTP 302")
        }

        @Test func aClosedPortFailsAtOnce() throws {
            let port = try closedPort()
            let sink = try WebhookSink(url: "http://127.0.0.1:\(port)/hook", timeout: 10)
            var reason: String?
            let elapsed = seconds { reason = failure { try sink.deliver(sampleAlert()) } }
            #expect(reason == "webhook http://127.0.0.1:\(port)/hook: connection refused")
            #expect(elapsed < 2)
        }

        @Test func aServerThatNeverAnswersTimesOut() throws {
            let server = try TinyHTTPServer(responses: [nil])
            let sink = try WebhookSink(url: "http://127.0.0.1:\(server.port)/hook", timeout: 0.5)
            var reason: String?
            let elapsed = seconds { reason = failure { try sink.deliver(sampleAlert()) } }
            #expect(reason == "webhook http://127.0.0.1:\(server.port)/hook: timed out after 0.5 s")
            #expect(elapsed >= 0.4 && elapsed < 3)
            #expect(server.request()?.body == sampleAlert().jsonLine)
        }

        @Test func unusableURLsAreRefusedWithoutThePassword() {
            #expect(failure { _ = try WebhookSink(url: "ftp://u:pw@host/x") }
                        == "webhook ftp://host/x: not an http or https URL")
            #expect(failure { _ = try WebhookSink(url: "http:///hook") } == "webhook http:///hook: no host")
            #expect(failure { _ = try WebhookSink(url: "hook") } == "webhook hook: not a URL")
            #expect(failure { _ = try WebhookSink(url: "http://host:70000/") }
                        == "webhook http://host:70000/: port 70000 out of range")
            #expect(failure { _ = try WebhookSink(url: "https://u:pw@host/x") } == nil)
            // A password with a "/" does not parse as a URL; it must not be shown either.
            let odd = failure { _ = try WebhookSink(url: "http://hark:pa/ss@host/hook") }
            #expect(odd?.hasPrefix("webhook http://host/hook: ") == true)
        }

        @Test func httpsThroughURLSessionKeepsTheTimeoutAndHidesThePassword() throws {
            // A server that never speaks TLS: the handshake waits for an answer that never comes.
            let server = try TinyHTTPServer(responses: [nil])
            let sink = try WebhookSink(url: "https://u:pw@127.0.0.1:\(server.port)/hook", timeout: 1)
            var reason: String?
            let elapsed = seconds { reason = failure { try sink.deliver(sampleAlert()) } }
            #expect(reason == "webhook https://127.0.0.1:\(server.port)/hook: timed out after 1 s")
            #expect(elapsed < 4)

            let port = try closedPort()
            let refused = failure(of: try WebhookSink(url: "https://127.0.0.1:\(port)/hook"))
            #expect(refused?.hasPrefix("webhook https://127.0.0.1:\(port)/hook: ") == true)
            #expect(refused?.contains("onnect") == true)
        }

        @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl")))
        func anUntrustedCertificateIsRefused() throws {
            let dir = try TemporaryDirectory()
            let key = dir.path("key.pem"), certificate = dir.path("cert.pem")
            let made = try Shell.run("openssl", [
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", key, "-out", certificate, "-days", "1",
                "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
            ])
            try #require(made.status == 0, "\(made.stderr)")
            let port = try closedPort()
            let pid = try Shell.spawn("openssl", ["s_server", "-accept", "127.0.0.1:\(port)", "-cert", certificate,
                                                  "-key", key, "-www", "-quiet"])
            defer {
                kill(pid, SIGKILL)
                var status: Int32 = 0
                waitpid(pid, &status, 0)
            }
            try #require(waitUntilListening(port))
            let reason = failure(of: try WebhookSink(url: "https://127.0.0.1:\(port)/hook", timeout: 5))
            #expect(reason?.hasPrefix("webhook https://127.0.0.1:\(port)/hook: ") == true)
            #expect(reason?.contains("certificate") == true)
        }
    }
}
