import Foundation

/// Where and how a webhook POST goes, worked out once from the URL.
struct HTTPTarget: Sendable {
    var secure: Bool
    /// For getaddrinfo: no brackets around an IPv6 address.
    var host: String
    var port: Int
    /// The request line's path and query.
    var requestTarget: String
    var hostHeader: String
    /// "Basic …" when the URL carried user:password@.
    var authorization: String?
    /// The URL as URLSession gets it: no credentials, no fragment.
    var plainURL: URL

    init(_ components: URLComponents, scheme: String, host: String) throws(SinkFailure) {
        secure = scheme == "https"
        let defaultPort = secure ? 443 : 80
        port = components.port ?? defaultPort
        guard (1...65535).contains(port) else { throw SinkFailure("port \(port) out of range") }
        self.host = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        let path = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
        requestTarget = path + (components.percentEncodedQuery.map { "?\($0)" } ?? "")
        let bracketed = self.host.contains(":") ? "[\(self.host)]" : self.host
        hostHeader = port == defaultPort ? bracketed : "\(bracketed):\(port)"
        if let user = components.user {
            authorization = "Basic " + Data("\(user):\(components.password ?? "")".utf8).base64EncodedString()
        }
        var plain = components
        plain.user = nil
        plain.password = nil
        plain.fragment = nil
        guard let url = plain.url else { throw SinkFailure("not a URL") }
        plainURL = url
    }

    /// Headers besides Host, in the order sent.
    func headers(contentLength: Int) -> [(String, String)] {
        var headers = [("User-Agent", "hark"), ("Content-Type", "application/json"),
                       ("Content-Length", String(contentLength))]
        if let authorization { headers.append(("Authorization", authorization)) }
        return headers
    }
}
