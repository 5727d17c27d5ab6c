import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// POST over https through URLSession (libcurl and the system's CA certificates on Linux), made blocking.
/// Redirects are not followed, as with plain http: a 3xx is an answer, not a delivery.
enum HTTPSPost {
    static func post(_ target: HTTPTarget, body: Data, timeout: Double) throws(SinkFailure) -> Int {
        var request = URLRequest(url: target.plainURL, cachePolicy: .reloadIgnoringLocalCacheData,
                                 timeoutInterval: timeout)
        request.httpMethod = "POST"
        for (field, value) in target.headers(contentLength: body.count) where field != "Content-Length" {
            request.setValue(value, forHTTPHeaderField: field)
        }
        request.httpBody = body
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        configuration.urlCache = nil
        configuration.httpShouldSetCookies = false
        let session = URLSession(configuration: configuration, delegate: NoRedirects(), delegateQueue: nil)
        defer { session.finishTasksAndInvalidate() }
        let answer = Answer()
        let task = session.dataTask(with: request) { _, response, error in
            answer.finish(status: (response as? HTTPURLResponse)?.statusCode, error: error)
        }
        task.resume()
        // URLSession keeps its own timeout; this one is only against it never calling back.
        guard answer.done.wait(timeout: .now() + timeout + 2) == .success else {
            task.cancel()
            throw SinkFailure("timed out after \(Deadline(seconds: timeout).text)")
        }
        let (status, error) = answer.result
        if let status { return status }
        throw reason(error, timeout: timeout)
    }

    private static func reason(_ error: (any Error)?, timeout: Double) -> SinkFailure {
        guard let error = error as? URLError else {
            return SinkFailure(error.map { "\($0)" } ?? "no response")
        }
        if error.code == .timedOut { return SinkFailure("timed out after \(Deadline(seconds: timeout).text)") }
        // On Linux the description is libcurl's own message ("SSL certificate problem: self-signed certificate",
        // "Failed to connect to … Couldn't connect to server"), which says more than the error's code.
        let text = error.localizedDescription.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        return SinkFailure(text.isEmpty ? "URL error \(error.code.rawValue)" : text)
    }

    /// What the completion handler hands back across threads.
    private final class Answer: @unchecked Sendable {
        let done = DispatchSemaphore(value: 0)
        private let lock = NSLock()
        private var status: Int?
        private var error: (any Error)?

        func finish(status: Int?, error: (any Error)?) {
            lock.withLock {
                self.status = status
                self.error = error
            }
            done.signal()
        }

        var result: (Int?, (any Error)?) { lock.withLock { (status, error) } }
    }

    private final class NoRedirects: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
        func urlSession(_ session: URLSession, task: URLSessionTask,
                        willPerformHTTPRedirection response: HTTPURLResponse,
                        newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void) {
            completionHandler(nil)
        }
    }
}
